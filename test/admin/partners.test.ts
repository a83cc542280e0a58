/**
 * Partners: a co-sponsor's page of an action (referral links, its own short links, its numbers),
 * its consenting signers and their export, and the sponsor's leaderboard.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.ts";
import { type Browser, signIn } from "../support/browser-session.ts";
import {
  attributeToPartner,
  createAccount,
  createAction,
  createOrganization,
  insertBulkSignatures,
  sign,
  type TestAccount,
  type TestOrganization,
} from "../support/fixtures.ts";

let t: TestApp;
let sponsor: TestOrganization;
let partner: TestOrganization;
let rival: TestOrganization;
let action: { id: number; slug: string };
let sponsorBrowser: Browser;
let partnerOrganizer: TestAccount;
let partnerBrowser: Browser;
let partnerViewer: Browser;
let rivalBrowser: Browser;
let page: string;

beforeEach(async () => {
  t = await createTestApp();
  const sponsorOrganizer = await createAccount(t.ctx, { name: "Sofia Sponsor" });
  partnerOrganizer = await createAccount(t.ctx, { name: "Pablo Partner" });
  const viewer = await createAccount(t.ctx, { name: "Vera Viewer" });
  const rivalOwner = await createAccount(t.ctx, { name: "Rita Rival" });
  sponsor = await createOrganization(t.ctx, [{ account: sponsorOrganizer, role: "organizer" }]);
  partner = await createOrganization(t.ctx, [
    { account: partnerOrganizer, role: "organizer" },
    { account: viewer, role: "viewer" },
  ]);
  rival = await createOrganization(t.ctx, [{ account: rivalOwner, role: "owner" }]);
  action = await createAction(t.ctx, sponsor);
  await t.ctx.cosponsors.addApproved(action.id, partner.id);
  await t.ctx.cosponsors.addApproved(action.id, rival.id);
  sponsorBrowser = await signIn(t.app, sponsorOrganizer.email, sponsorOrganizer.password);
  partnerBrowser = await signIn(t.app, partnerOrganizer.email, partnerOrganizer.password);
  partnerViewer = await signIn(t.app, viewer.email, viewer.password);
  rivalBrowser = await signIn(t.app, rivalOwner.email, rivalOwner.password);
  page = `/en/admin/o/${partner.slug}/cosponsoring/${action.id}`;
});
afterEach(async () => {
  await t.close();
});

/**
 * Signers of every kind: two through the partner who consented (one confirmed), one through the
 * partner who did not, one through the rival who consented, one who came with no partner.
 */
async function signEveryKind() {
  const [consentedConfirmed] = await sign(
    t.ctx,
    action.slug,
    [
      {
        name: "Carmen Consents",
        email: "carmen@example.org",
        postalCode: "10001",
        partnerId: partner.id,
        consentPartner: true,
        website: "partner.example",
      },
    ],
    true,
  );
  const [consentedPending] = await sign(
    t.ctx,
    action.slug,
    [
      {
        name: "Pedro Pending",
        email: "pedro@example.org",
        partnerId: partner.id,
        consentPartner: true,
        website: "partner.example",
      },
    ],
    false,
  );
  await sign(
    t.ctx,
    action.slug,
    [{ name: "Nora Nope", email: "nora@example.org", partnerId: partner.id }],
    true,
  );
  await sign(
    t.ctx,
    action.slug,
    [{ name: "Rosa Rival", email: "rosa@example.org", partnerId: rival.id, consentPartner: true }],
    true,
  );
  const [direct] = await sign(
    t.ctx,
    action.slug,
    [{ name: "Diego Direct", email: "diego@example.org", consent: true }],
    true,
  );
  return { consentedConfirmed: consentedConfirmed!, consentedPending: consentedPending!, direct: direct! };
}

/** The names in the page's table, in order. */
function listedNames(body: string): string[] {
  const tbody = /<tbody>([\s\S]*?)<\/tbody>/.exec(body)?.[1] ?? "";
  return [...tbody.matchAll(/<tr><td data-label="(?:Name|Partner)">([^<]*)<\/td>/g)].map((m) => m[1]!);
}

