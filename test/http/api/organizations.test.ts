/**
 * Organizations over the API: a key sees its own and those co-sponsoring its actions (approved,
 * public facts only), any other is a 404; petitions link their sponsor and co-sponsors there.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { nowIso } from "../../../src/db/database.ts";
import type { OrganizationAccess } from "../../../src/modules/organizations/organizations.service.ts";
import { createTestApp, type TestApp } from "../../support/app.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  type TestOrganization,
} from "../../support/fixtures.ts";

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by value, not by type
type Hal = any;

let t: TestApp;
let org: TestOrganization;
let ownerAccess: OrganizationAccess;
beforeEach(async () => {
  t = await createTestApp();
  const owner = await createAccount(t.ctx);
  org = await createOrganization(t.ctx, [{ account: owner, role: "owner" }]);
  ownerAccess = await t.ctx.organizations.access({ accountId: owner.id, isPlatformAdmin: false }, org.slug);
});
afterEach(async () => {
  await t.close();
});

/** A fresh key for each call, so a test stays under 4 requests a second. */
async function api(path: string) {
  const created = await t.ctx.apiKeys.create(ownerAccess, { name: "Test key", trusted: false });
  if (!created.ok) throw new Error("key refused");
  const response = await t.app.inject({ url: path, headers: { "osdi-api-token": created.secret } });
  return { status: response.statusCode, json: () => response.json() as Hal };
}

async function cosponsor(
  actionId: number,
  organizationId: number,
  status: "approved" | "pending" = "approved",
) {
  await t.ctx.database.db
    .insertInto("action_cosponsors")
    .values({ action_id: actionId, organization_id: organizationId, created_at: nowIso(), status })
    .execute();
}

/** An organization's public profile: its site, description and a logo. */
async function describeOrganization(organization: TestOrganization, logoAt: string) {
  const { db } = t.ctx.database;
  await db
    .updateTable("organizations")
    .set({ website: "https://arbol.example/" })
    .where("id", "=", organization.id)
    .execute();
  await db
    .insertInto("organization_texts")
    .values({ organization_id: organization.id, locale: "en", description: "Tenants organizing since 1999." })
    .execute();
  await db
    .insertInto("organization_logos")
    .values({
      organization_id: organization.id,
      content_type: "image/png",
      bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      updated_at: logoAt,
    })
    .execute();
}

const ids = (body: Hal) => (body._embedded["osdi:organizations"] as Hal[]).map((o) => o.identifiers[0]);

