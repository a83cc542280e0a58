/**
 * Writing petitions over the API: POST creates through the organizers' editor (a draft unless a
 * trusted key asks for more), PUT merges, refused fields are 422s that name them, another
 * organization's petition is a 404, and the audit log names the key behind each change.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
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

async function newKey(access: OrganizationAccess, trusted = false): Promise<{ secret: string; id: number }> {
  const created = await t.ctx.apiKeys.create(access, { name: "Test key", trusted });
  if (!created.ok) throw new Error("key refused");
  return { secret: created.secret, id: created.key.id };
}

/** A fresh key for each call (untrusted unless told), so a test stays under 4 requests a second. */
async function api(
  path: string,
  options: { key?: string; trusted?: boolean; method?: "GET" | "POST" | "PUT"; body?: unknown } = {},
) {
  const token = options.key ?? (await newKey(ownerAccess, options.trusted)).secret;
  const response = await t.app.inject({
    method: options.method ?? "GET",
    url: path,
    headers: {
      "osdi-api-token": token,
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(options.body === undefined ? {} : { payload: JSON.stringify(options.body) }),
  });
  return { status: response.statusCode, json: () => response.json() as Hal };
}

const post = (body: unknown, options: { key?: string; trusted?: boolean } = {}) =>
  api("/api/v1/petitions", { ...options, method: "POST", body });
const put = (id: number, body: unknown, options: { key?: string; trusted?: boolean } = {}) =>
  api(`/api/v1/petitions/${id}`, { ...options, method: "PUT", body });

function expectBothErrorShapes(body: Hal, status: number) {
  expect(typeof body.error).toBe("string");
  expect(body["osdi:error"].response_code).toBe(status);
}

/** The properties an error names, each with its code, as `osdi:error` lists them. */
function refusedProperties(body: Hal): Record<string, string> {
  const descriptions = body["osdi:error"].resource_status[0].error_descriptions as Hal[];
  return Object.fromEntries(descriptions.flatMap((d) => d.properties.map((p: string) => [p, d.error_code])));
}

const countActions = async () =>
  (await t.ctx.database.db.selectFrom("actions").select("id").execute()).length;

/** Action Network's petition example: the four fields its docs POST, the description in HTML. */
const actionNetworkExample = {
  title: "Stop doing the bad thing",
  description: "<p>Stop doing the bad thing. It's bad.</p>",
  petition_text: "Please stop doing the bad thing.",
  target: [{ name: "The Man" }],
};

describe("creating a petition", () => {
  it("makes a draft of Action Network's example body, which reads back as written", async () => {
    const created = await post(actionNetworkExample);
    expect(created.status).toBe(200);
    const petition = created.json();
    const id = Number(petition.identifiers[0].replace("juntos:", ""));
    const self = `http://juntos.test/api/v1/petitions/${id}`;
    const sponsor = { href: `http://juntos.test/api/v1/organizations/${org.id}` };
    expect(petition).toMatchObject({
      title: "Stop doing the bad thing",
      name: "Stop doing the bad thing",
      petition_text: "Please stop doing the bad thing.",
      target: [{ name: "The Man" }],
      // No summary sent: the description's first paragraph, as plain text.
      summary: "Stop doing the bad thing. It's bad.",
      total_signatures: 0,
      "juntos:status": "draft",
      "juntos:archived": false,
      "juntos:slug": "stop-doing-the-bad-thing",
      "juntos:goal": 1000,
      _links: { self: { href: self }, "osdi:creator": sponsor, "osdi:sponsor": sponsor },
      _embedded: { "osdi:creator": { name: org.name } },
    });
    // A draft has no public page to point at.
    expect(petition).not.toHaveProperty("browser_url");
    // Stored as given: the description is Markdown to us, so the HTML is kept as its text.
    const stored = await t.ctx.database.db
      .selectFrom("action_texts")
      .select(["description", "letter_text"])
      .where("action_id", "=", id)
      .where("locale", "=", "en")
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      description: actionNetworkExample.description,
      letter_text: actionNetworkExample.petition_text,
    });
    const read = await api(new URL(self).pathname);
    expect(read.status).toBe(200);
    expect(read.json()).toEqual(petition);
    // The organization's own drafts are in its list.
    const list = (await api("/api/v1/petitions")).json();
    expect(list._embedded["osdi:petitions"].map((p: Hal) => p.identifiers[0])).toEqual([`juntos:${id}`]);
  });

  it("publishes when a trusted key asks, and refuses an untrusted key with 403, creating nothing", async () => {
    const busLine = {
      title: "Fund the bus line",
      description: "Route 9 carries **4,000** riders a day.",
      summary: "Keep route 9 running.",
      petition_text: "Council: fund route 9.",
      target: [{ name: "City Council" }],
      "juntos:status": "published",
    };
    const refused = await post(busLine);
    expect(refused.status).toBe(403);
    expectBothErrorShapes(refused.json(), 403);
    expect(await countActions()).toBe(0);

    const published = await post(busLine, { trusted: true });
    expect(published.status).toBe(200);
    expect(published.json()).toMatchObject({
      title: "Fund the bus line",
      summary: "Keep route 9 running.",
      description: "<p>Route 9 carries <strong>4,000</strong> riders a day.</p>",
      "juntos:status": "published",
      browser_url: "http://juntos.test/en/a/fund-the-bus-line",
    });
    // Its public page is up.
    expect((await t.app.inject({ url: "/en/a/fund-the-bus-line" })).statusCode).toBe(200);
  });

  it("takes `name` as the title when no title is sent, and makes each link name unique", async () => {
    const first = (await post({ name: "Save the library", description: "Open on Sundays." })).json();
    const second = (await post({ name: "Save the library", description: "Open on Sundays too." })).json();
    expect(first).toMatchObject({ title: "Save the library", "juntos:slug": "save-the-library" });
    expect(second).toMatchObject({ title: "Save the library", "juntos:slug": "save-the-library-2" });
  });

  it("answers refused fields with a 422 naming each as the body does, and creates nothing", async () => {
    const empty = await post({});
    expect(empty.status).toBe(422);
    expectBothErrorShapes(empty.json(), 422);
    expect(refusedProperties(empty.json())).toMatchObject({
      title: "field.required",
      description: "field.required",
      summary: "field.required",
    });
    expect(empty.json().error).toContain("title: Please fill in this field.");

    const bad = await post({
      ...actionNetworkExample,
      title: "x".repeat(161),
      target: [{ name: "The Man" }, { name: "  " }],
      "juntos:slug": "api",
      "juntos:goal": 0,
    });
    expect(bad.status).toBe(422);
    expect(refusedProperties(bad.json())).toEqual({
      title: "field.tooLong",
      "target[1].name": "field.required",
      "juntos:slug": "field.slug.reserved",
      "juntos:goal": "field.goal.invalid",
    });
    expect(await countActions()).toBe(0);
  });

  it("answers a body not of the documented shape with a 400 naming the property", async () => {
    for (const [body, property] of [
      [{ ...actionNetworkExample, title: { text: "x" } }, "title"],
      [{ ...actionNetworkExample, target: [{ title: "Mayor" }] }, "target[0].name"],
      [{ ...actionNetworkExample, "juntos:status": "archived" }, "juntos:status"],
    ] as const) {
      const { status, json } = await post(body);
      expect(status, property).toBe(400);
      expectBothErrorShapes(json(), 400);
      expect(json()["osdi:error"].resource_status[0].error_descriptions[0].properties).toEqual([property]);
    }
    const notAnObject = await post([actionNetworkExample]);
    expect(notAnObject.status).toBe(400);
    expectBothErrorShapes(notAnObject.json(), 400);
    expect(await countActions()).toBe(0);
  });
});

