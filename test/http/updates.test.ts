/**
 * Updates through the real routes, over real SMTP on loopback: the sponsor posts in the admin
 * (asked first, with how many people will be mailed); the update reaches exactly the confirmed
 * signers who consented (not pending, not unconsented, not invalidated), each in their language;
 * one-click unsubscribe from the raw mail's List-Unsubscribe header stops the next update; a hard
 * bounce (550) is suppressed on the next update; the page, the updates page and the Atom feed.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { canonicalEmail } from "../../src/modules/people/people.ts";
import { confirmationToken } from "../../src/modules/signatures/signatures.ts";
import { createTestApp, type TestApp } from "../support/app.ts";
import { type Browser, signIn } from "../support/browser-session.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  type TestOrganization,
} from "../support/fixtures.ts";
import { type ReceivedMail, rawHeader, startSmtp, type TestSmtp } from "../support/smtp-server.ts";

let t: TestApp;
let smtp: TestSmtp;
let org: TestOrganization;
let action: { id: number; slug: string };
let organizer: Browser;
/** Addresses the SMTP server answers 550 (no such mailbox). */
const hardBounces = new Set<string>();

beforeEach(async () => {
  hardBounces.clear();
  smtp = await startSmtp((_attempt, address) =>
    hardBounces.has(address) ? { text: "5.1.1 No such mailbox", code: 550 } : null,
  );
  t = await createTestApp({ SMTP_URL: smtp.url });
  const account = await createAccount(t.ctx, { name: "Olga Organizer" });
  org = await createOrganization(t.ctx, [{ account, role: "organizer" }]);
  action = await createAction(t.ctx, org);
  organizer = await signIn(t.app, account.email, account.password);
});
afterEach(async () => {
  await t.close();
  await smtp.close();
});

async function settle(): Promise<void> {
  while ((await t.ctx.worker.drain()) > 0);
}

const recipient = (mail: ReceivedMail) => {
  const to = mail.parsed.to;
  return to && !Array.isArray(to) ? to.text : "";
};

/** Update mails received, by address (signature confirmations are not updates). */
async function updateMails(): Promise<Map<string, ReceivedMail[]>> {
  await settle();
  const byAddress = new Map<string, ReceivedMail[]>();
  for (const mail of smtp.mails) {
    if (!rawHeader(mail.raw, "List-Unsubscribe")?.includes("/updates/")) continue;
    byAddress.set(recipient(mail), [...(byAddress.get(recipient(mail)) ?? []), mail]);
  }
  return byAddress;
}

async function signer(
  email: string,
  locale: "en" | "es",
  consent: boolean,
  confirm: boolean,
): Promise<number> {
  await t.ctx.signatures.sign(action.slug, {
    name: `Signer ${email}`,
    email,
    emailCanonical: canonicalEmail(email),
    postalCode: "94110",
    comment: null,
    consentSponsor: consent,
    source: null,
    referrerOrganizationId: null,
    website: null,
    consentReferrer: false,
    locale,
  });
  const row = await t.ctx.database.db
    .selectFrom("signatures")
    .innerJoin("people", "people.id", "signatures.person_id")
    .select("signatures.id")
    .where("signatures.action_id", "=", action.id)
    .where("people.email_canonical", "=", canonicalEmail(email))
    .executeTakeFirstOrThrow();
  if (confirm) await t.ctx.signatures.confirm(confirmationToken(t.ctx.config.secret, row.id));
  return row.id;
}

const base = () => `/en/admin/o/${org.slug}/actions/${action.id}/updates`;

/** Posts an update through the admin: the form, the confirmation page, then the confirmed POST. */
async function postUpdate(fields: Record<string, string>, expectedCount: number): Promise<void> {
  const asked = await organizer.post(base(), fields);
  expect(asked.statusCode, asked.body.slice(0, 500)).toBe(200);
  expect(asked.body).toContain("Post this update?");
  expect(asked.body).toContain(
    `be emailed to ${expectedCount} ${expectedCount === 1 ? "signer" : "signers"}`,
  );
  const posted = await organizer.post(base(), { ...fields, confirm: "yes" });
  expect(posted.statusCode, posted.body.slice(0, 500)).toBe(303);
  expect(posted.headers.location).toBe(base());
}

const first = {
  kind: "progress",
  title_en: "The hearing is set",
  body_en: "The board meets **Tuesday** at 6 pm.",
  title_es: "Ya hay audiencia",
  body_es: "La junta se reúne el **martes** a las 6 pm.",
};

