/**
 * The widget on the public side: the compact signing page in both languages, credited to the
 * partner its code names; who may frame it (exactly the listed origins, else nobody) while every
 * other public page stays unframeable; signing inside the frame; embed.js.
 */
import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AppContext } from "../../src/context.ts";
import { translator } from "../../src/i18n/translator.ts";
import { rememberedDetailsScriptHash } from "../../src/views/pages/remembered-details-script.ts";
import { agedFormToken, createTestApp, type TestApp } from "../support/app.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  type TestOrganization,
} from "../support/fixtures.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

/** A published action whose sponsor and one approved partner each have an owner. */
async function coalition(ctx: AppContext) {
  const sponsorOwner = await createAccount(ctx);
  const partnerOwner = await createAccount(ctx);
  const sponsor = await createOrganization(ctx, [{ account: sponsorOwner, role: "owner" }]);
  const partner = await createOrganization(ctx, [{ account: partnerOwner, role: "owner" }]);
  const action = await createAction(ctx, sponsor);
  await ctx.cosponsors.addApproved(action.id, partner.id);
  const accessOf = (org: TestOrganization, accountId: number) =>
    ctx.organizations.access({ accountId, isPlatformAdmin: false }, org.slug);
  return {
    action,
    sponsor,
    partner,
    /** Sets the sites that may frame the organization's widget, as its owner would. */
    async allow(who: "sponsor" | "partner", origins: string[]) {
      const access =
        who === "sponsor"
          ? await accessOf(sponsor, sponsorOwner.id)
          : await accessOf(partner, partnerOwner.id);
      const outcome = await ctx.widgets.setOrigins(access, action.id, origins.join("\n"), "en");
      expect(outcome.ok).toBe(true);
    },
  };
}

const cspOf = (response: { headers: Record<string, unknown> }) =>
  String(response.headers["content-security-policy"]);
const frameAncestors = (response: { headers: Record<string, unknown> }) =>
  /frame-ancestors ([^;]*)/.exec(cspOf(response))?.[1];
const hashOf = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

function form(fields: Record<string, string>) {
  return {
    payload: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  };
}

