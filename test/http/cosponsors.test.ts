/**
 * Co-sponsors on the public side: organizations sign on without an account (verified by mail,
 * reviewed by the sponsor), the list on the action page (order, links, budget), hostile input.
 */
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.ts";
import { Browser, signIn } from "../support/browser-session.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  insertActionRows,
  latestMail,
  type TestOrganization,
} from "../support/fixtures.ts";

let t: TestApp;
let owner: Browser;
let org: TestOrganization;
let action: { id: number; slug: string };

beforeEach(async () => {
  t = await createTestApp();
  const account = await createAccount(t.ctx, { name: "Sara Sponsor" });
  org = await createOrganization(t.ctx, [{ account, role: "owner" }]);
  action = await createAction(t.ctx, org);
  owner = await signIn(t.app, account.email, account.password);
});
afterEach(() => t.close());

const visitor = () => new Browser(t.app);
const signOnForm = (overrides: Record<string, string> = {}) => ({
  name: "Árbol Collective",
  city: "Fresno",
  state: "CA",
  website: "https://arbol.example/",
  contact_name: "Ana Árbol",
  contact_email: "ana@arbol.example",
  ...overrides,
});

/** Signs an organization on through the form and its emailed link; returns its sign-on id. */
async function signOnAndVerify(fields: Record<string, string>): Promise<number> {
  const browser = visitor();
  const sent = await browser.post(`/en/a/${action.slug}/endorse`, fields, { csrf: null });
  expect(sent.statusCode).toBe(303);
  expect(sent.headers.location).toBe(`/en/a/${action.slug}/endorse/sent`);
  const mail = await latestMail(t.ctx, fields.contact_email!);
  expect(mail.subject).toContain("Confirm your organization's sign-on");
  // The link's GET only shows a button: a mail scanner following it verifies nothing.
  const page = await browser.get(mail.path);
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain(`<form method="post" action="${mail.path}">`);
  const before = await owner.get(`/en/admin/o/${org.slug}/actions/${action.id}/cosponsors`);
  expect(before.body).not.toContain(fields.name!.replace("&", "&amp;"));
  const verified = await browser.post(mail.path, {}, { csrf: null });
  expect(verified.statusCode).toBe(303);
  const review = await owner.get(`/en/admin/o/${org.slug}/actions/${action.id}/cosponsors`);
  const id = /\/signons\/(\d+)\/approve/.exec(review.body)?.[1];
  expect(id, "a pending sign-on to approve").toBeDefined();
  return Number(id);
}