describe("organizations", () => {
  it("lists the key's organization and its actions' approved co-sponsors, nobody else", async () => {
    const action = await createAction(t.ctx, org);
    const partner = await createOrganization(t.ctx);
    const pending = await createOrganization(t.ctx);
    const stranger = await createOrganization(t.ctx);
    const theirAction = await createAction(t.ctx, stranger);
    const strangersPartner = await createOrganization(t.ctx);
    await cosponsor(action.id, partner.id);
    await cosponsor(action.id, pending.id, "pending");
    await cosponsor(theirAction.id, strangersPartner.id);
    // The key's organization co-sponsoring someone else's action does not open that sponsor.
    await cosponsor(theirAction.id, org.id);
    await describeOrganization(partner, "2030-01-02T03:04:05.000Z");

    const { status, json } = await api("/api/v1/organizations");
    expect(status).toBe(200);
    const body = json();
    expect(body).toMatchObject({ page: 1, per_page: 25, total_pages: 1, total_records: 2 });
    expect(ids(body)).toEqual([`juntos:${org.id}`, `juntos:${partner.id}`]);
    const [own, partnerResource] = body._embedded["osdi:organizations"] as Hal[];
    expect(body._links["osdi:organizations"]).toEqual([own._links.self, partnerResource._links.self]);
    expect(own).toMatchObject({
      organization: org.name,
      description: "",
      _links: {
        self: { href: `http://juntos.test/api/v1/organizations/${org.id}` },
        "osdi:petitions": { href: "http://juntos.test/api/v1/petitions" },
      },
    });
    expect(own.created_date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(own.modified_date).toBe(own.created_date);
    expect(partnerResource).toEqual({
      identifiers: [`juntos:${partner.id}`],
      origin_system: "Juntos",
      created_date: partnerResource.created_date,
      modified_date: "2030-01-02T03:04:05.000Z",
      organization: partner.name,
      site_url: "https://arbol.example/",
      logo_image_url: `http://juntos.test/logos/${partner.slug}?v=2030-01-02T03%3A04%3A05.000Z`,
      description: "Tenants organizing since 1999.",
      // Its petitions are its own key's to list.
      _links: { self: { href: `http://juntos.test/api/v1/organizations/${partner.id}` } },
    });
    expect((await api(`/api/v1/organizations/${partner.id}`)).json()).toEqual(partnerResource);
    expect((await api(`/api/v1/organizations/${org.id}`)).json()).toEqual(own);
  });

  it("answers 404 for an organization not related to the key's", async () => {
    const stranger = await createOrganization(t.ctx);
    const pending = await createOrganization(t.ctx);
    const action = await createAction(t.ctx, org);
    await cosponsor(action.id, pending.id, "pending");
    const theirAction = await createAction(t.ctx, stranger);
    await cosponsor(theirAction.id, org.id);
    for (const id of [stranger.id, pending.id, 999_999, "not-a-number"]) {
      const { status, json } = await api(`/api/v1/organizations/${id}`);
      expect(status, String(id)).toBe(404);
      expect(typeof json().error).toBe("string");
      expect(json()["osdi:error"].resource_status[0].error_descriptions[0].error_code).toBe("osdi_not_found");
    }
  });

  it("pages with a seek cursor and filters like every list; a filter it cannot read is a 400", async () => {
    const action = await createAction(t.ctx, org);
    const partners = [await createOrganization(t.ctx), await createOrganization(t.ctx)];
    for (const partner of partners) await cosponsor(action.id, partner.id);
    const first = (await api("/api/v1/organizations?per_page=1")).json();
    expect(first).toMatchObject({ total_pages: 3, total_records: 3 });
    const next = new URL(first._links.next.href);
    const viaCursor = (await api(next.pathname + next.search)).json();
    expect(ids(viaCursor)).toEqual([`juntos:${partners[0]!.id}`]);
    expect(ids((await api("/api/v1/organizations?page=3&per_page=1")).json())).toEqual([
      `juntos:${partners[1]!.id}`,
    ]);
    expect(ids((await api("/api/v1/organizations?page=4&per_page=1")).json())).toEqual([]);
    const filtered = await api(
      `/api/v1/organizations?filter=${encodeURIComponent(`identifier gt 'juntos:${org.id}'`)}`,
    );
    expect(ids(filtered.json())).toEqual(partners.map((p) => `juntos:${p.id}`));
    const modified = await api(
      `/api/v1/organizations?filter=${encodeURIComponent("modified_date lt '2000-01-01'")}`,
    );
    expect(ids(modified.json())).toEqual([]);
    const bad = await api(`/api/v1/organizations?filter=${encodeURIComponent("organization eq 'x'")}`);
    expect(bad.status).toBe(400);
  });
});

describe("a petition's organizations", () => {
  it("links its sponsor as creator and sponsor, and its co-sponsors under juntos:cosponsors", async () => {
    const action = await createAction(t.ctx, org);
    const partner = await createOrganization(t.ctx);
    await cosponsor(action.id, partner.id);
    await t.ctx.database.db
      .insertInto("action_signons")
      .values({
        action_id: action.id,
        name: "Aardvark Tenants",
        city: null,
        state: null,
        website: "https://aardvark.example/",
        contact_name: null,
        contact_email: null,
        locale: "en",
        origin: "list",
        status: "approved",
        created_at: nowIso(),
        verified_at: null,
        decided_by: null,
        decided_at: null,
      })
      .execute();
    const petition = (await api(`/api/v1/petitions/${action.id}`)).json();
    const sponsorHref = `http://juntos.test/api/v1/organizations/${org.id}`;
    expect(petition._links["osdi:creator"]).toEqual({ href: sponsorHref });
    expect(petition._links["osdi:sponsor"]).toEqual({ href: sponsorHref });
    expect(petition._embedded["osdi:creator"]).toEqual({ name: org.name });
    expect(petition["juntos:cosponsors"]).toEqual([
      // Signed on without an account: named, with no resource of its own.
      { organization: "Aardvark Tenants", site_url: "https://aardvark.example/" },
      {
        organization: partner.name,
        _links: { self: { href: `http://juntos.test/api/v1/organizations/${partner.id}` } },
      },
    ]);
    // Every link leads to an organization this key may read.
    for (const href of [sponsorHref, petition["juntos:cosponsors"][1]._links.self.href]) {
      const { status, json } = await api(new URL(href).pathname);
      expect(status).toBe(200);
      expect(json()._links.self.href).toBe(href);
    }
  });
});
