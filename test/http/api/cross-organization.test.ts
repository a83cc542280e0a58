/**
 * Cross-organization access over the whole API, read from its own OpenAPI document so a new
 * route is covered (or fails here) by itself: two organizations, A and B, each with a petition,
 * confirmed signatures (some consenting, so contacts), a tag on a contact and a co-sponsor. With
 * B's key every operation that names one of A's records answers 404 in both error shapes and
 * changes no row of the database; every list B's key reads holds none of A's records, and a filter
 * naming A's identifiers or addresses finds nothing; creating with B's key (even with A's names
 * and addresses) makes B's records and leaves every existing row as it was.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { nowIso } from "../../../src/db/database.ts";
import type { OrganizationAccess } from "../../../src/modules/organizations/organizations.service.ts";
import { createTestApp, type TestApp } from "../../support/app.ts";
import { createAccount, createAction, createOrganization, sign, uniqueSlug } from "../../support/fixtures.ts";

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by value, not by type
type Hal = any;
type Method = "GET" | "POST" | "PUT" | "DELETE";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const api = "http://juntos.test/api/v1";
/** An address both organizations' petitions were signed with, consenting to each: one contact each. */
const sharedEmail = "shared.signer@example.org";

/** One organization's records, and the texts that would give any of them away in an answer. */
async function organizationWithRecords(letter: "A" | "B") {
  const owner = await createAccount(t.ctx);
  const org = await createOrganization(t.ctx, [{ account: owner, role: "owner" }]);
  const access = await t.ctx.organizations.access({ accountId: owner.id, isPlatformAdmin: false }, org.slug);
  const marker = `${letter}-${uniqueSlug("only")}`;
  const petition = await createAction(t.ctx, org, { form: { title_en: `Petition ${marker}` } });
  const emails = [`consenting.${marker}@example.org`, `silent.${marker}@example.org`, sharedEmail];
  const signatures = await sign(
    t.ctx,
    petition.slug,
    [
      { name: `Consenting ${marker}`, email: emails[0]!, consent: true, source: `source-${marker}` },
      { name: `Silent ${marker}`, email: emails[1]!, consent: false },
      { name: `Shared ${letter}`, email: sharedEmail, consent: true },
    ],
    true,
  );
  const contacts = await t.ctx.database.db
    .selectFrom("contacts")
    .select(["id", "email"])
    .where("organization_id", "=", org.id)
    .orderBy("id")
    .execute();
  // The consenting signers, and nobody else, became the organization's people.
  expect(contacts.map((c) => c.email).sort()).toEqual([emails[0], sharedEmail].sort());
  const contact = contacts.find((c) => c.email === emails[0])!.id;
  const sharedContact = contacts.find((c) => c.email === sharedEmail)!.id;
  const { tag } = await t.ctx.tags.create(org.id, { name: `tag-${marker}` });
  const { tagging } = await t.ctx.tags.tagContact(org.id, tag.id, contact);
  const cosponsor = await createOrganization(t.ctx);
  await t.ctx.database.db
    .insertInto("action_cosponsors")
    .values({
      action_id: petition.id,
      organization_id: cosponsor.id,
      created_at: nowIso(),
      status: "approved",
    })
    .execute();
  return {
    org,
    access,
    marker,
    petition,
    signatures,
    contact,
    sharedContact,
    tag,
    tagging,
    cosponsor,
    emails: emails.slice(0, 2),
    /** What none of B's answers may contain. */
    giveaways: [marker, org.name, org.slug, cosponsor.name, cosponsor.slug, ...emails.slice(0, 2)],
  };
}
type Records = Awaited<ReturnType<typeof organizationWithRecords>>;

/**
 * Keys made before the database is read, so the reading compares like with like: each is used
 * at most four times, the API's limit a second.
 */
async function keyPool(access: OrganizationAccess, size: number) {
  const secrets: string[] = [];
  for (let i = 0; i < size; i++) {
    const created = await t.ctx.apiKeys.create(access, { name: `Key ${i}`, trusted: true });
    if (!created.ok) throw new Error("key refused");
    secrets.push(created.secret);
  }
  let used = 0;
  return () => {
    const secret = secrets[Math.floor(used / 4)];
    if (!secret) throw new Error("the key pool ran out: make it larger");
    used++;
    return secret;
  };
}

