/**
 * Tags and taggings through the OSDI API as Action Network's clients use them: POST /tags answers
 * the tag of that name when there is one, taggings are made with Action Network's link body and
 * are idempotent, lists page like the other collections, and another organization's tag, tagging
 * or person is a 404 for every route and method.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { OrganizationAccess } from "../../../src/modules/organizations/organizations.service.ts";
import { createTestApp, type TestApp } from "../../support/app.ts";
import { insertContact } from "../../support/contacts.ts";
import { createAccount, createOrganization, type TestOrganization } from "../../support/fixtures.ts";

/** A HAL body, walked the way a client reads it. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by value, not by type
type Hal = any;

const api = "http://juntos.test/api/v1";

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

/** A fresh key for each call, so walks stay under 4 requests a second. */
async function call(path: string, options: { method?: "GET" | "POST" | "DELETE"; body?: unknown } = {}) {
  const created = await t.ctx.apiKeys.create(ownerAccess, { name: "Test key", trusted: false });
  if (!created.ok) throw new Error("key refused");
  const response = await t.app.inject({
    method: options.method ?? "GET",
    url: path,
    headers: {
      "osdi-api-token": created.secret,
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(options.body === undefined
      ? {}
      : { payload: typeof options.body === "string" ? options.body : JSON.stringify(options.body) }),
  });
  return {
    status: response.statusCode,
    type: response.headers["content-type"],
    body: response.body,
    json: () => response.json() as Hal,
  };
}

const personLink = (href: string) => ({ _links: { "osdi:person": { href } } });

function expectBothErrorShapes(body: Hal, status: number, code: string) {
  expect(typeof body.error).toBe("string");
  expect(body["osdi:error"].response_code).toBe(status);
  expect(body["osdi:error"].resource_status[0].error_descriptions[0].error_code).toBe(code);
}

async function anotherOrganization() {
  const other = await createOrganization(t.ctx);
  const { tag } = await t.ctx.tags.create(other.id, { name: "theirs" });
  const person = await insertContact(t.ctx, other.id);
  const { tagging } = await t.ctx.tags.tagContact(other.id, tag.id, person);
  return { organization: other, tag, person, tagging };
}

describe("tags", () => {
  it("creates a tag, and a POST of the same name in another case answers that tag", async () => {
    const made = await call("/api/v1/tags", {
      method: "POST",
      body: { name: " Volunteer ", description: "Helps out" },
    });
    expect(made.status).toBe(201);
    expect(made.type).toBe("application/hal+json; charset=utf-8");
    const tag = made.json();
    const id = tag.identifiers[0].replace("juntos:", "");
    expect(tag).toEqual({
      identifiers: [`juntos:${id}`],
      origin_system: "Juntos",
      created_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
      modified_date: tag.created_date,
      name: "Volunteer",
      description: "Helps out",
      _links: {
        self: { href: `${api}/tags/${id}` },
        "osdi:taggings": { href: `${api}/tags/${id}/taggings` },
      },
    });
    const again = await call("/api/v1/tags", { method: "POST", body: { name: "volunteer" } });
    expect(again.status).toBe(200);
    expect(again.json()).toEqual(tag);
    expect((await call(`/api/v1/tags/${id}`)).json()).toEqual(tag);
  });

  it("refuses a body without a name with 400 and a name it cannot keep with 422", async () => {
    const missing = await call("/api/v1/tags", { method: "POST", body: { description: "no name" } });
    expect(missing.status).toBe(400);
    expectBothErrorShapes(missing.json(), 400, "invalid_request");
    const blank = await call("/api/v1/tags", { method: "POST", body: { name: "   " } });
    expect(blank.status).toBe(422);
    expectBothErrorShapes(blank.json(), 422, "tag_name_invalid");
    const long = await call("/api/v1/tags", { method: "POST", body: { name: "x".repeat(81) } });
    expect(long.status).toBe(422);
    const malformed = await call("/api/v1/tags", { method: "POST", body: '{"name": ' });
    expect(malformed.status).toBe(400);
    expectBothErrorShapes(malformed.json(), 400, "malformed_json");
    expect((await call("/api/v1/tags")).json().total_records).toBe(0);
  });

  it("pages like Parsons walks them and filters on identifier", async () => {
    const ids: number[] = [];
    for (const name of ["a", "b", "c"]) ids.push((await t.ctx.tags.create(org.id, { name })).tag.id);
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const body = (await call(`/api/v1/tags?page=${page}&per_page=2`)).json();
      const items = body._embedded[Object.keys(body._embedded)[0]!];
      if (items.length === 0) break;
      expect(body).toMatchObject({ total_records: 3, total_pages: 2, per_page: 2, page });
      seen.push(...items.map((tag: Hal) => tag.name));
    }
    expect(seen).toEqual(["a", "b", "c"]);
    const first = (await call("/api/v1/tags?per_page=2")).json();
    const next = new URL(first._links.next.href);
    expect(next.searchParams.get("after")).toBe(String(ids[1]));
    expect((await call(next.pathname + next.search)).json()._embedded["osdi:tags"][0].name).toBe("c");
    const filtered = (
      await call(`/api/v1/tags?filter=${encodeURIComponent(`identifier gt 'juntos:${ids[0]}'`)}`)
    ).json();
    expect(filtered._embedded["osdi:tags"].map((tag: Hal) => tag.name)).toEqual(["b", "c"]);
    const refused = await call(`/api/v1/tags?filter=${encodeURIComponent("name eq 'a'")}`);
    expect(refused.status).toBe(400);
    expectBothErrorShapes(refused.json(), 400, "invalid_filter");
  });
});

