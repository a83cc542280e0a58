/**
 * The OSDI people of an organization (its contacts) as real clients use them: Parsons'
 * upsert_person through person_signup_helper (created, then updated), the matching rules (email
 * first, then mobile; merge, never drop; null clears), consenting signers added on confirmation,
 * filters and Parsons' paging walk, and no organization seeing another's people.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addApprovedCosponsor } from "../../../src/modules/cosponsors/cosponsors.service.ts";
import type { OrganizationAccess } from "../../../src/modules/organizations/organizations.service.ts";
import { confirmationToken } from "../../../src/modules/signatures/signatures.ts";
import { createTestApp, type TestApp } from "../../support/app.ts";
import { ManualClock } from "../../support/clock.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  sign,
  type TestOrganization,
} from "../../support/fixtures.ts";

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by value, not by type
type Hal = any;

let t: TestApp;
let clock: ManualClock;
let org: TestOrganization;
let ownerAccess: OrganizationAccess;
beforeEach(async () => {
  clock = new ManualClock();
  t = await createTestApp({}, { clock });
  ({ org, access: ownerAccess } = await ownedOrganization());
});
afterEach(async () => {
  await t.close();
});

async function ownedOrganization() {
  const owner = await createAccount(t.ctx);
  const organization = await createOrganization(t.ctx, [{ account: owner, role: "owner" }]);
  const access = await t.ctx.organizations.access(
    { accountId: owner.id, isPlatformAdmin: false },
    organization.slug,
  );
  return { org: organization, access };
}

async function newKey(access: OrganizationAccess): Promise<string> {
  const created = await t.ctx.apiKeys.create(access, { name: "Test key", trusted: false });
  if (!created.ok) throw new Error("key refused");
  return created.secret;
}

/** A fresh key for each call (of the organization's owner, unless `as` says whose), under 4 a second. */
async function api(
  path: string,
  options: { as?: OrganizationAccess; key?: null; method?: "GET" | "POST"; body?: unknown } = {},
) {
  const token = options.key === null ? null : await newKey(options.as ?? ownerAccess);
  const response = await t.app.inject({
    method: options.method ?? "GET",
    url: path,
    headers: {
      ...(token === null ? {} : { "osdi-api-token": token }),
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(options.body === undefined ? {} : { payload: JSON.stringify(options.body) }),
  });
  return { response, json: () => response.json() as Hal };
}

/** POST /people as Parsons' upsert_person does; the Person answered. */
async function upsert(body: unknown, as?: OrganizationAccess): Promise<Hal> {
  const { response, json } = await api("/api/v1/people", { method: "POST", body, ...(as ? { as } : {}) });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers["content-type"]).toBe("application/hal+json; charset=utf-8");
  return json();
}

const records = (body: Hal) => body._embedded[Object.keys(body._embedded)[0]!] as Hal[];
const idOf = (person: Hal) => (person.identifiers[0] as string).replace("juntos:", "");

function expectBothErrorShapes(body: Hal, status: number, code: string) {
  expect(typeof body.error).toBe("string");
  expect(body["osdi:error"].response_code).toBe(status);
  expect(body["osdi:error"].resource_status[0].error_descriptions[0].error_code).toBe(code);
}