describe("a partner's page of an action it co-sponsors", () => {
  it("shows its referral link in both languages and its own numbers", async () => {
    await signEveryKind();
    const response = await partnerBrowser.get(page);
    expect(response.statusCode).toBe(200);
    for (const locale of ["en", "es"])
      expect(response.body).toContain(
        `<a href="http://juntos.test/${locale}/a/${action.slug}?ref=${partner.slug}">`,
      );
    // Three came through its code (one refused consent), two confirmed; nothing else counts.
    expect(response.body).toContain("<li>0 clicks on your short links</li>");
    expect(response.body).toContain("3 signatures through your links, 2 of them confirmed");
    expect(response.body).toContain("Conversion: —");
    expect(response.body).toContain(`/en/admin/o/${partner.slug}/cosponsoring/${action.id}/signers`);
    expect(response.body).toContain("You have no short link for this action yet.");

    const spanish = await partnerBrowser.get(`/es/admin/o/${partner.slug}/cosponsoring/${action.id}`);
    expect(spanish.body).toContain("3 firmas por sus enlaces, 2 confirmadas");
  });

  it("lets its organizers make short links that carry its code, count their clicks, and delete them", async () => {
    const created = await partnerBrowser.post(`${page}/links`, { slug: "Partner-Push", source: "mailing" });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe(page);
    const listed = await partnerBrowser.get(page);
    expect(listed.body).toContain('role="status">Short link http://juntos.test/partner-push created.');
    expect(listed.body).toContain(">http://juntos.test/partner-push</a>");

    const visit = await t.app.inject({
      url: "/partner-push",
      headers: { "accept-language": "es", "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0" },
    });
    expect(visit.statusCode).toBe(302);
    expect(visit.headers.location).toBe(`/es/a/${action.slug}?source=mailing&ref=${partner.slug}`);
    await t.ctx.shortlinks.flushClicks();
    expect((await partnerBrowser.get(page)).body).toContain("<li>1 click on your short links</li>");

    // The sponsor's own short links page does not list it.
    const sponsorLinks = await sponsorBrowser.get(`/en/admin/o/${sponsor.slug}/actions/${action.id}/links`);
    expect(sponsorLinks.body).not.toContain("partner-push");
    expect(sponsorLinks.body).toContain("This action has no short link yet.");

    const { id: linkId } = await t.ctx.database.db
      .selectFrom("shortlinks")
      .select(["id", "organization_id"])
      .where("slug", "=", "partner-push")
      .executeTakeFirstOrThrow();
    const svg = await partnerBrowser.get(`${page}/links/${linkId}/qr.svg`);
    expect(svg.statusCode).toBe(200);
    expect(svg.headers["content-type"]).toBe("image/svg+xml");
    expect(svg.headers["content-disposition"]).toBe('attachment; filename="partner-push-qr.svg"');
    expect((await partnerBrowser.get(`${page}/links/${linkId}/qr.png`)).headers["content-type"]).toBe(
      "image/png",
    );
    // Neither the sponsor's routes nor another partner's reach it.
    expect(
      (await sponsorBrowser.get(`/en/admin/o/${sponsor.slug}/actions/${action.id}/links/${linkId}/qr.svg`))
        .statusCode,
    ).toBe(404);
    expect(
      (await rivalBrowser.get(`/en/admin/o/${rival.slug}/cosponsoring/${action.id}/links/${linkId}/qr.svg`))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await rivalBrowser.post(
          `/en/admin/o/${rival.slug}/cosponsoring/${action.id}/links/${linkId}/delete`,
          {
            confirm: "yes",
          },
        )
      ).statusCode,
    ).toBe(404);

    const asked = await partnerBrowser.post(`${page}/links/${linkId}/delete`, {});
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain("Delete this short link?");
    const deleted = await partnerBrowser.post(`${page}/links/${linkId}/delete`, { confirm: "yes" });
    expect(deleted.statusCode).toBe(303);
    expect((await t.app.inject("/partner-push")).statusCode).toBe(404);

    const audit = await t.ctx.database.db
      .selectFrom("audit_log")
      .select(["organization_id", "account_id", "event"])
      .where("event", "like", "shortlink.%")
      .orderBy("id")
      .execute();
    expect(audit).toEqual(
      ["shortlink.created", "shortlink.deleted"].map((event) => ({
        organization_id: partner.id,
        account_id: partnerOrganizer.id,
        event,
      })),
    );
  });

  it("applies the short link rules: reserved, offensive, and taken in any case", async () => {
    await sponsorBrowser.post(`/en/admin/o/${sponsor.slug}/actions/${action.id}/links`, {
      slug: "sponsor-link",
      source: "",
    });
    for (const [slug, problem] of [
      ["admin", "This name is used by Juntos itself."],
      ["mierda-ya", "This short link contains a word we do not allow."],
      ["SPONSOR-link", "This short link is already taken."],
    ] as const) {
      const refused = await partnerBrowser.post(`${page}/links`, { slug, source: "" });
      expect(refused.statusCode, slug).toBe(422);
      expect(refused.body).toContain(problem);
      expect(refused.body).toContain(`value="${slug}"`);
    }
    const owned = await t.ctx.database.db.selectFrom("shortlinks").select("organization_id").execute();
    expect(owned).toEqual([{ organization_id: null }]);
  });

  it("is not there for an organization whose co-sponsorship is not approved", async () => {
    const pending = await createOrganization(t.ctx, [{ account: partnerOrganizer, role: "owner" }]);
    const ownerAccess = await t.ctx.organizations.access(
      { accountId: partnerOrganizer.id, isPlatformAdmin: false },
      pending.slug,
    );
    await t.ctx.cosponsors.ask(ownerAccess, action.slug);
    const at = `/en/admin/o/${pending.slug}/cosponsoring/${action.id}`;
    for (const path of ["", "/signers", "/signers.csv"])
      expect((await partnerBrowser.get(`${at}${path}`)).statusCode, path).toBe(404);
    expect((await partnerBrowser.post(`${at}/links`, { slug: "too-early", source: "" })).statusCode).toBe(
      404,
    );

    // Withdrawing closes the page too.
    const partnerAccess = await t.ctx.organizations.access(
      { accountId: partnerOrganizer.id, isPlatformAdmin: false },
      partner.slug,
    );
    await t.ctx.cosponsors.cosponsorMove(partnerAccess, action.id, "withdraw");
    expect((await partnerBrowser.get(page)).statusCode).toBe(404);
  });
});