describe("the widget page", () => {
  it("shows the title, count and signing form in the language of its address, credited to the partner", async () => {
    const { action, partner } = await coalition(t.ctx);
    const en = await t.app.inject({
      url: `/en/a/${action.slug}/widget?ref=${partner.slug}`,
      headers: { referer: "https://partner.example/" },
    });
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain("Fund the day labor center");
    expect(en.body).toContain("0 people have signed");
    expect(en.body).toContain(`${partner.name} invited you here`);
    expect(en.body).toContain('name="embed" value="yes"');
    // The framing site's host goes back with the form; the widget's consent boxes are the page's.
    expect(en.body).toContain('name="via" value="partner.example"');
    expect(en.body).toContain(`name="ref" value="${partner.slug}"`);
    expect(en.body).toContain('name="consent_partner"');
    // The form's answer stays the partner's widget.
    expect(en.body).toContain(`action="/en/a/${action.slug}/sign?ref=${partner.slug}#form-errors"`);
    // Compact: none of the site's header, footer or description.
    expect(en.body).not.toContain("<header>");
    expect(en.body).not.toContain("<footer>");
    expect(en.body).not.toContain("The center");

    const es = await t.app.inject(`/es/a/${action.slug}/widget?ref=${partner.slug}`);
    expect(es.statusCode).toBe(200);
    expect(es.body).toContain('<html lang="es">');
    expect(es.body).toContain("Financien el centro de jornaleros");
    expect(es.body).toContain(`${partner.name} le invitó aquí`);
    expect(es.body).toContain(translator("es").t("sign.submit"));
    expect(es.body).not.toContain(translator("en").t("sign.submit"));
    expect(es.body).toContain(`action="/es/a/${action.slug}/sign?ref=${partner.slug}#form-errors"`);
  });

  it("credits nobody for a code that is not an approved partner of the action", async () => {
    const { action } = await coalition(t.ctx);
    const stranger = await createOrganization(t.ctx);
    for (const ref of [stranger.slug, "nobody", ""]) {
      const response = await t.app.inject(`/en/a/${action.slug}/widget?ref=${encodeURIComponent(ref)}`);
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain('class="partner"');
      expect(response.body).toContain(`action="/en/a/${action.slug}/sign#form-errors"`);
    }
  });

  it("carries its own stylesheet and one script, each allowed by its hash and nothing else", async () => {
    const { action } = await coalition(t.ctx);
    const response = await t.app.inject(`/en/a/${action.slug}/widget`);
    const styles = [...response.body.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    const scripts = [...response.body.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(styles).toHaveLength(1);
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toContain("postMessage");
    const csp = cspOf(response);
    expect(/style-src ([^;]*)/.exec(csp)?.[1]).toBe(hashOf(styles[0]!));
    expect(/script-src ([^;]*)/.exec(csp)?.[1]).toBe(hashOf(scripts[0]!));
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain("unsafe-inline");
    // The form needs no cookie: none is set, and none is asked for.
    expect(response.headers["set-cookie"]).toBeUndefined();
  });

  it("answers an unknown action with a 404 in the widget's own style", async () => {
    for (const slug of ["no-such-action", "Not_A_Slug"]) {
      const response = await t.app.inject(`/en/a/${slug}/widget`);
      expect(response.statusCode).toBe(404);
      expect(response.body).toContain("Page not found");
      expect(response.body).not.toContain("<header>");
      expect(frameAncestors(response)).toBe("'none'");
      const styles = [...response.body.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
      expect(/style-src ([^;]*)/.exec(cspOf(response))?.[1]).toBe(hashOf(styles[0]!));
    }
    const draft = await createAction(t.ctx, await createOrganization(t.ctx), { status: "draft" });
    expect((await t.app.inject(`/en/a/${draft.slug}/widget`)).statusCode).toBe(404);
  });
});

describe("who may frame the widget", () => {
  it("is nobody until origins are listed, then exactly the listed origins of that widget", async () => {
    const c = await coalition(t.ctx);
    const sponsorWidget = `/en/a/${c.action.slug}/widget`;
    const partnerWidget = `${sponsorWidget}?ref=${c.partner.slug}`;
    expect(frameAncestors(await t.app.inject(sponsorWidget))).toBe("'none'");
    expect(frameAncestors(await t.app.inject(partnerWidget))).toBe("'none'");

    await c.allow("sponsor", ["https://sponsor.example", "http://127.0.0.1:8080"]);
    await c.allow("partner", ["https://Partner.example/"]);
    const sponsor = await t.app.inject(sponsorWidget);
    expect(frameAncestors(sponsor)).toBe("https://sponsor.example http://127.0.0.1:8080");
    expect(sponsor.headers["x-frame-options"]).toBeUndefined();
    expect(sponsor.headers["cross-origin-resource-policy"]).toBe("cross-origin");
    const partner = await t.app.inject(partnerWidget);
    expect(frameAncestors(partner)).toBe("https://partner.example");
    expect(partner.headers["x-frame-options"]).toBeUndefined();
    // An unknown code gets the sponsor's widget, not a way around its list.
    expect(frameAncestors(await t.app.inject(`${sponsorWidget}?ref=someone-else`))).toBe(
      "https://sponsor.example http://127.0.0.1:8080",
    );
    expect(frameAncestors(await t.app.inject(`/es/a/${c.action.slug}/widget?ref=${c.partner.slug}`))).toBe(
      "https://partner.example",
    );

    await c.allow("partner", []);
    expect(frameAncestors(await t.app.inject(partnerWidget))).toBe("'none'");
  });

  it("leaves every other public page unframeable, the action's page included", async () => {
    const c = await coalition(t.ctx);
    await c.allow("sponsor", ["https://sponsor.example"]);
    for (const path of [
      `/en/a/${c.action.slug}`,
      `/es/a/${c.action.slug}`,
      `/en/a/${c.action.slug}/thanks`,
      "/en/",
    ]) {
      const response = await t.app.inject(path);
      expect(response.statusCode, path).toBe(200);
      expect(response.headers["x-frame-options"], path).toBe("DENY");
      expect(frameAncestors(response), path).toBe("'none'");
      // Files of ours (the comment form's solver) and the comment form's remembered-details filler,
      // never an inline widget script.
      expect(/script-src ([^;]*)/.exec(cspOf(response))?.[1], path).toBe(
        `'self' ${rememberedDetailsScriptHash}`,
      );
    }
  });
});

describe("signing inside the widget", () => {
  it("takes the signature through the same path and answers with the widget's thank-you, kept in the frame", async () => {
    const c = await coalition(t.ctx);
    await c.allow("partner", ["https://partner.example"]);
    const response = await t.app.inject({
      method: "POST",
      url: `/es/a/${c.action.slug}/sign?ref=${c.partner.slug}`,
      ...form({
        ts: agedFormToken(t.ctx),
        name: "Dolores Huerta",
        email: "dolores@example.org",
        postal_code: "93215",
        embed: "yes",
        ref: c.partner.slug,
      }),
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/es/a/${c.action.slug}/widget/thanks?ref=${c.partner.slug}#main`);
    const stored = await t.ctx.database.db
      .selectFrom("signatures")
      .select(["status", "referrer_organization_id as partner"])
      .where("action_id", "=", c.action.id)
      .execute();
    expect(stored).toEqual([{ status: "pending", partner: c.partner.id }]);
    await t.ctx.worker.drain();
    expect((await t.ctx.devMailbox!.list()).filter((mail) => mail.to === "dolores@example.org")).toHaveLength(
      1,
    );

    const thanks = await t.app.inject(String(response.headers.location).split("#")[0]!);
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain("Casi listo: revise su correo");
    expect(thanks.body).not.toContain("<header>");
    expect(frameAncestors(thanks)).toBe("https://partner.example");
    expect(thanks.headers["x-frame-options"]).toBeUndefined();
  });

  it("shows the problems inside the widget, values kept, framed like the widget", async () => {
    const c = await coalition(t.ctx);
    await c.allow("partner", ["https://partner.example"]);
    const response = await t.app.inject({
      method: "POST",
      url: `/en/a/${c.action.slug}/sign?ref=${c.partner.slug}`,
      ...form({
        ts: agedFormToken(t.ctx),
        name: "Dolores Huerta",
        email: "not-an-email",
        postal_code: "",
        embed: "yes",
        ref: c.partner.slug,
      }),
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('id="form-errors"');
    expect(response.body).toContain('value="Dolores Huerta"');
    expect(response.body).toContain('value="not-an-email"');
    expect(response.body).toContain('name="embed" value="yes"');
    expect(response.body).toContain(`${c.partner.name} invited you here`);
    expect(response.body).not.toContain("<header>");
    expect(frameAncestors(response)).toBe("https://partner.example");
    expect(response.headers["x-frame-options"]).toBeUndefined();

    const expired = await t.app.inject({
      method: "POST",
      url: `/en/a/${c.action.slug}/sign`,
      ...form({
        ts: "stale",
        name: "Dolores Huerta",
        email: "d@example.org",
        postal_code: "93215",
        embed: "yes",
      }),
    });
    expect(expired.statusCode).toBe(400);
    expect(expired.body).not.toContain("<header>");
    expect(expired.body).toContain('name="embed" value="yes"');
  });

  it("turns a network away inside the frame once it has signed too often", async () => {
    const c = await coalition(t.ctx);
    await c.allow("partner", ["https://partner.example"]);
    const post = (i: number) =>
      t.app.inject({
        method: "POST",
        url: `/en/a/${c.action.slug}/sign?ref=${c.partner.slug}`,
        ...form({
          ts: agedFormToken(t.ctx),
          name: "A B",
          email: `p${i}@example.org`,
          postal_code: "93215",
          embed: "yes",
          ref: c.partner.slug,
        }),
      });
    for (let i = 0; i < 30; i++) expect((await post(i)).statusCode).toBe(303);
    const limited = await post(30);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers["retry-after"]).toBe("60");
    expect(limited.body).toContain("<h1>Please slow down</h1>");
    expect(limited.body).not.toContain("<header>");
    expect(frameAncestors(limited)).toBe("https://partner.example");
  });

  it("never echoes a hostile referral code, in the page, the form or the redirect", async () => {
    const c = await coalition(t.ctx);
    const hostile = ['"><script>alert(1)</script>', `${c.partner.slug}'`, "a".repeat(5000)];
    for (const ref of hostile) {
      const page = await t.app.inject(`/en/a/${c.action.slug}/widget?ref=${encodeURIComponent(ref)}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain("<script>alert");
      expect(page.body).not.toContain('class="partner"');
      const signed = await t.app.inject({
        method: "POST",
        url: `/en/a/${c.action.slug}/sign?ref=${encodeURIComponent(ref)}`,
        ...form({
          ts: agedFormToken(t.ctx),
          name: "A B",
          email: "x@example.org",
          postal_code: "93215",
          embed: "yes",
          ref,
        }),
      });
      expect(signed.headers.location).toBe(`/en/a/${c.action.slug}/widget/thanks#main`);
    }
    // Repeated, it is no code at all.
    const twice = await t.app.inject(
      `/en/a/${c.action.slug}/widget?ref=${c.partner.slug}&ref=${c.partner.slug}`,
    );
    expect(twice.statusCode).toBe(200);
    expect(twice.body).not.toContain('class="partner"');
  });

  it("answers the action page's own form as before", async () => {
    const c = await coalition(t.ctx);
    const response = await t.app.inject({
      method: "POST",
      url: `/en/a/${c.action.slug}/sign`,
      ...form({ ts: agedFormToken(t.ctx), name: "Dolores Huerta", email: "bad", postal_code: "93215" }),
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain("<header>");
    expect(response.headers["x-frame-options"]).toBe("DENY");
  });
});

describe("embed.js", () => {
  it("is a cacheable script from our origin that frames only links to our origin and trusts only our messages", async () => {
    const response = await t.app.inject("/embed.js");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(response.headers["cache-control"]).toBe("public, max-age=3600");
    expect(response.headers["cross-origin-resource-policy"]).toBe("cross-origin");
    expect(response.body).toContain('var origin="http://juntos.test"');
    expect(response.body).toContain('querySelectorAll("a[data-juntos-widget]")');
    expect(response.body).toContain("if(url.origin!==origin)continue");
    expect(response.body).toContain("if(event.origin!==origin)return");
    expect(response.body).toContain("frames[i].contentWindow===event.source");
    // It parses as a script.
    expect(() => new Function(response.body)).not.toThrow();
    const again = await t.app.inject({
      url: "/embed.js",
      headers: { "if-none-match": String(response.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });
});
