/**
 * Partner links on the signing path: `?ref=<partner slug>` credits an approved co-sponsor, the
 * form asks consent per receiving organization with unticked boxes, and what is stored is exactly
 * what was ticked, with the referring host only.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { agedFormToken, createTestApp, type TestApp } from "../support/app.ts";
import { createOrganization, insertActionRows } from "../support/fixtures.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

async function actionWithPartner() {
  const action = await insertActionRows(t.ctx.database.db);
  const partner = await createOrganization(t.ctx);
  await t.ctx.cosponsors.addApproved(action.id, partner.id);
  return { action, partner };
}

async function sign(slug: string, fields: Record<string, string>, locale = "en") {
  return t.app.inject({
    method: "POST",
    url: `/${locale}/a/${slug}/sign`,
    payload: new URLSearchParams({
      ts: agedFormToken(t.ctx),
      name: "Rosa Parks",
      email: "rosa@example.org",
      postal_code: "94110",
      ...fields,
    }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
}

async function storedSignature() {
  return t.ctx.database.db
    .selectFrom("signatures")
    .select(["referrer_organization_id", "website", "consent_sponsor", "consent_referrer", "source"])
    .executeTakeFirstOrThrow();
}

const checkbox = (html: string, name: string) =>
  new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0];

describe("a partner's link on the action page", () => {
  it("names the partner and asks consent for each organization, both boxes unticked, in both languages", async () => {
    const { action, partner } = await actionWithPartner();
    const en = await t.app.inject(`/en/a/${action.slug}?ref=${partner.slug.toUpperCase()}&source=fb`);
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain(`${partner.name} invited you here`);
    expect(en.body).toContain(`${action.sponsor.name}, who runs this action`);
    expect(en.body).toContain(`${partner.name}, who invited you`);
    expect(checkbox(en.body, "consent")).not.toContain("checked");
    expect(checkbox(en.body, "consent_partner")).not.toContain("checked");
    expect(en.body).toContain(`name="ref" value="${partner.slug}"`);
    expect(en.body).toContain('name="source" value="fb"');

    // The language switch keeps the partner; the canonical alternates do not name it.
    expect(en.body).toContain(`href="/es/a/${action.slug}?ref=${partner.slug}"`);
    expect(en.body).toContain(`hreflang="es" href="http://juntos.test/es/a/${action.slug}"`);

    const es = await t.app.inject(`/es/a/${action.slug}?ref=${partner.slug}`);
    expect(es.body).toContain(`${partner.name} le invitó aquí`);
    expect(es.body).toContain(`${partner.name}, que le invitó`);

    // The page without the code is the plain one: one box, for the sponsor.
    const plain = await t.app.inject(`/en/a/${action.slug}`);
    expect(plain.body).not.toContain("invited you");
    expect(checkbox(plain.body, "consent_partner")).toBeUndefined();
    expect(plain.body).not.toContain('name="ref"');
  });

  it("ignores a code that names no approved co-sponsor of this action", async () => {
    const { action } = await actionWithPartner();
    const stranger = await createOrganization(t.ctx);
    for (const ref of [stranger.slug, "nobody", "<script>", action.sponsor.name]) {
      const page = await t.app.inject(`/en/a/${action.slug}?ref=${encodeURIComponent(ref)}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain("invited you");
      expect(page.body).not.toContain('name="ref"');
    }
  });

  it("sends back the referring site's host only, never its path or query", async () => {
    const { action, partner } = await actionWithPartner();
    const page = await t.app.inject({
      url: `/en/a/${action.slug}?ref=${partner.slug}`,
      headers: { referer: "https://www.Facebook.com/groups/organizers/posts/1?fbclid=private" },
    });
    expect(page.body).toContain('name="via" value="www.facebook.com"');
    expect(page.body).not.toContain("fbclid");
    expect(page.body).not.toContain("organizers/posts");
    const fromOurOwnPage = await t.app.inject({
      url: `/en/a/${action.slug}`,
      headers: { referer: `${t.ctx.config.baseUrl}/en/` },
    });
    expect(fromOurOwnPage.body).toContain('name="via" value=""');
  });
});

describe("signing through a partner's link", () => {
  it("credits the partner and stores exactly the consent ticked: the partner only", async () => {
    const { action, partner } = await actionWithPartner();
    const response = await sign(action.slug, {
      ref: partner.slug,
      via: "news.example.org",
      source: "newsletter",
      consent_partner: "yes",
    });
    expect(response.statusCode).toBe(303);
    expect(await storedSignature()).toEqual({
      referrer_organization_id: partner.id,
      website: "news.example.org",
      consent_sponsor: 0,
      consent_referrer: 1,
      source: "newsletter",
    });
  });

  it("stores consent to the sponsor alone when only its box is ticked", async () => {
    const { action, partner } = await actionWithPartner();
    await sign(action.slug, { ref: partner.slug, consent: "yes" });
    expect(await storedSignature()).toMatchObject({
      referrer_organization_id: partner.id,
      consent_sponsor: 1,
      consent_referrer: 0,
    });
  });

  it("credits no one for a code of an organization that is not an approved co-sponsor", async () => {
    const { action } = await actionWithPartner();
    const pending = await createOrganization(t.ctx);
    await sign(action.slug, { ref: pending.slug, consent_partner: "yes" });
    expect(await storedSignature()).toMatchObject({ referrer_organization_id: null, consent_referrer: 0 });
  });

  it("drops a forged referring address that is more than a host", async () => {
    const { action, partner } = await actionWithPartner();
    await sign(action.slug, { ref: partner.slug, via: "https://evil.example/path?q=1" });
    expect(await storedSignature()).toMatchObject({ website: null });
  });

  it("re-renders a refused form with the partner's boxes and what was ticked", async () => {
    const { action, partner } = await actionWithPartner();
    const response = await sign(
      action.slug,
      { ref: partner.slug, email: "not-an-email", consent_partner: "yes" },
      "es",
    );
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain(`${partner.name}, que le invitó`);
    expect(checkbox(response.body, "consent_partner")).toContain("checked");
    expect(checkbox(response.body, "consent")).not.toContain("checked");
    expect(response.body).toContain(`name="ref" value="${partner.slug}"`);
    expect(await t.ctx.database.db.selectFrom("signatures").select("id").execute()).toHaveLength(0);
  });
});