async function call(key: string, method: Method, path: string, body?: unknown) {
  const response = await t.app.inject({
    method,
    url: `/api/v1${path}`,
    headers: {
      "osdi-api-token": key,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { status: response.statusCode, body: response.body, json: () => response.json() as Hal };
}

/** Every row of every table, as text, table by table. */
async function everyRow(): Promise<Record<string, string[]>> {
  const { db } = t.ctx.database;
  const tables = (await db.introspection.getTables()).map((table) => table.name).sort();
  const rows: Record<string, string[]> = {};
  for (const table of tables) {
    // biome-ignore lint/suspicious/noExplicitAny: every table, whatever its type
    const all = await (db as any).selectFrom(table).selectAll().execute();
    rows[table] = all.map((row: unknown) => JSON.stringify(row)).sort();
  }
  return rows;
}

/** One request of the matrix: the path's parameters, and a body where the operation takes one. */
interface Probe {
  params: Record<string, number>;
  body?: unknown;
  /** A's id beside one of B's: not a record A's key reads either. */
  mixed?: true;
}

/**
 * What B's key is tried with, for each operation of the document:
 * - `foreign`: requests naming A's records (or A's beside B's), each a 404 that changes nothing;
 *   as GETs with A's key they answer 200, so the ids are real.
 * - `list`: a list of B's (its parameters B's own), which must hold none of A's records; `mine`
 *   is one of B's identifiers it finds by filter, `theirs` A's, which a filter finds nothing of.
 * - `creates`: a create with B's key, even naming A's things, which makes a record of B's.
 * - `unscoped`: an answer about the API itself, the same for every key, with nothing of A's.
 */
interface Case {
  foreign?: Probe[];
  list?: { params: Record<string, number>; mine: string[]; theirs: string[]; filters?: string[] };
  creates?: { body: unknown; status: number };
  unscoped?: true;
}

function cases(a: Records, b: Records): Record<string, Case> {
  const signatureBody = {
    person: { given_name: "Eve", family_name: "Intruder", email_addresses: [{ address: a.emails[0] }] },
    comments: "not mine to sign",
    referrer_data: { source: "cross-org" },
  };
  const petitionBody = {
    title: "Taken over",
    summary: "Not theirs.",
    description: "Not theirs to change.",
    target: [{ name: "Nobody" }],
    "juntos:goal": 1,
  };
  const personLink = (id: number) => ({ _links: { "osdi:person": { href: `${api}/people/${id}` } } });
  const ids = (values: number[]) => values.map((id) => `juntos:${id}`);
  return {
    "GET /": { unscoped: true },
    "GET /openapi.json": { unscoped: true },
    "GET /petitions": {
      list: { params: {}, mine: ids([b.petition.id]), theirs: ids([a.petition.id]) },
    },
    "POST /petitions": {
      creates: { body: { ...petitionBody, "juntos:slug": `${a.petition.slug}-too` }, status: 200 },
    },
    "GET /petitions/{id}": { foreign: [{ params: { id: a.petition.id } }] },
    "PUT /petitions/{id}": { foreign: [{ params: { id: a.petition.id }, body: petitionBody }] },
    "GET /petitions/{id}/signatures": {
      foreign: [{ params: { id: a.petition.id } }],
      list: { params: { id: b.petition.id }, mine: ids(b.signatures), theirs: ids(a.signatures) },
    },
    "POST /petitions/{id}/signatures": {
      foreign: [{ params: { id: a.petition.id }, body: signatureBody }],
    },
    "GET /petitions/{id}/signatures/{signatureId}": {
      foreign: [
        { params: { id: a.petition.id, signatureId: a.signatures[0]! } },
        { params: { id: b.petition.id, signatureId: a.signatures[0]! }, mixed: true },
        { params: { id: a.petition.id, signatureId: b.signatures[0]! }, mixed: true },
      ],
    },
    "GET /tags": { list: { params: {}, mine: ids([b.tag.id]), theirs: ids([a.tag.id]) } },
    "POST /tags": { creates: { body: { name: a.tag.name }, status: 201 } },
    "GET /tags/{id}": { foreign: [{ params: { id: a.tag.id } }] },
    "GET /tags/{id}/taggings": {
      foreign: [{ params: { id: a.tag.id } }],
      list: { params: { id: b.tag.id }, mine: ids([b.tagging.id]), theirs: ids([a.tagging.id]) },
    },
    "POST /tags/{id}/taggings": {
      foreign: [
        { params: { id: a.tag.id }, body: personLink(a.contact) },
        { params: { id: a.tag.id }, body: personLink(b.contact), mixed: true },
        { params: { id: b.tag.id }, body: personLink(a.contact), mixed: true },
      ],
    },
    "GET /tags/{id}/taggings/{taggingId}": {
      foreign: [
        { params: { id: a.tag.id, taggingId: a.tagging.id } },
        { params: { id: b.tag.id, taggingId: a.tagging.id }, mixed: true },
      ],
    },
    "DELETE /tags/{id}/taggings/{taggingId}": {
      foreign: [
        { params: { id: a.tag.id, taggingId: a.tagging.id } },
        { params: { id: b.tag.id, taggingId: a.tagging.id }, mixed: true },
        { params: { id: a.tag.id, taggingId: b.tagging.id }, mixed: true },
      ],
    },
    "GET /people": {
      list: {
        params: {},
        mine: ids([b.contact, b.sharedContact]),
        theirs: ids([a.contact, a.sharedContact]),
        filters: [`email_address eq '${a.emails[0]}'`],
      },
    },
    "POST /people": {
      creates: {
        body: {
          person: { given_name: "Eve", family_name: "Copy", email_addresses: [{ address: a.emails[0] }] },
          add_tags: [a.tag.name],
        },
        status: 200,
      },
    },
    "GET /people/{id}": { foreign: [{ params: { id: a.contact } }, { params: { id: a.sharedContact } }] },
    "GET /people/{id}/signatures": {
      foreign: [{ params: { id: a.contact } }, { params: { id: a.sharedContact } }],
      // The signer both organizations share: B's person holds B's signature only.
      list: { params: { id: b.sharedContact }, mine: ids([b.signatures[2]!]), theirs: ids(a.signatures) },
    },
    "GET /people/{id}/taggings": {
      foreign: [{ params: { id: a.contact } }],
      list: { params: { id: b.contact }, mine: ids([b.tagging.id]), theirs: ids([a.tagging.id]) },
    },
    "GET /organizations": {
      list: {
        params: {},
        mine: ids([b.org.id, b.cosponsor.id]),
        theirs: ids([a.org.id, a.cosponsor.id]),
      },
    },
    "GET /organizations/{id}": {
      foreign: [{ params: { id: a.org.id } }, { params: { id: a.cosponsor.id } }],
    },
  };
}

const pathOf = (template: string, params: Record<string, number>) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${template}`);
    return String(value);
  });

/** The records of a list, read as Parsons does: the first key of `_embedded`. */
const recordsOf = (body: Hal) => body._embedded[Object.keys(body._embedded)[0]!] as Hal[];

function expectNotFound(response: Awaited<ReturnType<typeof call>>, label: string) {
  expect(response.status, label).toBe(404);
  const body = response.json();
  expect(typeof body.error, label).toBe("string");
  expect(body.error.length, label).toBeGreaterThan(0);
  expect(body["osdi:error"].response_code, label).toBe(404);
  expect(body["osdi:error"].resource_status[0].error_descriptions[0].error_code, label).toMatch(/not_found$/);
}

function expectNothingOf(a: Records, text: string, label: string) {
  for (const giveaway of a.giveaways) expect(text, `${label} shows ${giveaway}`).not.toContain(giveaway);
}

describe("another organization's key", () => {
  it("gets 404 for each of A's records on every operation, sees none of them in any list, and changes nothing", async () => {
    const a = await organizationWithRecords("A");
    const b = await organizationWithRecords("B");
    const document = (await t.app.inject("/api/v1/openapi.json")).json() as Hal;
    const table = cases(a, b);
    const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    // Every operation of the document has its case, and every case is an operation of it.
    expect(operations.filter((operation) => !(operation in table))).toEqual([]);
    expect(Object.keys(table).filter((operation) => !operations.includes(operation))).toEqual([]);
    // An operation on one of A's records (a path parameter) is tried with A's ids.
    for (const operation of operations)
      if (operation.includes("{")) expect(table[operation]!.foreign?.length, operation).toBeGreaterThan(0);

    const aKey = await keyPool(a.access, 10);
    const bKey = await keyPool(b.access, 30);
    const before = await everyRow();

    // The ids are real: A's key reads each record B's key is refused.
    for (const [operation, { foreign = [] }] of Object.entries(table)) {
      const [method, template] = operation.split(" ") as [Method, string];
      if (method !== "GET") continue;
      for (const { params } of foreign.filter((probe) => !probe.mixed)) {
        const path = pathOf(template, params);
        expect((await call(aKey(), "GET", path)).status, `A's key: GET ${path}`).toBe(200);
      }
    }

    let refused = 0;
    for (const [operation, { foreign = [] }] of Object.entries(table)) {
      const [method, template] = operation.split(" ") as [Method, string];
      for (const { params, body } of foreign) {
        const path = pathOf(template, params);
        const response = await call(bKey(), method, path, body);
        expectNotFound(response, `${method} ${path}`);
        expectNothingOf(a, response.body, `${method} ${path}`);
        refused++;
      }
    }
    expect(refused).toBeGreaterThanOrEqual(20);

    for (const [operation, { list, unscoped }] of Object.entries(table)) {
      const [method, template] = operation.split(" ") as [Method, string];
      if (unscoped) {
        const response = await call(bKey(), method, template);
        expect(response.status, operation).toBe(200);
        expectNothingOf(a, response.body, operation);
      }
      if (!list) continue;
      const path = pathOf(template, list.params);
      const page = await call(bKey(), "GET", path);
      expect(page.status, path).toBe(200);
      const found = recordsOf(page.json()).map((record) => record.identifiers[0]);
      expect(found.sort(), path).toEqual([...list.mine].sort());
      expectNothingOf(a, page.body, path);
      // A filter finds B's own record (the filter works) and nothing of A's.
      const filtered = async (filter: string) =>
        recordsOf((await call(bKey(), "GET", `${path}?filter=${encodeURIComponent(filter)}`)).json()).map(
          (record) => record.identifiers[0],
        );
      expect(await filtered(`identifier eq '${list.mine[0]}'`), path).toEqual([list.mine[0]]);
      for (const identifier of list.theirs)
        expect(await filtered(`identifier eq '${identifier}'`), `${path} ${identifier}`).toEqual([]);
      for (const filter of list.filters ?? [])
        expect(await filtered(filter), `${path} ${filter}`).toEqual([]);
    }
    // The address both share is B's own person to B's key, never A's.
    expect(
      recordsOf(
        (
          await call(
            bKey(),
            "GET",
            `/people?filter=${encodeURIComponent(`email_address eq '${sharedEmail}'`)}`,
          )
        ).json(),
      ).map((record) => record.identifiers[0]),
    ).toEqual([`juntos:${b.sharedContact}`]);

    // Nothing was written: no refused request, list or filter touched a row.
    expect(await everyRow()).toEqual(before);

    // Creates with B's key, naming A's slug, tag and signer, make B's records and change no row.
    for (const [operation, { creates }] of Object.entries(table)) {
      if (!creates) continue;
      const [method, template] = operation.split(" ") as [Method, string];
      const response = await call(bKey(), method, template, creates.body);
      expect(response.status, `${operation}: ${response.body}`).toBe(creates.status);
      const created = Number(/^juntos:(\d+)$/.exec(response.json().identifiers[0])?.[1]);
      const owner = await ownerOf(template, created);
      expect(owner, operation).toBe(b.org.id);
    }
    const after = await everyRow();
    for (const [name, rows] of Object.entries(before)) {
      const kept = new Set(after[name]);
      expect(
        rows.filter((row) => !kept.has(row)),
        `rows of ${name} changed or removed by B's creates`,
      ).toEqual([]);
    }
    // A's tag kept its one tagging: B's add_tags of that name tagged B's own person with B's tag.
    const aTaggings = await t.ctx.tags.taggings(
      a.org.id,
      a.tag.id,
      { page: 1, perPage: 25, after: null },
      undefined,
    );
    expect(aTaggings.items).toEqual([a.tagging]);
  });
});

/** The organization a created record belongs to, from the table its collection is stored in. */
async function ownerOf(collection: string, id: number): Promise<number> {
  const { db } = t.ctx.database;
  if (collection === "/petitions")
    return (
      await db
        .selectFrom("actions")
        .select("sponsor_organization_id as o")
        .where("id", "=", id)
        .executeTakeFirstOrThrow()
    ).o;
  if (collection === "/tags")
    return (
      await db
        .selectFrom("tags")
        .select("organization_id as o")
        .where("id", "=", id)
        .executeTakeFirstOrThrow()
    ).o;
  if (collection === "/people")
    return (
      await db
        .selectFrom("contacts")
        .select("organization_id as o")
        .where("id", "=", id)
        .executeTakeFirstOrThrow()
    ).o;
  throw new Error(`no owner known for ${collection}`);
}