describe("a partner's consenting signers", () => {
  it("lists only those its code brought who consented to it, never the sponsor's or another partner's", async () => {
    await signEveryKind();
    const response = await partnerBrowser.get(`${page}/signers`);
    expect(response.statusCode).toBe(200);
    expect(listedNames(response.body)).toEqual(["Pedro Pending", "Carmen Consents"]);
    expect(response.body).toContain('role="status">2 people</p>');
    expect(response.body).toContain("carmen@example.org");
    for (const absent of ["Nora Nope", "nora@example.org", "Rosa Rival", "Diego Direct"])
      expect(response.body).not.toContain(absent);

    const rivals = await rivalBrowser.get(`/en/admin/o/${rival.slug}/cosponsoring/${action.id}/signers`);
    expect(listedNames(rivals.body)).toEqual(["Rosa Rival"]);

    // The partner's members never reach the sponsor's pages, whatever the organization in the URL.
    for (const path of ["/signatures", "/signatures.csv", "/partners", ""]) {
      expect(
        (await partnerBrowser.get(`/en/admin/o/${sponsor.slug}/actions/${action.id}${path}`)).statusCode,
      ).toBe(404);
      expect(
        (await partnerBrowser.get(`/en/admin/o/${partner.slug}/actions/${action.id}${path}`)).statusCode,
      ).toBe(404);
    }
  });

  it("says so while nobody has shared with the partner", async () => {
    const response = await partnerBrowser.get(`${page}/signers`);
    expect(response.body).toContain(`Nobody has shared their details with ${partner.name} yet.`);
    expect(response.body).not.toContain("Download as CSV");
  });

  it("pages by 50", async () => {
    await insertBulkSignatures(t.ctx.database.db, action.id, 60);
    const ids = await t.ctx.database.db.selectFrom("signatures").select("id").orderBy("id").execute();
    await attributeToPartner(
      t.ctx.database.db,
      ids.map((row) => row.id),
      { organizationId: partner.id, consent: true },
    );
    const first = await partnerBrowser.get(`${page}/signers`);
    expect(listedNames(first.body)).toHaveLength(50);
    expect(first.body).toContain("Page 1 of 2");
    const second = await partnerBrowser.get(`${page}/signers?page=2`);
    expect(listedNames(second.body)).toEqual(Array.from({ length: 10 }, (_, i) => `Bulk Signer ${9 - i}`));
  });

  it("are hidden from the partner's viewers, who still see the numbers", async () => {
    await signEveryKind();
    const overview = await partnerViewer.get(page);
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain("3 signatures through your links");
    expect(overview.body).not.toContain("/signers");
    expect(overview.body).not.toContain("New short link");
    expect((await partnerViewer.get(`${page}/signers`)).statusCode).toBe(403);
    expect((await partnerViewer.get(`${page}/signers.csv`)).statusCode).toBe(403);
    expect((await partnerViewer.post(`${page}/links`, { slug: "viewer-link", source: "" })).statusCode).toBe(
      403,
    );
  });

  it("export as CSV with exactly those signers, written to the partner's audit log", async () => {
    const { consentedConfirmed, consentedPending } = await signEveryKind();
    const stored = await t.ctx.database.db
      .selectFrom("signatures")
      .select(["id", "created_at", "confirmed_at"])
      .execute();
    const at = (id: number) => stored.find((s) => s.id === id)!;
    const response = await partnerBrowser.get(`${page}/signers.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers["content-disposition"]).toBe(
      `attachment; filename="${action.slug}-${partner.slug}-signers.csv"`,
    );
    expect(response.body).toBe(
      [
        "\uFEFFName,Email,Postal code,Status,Signed,Confirmed",
        `Carmen Consents,carmen@example.org,10001,Confirmed,${at(consentedConfirmed).created_at},${at(consentedConfirmed).confirmed_at}`,
        `Pedro Pending,pedro@example.org,94110,Pending,${at(consentedPending).created_at},`,
        "",
      ].join("\r\n"),
    );
    const spanish = await partnerBrowser.get(
      `/es/admin/o/${partner.slug}/cosponsoring/${action.id}/signers.csv`,
    );
    expect(spanish.body.split("\r\n")[0]).toBe(
      "\uFEFFNombre,Correo electrónico,Código postal,Estado,Firmó,Confirmó",
    );

    const audit = await t.ctx.database.db
      .selectFrom("audit_log")
      .select(["organization_id", "account_id", "subject", "detail"])
      .where("event", "=", "signatures.export")
      .execute();
    const entry = {
      organization_id: partner.id,
      account_id: partnerOrganizer.id,
      subject: `action:${action.id}:${action.slug}`,
      detail: JSON.stringify({ rows: 2, complete: true, consentingTo: partner.slug }),
    };
    expect(audit).toEqual([entry, entry]);
  });

  it("export every row once across export batches", async () => {
    await insertBulkSignatures(t.ctx.database.db, action.id, 2_345);
    const ids = (await t.ctx.database.db.selectFrom("signatures").select("id").orderBy("id").execute()).map(
      (row) => row.id,
    );
    // Every other one consented; a few hundred came through the rival.
    await attributeToPartner(
      t.ctx.database.db,
      ids.filter((_, i) => i % 2 === 0),
      { organizationId: partner.id, consent: true },
    );
    await attributeToPartner(
      t.ctx.database.db,
      ids.filter((_, i) => i % 2 === 1 && i < 600),
      { organizationId: partner.id, consent: false },
    );
    await attributeToPartner(
      t.ctx.database.db,
      ids.filter((_, i) => i % 2 === 1 && i >= 600),
      { organizationId: rival.id, consent: true },
    );
    const lines = (await partnerBrowser.get(`${page}/signers.csv`)).body.split("\r\n").slice(1, -1);
    expect(lines).toHaveLength(1_173);
    const emails = new Set(lines.map((line) => line.split(",")[1]));
    expect(emails.size).toBe(1_173);
    expect(emails.has(`bulk-${action.id}-0@example.org`)).toBe(true);
    expect(emails.has(`bulk-${action.id}-2344@example.org`)).toBe(true);
    expect(emails.has(`bulk-${action.id}-1@example.org`)).toBe(false);
  });
});

describe("the sponsor's partner leaderboard", () => {
  const board = () => `/en/admin/o/${sponsor.slug}/actions/${action.id}/partners`;

  it("ranks partners by confirmed signatures with clicks and conversion, then the signatures without one", async () => {
    await signEveryKind();
    const partnerAccess = await t.ctx.organizations.access(
      { accountId: partnerOrganizer.id, isPlatformAdmin: false },
      partner.slug,
    );
    const scope = { actionId: action.id, organizationId: partner.id, title: "t" };
    await t.ctx.shortlinks.createPartnerLink(partnerAccess, scope, { slug: "partner-clicks", source: "" });
    const browserAgent = { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0" };
    for (let i = 0; i < 8; i++) await t.app.inject({ url: "/partner-clicks", headers: browserAgent });
    await t.ctx.shortlinks.flushClicks();

    const response = await sponsorBrowser.get(board());
    expect(response.statusCode).toBe(200);
    // The partner: 3 signatures, 2 confirmed, 8 clicks (25%); the rival: 1 and 1, no clicks.
    expect(listedNames(response.body)).toEqual([
      partner.name,
      rival.name,
      "No partner (your own links, and everyone else)",
    ]);
    const rows = [...response.body.matchAll(/<tr>(<td[\s\S]*?)<\/tr>/g)].map((m) =>
      [...m[1]!.matchAll(/<td data-label="[^"]+">([^<]*)<\/td>/g)].map((c) => c[1]),
    );
    expect(rows).toEqual([
      [partner.name, "8", "3", "2", "25%"],
      [rival.name, "0", "1", "1", "—"],
      ["No partner (your own links, and everyone else)", "0", "1", "1", "—"],
    ]);
    const spanish = await sponsorBrowser.get(`/es/admin/o/${sponsor.slug}/actions/${action.id}/partners`);
    expect(spanish.body).toContain(">25\u00a0%</td>");
  });

  it("is the sponsor's alone: partners and outsiders get 404", async () => {
    expect(
      (await partnerBrowser.get(`/en/admin/o/${partner.slug}/actions/${action.id}/partners`)).statusCode,
    ).toBe(404);
    expect(
      (await rivalBrowser.get(`/en/admin/o/${rival.slug}/actions/${action.id}/partners`)).statusCode,
    ).toBe(404);
  });
});