describe("person_signup_helper", () => {
  it("creates then updates a person from Parsons' upsert_person body", async () => {
    const created = await upsert({
      person: {
        email_addresses: [{ address: "ana@example.org" }],
        phone_numbers: [{ number: "+34 600 111 222" }],
        given_name: "Ana",
        family_name: "Ortiz",
        postal_addresses: [{ postal_code: "28013" }],
        custom_fields: { shift: "night" },
      },
      add_tags: ["volunteer"],
    });
    const self = `http://juntos.test/api/v1/people/${idOf(created)}`;
    expect(created).toMatchObject({
      identifiers: [expect.stringMatching(/^juntos:\d+$/)],
      given_name: "Ana",
      family_name: "Ortiz",
      email_addresses: [{ primary: true, address: "ana@example.org", status: "subscribed" }],
      phone_numbers: [{ primary: true, number: "34600111222", number_type: "Mobile" }],
      postal_addresses: [
        { primary: true, address_lines: [], locality: "", region: "", postal_code: "28013", country: "" },
      ],
      custom_fields: { shift: "night" },
      _links: {
        self: { href: self },
        "osdi:signatures": { href: `${self}/signatures` },
        "osdi:taggings": { href: `${self}/taggings` },
      },
    });
    // Parsons tells created from updated by these two dates.
    expect(created.created_date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(created.modified_date).toBe(created.created_date);

    clock.advance(60_000);
    const updated = await upsert({
      person: {
        email_addresses: [{ address: "  ANA@example.ORG " }],
        given_name: "Ana María",
        custom_fields: { team: "B" },
      },
    });
    expect(updated.identifiers).toEqual(created.identifiers);
    expect(updated.modified_date).not.toBe(updated.created_date);
    expect(updated.created_date).toBe(created.created_date);
    expect(updated).toMatchObject({
      given_name: "Ana María",
      family_name: "Ortiz",
      phone_numbers: [{ number: "34600111222" }],
      postal_addresses: [{ postal_code: "28013" }],
      custom_fields: { shift: "night", team: "B" },
    });
    const fetched = await api(new URL(self).pathname);
    expect(fetched.response.statusCode).toBe(200);
    expect(fetched.json()).toEqual(updated);
    const count = await t.ctx.database.db.selectFrom("contacts").select("id").execute();
    expect(count).toHaveLength(1);
  });

  it("merges, never drops, and clears only what is sent as null", async () => {
    const email = [{ address: "bea@example.org" }];
    await upsert({
      person: {
        email_addresses: email,
        given_name: "Bea",
        family_name: "Ruiz",
        postal_addresses: [{ address_lines: ["Calle Mayor 1"], locality: "Madrid", postal_code: "28013" }],
        custom_fields: { shift: "night", union: "yes" },
      },
    });
    const merged = await upsert({
      person: {
        email_addresses: email,
        postal_addresses: [{ region: "ES-M" }],
        custom_fields: { team: "B" },
      },
    });
    expect(merged).toMatchObject({
      given_name: "Bea",
      family_name: "Ruiz",
      postal_addresses: [
        { address_lines: ["Calle Mayor 1"], locality: "Madrid", region: "ES-M", postal_code: "28013" },
      ],
      custom_fields: { shift: "night", union: "yes", team: "B" },
    });
    const cleared = await upsert({
      person: {
        email_addresses: email,
        family_name: null,
        postal_addresses: [{ postal_code: null }],
        custom_fields: { union: null },
      },
    });
    expect(cleared).toMatchObject({
      given_name: "Bea",
      family_name: "",
      postal_addresses: [{ locality: "Madrid", region: "ES-M", postal_code: "" }],
      custom_fields: { shift: "night", team: "B" },
    });
    expect(cleared.custom_fields).not.toHaveProperty("union");
  });

  it("keeps a new person's status unless sent, and changes an existing one's only when sent", async () => {
    const unsubscribed = await upsert({
      person: { email_addresses: [{ address: "cy@example.org", status: "unsubscribed" }] },
    });
    expect(unsubscribed.email_addresses[0].status).toBe("unsubscribed");
    const untouched = await upsert({ person: { email_addresses: [{ address: "cy@example.org" }] } });
    expect(untouched.email_addresses[0].status).toBe("unsubscribed");
    const resubscribed = await upsert({
      person: { email_addresses: [{ address: "cy@example.org", status: "subscribed" }] },
    });
    expect(resubscribed.email_addresses[0].status).toBe("subscribed");
  });

  it("matches on the mobile number second: a number held by another email moves to the new person", async () => {
    const ana = await upsert({
      person: {
        email_addresses: [{ address: "ana@example.org" }],
        phone_numbers: [{ number: "34600111222" }],
      },
    });
    const bea = await upsert({
      person: {
        email_addresses: [{ address: "bea@example.org" }],
        phone_numbers: [{ number: "+34 600-111-222" }],
      },
    });
    expect(idOf(bea)).not.toBe(idOf(ana));
    expect(bea.phone_numbers).toEqual([{ primary: true, number: "34600111222", number_type: "Mobile" }]);
    expect((await api(`/api/v1/people/${idOf(ana)}`)).json().phone_numbers).toEqual([]);

    // A phone-only record is the number's person; it takes an email sent later.
    const byPhone = await upsert({
      person: { phone_numbers: [{ number: "34600111222" }], given_name: "Bea" },
    });
    expect(idOf(byPhone)).toBe(idOf(bea));
    const phoneOnly = await upsert({
      person: { phone_numbers: [{ number: "34600999888" }], family_name: "Soto" },
    });
    expect(phoneOnly.email_addresses).toEqual([]);
    const claimed = await upsert({
      person: {
        email_addresses: [{ address: "cy@example.org" }],
        phone_numbers: [{ number: "34600999888" }],
      },
    });
    expect(idOf(claimed)).toBe(idOf(phoneOnly));
    expect(claimed).toMatchObject({ family_name: "Soto", email_addresses: [{ address: "cy@example.org" }] });

    // A phone-only record merges into the email's person that claims its number, nothing dropped.
    const lone = await upsert({
      person: { phone_numbers: [{ number: "34600777666" }], custom_fields: { bus: "9" } },
    });
    const merged = await upsert({
      person: {
        email_addresses: [{ address: "ana@example.org" }],
        phone_numbers: [{ number: "34600777666" }],
      },
    });
    expect(idOf(merged)).toBe(idOf(ana));
    expect(merged).toMatchObject({ phone_numbers: [{ number: "34600777666" }], custom_fields: { bus: "9" } });
    expect((await api(`/api/v1/people/${idOf(lone)}`)).response.statusCode).toBe(404);
  });

  it("refuses a person without email or mobile number with 422 naming both fields", async () => {
    const { response, json } = await api("/api/v1/people", {
      method: "POST",
      body: { person: { given_name: "Ana", phone_numbers: [{ number: "5551234567", number_type: "Home" }] } },
    });
    expect(response.statusCode).toBe(422);
    const body = json();
    expectBothErrorShapes(body, 422, "missing_person_key");
    expect(body["osdi:error"].resource_status[0].error_descriptions[0].properties).toEqual([
      "person.email_addresses",
      "person.phone_numbers",
    ]);
    const invalid = await api("/api/v1/people", {
      method: "POST",
      body: { person: { email_addresses: [{ address: "not an email" }] } },
    });
    expect(invalid.response.statusCode).toBe(422);
    expect(invalid.json()["osdi:error"].resource_status[0].error_descriptions[0].properties).toEqual([
      "person.email_addresses.address",
    ]);
    const noPerson = await api("/api/v1/people", { method: "POST", body: { add_tags: ["x"] } });
    expect(noPerson.response.statusCode).toBe(400);
    expectBothErrorShapes(noPerson.json(), 400, "invalid_request");
  });

  it("is keyed only: without a key it is 401", async () => {
    const { response, json } = await api("/api/v1/people", {
      key: null,
      method: "POST",
      body: { person: { email_addresses: [{ address: "ana@example.org" }] } },
    });
    expect(response.statusCode).toBe(401);
    expectBothErrorShapes(json(), 401, "missing_api_key");
    expect(await t.ctx.database.db.selectFrom("contacts").select("id").execute()).toEqual([]);
  });

  it("never makes two people of concurrent upserts of one email", async () => {
    const person = { email: { address: "ana@example.org", canonical: "ana@example.org" }, phone: null };
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.ctx.contacts.upsert(
          undefined,
          org.id,
          { ...person, givenName: `Ana ${i}` },
          new Date().toISOString(),
        ),
      ),
    );
    expect(new Set(results.map((r) => r.contactId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await t.ctx.database.db.selectFrom("contacts").select("id").execute()).toHaveLength(1);
  });
});

describe("people of an organization", () => {
  it("shows a key only its organization's people: another's are 404 and absent from the list", async () => {
    const mine = await upsert({ person: { email_addresses: [{ address: "ana@example.org" }] } });
    const other = await ownedOrganization();
    const theirs = await upsert(
      { person: { email_addresses: [{ address: "ana@example.org" }], given_name: "Theirs" } },
      other.access,
    );
    expect(idOf(theirs)).not.toBe(idOf(mine));
    expect(records((await api("/api/v1/people")).json()).map(idOf)).toEqual([idOf(mine)]);
    expect(records((await api("/api/v1/people", { as: other.access })).json()).map(idOf)).toEqual([
      idOf(theirs),
    ]);
    for (const path of [
      `/api/v1/people/${idOf(theirs)}`,
      `/api/v1/people/${idOf(theirs)}/signatures`,
      "/api/v1/people/x",
    ]) {
      const { response, json } = await api(path);
      expect(response.statusCode, path).toBe(404);
      expectBothErrorShapes(json(), 404, "osdi_not_found");
    }
    expect((await api(`/api/v1/people/${idOf(mine)}`)).json().given_name).toBe("");
  });

  it("adds a signer who consented to the sponsor (or the referring co-sponsor) on confirmation, no one else", async () => {
    const action = await createAction(t.ctx, org);
    const partner = await ownedOrganization();
    await addApprovedCosponsor(t.ctx.database.db, action.id, partner.org.id);
    const [ana] = await sign(
      t.ctx,
      action.slug,
      [
        {
          name: "Ana María Ortiz",
          email: "Ana@Example.org",
          postalCode: "28013",
          consent: true,
          source: "newsletter",
        },
      ],
      true,
    );
    await sign(
      t.ctx,
      action.slug,
      [
        { name: "Bea Ruiz", email: "bea@example.org", partnerId: partner.org.id, consentPartner: true },
        { name: "Cy Soto", email: "cy@example.org" },
        { name: "Di Pending", email: "di@example.org", consent: true },
      ],
      false,
    );
    const bea = await t.ctx.database.db
      .selectFrom("signatures")
      .innerJoin("people", "people.id", "signatures.person_id")
      .select("signatures.id")
      .where("people.email", "=", "bea@example.org")
      .executeTakeFirstOrThrow();
    await t.ctx.signatures.confirm(confirmationToken(t.ctx.config.secret, bea.id));
    const cy = await t.ctx.database.db
      .selectFrom("signatures")
      .innerJoin("people", "people.id", "signatures.person_id")
      .select("signatures.id")
      .where("people.email", "=", "cy@example.org")
      .executeTakeFirstOrThrow();
    await t.ctx.signatures.confirm(confirmationToken(t.ctx.config.secret, cy.id));

    const sponsorPeople = records((await api("/api/v1/people")).json());
    expect(sponsorPeople).toHaveLength(1);
    expect(sponsorPeople[0]).toMatchObject({
      given_name: "Ana María",
      family_name: "Ortiz",
      email_addresses: [{ address: "Ana@Example.org", status: "subscribed" }],
      postal_addresses: [{ postal_code: "28013" }],
      source: "newsletter",
    });
    const partnerPeople = records((await api("/api/v1/people", { as: partner.access })).json());
    expect(partnerPeople.map((p) => p.email_addresses[0].address)).toEqual(["bea@example.org"]);

    const signatures = (await api(`/api/v1/people/${idOf(sponsorPeople[0])}/signatures`)).json();
    expect(records(signatures)).toHaveLength(1);
    expect(records(signatures)[0]).toMatchObject({
      identifiers: [`juntos:${ana}`],
      person: { email_addresses: [{ address: "Ana@Example.org" }] },
      _links: {
        self: { href: `http://juntos.test/api/v1/petitions/${action.id}/signatures/${ana}` },
        "osdi:petition": { href: `http://juntos.test/api/v1/petitions/${action.id}` },
        "osdi:person": { href: `http://juntos.test/api/v1/people/${idOf(sponsorPeople[0])}` },
      },
    });
    const partnerSignatures = (
      await api(`/api/v1/people/${idOf(partnerPeople[0])}/signatures`, { as: partner.access })
    ).json();
    expect(records(partnerSignatures).map((s) => s.identifiers[0])).toEqual([`juntos:${bea.id}`]);
    // The sponsor has no contact for her: she did not consent to it.
    expect(JSON.stringify(sponsorPeople)).not.toContain("bea@example.org");

    // Signing again elsewhere refreshes the same contact, keeping what the API wrote.
    await upsert({
      person: { email_addresses: [{ address: "ana@example.org" }], custom_fields: { shift: "night" } },
    });
    const second = await createAction(t.ctx, org);
    await sign(
      t.ctx,
      second.slug,
      [{ name: "Ana Ortiz", email: "ana@example.org", postalCode: "28014", consent: true }],
      true,
    );
    const [refreshed] = records((await api("/api/v1/people")).json());
    expect(refreshed).toMatchObject({
      given_name: "Ana",
      family_name: "Ortiz",
      postal_addresses: [{ postal_code: "28014" }],
      custom_fields: { shift: "night" },
      source: "newsletter",
    });
    expect(records((await api(`/api/v1/people/${idOf(refreshed)}/signatures`)).json())).toHaveLength(2);
  });

  it("filters on email_address and postal_code (eq) and the common fields; anything else is a 400", async () => {
    const ana = await upsert({
      person: {
        email_addresses: [{ address: "ana@example.org" }],
        postal_addresses: [{ postal_code: "28013" }],
      },
    });
    const bea = await upsert({
      person: {
        email_addresses: [{ address: "bea@example.org" }],
        postal_addresses: [{ postal_code: "28013" }],
      },
    });
    const cy = await upsert({
      person: {
        email_addresses: [{ address: "cy@example.org" }],
        postal_addresses: [{ postal_code: "94110" }],
      },
    });
    const ids = async (filter: string) =>
      records((await api(`/api/v1/people?filter=${encodeURIComponent(filter)}`)).json()).map(idOf);
    expect(await ids("email_address eq ' BEA@example.org'")).toEqual([idOf(bea)]);
    expect(await ids("postal_code eq '28013'")).toEqual([idOf(ana), idOf(bea)]);
    expect(await ids(`postal_code eq '28013' and identifier gt 'juntos:${idOf(ana)}'`)).toEqual([idOf(bea)]);
    expect(await ids(`identifier lt 'juntos:${idOf(cy)}'`)).toEqual([idOf(ana), idOf(bea)]);
    expect(await ids("modified_date gt '2000-01-01'")).toHaveLength(3);
    expect(await ids("created_date lt '2000-01-01'")).toEqual([]);
    for (const filter of ["email_address gt 'a'", "given_name eq 'Ana'", "postal_code lt '3'"]) {
      const { response, json } = await api(`/api/v1/people?filter=${encodeURIComponent(filter)}`);
      expect(response.statusCode, filter).toBe(400);
      const body = json();
      expectBothErrorShapes(body, 400, "invalid_filter");
      expect(body["osdi:error"].resource_status[0].error_descriptions[0].properties).toEqual(["filter"]);
    }
    // Petitions do not take people's fields.
    const petitions = await api(`/api/v1/petitions?filter=${encodeURIComponent("postal_code eq '28013'")}`);
    expect(petitions.response.statusCode).toBe(400);
  });

  it("pages like Parsons walks them: the first key of _embedded, until the first empty page", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(idOf(await upsert({ person: { email_addresses: [{ address: `p${i}@example.org` }] } })));
    const seen: string[] = [];
    let page = 1;
    for (;;) {
      const { response, json } = await api(`/api/v1/people?page=${page}&per_page=2`);
      expect(response.statusCode).toBe(200);
      const body = json();
      if (records(body).length === 0) break;
      expect(body).toMatchObject({ page, per_page: 2, total_pages: 3, total_records: 5 });
      expect(body._links["osdi:people"]).toEqual(records(body).map((r) => r._links.self));
      seen.push(...records(body).map(idOf));
      page++;
    }
    expect(page).toBe(4);
    expect(seen).toEqual(ids);
    const first = (await api("/api/v1/people?per_page=2")).json();
    const next = new URL(first._links.next.href);
    const viaCursor = (await api(next.pathname + next.search)).json();
    expect(viaCursor._embedded).toEqual((await api("/api/v1/people?page=2&per_page=2")).json()._embedded);
  });
});
