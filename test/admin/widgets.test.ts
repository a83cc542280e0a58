/** Organizers and widgets: the sponsor's and a partner's widget page, saving its sites, the audit entry. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.ts";
import { type Browser, signIn } from "../support/browser-session.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  type TestOrganization,
} from "../support/fixtures.ts";

let t: TestApp;
let sponsor: TestOrganization;
let partner: TestOrganization;
let sponsorBrowser: Browser;
let partnerBrowser: Browser;
let action: { id: number; slug: string };
beforeEach(async () => {
  t = await createTestApp();
  const organizer = await createAccount(t.ctx, { name: "Oscar Organizer" });
  const partnerOrganizer = await createAccount(t.ctx, { name: "Paula Partner" });
  sponsor = await createOrganization(t.ctx, [{ account: organizer, role: "organizer" }]);
  partner = await createOrganization(t.ctx, [{ account: partnerOrganizer, role: "organizer" }]);
  sponsorBrowser = await signIn(t.app, organizer.email, organizer.password);
  partnerBrowser = await signIn(t.app, partnerOrganizer.email, partnerOrganizer.password);
  action = await createAction(t.ctx, sponsor);
});
afterEach(async () => {
  await t.close();
});

const widgetPage = (org: TestOrganization, id = action.id, locale = "en") =>
  `/${locale}/admin/o/${org.slug}/actions/${id}/widget`;

const decodeEntities = (html: string) =>
  html.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"').replaceAll("&amp;", "&");

describe("the sponsor's widget page", () => {
  it("gives the one-line snippet in both languages, a preview, and no site yet", async () => {
    const response = await sponsorBrowser.get(widgetPage(sponsor));
    expect(response.statusCode).toBe(200);
    const body = decodeEntities(response.body);
    for (const [locale, label] of [
      ["en", "Sign this action"],
      ["es", "Firme esta acción"],
    ])
      expect(body).toContain(
        `<a href="http://juntos.test/${locale}/a/${action.slug}/widget" data-juntos-widget>${label}</a>` +
          '<script src="http://juntos.test/embed.js" async></script>',
      );
    expect(response.body).toContain(`href="/en/a/${action.slug}/widget"`);
    expect(response.body).toContain("No site may show the widget yet.");
    // The dashboard links to it.
    const dashboard = await sponsorBrowser.get(`/en/admin/o/${sponsor.slug}/actions/${action.id}`);
    expect(dashboard.body).toContain(`href="${widgetPage(sponsor)}"`);
  });

  it("saves the sites with a notice and an audit entry, and sends bad ones back with their problem", async () => {
    const refused = await sponsorBrowser.post(widgetPage(sponsor), {
      origins: "https://ok.example\nhttps://bad.example/page",
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('id="errors"');
    expect(refused.body).toContain("Line 2 is a page, not a site");
    expect(refused.body).toContain("https://ok.example\nhttps://bad.example/page</textarea>");
    expect(await t.ctx.database.db.selectFrom("action_widgets").selectAll().execute()).toEqual([]);

    const saved = await sponsorBrowser.post(widgetPage(sponsor), {
      origins: "https://OK.example/\nhttp://localhost:8080",
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(widgetPage(sponsor));
    const after = await sponsorBrowser.get(widgetPage(sponsor));
    expect(after.body).toContain("Saved: 2 sites may show the widget.");
    expect(after.body).toContain("<li>https://ok.example</li>");
    expect(after.body).toContain("<li>http://localhost:8080</li>");
    const audit = await t.ctx.database.db
      .selectFrom("audit_log")
      .select(["event", "subject", "detail"])
      .where("event", "like", "widget.%")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.event).toBe("widget.origins_changed");
    expect(audit[0]!.subject).toBe(`action:${action.id}:${action.slug}`);
    expect(JSON.parse(audit[0]!.detail!)).toMatchObject({
      origins: "https://ok.example, http://localhost:8080",
    });

    expect((await sponsorBrowser.post(widgetPage(sponsor), { origins: "" })).statusCode).toBe(303);
    expect((await sponsorBrowser.get(widgetPage(sponsor))).body).toContain(
      "Saved: no site may show the widget.",
    );
  });
});

describe("a partner's widget page", () => {
  it("is its own widget on the action it co-sponsors, once approved, with its code in the snippet", async () => {
    expect((await partnerBrowser.get(widgetPage(partner))).statusCode).toBe(404);
    await t.ctx.cosponsors.addApproved(action.id, partner.id);
    const response = await partnerBrowser.get(widgetPage(partner, action.id, "es"));
    expect(response.statusCode).toBe(200);
    expect(decodeEntities(response.body)).toContain(
      `<a href="http://juntos.test/en/a/${action.slug}/widget?ref=${partner.slug}" data-juntos-widget>`,
    );
    expect(response.body).toContain(`href="/es/admin/o/${partner.slug}/cosponsoring/${action.id}"`);

    expect(
      (await partnerBrowser.post(widgetPage(partner), { origins: "https://partner.example" })).statusCode,
    ).toBe(303);
    // Each has its own list: the partner's does not touch the sponsor's.
    const sponsorPage = await sponsorBrowser.get(widgetPage(sponsor));
    expect(sponsorPage.body).toContain("No site may show the widget yet.");
    const rows = await t.ctx.database.db
      .selectFrom("action_widgets")
      .select(["organization_id", "allowed_origins"])
      .execute();
    expect(rows).toEqual([{ organization_id: partner.id, allowed_origins: "https://partner.example" }]);
    // The co-sponsored actions list and the partner's page of the action link to it.
    const list = await partnerBrowser.get(`/en/admin/o/${partner.slug}/cosponsoring`);
    expect(list.body).toContain(`href="${widgetPage(partner)}"`);
    const partnerPage = await partnerBrowser.get(`/en/admin/o/${partner.slug}/cosponsoring/${action.id}`);
    expect(partnerPage.statusCode).toBe(200);
    expect(partnerPage.body).toContain(`href="${widgetPage(partner)}"`);
  });

  it("is not found for an organization that is no approved co-sponsor, nor under another organization", async () => {
    const other = await createAction(t.ctx, partner);
    expect((await sponsorBrowser.get(widgetPage(sponsor, other.id))).statusCode).toBe(404);
    expect((await sponsorBrowser.post(widgetPage(sponsor, other.id), { origins: "" })).statusCode).toBe(404);
    expect((await sponsorBrowser.get(widgetPage(partner))).statusCode).toBe(404);
    expect((await sponsorBrowser.get(widgetPage(sponsor, 999999))).statusCode).toBe(404);
  });
});
