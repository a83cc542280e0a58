/**
 * The OSDI API as real clients use it: the entry point, keys (missing, unknown, revoked, another
 * organization's), the rate limit, Parsons' paging walk, filters, malformed bodies, and a
 * petition's signatures (confirmed only, the signer only with consent to the key's organization).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { OrganizationAccess } from "../../../src/modules/organizations/organizations.service.ts";
import { createTestApp, type TestApp } from "../../support/app.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  sign,
  type TestOrganization,
} from "../../support/fixtures.ts";

/** A HAL body, walked the way a client reads it. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by value, not by type
type Hal = any;

let t: TestApp;
let org: TestOrganization;
let ownerAccess: OrganizationAccess;
let key: string;
beforeEach(async () => {
  t = await createTestApp();
  const owner = await createAccount(t.ctx);
  org = await createOrganization(t.ctx, [{ account: owner, role: "owner" }]);
  ownerAccess = await t.ctx.organizations.access({ accountId: owner.id, isPlatformAdmin: false }, org.slug);
  key = await newKey(ownerAccess);
});
afterEach(async () => {
  await t.close();
});

async function newKey(access: OrganizationAccess): Promise<string> {
  const created = await t.ctx.apiKeys.create(access, { name: "Test key", trusted: false });
  if (!created.ok) throw new Error("key refused");
  return created.secret;
}

/** A fresh key for each call, so paging walks and filters stay under 4 requests a second. */
async function api(
  path: string,
  options: { key?: string | null; method?: "GET" | "POST"; body?: string } = {},
) {
  const token = options.key === undefined ? await newKey(ownerAccess) : options.key;
  const response = await t.app.inject({
    method: options.method ?? "GET",
    url: path,
    headers: {
      ...(token === null ? {} : { "osdi-api-token": token }),
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(options.body === undefined ? {} : { payload: options.body }),
  });
  return { response, json: () => response.json() as Hal };
}

function expectBothErrorShapes(body: Hal, status: number, code: string) {
  expect(typeof body.error).toBe("string");
  expect(body["osdi:error"].response_code).toBe(status);
  expect(body["osdi:error"].resource_status[0].error_descriptions[0].error_code).toBe(code);
}

describe("the entry point", () => {
  it("is HAL+JSON with the guide's fields and a link per collection served", async () => {
    const { response, json } = await api("/api/v1/", { key });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/hal+json; charset=utf-8");
    const body = json();
    expect(body).toMatchObject({
      vendor_name: "Juntos",
      product_name: "Juntos",
      osdi_version: "1.2.0",
      namespace: "juntos",
      max_pagesize: 25,
      max_page_size: 25,
    });
    expect(typeof body.motd).toBe("string");
    expect(body._links.curies).toEqual([
      { name: "osdi", href: "https://opensupporter.github.io/osdi-docs/{rel}", templated: true },
      { name: "juntos", href: "http://juntos.test/en/api#{rel}", templated: true },
    ]);
    expect(body._links.self.href).toBe("http://juntos.test/api/v1/");
    expect(body._links["osdi:petitions"].href).toBe("http://juntos.test/api/v1/petitions");
    expect(body._links.docs.href).toMatch(/^https:\/\//);
    // Only what is served is linked: clients take a missing link as unsupported.
    expect(Object.keys(body._links).filter((rel) => rel.startsWith("osdi:"))).toEqual([
      "osdi:petitions",
      "osdi:tags",
      "osdi:people",
      "osdi:person_signup_helper",
    ]);
    expect(body._links["osdi:person_signup_helper"].href).toBe("http://juntos.test/api/v1/people");
    expect(body._links["juntos:organizations"].href).toBe("http://juntos.test/api/v1/organizations");
  });
});

describe("keys", () => {
  it("refuses a missing or unknown key with 401 and a revoked one with 403, at once", async () => {
    const missing = await api("/api/v1/petitions", { key: null });
    expect(missing.response.statusCode).toBe(401);
    expectBothErrorShapes(missing.json(), 401, "missing_api_key");
    const unknown = await api("/api/v1/petitions", { key: `${key}x` });
    expect(unknown.response.statusCode).toBe(401);
    expectBothErrorShapes(unknown.json(), 401, "invalid_api_key");
    expect((await api("/api/v1/petitions", { key })).response.statusCode).toBe(200);
    const revokedId = (await t.ctx.apiKeys.list(ownerAccess)).find((k) => key.startsWith(k.prefix))!.id;
    await t.ctx.apiKeys.revoke(ownerAccess, revokedId);
    const revoked = await api("/api/v1/petitions", { key });
    expect(revoked.response.statusCode).toBe(403);
    expectBothErrorShapes(revoked.json(), 403, "revoked_api_key");
  });

  it("shows a key only its organization's petitions: another's ids are 404", async () => {
    const mine = await createAction(t.ctx, org);
    const otherOwner = await createAccount(t.ctx);
    const other = await createOrganization(t.ctx, [{ account: otherOwner, role: "owner" }]);
    const theirs = await createAction(t.ctx, other);
    const { json } = await api("/api/v1/petitions");
    expect(json()._embedded["osdi:petitions"].map((p: Hal) => p.identifiers[0])).toEqual([
      `juntos:${mine.id}`,
    ]);
    expect((await api(`/api/v1/petitions/${mine.id}`)).response.statusCode).toBe(200);
    const foreign = await api(`/api/v1/petitions/${theirs.id}`);
    expect(foreign.response.statusCode).toBe(404);
    expectBothErrorShapes(foreign.json(), 404, "osdi_not_found");
    expect((await api("/api/v1/petitions/not-a-number")).response.statusCode).toBe(404);
  });

  it("answers the fifth request in a second with 429 and Retry-After", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await api("/api/v1/", { key })).response.statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const throttled = await api("/api/v1/", { key });
    expect(throttled.response.statusCode).toBe(429);
    expect(Number(throttled.response.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expectBothErrorShapes(throttled.json(), 429, "rate_limited");
    // Another key of the same organization has its own allowance.
    expect((await api("/api/v1/")).response.statusCode).toBe(200);
  });
});

describe("petitions", () => {
  it("maps an action to an OSDI petition", async () => {
    const action = await createAction(t.ctx, org);
    const { response, json } = await api(`/api/v1/petitions/${action.id}`);
    expect(response.headers["content-type"]).toBe("application/hal+json; charset=utf-8");
    const petition = json();
    expect(petition).toMatchObject({
      identifiers: [`juntos:${action.id}`],
      name: "Fund the day labor center",
      title: "Fund the day labor center",
      summary: "Keep the doors open for workers.",
      description:
        "<p>The center <strong>matters</strong>.</p><ul><li>hiring hall</li><li>wage claims</li></ul>",
      petition_text: "Dear Supervisors, please fund the center.",
      browser_url: `http://juntos.test/en/a/${action.slug}`,
      target: [{ name: "Ada Lovelace" }, { name: "Grace Hopper" }],
      total_signatures: 0,
      "action_network:sponsor": { title: org.name },
      "juntos:cosponsors": [],
      _embedded: { "osdi:creator": { name: org.name } },
      _links: { self: { href: `http://juntos.test/api/v1/petitions/${action.id}` } },
    });
    expect(petition.created_date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(petition.modified_date).toMatch(/Z$/);
  });

  it("pages like Parsons walks them: the first key of _embedded, until the first empty page", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createAction(t.ctx, org)).id);
    // Not a petition: an external action's signatures are collected elsewhere.
    await createAction(t.ctx, org, {
      form: { type: "external", external_url: "https://elsewhere.example/x" },
    });
    const seen: string[] = [];
    let page = 1;
    for (;;) {
      const { response, json } = await api(`/api/v1/petitions?page=${page}&per_page=2`);
      expect(response.statusCode).toBe(200);
      const body = json();
      const records = body._embedded[Object.keys(body._embedded)[0]!] as Hal[];
      if (records.length === 0) break;
      expect(body).toMatchObject({ page, per_page: 2, total_pages: 3, total_records: 5 });
      expect(body._links["osdi:petitions"]).toEqual(records.map((r) => r._links.self));
      seen.push(...records.map((r) => r.identifiers[0]));
      page++;
    }
    expect(page).toBe(4);
    expect(seen).toEqual(ids.map((id) => `juntos:${id}`));
  });

  it("links next (a seek cursor) and previous, and the cursor gives the same page", async () => {
    for (let i = 0; i < 3; i++) await createAction(t.ctx, org);
    const first = (await api("/api/v1/petitions?per_page=1")).json();
    expect(first._links.previous).toBeUndefined();
    const next = new URL(first._links.next.href);
    expect(next.searchParams.get("page")).toBe("2");
    const viaCursor = (await api(next.pathname + next.search)).json();
    const viaNumber = (await api("/api/v1/petitions?page=2&per_page=1")).json();
    expect(viaCursor._embedded).toEqual(viaNumber._embedded);
    expect(new URL(viaNumber._links.previous.href).searchParams.get("page")).toBe("1");
    const last = (await api("/api/v1/petitions?page=3&per_page=1")).json();
    expect(last._links.next).toBeUndefined();
    const past = await api("/api/v1/petitions?page=9&per_page=1");
    expect(past.response.statusCode).toBe(200);
    expect(past.json()._embedded["osdi:petitions"]).toEqual([]);
  });

  it("filters on modified_date, created_date and identifier with eq, gt and lt (filter or $filter)", async () => {
    const [a, b, c] = [
      await createAction(t.ctx, org),
      await createAction(t.ctx, org),
      await createAction(t.ctx, org),
    ];
    const ids = async (filter: string, param = "filter") =>
      (
        (await api(`/api/v1/petitions?${param}=${encodeURIComponent(filter)}`)).json()._embedded[
          "osdi:petitions"
        ] as Hal[]
      ).map((p) => p.identifiers[0]);
    expect(await ids(`identifier eq 'juntos:${b!.id}'`)).toEqual([`juntos:${b!.id}`]);
    expect(await ids(`identifier gt 'juntos:${a!.id}'`, "$filter")).toEqual([
      `juntos:${b!.id}`,
      `juntos:${c!.id}`,
    ]);
    expect(await ids(`identifier lt 'juntos:${c!.id}' and identifier gt 'juntos:${a!.id}'`)).toEqual([
      `juntos:${b!.id}`,
    ]);
    expect(await ids("identifier eq 'action_network:abc'")).toEqual([]);
    expect(await ids("modified_date gt '2000-01-01'")).toHaveLength(3);
    expect(await ids("created_date lt '2000-01-01T00:00:00Z'")).toEqual([]);
    const now = await t.ctx.database.db
      .selectFrom("actions")
      .select("created_at")
      .where("id", "=", c!.id)
      .executeTakeFirstOrThrow();
    expect(await ids(`created_date eq '${now.created_at}'`)).toContain(`juntos:${c!.id}`);
  });

  it("refuses filters and paging it cannot honour with a 400 that says why", async () => {
    for (const [query, code, property] of [
      ["filter=title eq 'x'", "invalid_filter", "filter"],
      ["filter=modified_date ge '2024-01-01'", "invalid_filter", "filter"],
      ["filter=modified_date gt 'yesterday'", "invalid_filter", "filter"],
      ["filter=identifier eq '12'", "invalid_filter", "filter"],
      ["filter=modified_date gt '2024-01-01' or identifier eq 'juntos:1'", "invalid_filter", "filter"],
      ["per_page=26", "invalid_paging", "per_page"],
      ["page=0", "invalid_paging", "page"],
      ["page=abc", "invalid_paging", "page"],
    ] as const) {
      const { response, json } = await api(`/api/v1/petitions?${query.replaceAll(" ", "%20")}`);
      expect(response.statusCode, query).toBe(400);
      const body = json();
      expectBothErrorShapes(body, 400, code);
      expect(body["osdi:error"].resource_status[0].error_descriptions[0].properties).toEqual([property]);
    }
  });

  it("answers a malformed JSON body with 400, never 500", async () => {
    const { response, json } = await api("/api/v1/petitions", { method: "POST", body: '{"person": {' });
    expect(response.statusCode).toBe(400);
    expectBothErrorShapes(json(), 400, "malformed_json");
  });
});