describe("taggings", () => {
  it("tags a person with Action Network's body, once, and removes the tagging", async () => {
    const { tag } = await t.ctx.tags.create(org.id, { name: "volunteer" });
    const person = await insertContact(t.ctx, org.id);
    const made = await call(`/api/v1/tags/${tag.id}/taggings`, {
      method: "POST",
      body: personLink(`${api}/people/${person}`),
    });
    expect(made.status).toBe(201);
    const tagging = made.json();
    const id = tagging.identifiers[0].replace("juntos:", "");
    expect(tagging).toEqual({
      identifiers: [`juntos:${id}`],
      item_type: "osdi:person",
      created_date: expect.stringMatching(/Z$/),
      modified_date: tagging.created_date,
      _links: {
        self: { href: `${api}/tags/${tag.id}/taggings/${id}` },
        "osdi:tag": { href: `${api}/tags/${tag.id}` },
        "osdi:person": { href: `${api}/people/${person}` },
      },
    });
    const again = await call(`/api/v1/tags/${tag.id}/taggings`, {
      method: "POST",
      body: personLink(`${api}/people/${person}/`),
    });
    expect(again.status).toBe(200);
    expect(again.json()).toEqual(tagging);

    const list = (await call(`/api/v1/tags/${tag.id}/taggings`)).json();
    expect(list.total_records).toBe(1);
    expect(list._embedded["osdi:taggings"]).toEqual([tagging]);
    expect(list._links.self.href).toBe(`${api}/tags/${tag.id}/taggings?page=1&per_page=25`);
    const ofPerson = (await call(`/api/v1/people/${person}/taggings`)).json();
    expect(ofPerson._embedded["osdi:taggings"]).toEqual([tagging]);
    expect((await call(`/api/v1/tags/${tag.id}/taggings/${id}`)).json()).toEqual(tagging);

    const removed = await call(`/api/v1/tags/${tag.id}/taggings/${id}`, { method: "DELETE" });
    expect(removed.status).toBe(204);
    expect(removed.body).toBe("");
    const gone = await call(`/api/v1/tags/${tag.id}/taggings/${id}`);
    expect(gone.status).toBe(404);
    expectBothErrorShapes(gone.json(), 404, "tagging_not_found");
    expect((await call(`/api/v1/tags/${tag.id}/taggings/${id}`, { method: "DELETE" })).status).toBe(404);
    expect((await call(`/api/v1/people/${person}/taggings`)).json().total_records).toBe(0);
  });

  it("takes only a person's URL in this API: 422 for any other link, 404 for no such person, 400 for no link", async () => {
    const { tag } = await t.ctx.tags.create(org.id, { name: "volunteer" });
    const person = await insertContact(t.ctx, org.id);
    for (const href of [
      `https://actionnetwork.org/api/v2/people/${person}`,
      `${api}/tags/${tag.id}`,
      `${api}/people/abc`,
      String(person),
    ]) {
      const refused = await call(`/api/v1/tags/${tag.id}/taggings`, {
        method: "POST",
        body: personLink(href),
      });
      expect(refused.status, href).toBe(422);
      expectBothErrorShapes(refused.json(), 422, "invalid_person_link");
    }
    const unknown = await call(`/api/v1/tags/${tag.id}/taggings`, {
      method: "POST",
      body: personLink(`${api}/people/${person + 1000}`),
    });
    expect(unknown.status).toBe(404);
    expectBothErrorShapes(unknown.json(), 404, "tag_person_not_found");
    const noLink = await call(`/api/v1/tags/${tag.id}/taggings`, { method: "POST", body: { person: {} } });
    expect(noLink.status).toBe(400);
    expectBothErrorShapes(noLink.json(), 400, "invalid_request");
    expect((await call(`/api/v1/people/${person + 1000}/taggings`)).status).toBe(404);
    expect((await call(`/api/v1/tags/${tag.id}/taggings`)).json().total_records).toBe(0);
  });
});