describe("an update by email", () => {
  it("reaches exactly the consenting confirmed signers in their language; one-click unsubscribe and a hard bounce stop the next", async () => {
    await signer("ana@example.org", "en", true, true);
    await signer("beto@example.org", "es", true, true);
    await signer("carla@example.org", "es", true, true);
    await signer("pending@example.org", "en", true, false);
    await signer("quiet@example.org", "en", false, true);
    const invalid = await signer("invalid@example.org", "en", true, true);
    const admin = await createAccount(t.ctx, { platformAdmin: true });
    const ownerAccess = await t.ctx.organizations.access(
      { accountId: admin.id, isPlatformAdmin: true },
      org.slug,
    );
    await t.ctx.signatureAdmin.setValid(ownerAccess, action.id, invalid, false);
    await settle();
    hardBounces.add("carla@example.org");

    await postUpdate(first, 3);
    const mails = await updateMails();
    expect([...mails.keys()].sort()).toEqual(["ana@example.org", "beto@example.org"]);
    const ana = mails.get("ana@example.org")!;
    const beto = mails.get("beto@example.org")!;
    expect(ana).toHaveLength(1);
    expect(beto).toHaveLength(1);
    expect(ana[0]!.parsed.subject).toBe("The hearing is set · Fund the day labor center");
    expect(ana[0]!.parsed.html).toContain("<strong>Tuesday</strong>");
    expect(beto[0]!.parsed.subject).toBe("Ya hay audiencia · Financien el centro de jornaleros");
    expect(beto[0]!.parsed.text).toContain("La junta se reúne el **martes**");
    expect(rawHeader(beto[0]!.raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    // Like every mail to a signer, it says where they can see or remove what Juntos holds.
    expect(ana[0]!.parsed.text).toContain("http://juntos.test/en/my-data");
    expect(beto[0]!.parsed.text).toContain("http://juntos.test/es/my-data");

    // The sponsor's numbers: three queued, two sent, one bounced.
    const list = await organizer.get(base());
    expect(list.statusCode).toBe(200);
    const row = /<tr>(?:(?!<\/tr>).)*The hearing is set(?:(?!<\/tr>).)*<\/tr>/s.exec(list.body)?.[0] ?? "";
    expect(row.match(/<td[^>]*>(\d+)<\/td>/g)?.map((cell) => cell.replace(/<[^>]+>/g, ""))).toEqual([
      "3",
      "2",
      "1",
      "0",
    ]);

    // Beto unsubscribes as a mail client does (RFC 8058), from the raw header.
    const header = rawHeader(beto[0]!.raw, "List-Unsubscribe") ?? "";
    const url = new URL(/^<(https?:\/\/[^>]+)>$/.exec(header)?.[1] ?? "http://missing/");
    expect(url.pathname).toMatch(/^\/es\/updates\/\d+\/unsubscribe\/\d+-[\w-]{32}$/);
    const page = await t.app.inject({ method: "GET", url: url.pathname });
    expect(page.statusCode).toBe(200);
    expect(page.headers["cache-control"]).toBe("no-store");
    expect(page.body).toContain("<button");
    const oneClick = await t.app.inject({
      method: "POST",
      url: url.pathname,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.statusCode, oneClick.body.slice(0, 300)).toBe(200);
    expect(oneClick.body).toContain("Se dio de baja");
    // Whatever the body's type, the POST is taken (and doing it again changes nothing).
    const again = await t.app.inject({
      method: "POST",
      url: url.pathname,
      headers: { "content-type": "application/octet-stream" },
      payload: Buffer.from([1, 2, 3]),
    });
    expect(again.statusCode).toBe(200);
    const multipart = await t.app.inject({
      method: "POST",
      url: url.pathname,
      headers: { "content-type": "multipart/form-data; boundary=x" },
      payload: '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--x--\r\n',
    });
    expect(multipart.statusCode).toBe(200);
    const forged = await t.app.inject({ method: "POST", url: `${url.pathname.slice(0, -3)}abc` });
    expect(forged.statusCode).toBe(404);

    // The next update: Ana only (Beto unsubscribed, Carla's address bounced for good).
    smtp.mails.length = 0;
    hardBounces.clear();
    await postUpdate({ ...first, kind: "victory", title_en: "We won", title_es: "Ganamos" }, 1);
    const next = await updateMails();
    expect([...next.keys()]).toEqual(["ana@example.org"]);
    expect(next.get("ana@example.org")![0]!.parsed.subject).toBe("We won · Fund the day labor center");

    const numbers = await organizer.get(base());
    const firstRow =
      /<tr>(?:(?!<\/tr>).)*The hearing is set(?:(?!<\/tr>).)*<\/tr>/s.exec(numbers.body)?.[0] ?? "";
    expect(firstRow.match(/<td[^>]*>(\d+)<\/td>/g)?.map((cell) => cell.replace(/<[^>]+>/g, ""))).toEqual([
      "3",
      "2",
      "1",
      "1",
    ]);
  });
});

describe("updates in the admin", () => {
  it("sends the form back with its problems and the values kept", async () => {
    const response = await organizer.post(base(), { ...first, title_en: "", kind: "rumor" });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain("Enter a title.");
    expect(response.body).toContain("Choose the kind of update.");
    expect(response.body).toContain("La junta se reúne");
    expect(await t.ctx.database.db.selectFrom("action_updates").selectAll().execute()).toEqual([]);
  });

  it("edits and deletes (asked first), with notices", async () => {
    await postUpdate(first, 0);
    const [update] = await t.ctx.database.db.selectFrom("action_updates").select("id").execute();
    const edit = await organizer.get(`${base()}/${update!.id}`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain("The hearing is set");
    const saved = await organizer.post(`${base()}/${update!.id}`, { ...first, title_en: "Hearing moved" });
    expect(saved.statusCode).toBe(303);
    expect((await organizer.get(base())).body).toContain("Update saved.");
    expect((await t.app.inject({ url: `/en/a/${action.slug}` })).body).toContain("Hearing moved");
    const asked = await organizer.post(`${base()}/${update!.id}/delete`);
    expect(asked.body).toContain("Delete this update?");
    expect(await t.ctx.database.db.selectFrom("action_updates").selectAll().execute()).toHaveLength(1);
    const deleted = await organizer.post(`${base()}/${update!.id}/delete`, { confirm: "yes" });
    expect(deleted.statusCode).toBe(303);
    expect((await organizer.get(base())).body).toContain("Update “Hearing moved” deleted.");
    expect((await t.app.inject({ url: `/en/a/${action.slug}` })).body).not.toContain("Hearing moved");
    expect((await organizer.get(`${base()}/${update!.id}`)).statusCode).toBe(404);
  });

  it("refuses a draft action", async () => {
    const draft = await createAction(t.ctx, org, { status: "draft" });
    const response = await organizer.get(`/en/admin/o/${org.slug}/actions/${draft.id}/updates/new`);
    expect(response.statusCode).toBe(409);
  });
});

describe("updates in public", () => {
  it("shows the newest few under the description, links all of them and the feed", async () => {
    for (const n of [1, 2, 3, 4]) await postUpdate({ ...first, title_en: `Update ${n}`, title_es: "" }, 0);
    const page = await t.app.inject({ url: `/es/a/${action.slug}` });
    expect(page.statusCode).toBe(200);
    const body = page.body;
    expect(body.indexOf('id="about"')).toBeLessThan(body.indexOf('id="updates"'));
    expect(body).toContain("Update 4");
    expect(body).not.toContain("Update 1<");
    expect(body).toContain("La junta se reúne el <strong>martes</strong>");
    expect(body).toContain(`href="/es/a/${action.slug}/updates"`);
    expect(body).toContain(
      `<link rel="alternate" type="application/atom+xml" title="Novedades (canal Atom)" href="/es/a/${action.slug}/updates.atom"/>`,
    );

    const all = await t.app.inject({ url: `/es/a/${action.slug}/updates` });
    expect(all.statusCode).toBe(200);
    expect(all.body.indexOf("Update 4")).toBeLessThan(all.body.indexOf("Update 1"));

    const feed = await t.app.inject({ url: `/en/a/${action.slug}/updates.atom` });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers["content-type"]).toBe("application/atom+xml; charset=utf-8");
    expect(feed.body.match(/<entry>/g)).toHaveLength(4);
    expect(feed.body).toContain("<title>Update 4</title>");
    expect(feed.body).toContain("&lt;strong&gt;Tuesday&lt;/strong&gt;");
    expect(feed.body).toContain(`<author><name>${org.name}</name></author>`);
    expect(feed.body).not.toContain("@");

    expect((await t.app.inject({ url: "/en/a/no-such-action/updates.atom" })).statusCode).toBe(404);
  });
});