describe("signatures", () => {
  /** The records of a signatures page, read as Parsons does: the first key of `_embedded`. */
  const records = (body: Hal) => body._embedded[Object.keys(body._embedded)[0]!] as Hal[];

  it("lists confirmed signatures only, the signer only with consent to the sponsor", async () => {
    const action = await createAction(t.ctx, org);
    const partner = await createOrganization(t.ctx);
    const [ana, bea] = await sign(
      t.ctx,
      action.slug,
      [
        {
          name: "Ana María Ortiz",
          email: "ana@example.org",
          postalCode: "28013",
          comment: "I ride it daily",
          source: "newsletter-may",
          consent: true,
          partnerId: partner.id,
          website: "news.example",
        },
        // Consent to the co-sponsor that brought her is not consent to the sponsor.
        { name: "Bea Ruiz", email: "bea@example.org", partnerId: partner.id, consentPartner: true },
      ],
      true,
    );
    const [pending] = await sign(
      t.ctx,
      action.slug,
      [{ name: "Cy Pending", email: "cy@example.org" }],
      false,
    );

    const petitionUrl = `http://juntos.test/api/v1/petitions/${action.id}`;
    const petition = (await api(`/api/v1/petitions/${action.id}`)).json();
    expect(petition._links["osdi:signatures"].href).toBe(`${petitionUrl}/signatures`);

    const { response, json } = await api(`/api/v1/petitions/${action.id}/signatures`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/hal+json; charset=utf-8");
    const body = json();
    expect(body).toMatchObject({ page: 1, per_page: 25, total_pages: 1, total_records: 2 });
    const [first, second] = body._embedded["osdi:signatures"] as Hal[];
    expect(body._links["osdi:signatures"]).toEqual([first._links.self, second._links.self]);
    expect(first).toMatchObject({
      identifiers: [`juntos:${ana}`],
      origin_system: "Juntos",
      comments: "I ride it daily",
      referrer_data: { source: "newsletter-may", referrer: partner.slug, website: "news.example" },
      "action_network:referrer_data": {
        source: "newsletter-may",
        referrer: partner.slug,
        website: "news.example",
      },
      "juntos:consent": { sponsor: true, referrer: false },
      person: {
        given_name: "Ana María",
        family_name: "Ortiz",
        email_addresses: [{ address: "ana@example.org" }],
        postal_addresses: [{ postal_code: "28013" }],
      },
      _links: {
        self: { href: `${petitionUrl}/signatures/${ana}` },
        "osdi:petition": { href: petitionUrl },
      },
    });
    expect(first.created_date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(first.modified_date >= first.created_date).toBe(true);
    expect(second).toMatchObject({
      identifiers: [`juntos:${bea}`],
      referrer_data: { source: "", referrer: partner.slug, website: "" },
      "juntos:consent": { sponsor: false, referrer: true },
    });
    expect(second).not.toHaveProperty("person");
    expect(JSON.stringify(body)).not.toContain("bea@example.org");
    expect(JSON.stringify(body)).not.toContain("cy@example.org");

    const one = await api(new URL(first._links.self.href).pathname);
    expect(one.response.statusCode).toBe(200);
    expect(one.json()).toEqual(first);
    const unconfirmed = await api(`/api/v1/petitions/${action.id}/signatures/${pending}`);
    expect(unconfirmed.response.statusCode).toBe(404);
    expectBothErrorShapes(unconfirmed.json(), 404, "osdi_not_found");
  });

  it("answers 404 for another organization's petition or signature", async () => {
    const mine = await createAction(t.ctx, org);
    const [own] = await sign(t.ctx, mine.slug, [{ name: "Ana Ortiz", email: "ana@example.org" }], true);
    const other = await createOrganization(t.ctx);
    const theirs = await createAction(t.ctx, other);
    const [foreign] = await sign(t.ctx, theirs.slug, [{ name: "Bea Ruiz", email: "bea@example.org" }], true);
    for (const path of [
      `/api/v1/petitions/${theirs.id}/signatures`,
      `/api/v1/petitions/${theirs.id}/signatures/${foreign}`,
      `/api/v1/petitions/${mine.id}/signatures/${foreign}`,
      `/api/v1/petitions/${theirs.id}/signatures/${own}`,
      `/api/v1/petitions/${mine.id}/signatures/not-a-number`,
    ]) {
      const { response, json } = await api(path);
      expect(response.statusCode, path).toBe(404);
      expectBothErrorShapes(json(), 404, "osdi_not_found");
    }
    expect((await api(`/api/v1/petitions/${mine.id}/signatures/${own}`)).response.statusCode).toBe(200);
  });

  it("pages like Parsons walks them, next seeks to the same page, past the end is empty", async () => {
    const action = await createAction(t.ctx, org);
    const signers = Array.from({ length: 5 }, (_, i) => ({
      name: `Signer ${i}`,
      email: `s${i}@example.org`,
    }));
    const ids = await sign(t.ctx, action.slug, signers, true);
    await sign(t.ctx, action.slug, [{ name: "Cy Pending", email: "cy@example.org" }], false);
    const collection = `/api/v1/petitions/${action.id}/signatures`;
    const seen: string[] = [];
    let page = 1;
    for (;;) {
      const { response, json } = await api(`${collection}?page=${page}&per_page=2`);
      expect(response.statusCode).toBe(200);
      const body = json();
      if (records(body).length === 0) break;
      expect(body).toMatchObject({ page, per_page: 2, total_pages: 3, total_records: 5 });
      seen.push(...records(body).map((r) => r.identifiers[0]));
      page++;
    }
    expect(page).toBe(4);
    expect(seen).toEqual(ids.map((id) => `juntos:${id}`));

    const first = (await api(`${collection}?per_page=2`)).json();
    expect(first._links.previous).toBeUndefined();
    const next = new URL(first._links.next.href);
    expect(next.pathname).toBe(collection);
    expect(next.searchParams.get("page")).toBe("2");
    const viaCursor = (await api(next.pathname + next.search)).json();
    expect(viaCursor._embedded).toEqual((await api(`${collection}?page=2&per_page=2`)).json()._embedded);
    expect(new URL(viaCursor._links.previous.href).searchParams.get("page")).toBe("1");
    const last = (await api(`${collection}?page=3&per_page=2`)).json();
    expect(last._links.next).toBeUndefined();
    expect(records(last)).toHaveLength(1);
  });

  it("walks page by page by seeking where the last page ended, and finds the start afresh once the list changed", async () => {
    const action = await createAction(t.ctx, org);
    const signers = Array.from({ length: 7 }, (_, i) => ({
      name: `Walker ${i}`,
      email: `w${i}@example.org`,
    }));
    const ids = await sign(t.ctx, action.slug, signers, true);
    const collection = `/api/v1/petitions/${action.id}/signatures`;
    const pageIds = async (page: number) =>
      records((await api(`${collection}?page=${page}&per_page=2`)).json()).map((r) => r.identifiers[0]);
    const juntos = (list: number[]) => list.map((id) => `juntos:${id}`);
    expect(await pageIds(1)).toEqual(juntos(ids.slice(0, 2)));
    expect(await pageIds(2)).toEqual(juntos(ids.slice(2, 4)));
    // A signature of page 1 stops counting: every later page shifts by one.
    await t.ctx.signatureAdmin.setValid(ownerAccess, action.id, ids[0]!, false);
    expect(await pageIds(3)).toEqual(juntos(ids.slice(5, 7)));
    expect(await pageIds(2)).toEqual(juntos(ids.slice(3, 5)));
    const body = (await api(`${collection}?page=2&per_page=2`)).json();
    expect(body).toMatchObject({ total_records: 6, total_pages: 3 });
  });

  it("filters on identifier, created_date and modified_date; anything else is a 400", async () => {
    const action = await createAction(t.ctx, org);
    const [a, b, c] = await sign(
      t.ctx,
      action.slug,
      [
        { name: "Ana Ortiz", email: "ana@example.org" },
        { name: "Bea Ruiz", email: "bea@example.org" },
        { name: "Cy Soto", email: "cy@example.org" },
      ],
      true,
    );
    const collection = `/api/v1/petitions/${action.id}/signatures`;
    const ids = async (filter: string, param = "filter") =>
      records((await api(`${collection}?${param}=${encodeURIComponent(filter)}`)).json()).map(
        (r) => r.identifiers[0],
      );
    expect(await ids(`identifier eq 'juntos:${b}'`)).toEqual([`juntos:${b}`]);
    expect(await ids(`identifier gt 'juntos:${a}'`, "$filter")).toEqual([`juntos:${b}`, `juntos:${c}`]);
    expect(await ids(`identifier lt 'juntos:${c}' and identifier gt 'juntos:${a}'`)).toEqual([`juntos:${b}`]);
    expect(await ids("identifier eq 'action_network:abc'")).toEqual([]);
    expect(await ids("created_date gt '2000-01-01'")).toHaveLength(3);
    expect(await ids("modified_date lt '2000-01-01T00:00:00Z'")).toEqual([]);
    const confirmed = await t.ctx.database.db
      .selectFrom("signatures")
      .select("confirmed_at")
      .where("id", "=", c!)
      .executeTakeFirstOrThrow();
    expect(await ids(`modified_date eq '${confirmed.confirmed_at}'`)).toContain(`juntos:${c}`);
    expect(await ids(`modified_date gt '${confirmed.confirmed_at}'`)).toEqual([]);

    for (const [query, code, property] of [
      ["filter=comments eq 'x'", "invalid_filter", "filter"],
      ["filter=created_date ge '2024-01-01'", "invalid_filter", "filter"],
      ["filter=modified_date gt 'yesterday'", "invalid_filter", "filter"],
      ["per_page=26", "invalid_paging", "per_page"],
      ["page=0", "invalid_paging", "page"],
    ] as const) {
      const { response, json } = await api(`${collection}?${query.replaceAll(" ", "%20")}`);
      expect(response.statusCode, query).toBe(400);
      const body = json();
      expectBothErrorShapes(body, 400, code);
      expect(body["osdi:error"].resource_status[0].error_descriptions[0].properties).toEqual([property]);
    }
  });
});