describe("updating a petition", () => {
  it("merges: absent fields stay, a target list replaces the old one and kept names keep their titles", async () => {
    const action = await createAction(t.ctx, org);
    const before = (await api(`/api/v1/petitions/${action.id}`)).json();
    const updated = await put(action.id, {
      summary: "Workers need the hall.",
      target: [{ name: "Grace Hopper" }, { name: "Alan Turing" }],
    });
    expect(updated.status).toBe(200);
    const after = updated.json();
    expect(after).toMatchObject({
      title: before.title,
      description: before.description,
      petition_text: before.petition_text,
      browser_url: before.browser_url,
      "juntos:status": "published",
      summary: "Workers need the hall.",
      target: [{ name: "Grace Hopper" }, { name: "Alan Turing" }],
    });
    expect(after.modified_date >= before.modified_date).toBe(true);
    expect((await api(`/api/v1/petitions/${action.id}`)).json()).toEqual(after);
    // What the API does not speak of stays: the Spanish texts and the targets' titles.
    const draft = await t.ctx.editor.draft(ownerAccess, action.id);
    expect(draft.texts.es.title).toBe("Financien el centro de jornaleros");
    expect(draft.targets).toMatchObject([
      { name: "Grace Hopper", title: { en: "Mayor", es: "Alcaldesa" } },
      { name: "Alan Turing", title: { en: "", es: "" } },
    ]);
  });

  it("keeps the end date it does not speak of, even one that has passed", async () => {
    const action = await createAction(t.ctx, org, { status: "closed" });
    const endsAt = "2024-05-01T18:00:00.000Z";
    await t.ctx.database.db
      .updateTable("actions")
      .set({ ends_at: endsAt })
      .where("id", "=", action.id)
      .execute();
    const updated = await put(action.id, { summary: "The county let us opt out." });
    expect(updated.status).toBe(200);
    expect((await t.ctx.editor.draft(ownerAccess, action.id)).endsAt).toBe(endsAt);
  });

  it("takes the lifecycle's steps for a trusted key; a step it cannot take is a 409", async () => {
    const draft = (await post(actionNetworkExample)).json();
    const id = Number(draft.identifiers[0].replace("juntos:", ""));
    // The status it already has asks for nothing: a body read and sent back is fine.
    expect((await put(id, { ...draft, "juntos:status": "draft" })).status).toBe(200);
    expect((await put(id, { "juntos:status": "published" })).status).toBe(403);
    const published = await put(id, { "juntos:status": "published" }, { trusted: true });
    expect(published.json()).toMatchObject({ "juntos:status": "published", title: draft.title });
    const back = await put(id, { "juntos:status": "draft" }, { trusted: true });
    expect(back.status).toBe(409);
    expectBothErrorShapes(back.json(), 409);
    await t.ctx.editor.takeStep(ownerAccess, id, "archive");
    expect((await put(id, { summary: "Edited while archived" })).status).toBe(409);
  });

  it("refuses a link name another action holds, and bad fields, with a 422 that changes nothing", async () => {
    const mine = await createAction(t.ctx, org);
    const other = await createAction(t.ctx, org);
    const taken = await put(mine.id, { "juntos:slug": other.slug });
    expect(taken.status).toBe(422);
    expect(refusedProperties(taken.json())).toEqual({ "juntos:slug": "field.slug.taken" });
    const blank = await put(mine.id, { title: " ", petition_text: "x".repeat(20_001) });
    expect(blank.status).toBe(422);
    expect(refusedProperties(blank.json())).toEqual({
      title: "field.required",
      petition_text: "field.tooLong",
    });
    expect((await api(`/api/v1/petitions/${mine.id}`)).json()).toMatchObject({
      title: "Fund the day labor center",
      "juntos:slug": mine.slug,
    });
  });
});