describe("sign-on without an account", () => {
  it("appears in both languages once verified by mail and approved; a declined one never does", async () => {
    const approved = await signOnAndVerify(signOnForm());
    const pending = await t.app.inject(`/en/a/${action.slug}`);
    expect(pending.body).not.toContain("Árbol Collective");

    const base = `/en/admin/o/${org.slug}/actions/${action.id}/cosponsors`;
    const approve = await owner.post(`${base}/signons/${approved}/approve`);
    expect(approve.statusCode).toBe(303);
    const notice = await owner.get(base);
    expect(notice.body).toContain("Árbol Collective is now a co-sponsor.");

    for (const locale of ["en", "es"]) {
      const page = await t.app.inject(`/${locale}/a/${action.slug}`);
      expect(page.body).toContain('<a href="https://arbol.example/" rel="nofollow ugc">Árbol Collective</a>');
    }
    expect((await t.app.inject(`/es/a/${action.slug}`)).body).toContain("1 organización copatrocina");

    const declined = await signOnAndVerify(
      signOnForm({ name: "Declined Front", website: "", contact_email: "d@declined.example" }),
    );
    const unconfirmed = await owner.post(`${base}/signons/${declined}/decline`);
    expect(unconfirmed.statusCode).toBe(200);
    expect(unconfirmed.body).toContain("Decline Declined Front?");
    const confirmed = await owner.post(`${base}/signons/${declined}/decline`, { confirm: "yes" });
    expect(confirmed.statusCode).toBe(303);
    for (const locale of ["en", "es"]) {
      const page = await t.app.inject(`/${locale}/a/${action.slug}`);
      expect(page.body).not.toContain("Declined Front");
    }
    const events = await t.ctx.database.db
      .selectFrom("audit_log")
      .select(["event", "detail"])
      .where("organization_id", "=", org.id)
      .where("event", "like", "cosponsor.%")
      .orderBy("id")
      .execute();
    expect(events.map((e) => e.event)).toEqual([
      "cosponsor.signed_on",
      "cosponsor.approved",
      "cosponsor.signed_on",
      "cosponsor.declined",
    ]);
    expect(JSON.parse(events[1]!.detail)).toMatchObject({ organization: "Árbol Collective" });
    const audit = await owner.get(`/es/admin/o/${org.slug}/audit?kind=cosponsor`);
    expect(audit.body).toContain("Aprobó a Árbol Collective como copatrocinadora");
  });

  it("keeps the values and lists every problem at the top; refuses scripts as websites", async () => {
    const response = await visitor().post(
      `/en/a/${action.slug}/endorse`,
      signOnForm({
        name: '<script>alert("x")</script>',
        website: "javascript:alert(1)",
        contact_email: "not an address",
        city: "x".repeat(5000),
      }),
      { csrf: null },
    );
    expect(response.statusCode).toBe(422);
    expect(response.body).not.toContain("<script>alert");
    expect(response.body).toContain('value="&lt;script>alert(&quot;x&quot;)&lt;/script>"');
    expect(response.body).toContain('id="errors"');
    for (const field of ["website", "contact_email", "city"])
      expect(response.body).toContain(`href="#f-${field}"`);
    expect(response.body).toContain('value="javascript:alert(1)"');
    const stored = await t.ctx.database.db.selectFrom("action_signons").select("id").execute();
    expect(stored).toEqual([]);
  });

  it("answers hostile requests with 4xx, never 500", async () => {
    const post = (payload: string) =>
      t.app.inject({
        method: "POST",
        url: `/en/a/${action.slug}/endorse`,
        payload,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
    const statuses = [
      (await post(`name=${"a".repeat(200_000)}`)).statusCode,
      (await post("name=a&name=b&contact_email[]=x")).statusCode,
      (await post("%%%")).statusCode,
      (await t.app.inject(`/en/a/${action.slug}/endorse/verify/1-forged`)).statusCode,
      (
        await t.app.inject({
          method: "POST",
          url: `/en/a/${action.slug}/endorse/verify/99-${"A".repeat(32)}`,
        })
      ).statusCode,
      (await t.app.inject("/en/a/no-such-action/endorse")).statusCode,
    ];
    for (const status of statuses) expect(status).toBeGreaterThanOrEqual(400);
    for (const status of statuses) expect(status).toBeLessThan(500);
  });

  it("stores nothing for a filled honeypot and limits each network", async () => {
    const browser = visitor();
    const trap = await browser.post(
      `/en/a/${action.slug}/endorse`,
      { ...signOnForm(), homepage: "spam" },
      { csrf: null },
    );
    expect(trap.statusCode).toBe(303);
    expect(await t.ctx.database.db.selectFrom("action_signons").select("id").execute()).toEqual([]);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push(
        (
          await browser.post(
            `/en/a/${action.slug}/endorse`,
            signOnForm({ contact_email: `c${i}@x.example` }),
            { csrf: null },
          )
        ).statusCode,
      );
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(303));
    expect(statuses[10]).toBe(429);
  });
});

describe("the public co-sponsor list", () => {
  it("is alphabetical in the page's language", async () => {
    const listed = await insertActionRows(t.ctx.database.db, {
      cosponsors: ["Nube", "Zeta", "Ñandú", "Arco", "Árbol", "Oso"],
    });
    const names = async (locale: string) => {
      const body = (await t.app.inject(`/${locale}/a/${listed.slug}`)).body;
      const list = /<ul class="cosponsors">(.*?)<\/ul>/s.exec(body)?.[1] ?? "";
      return [...list.matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1]);
    };
    expect(await names("es")).toEqual(["Árbol", "Arco", "Nube", "Ñandú", "Oso", "Zeta"]);
    expect(await names("en")).toEqual(["Árbol", "Arco", "Ñandú", "Nube", "Oso", "Zeta"]);
  });

  it("keeps what is above the signing button within 14 KB compressed with 300 co-sponsors", async () => {
    const names = Array.from({ length: 300 }, (_, i) => `Coalición de Trabajadores Número ${i} de la Región`);
    const listed = await insertActionRows(t.ctx.database.db, { cosponsors: names });
    await t.ctx.database.db
      .updateTable("organizations")
      .set({ website: "https://example.org/una/direccion/larga" })
      .where("name", "like", "Coalición%")
      .execute();
    const page = await t.app.inject(`/es/a/${listed.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("300 organizaciones copatrocinan");
    expect(page.body.match(/rel="nofollow ugc"/g)).toHaveLength(300);
    const button = page.body.indexOf('<button type="submit">');
    expect(button).toBeGreaterThan(0);
    expect(page.body.indexOf('<ul class="cosponsors">')).toBeGreaterThan(button);
    const aboveButton = gzipSync(page.body.slice(0, button)).length;
    const whole = gzipSync(page.body).length;
    console.log(`300 co-sponsors: above the sign button ${aboveButton} B gzip, whole page ${whole} B gzip`);
    expect(aboveButton).toBeLessThanOrEqual(14 * 1024);
  });

  it("shows a co-sponsor's change at once on this node: the content version moves", async () => {
    const other = await createOrganization(t.ctx);
    await t.app.inject(`/en/a/${action.slug}`);
    await t.ctx.cosponsors.addApproved(action.id, other.id);
    expect((await t.app.inject(`/en/a/${action.slug}`)).body).toContain(other.name);
  });
});
