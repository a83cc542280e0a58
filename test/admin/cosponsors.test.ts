/** The sponsor's and the co-sponsor's admin pages: ask, invite, decide, withdraw, remove, paste or upload a list. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.ts";
import { type Browser, redirectOf, signIn } from "../support/browser-session.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  sign,
  type TestOrganization,
} from "../support/fixtures.ts";

let t: TestApp;
let sponsor: Browser;
let partner: Browser;
let partnerViewer: Browser;
let sponsorOrg: TestOrganization;
let partnerOrg: TestOrganization;
let action: { id: number; slug: string };

beforeEach(async () => {
  t = await createTestApp();
  const sara = await createAccount(t.ctx, { name: "Sara Sponsor" });
  const pablo = await createAccount(t.ctx, { name: "Pablo Partner" });
  const vic = await createAccount(t.ctx, { name: "Vic Viewer" });
  sponsorOrg = await createOrganization(t.ctx, [{ account: sara, role: "owner" }]);
  partnerOrg = await createOrganization(t.ctx, [
    { account: pablo, role: "organizer" },
    { account: vic, role: "viewer" },
  ]);
  action = await createAction(t.ctx, sponsorOrg);
  sponsor = await signIn(t.app, sara.email, sara.password);
  partner = await signIn(t.app, pablo.email, pablo.password);
  partnerViewer = await signIn(t.app, vic.email, vic.password);
});
afterEach(() => t.close());

const publicPage = async () => (await t.app.inject(`/en/a/${action.slug}`)).body;
const sponsorBase = () => `/en/admin/o/${sponsorOrg.slug}/actions/${action.id}/cosponsors`;
const partnerBase = () => `/en/admin/o/${partnerOrg.slug}/cosponsoring`;

describe("asking to co-sponsor", () => {
  it("is decided by the sponsor; the co-sponsor can withdraw after a confirmation", async () => {
    const ask = await partner.post(`${partnerBase()}/ask`, {
      address: `http://juntos.test/es/a/${action.slug}?x=1`,
    });
    expect(redirectOf(ask)).toBe(partnerBase());
    expect((await partner.get(partnerBase())).body).toContain("Its sponsor decides.");
    expect(await publicPage()).not.toContain(partnerOrg.name);
    const again = await partner.post(`${partnerBase()}/ask`, { address: action.slug });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain("already co-sponsors this action or asked to");
    // The one who asked does not decide.
    expect((await partner.post(`${partnerBase()}/${action.id}/accept`)).statusCode).toBe(409);

    expect((await sponsor.get(sponsorBase())).body).toContain("Asked to join, waiting for you");
    const approve = await sponsor.post(`${sponsorBase()}/${partnerOrg.id}/approve`);
    expect(redirectOf(approve)).toBe(sponsorBase());
    expect(await publicPage()).toContain(partnerOrg.name);

    const question = await partner.post(`${partnerBase()}/${action.id}/withdraw`);
    expect(question.statusCode).toBe(200);
    expect(question.body).toContain("Withdraw from");
    expect(await publicPage()).toContain(partnerOrg.name);
    const withdrawn = await partner.post(`${partnerBase()}/${action.id}/withdraw`, { confirm: "yes" });
    expect(redirectOf(withdrawn)).toBe(partnerBase());
    expect((await partner.get(partnerBase())).body).toContain("no longer co-sponsors");
    expect(await publicPage()).not.toContain(partnerOrg.name);
  });

  it("answers an unknown address or the organization's own action with the form again", async () => {
    const unknown = await partner.post(`${partnerBase()}/ask`, {
      address: "https://x.example/en/a/nothing-here",
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('href="#f-address"');
    expect(unknown.body).toContain('value="https://x.example/en/a/nothing-here"');
    const own = await sponsor.post(`/en/admin/o/${sponsorOrg.slug}/cosponsoring/ask`, {
      address: action.slug,
    });
    expect(own.statusCode).toBe(422);
    expect((await partnerViewer.post(`${partnerBase()}/ask`, { address: action.slug })).statusCode).toBe(403);
  });
});

describe("inviting an organization", () => {
  it("finds it by name; its members accept; the sponsor removes it after a confirmation", async () => {
    const search = await sponsor.get(
      `${sponsorBase()}?q=${encodeURIComponent(partnerOrg.name.slice(4, 12))}`,
    );
    expect(search.body).toContain(`name="organization" value="${partnerOrg.slug}"`);
    const invite = await sponsor.post(`${sponsorBase()}/invite`, { organization: partnerOrg.slug });
    expect(redirectOf(invite)).toBe(sponsorBase());
    expect((await sponsor.get(sponsorBase())).body).toContain(`${partnerOrg.name} is invited to co-sponsor.`);
    expect((await partner.get(partnerBase())).body).toContain("Invited, waiting for you");
    // The sponsor cannot accept for the invited organization.
    expect((await sponsor.post(`${sponsorBase()}/${partnerOrg.id}/approve`)).statusCode).toBe(409);
    expect(redirectOf(await partner.post(`${partnerBase()}/${action.id}/accept`))).toBe(partnerBase());
    expect(await publicPage()).toContain(partnerOrg.name);

    expect((await sponsor.post(`${sponsorBase()}/${partnerOrg.id}/remove`)).statusCode).toBe(200);
    expect(
      redirectOf(await sponsor.post(`${sponsorBase()}/${partnerOrg.id}/remove`, { confirm: "yes" })),
    ).toBe(sponsorBase());
    expect(await publicPage()).not.toContain(partnerOrg.name);
    const events = await t.ctx.database.db
      .selectFrom("audit_log")
      .select("event")
      .where("organization_id", "=", partnerOrg.id)
      .orderBy("id")
      .execute();
    expect(events.map((e) => e.event)).toEqual([
      "cosponsor.invited",
      "cosponsor.approved",
      "cosponsor.removed",
    ]);
  });

  it("gives co-sponsor members no way into the sponsor's action or its signers", async () => {
    await sign(t.ctx, action.slug, [{ name: "Rosa Parks", email: "rosa@example.org" }], true);
    await sponsor.post(`${sponsorBase()}/invite`, { organization: partnerOrg.slug });
    await partner.post(`${partnerBase()}/${action.id}/accept`);
    const admin = `/en/admin/o/${sponsorOrg.slug}/actions/${action.id}`;
    for (const path of [
      admin,
      `${admin}/edit`,
      `${admin}/signatures`,
      `${admin}/signatures.csv`,
      sponsorBase(),
    ]) {
      expect((await sponsor.get(path)).statusCode, path).toBe(200);
      expect((await partner.get(path)).statusCode, path).toBe(404);
    }
    expect((await partner.post(`${admin}/edit`, { title_en: "Taken over" })).statusCode).toBe(404);
    expect((await partner.get(partnerBase())).body).not.toContain("rosa@example.org");
  });
});

describe("pasting a list", () => {
  it("previews the count, then adds them approved at once", async () => {
    const list =
      'name,city,state,website\nÁrbol Collective,Fresno,CA,https://arbol.example\n"Nube, Inc.",,,\n';
    const preview = await sponsor.post(`${sponsorBase()}/list`, { organizations: list, step: "preview" });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain("2 organizations will be added:");
    expect(await publicPage()).not.toContain("Árbol Collective");
    const added = await sponsor.post(`${sponsorBase()}/list`, { organizations: list, step: "add" });
    expect(redirectOf(added)).toBe(sponsorBase());
    expect((await sponsor.get(sponsorBase())).body).toContain(
      "2 organizations were added to the co-sponsors.",
    );
    const page = await publicPage();
    expect(page).toContain('<a href="https://arbol.example/" rel="nofollow ugc">Árbol Collective</a>');
    expect(page).toContain("Nube, Inc.");
  });

  it("names the line it cannot add and adds nothing", async () => {
    const bad = await sponsor.post(`${sponsorBase()}/list`, {
      organizations: "name,website\nGood Org,https://good.example\nBad Org,javascript:alert(1)",
      step: "add",
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain("Line 3 cannot be added");
    expect(await publicPage()).not.toContain("Good Org");
  });
});

describe("uploading a list file", () => {
  const upload = (bytes: Buffer, filename = "list.csv", type = "text/csv") =>
    sponsor.upload(`${sponsorBase()}/list/file`, { field: "file", filename, type, bytes });

  it("previews a UTF-8 CSV with a byte-order mark, then adds it through the pasted list's step", async () => {
    const csv =
      'name,city,state,website\r\nÁrbol Collective,Fresno,CA,https://arbol.example\r\n"Nube, Inc.",,,\r\n';
    const preview = await upload(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]));
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain("2 organizations will be added:");
    expect(preview.body).toContain("<li>Nube, Inc.</li>");
    expect(preview.body).toContain("Árbol Collective,Fresno,CA,https://arbol.example");
    expect(await publicPage()).not.toContain("Árbol Collective");
    const text = /<textarea[^>]*name="organizations"[^>]*>([^<]*)<\/textarea>/.exec(preview.body)?.[1];
    expect(text).toBeDefined();
    const added = await sponsor.post(`${sponsorBase()}/list`, {
      organizations: text!.replace(/&quot;/g, '"').replace(/&amp;/g, "&"),
      step: "add",
    });
    expect(redirectOf(added)).toBe(sponsorBase());
    const page = await publicPage();
    expect(page).toContain("Árbol Collective");
    expect(page).toContain("Nube, Inc.");
  });

  it("reads a plain list of names, one per line", async () => {
    const preview = await upload(
      Buffer.from("Alpha Union\nBeta Front\n\nAlpha Union\n"),
      "names.txt",
      "text/plain",
    );
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain("2 organizations will be added:");
  });

  it("sends a bad file back to the form with the problem at the top, never a 500", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]);
    const cases: [Buffer, number, string][] = [
      [png, 422, "The file is not UTF-8 text."],
      [Buffer.from("Árbol Collective\n", "latin1"), 422, "The file is not UTF-8 text."],
      [Buffer.alloc(0), 422, "The file is empty."],
      [Buffer.from("city,state\nFresno,CA\n"), 422, "Line 1 names columns, but none is called"],
      [
        Buffer.from("name,website\nOk,https://ok.example\nBad,javascript:alert(1)\n"),
        422,
        "Line 3 cannot be added",
      ],
      [Buffer.alloc(300 * 1024, "a"), 413, "The file is larger than 256 KB."],
    ];
    for (const [bytes, status, message] of cases) {
      const response = await upload(bytes);
      expect(response.statusCode, message).toBe(status);
      expect(response.body, message).toContain('href="#f-file"');
      expect(response.body, message).toContain(message);
      expect(response.body, message).toContain('aria-invalid="true"');
    }
    expect(await publicPage()).not.toContain("Ok");
  });

  it("answers a form without a file, or a broken upload, with a 4xx", async () => {
    const none = await sponsor.post(`${sponsorBase()}/list/file`, {});
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain("Choose a .csv or .txt file to upload.");
    const csrf = await sponsor.csrfToken();
    const truncated = await t.app.inject({
      method: "POST",
      url: `${sponsorBase()}/list/file`,
      payload: `--b\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nname\nA`,
      headers: {
        "content-type": "multipart/form-data; boundary=b",
        cookie: `juntos_session=${sponsor.cookie("juntos_session")}; _csrf=${sponsor.cookie("_csrf")}`,
      },
    });
    expect(truncated.statusCode).toBeGreaterThanOrEqual(400);
    expect(truncated.statusCode).toBeLessThan(500);
    // A member of another organization learns nothing: the sponsor's action is not found.
    const outsider = await partner.upload(`${sponsorBase()}/list/file`, {
      field: "file",
      filename: "a.csv",
      type: "text/csv",
      bytes: Buffer.from("Alpha"),
    });
    expect(outsider.statusCode).toBe(404);
  });
});