describe("another organization's petition", () => {
  it("is a 404 to read or to write, and stays as it was", async () => {
    const other = await createOrganization(t.ctx);
    const theirs = await createAction(t.ctx, other);
    const draft = await createAction(t.ctx, other, { status: "draft" });
    for (const id of [theirs.id, draft.id]) {
      const read = await api(`/api/v1/petitions/${id}`);
      expect(read.status).toBe(404);
      expectBothErrorShapes(read.json(), 404);
      const write = await put(id, { title: "Taken over" }, { trusted: true });
      expect(write.status).toBe(404);
      expectBothErrorShapes(write.json(), 404);
    }
    expect((await put(0, { title: "x" })).status).toBe(404);
    const texts = await t.ctx.database.db
      .selectFrom("action_texts")
      .select("title")
      .where("action_id", "in", [theirs.id, draft.id])
      .where("locale", "=", "en")
      .execute();
    expect(texts.map((text) => text.title)).toEqual([
      "Fund the day labor center",
      "Fund the day labor center",
    ]);
  });
});

describe("the audit log", () => {
  it("records each API write as the organization's, with the key that made it", async () => {
    const key = await newKey(ownerAccess, true);
    const created = (
      await post({ ...actionNetworkExample, "juntos:status": "published" }, { key: key.secret })
    ).json();
    const id = Number(created.identifiers[0].replace("juntos:", ""));
    await put(id, { summary: "Shorter." }, { key: key.secret });
    const entries = await t.ctx.database.db
      .selectFrom("audit_log")
      .select(["event", "account_id", "organization_id", "detail"])
      .where("subject", "=", `action:${id}`)
      .orderBy("id")
      .execute();
    expect(entries.map((entry) => entry.event)).toEqual([
      "action.created",
      "action.published",
      "action.updated",
    ]);
    for (const entry of entries) {
      expect(entry.account_id).toBeNull();
      expect(entry.organization_id).toBe(org.id);
      expect(JSON.parse(entry.detail)).toMatchObject({ apiKeyId: key.id });
    }
    expect(JSON.parse(entries[0]!.detail)).toMatchObject({ title: "Stop doing the bad thing" });
  });
});
