/** Short links at the top level: the redirect, its language and attribution, and click counting. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildApp } from "../../src/http/app.ts";
import type { OrganizationAccess } from "../../src/modules/organizations/organizations.service.ts";
import { createTestApp, createTestContext, type TestApp } from "../support/app.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  type TestOrganization,
} from "../support/fixtures.ts";

let t: TestApp;
let org: TestOrganization;
let access: OrganizationAccess;
beforeEach(async () => {
  t = await createTestApp();
  const account = await createAccount(t.ctx);
  org = await createOrganization(t.ctx, [{ account, role: "organizer" }]);
  access = await t.ctx.organizations.access({ accountId: account.id, isPlatformAdmin: false }, org.slug);
});
afterEach(async () => {
  await t.close();
});

const phone =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36";
const tablet =
  "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1";
const desktop =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15";

async function shortLink(actionId: number, slug: string, source = "") {
  const outcome = await t.ctx.shortlinks.create(access, actionId, { slug, source });
  expect(outcome.ok).toBe(true);
}

async function storedClicks() {
  await t.ctx.shortlinks.flushClicks();
  return t.ctx.database.db
    .selectFrom("shortlink_clicks")
    .select(["referrer_host", "device", "count"])
    .orderBy("referrer_host")
    .orderBy("device")
    .execute();
}

describe("GET /<short link>", () => {
  it("redirects to the action page in the visitor's language, in any case, carrying the link's source", async () => {
    const action = await createAction(t.ctx, org);
    await shortLink(action.id, "fund-it", "flyer");
    const spanish = await t.app.inject({
      url: "/Fund-IT",
      headers: { "accept-language": "es-MX,es;q=0.9,en;q=0.5", "user-agent": phone },
    });
    expect(spanish.statusCode).toBe(302);
    expect(spanish.headers.location).toBe(`/es/a/${action.slug}?source=flyer`);
    expect(spanish.headers["cache-control"]).toBe("no-store");
    expect(spanish.headers.vary).toContain("Accept-Language");
    // The app's own referrer policy, as on every page.
    const home = await t.app.inject("/en/");
    expect(spanish.headers["referrer-policy"]).toBe(home.headers["referrer-policy"]);

    const english = await t.app.inject({ url: "/fund-it", headers: { "accept-language": "en-US,en" } });
    expect(english.headers.location).toBe(`/en/a/${action.slug}?source=flyer`);
    const nobody = await t.app.inject("/FUND-IT");
    expect(nobody.headers.location).toBe(`/en/a/${action.slug}?source=flyer`);

    // The action page takes the attribution into its signing form.
    const page = await t.app.inject(spanish.headers.location!);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="source" value="flyer"');
  });

  it("passes an incoming ?source= on instead of the link's label, and drops everything else", async () => {
    const action = await createAction(t.ctx, org);
    await shortLink(action.id, "fund-it", "flyer");
    await shortLink(action.id, "plain-link");
    const partner = await t.app.inject("/fund-it?source=partner-7&utm_campaign=x&fbclid=abc");
    expect(partner.headers.location).toBe(`/en/a/${action.slug}?source=partner-7`);
    const hostile = await t.app.inject("/plain-link?source=%3Cscript%3E");
    expect(hostile.headers.location).toBe(`/en/a/${action.slug}`);
    expect((await t.app.inject("/plain-link")).headers.location).toBe(`/en/a/${action.slug}`);
  });

  it("carries a partner's code as ?ref= from its own link, and an incoming one from the sponsor's", async () => {
    const action = await createAction(t.ctx, org);
    await shortLink(action.id, "sponsor-own", "flyer");
    const partnerOwner = await createAccount(t.ctx);
    const partner = await createOrganization(t.ctx, [{ account: partnerOwner, role: "owner" }]);
    await t.ctx.cosponsors.addApproved(action.id, partner.id);
    const partnerAccess = await t.ctx.organizations.access(
      { accountId: partnerOwner.id, isPlatformAdmin: false },
      partner.slug,
    );
    expect(
      await t.ctx.partners.createLink(partnerAccess, action.id, { slug: "partner-own", source: "" }),
    ).toEqual({
      ok: true,
      slug: "partner-own",
    });

    const followed = await t.app.inject({ url: "/Partner-Own", headers: { "accept-language": "es" } });
    expect(followed.headers.location).toBe(`/es/a/${action.slug}?ref=${partner.slug}`);
    // The partner's link is the partner's, whatever code a visit brings.
    const overridden = await t.app.inject("/partner-own?ref=someone-else&source=mail");
    expect(overridden.headers.location).toBe(`/en/a/${action.slug}?source=mail&ref=${partner.slug}`);
    // The sponsor's printed link passes on a partner's code a visit brings, and drops a malformed one.
    const shared = await t.app.inject(`/sponsor-own?ref=${partner.slug.toUpperCase()}`);
    expect(shared.headers.location).toBe(`/en/a/${action.slug}?source=flyer&ref=${partner.slug}`);
    const hostile = await t.app.inject("/sponsor-own?ref=%3Cscript%3E");
    expect(hostile.headers.location).toBe(`/en/a/${action.slug}?source=flyer`);
  });

  it("leads an external action's visitors to its action page, and a closed action's too", async () => {
    const external = await createAction(t.ctx, org, {
      form: { type: "external", external_url: "https://example.org/petition" },
    });
    const closed = await createAction(t.ctx, org, { status: "closed" });
    await shortLink(external.id, "elsewhere");
    await shortLink(closed.id, "too-late");
    expect((await t.app.inject("/elsewhere")).headers.location).toBe(`/en/a/${external.slug}`);
    const late = await t.app.inject("/too-late");
    expect(late.headers.location).toBe(`/en/a/${closed.slug}`);
    expect((await t.app.inject(late.headers.location!)).statusCode).toBe(200);
  });

  it("answers an unknown link, a draft's link and a malformed one with the localized 404 page", async () => {
    const draft = await createAction(t.ctx, org, { status: "draft" });
    await shortLink(draft.id, "not-yet");
    for (const url of ["/no-such-link", "/not-yet", "/x", "/favicon.ico", `/${"a".repeat(61)}`]) {
      const response = await t.app.inject({ url, headers: { "accept-language": "es" } });
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).toContain("Página no encontrada");
    }
    expect((await t.app.inject("/no-such-link")).body).toContain("Page not found");
    expect(await storedClicks()).toEqual([]);
  });

  it("counts people's clicks by referring host (the host only) and device, and leaves out bots and previews", async () => {
    const action = await createAction(t.ctx, org);
    await shortLink(action.id, "count-me");
    const click = (headers: Record<string, string>, method: "GET" | "HEAD" = "GET") =>
      t.app.inject({ method, url: "/count-me", headers });
    const fromFacebook = "https://m.facebook.com/groups/1234/posts/5678/?comment_id=99&name=Ana%20Ruiz";
    await click({ "user-agent": phone, referer: fromFacebook });
    await click({ "user-agent": phone, referer: fromFacebook });
    await click({ "user-agent": tablet });
    await click({ "user-agent": desktop, referer: "https://www.google.com/search?q=secure+communities" });
    for (const bot of [
      "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
      "WhatsApp/2.23.20.0 A",
      "Twitterbot/1.0",
      "TelegramBot (like TwitterBot)",
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      "curl/8.4.0",
    ])
      expect((await click({ "user-agent": bot, referer: fromFacebook })).statusCode).toBe(302);
    await click({ "user-agent": "", referer: fromFacebook });
    expect((await click({ "user-agent": phone }, "HEAD")).statusCode).toBe(302);

    expect(await storedClicks()).toEqual([
      { referrer_host: "", device: "tablet", count: 1 },
      { referrer_host: "m.facebook.com", device: "phone", count: 2 },
      { referrer_host: "www.google.com", device: "desktop", count: 1 },
    ]);
    // Nothing of the referring URL but its host is anywhere in the table.
    const everything = JSON.stringify(
      await t.ctx.database.db.selectFrom("shortlink_clicks").selectAll().execute(),
    );
    for (const part of ["groups", "1234", "comment_id", "Ana", "search", "secure"])
      expect(everything).not.toContain(part);
  });
});

describe("the names a short link cannot take", () => {
  it("include the first segment of every route the app serves, also one added after the short links", async () => {
    const ctx = await createTestContext();
    try {
      const app = await buildApp(ctx);
      app.get("/brand-new-page", async () => "hello");
      await app.ready();
      const account = await createAccount(ctx);
      const own = await createOrganization(ctx, [{ account, role: "owner" }]);
      const ownAccess = await ctx.organizations.access(
        { accountId: account.id, isPlatformAdmin: false },
        own.slug,
      );
      const action = await createAction(ctx, own);
      for (const taken of ["brand-new-page", "healthz", "logos", "auth", "dev"]) {
        const outcome = await ctx.shortlinks.create(ownAccess, action.id, { slug: taken, source: "" });
        expect(outcome, taken).toEqual({ ok: false, errors: { slug: { key: "shortlinks.slug.reserved" } } });
      }
      // The page itself still answers: static routes win over short links.
      expect((await app.inject("/brand-new-page")).body).toBe("hello");
      await app.close();
    } finally {
      await ctx.close();
      await ctx.dropDatabase();
    }
  });
});

describe("the demo action", () => {
  it("has the short link /optoutnow, as the model alert had", async () => {
    const demo = await createTestApp({ SEED_DEMO: "true" });
    try {
      const response = await demo.app.inject({ url: "/OptOutNow", headers: { "accept-language": "es" } });
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe("/es/a/optoutnow");
      expect((await demo.app.inject(response.headers.location!)).statusCode).toBe(200);
    } finally {
      await demo.close();
    }
  });
});