describe("another organization's tags, taggings and people", () => {
  it("are not found for every route and method, and are left as they were", async () => {
    const theirs = await anotherOrganization();
    const { tag: mine } = await t.ctx.tags.create(org.id, { name: "mine" });
    const myPerson = await insertContact(t.ctx, org.id);
    const { tagging: myTagging } = await t.ctx.tags.tagContact(org.id, mine.id, myPerson);

    const list = (await call("/api/v1/tags")).json();
    expect(list._embedded["osdi:tags"].map((tag: Hal) => tag.name)).toEqual(["mine"]);

    const refusals: [string, "GET" | "POST" | "DELETE", unknown, string][] = [
      [`/api/v1/tags/${theirs.tag.id}`, "GET", undefined, "tag_not_found"],
      [`/api/v1/tags/${theirs.tag.id}/taggings`, "GET", undefined, "tag_not_found"],
      [
        `/api/v1/tags/${theirs.tag.id}/taggings`,
        "POST",
        personLink(`${api}/people/${myPerson}`),
        "tag_not_found",
      ],
      [
        `/api/v1/tags/${mine.id}/taggings`,
        "POST",
        personLink(`${api}/people/${theirs.person}`),
        "tag_person_not_found",
      ],
      [`/api/v1/tags/${theirs.tag.id}/taggings/${theirs.tagging.id}`, "GET", undefined, "tag_not_found"],
      [`/api/v1/tags/${mine.id}/taggings/${theirs.tagging.id}`, "GET", undefined, "tagging_not_found"],
      [`/api/v1/tags/${theirs.tag.id}/taggings/${theirs.tagging.id}`, "DELETE", undefined, "tag_not_found"],
      [`/api/v1/tags/${mine.id}/taggings/${theirs.tagging.id}`, "DELETE", undefined, "tagging_not_found"],
      [`/api/v1/tags/${theirs.tag.id}/taggings/${myTagging.id}`, "DELETE", undefined, "tag_not_found"],
      [`/api/v1/people/${theirs.person}/taggings`, "GET", undefined, "tag_person_not_found"],
    ];
    for (const [path, method, body, code] of refusals) {
      const refused = await call(path, { method, body });
      expect(refused.status, `${method} ${path}`).toBe(404);
      expectBothErrorShapes(refused.json(), 404, code);
    }

    // Their tag's name is free for mine: a POST makes a tag of this organization.
    const same = await call("/api/v1/tags", { method: "POST", body: { name: "Theirs" } });
    expect(same.status).toBe(201);
    expect(same.json().identifiers).not.toEqual([`juntos:${theirs.tag.id}`]);

    const firstPage = { page: 1, perPage: 25, after: null };
    const other = await t.ctx.tags.taggings(theirs.organization.id, theirs.tag.id, firstPage, undefined);
    expect(other.items).toEqual([theirs.tagging]);
    expect((await t.ctx.tags.taggings(org.id, mine.id, firstPage, undefined)).items).toEqual([myTagging]);
  });
});
