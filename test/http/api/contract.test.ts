/**
 * The API walked as its most-used real client walks Action Network: Parsons' `ActionNetwork`
 * (move-coop/parsons, parsons/action_network/action_network.py), which cannot be installed here
 * (it needs petl), mirrored as `ParsonsClient` below: one key, `OSDI-API-Token` and JSON headers,
 * `page`/`per_page` ≤ 25, the first key of `_embedded`, a stop at the first empty page, its
 * upsert_person and create_signature bodies, and an exception for any status of 400 or more.
 * Then Action Network's documented example bodies (person, petition, signature with
 * `action_network:referrer_data`, tag, tagging), written here in their shape, round-trip.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { KeyedRateLimit } from "../../../src/modules/abuse/rate-limits.ts";
import type { OrganizationAccess } from "../../../src/modules/organizations/organizations.service.ts";
import { createTestApp, type TestApp } from "../../support/app.ts";
import { ManualClock } from "../../support/clock.ts";
import { insertContact } from "../../support/contacts.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  type TestOrganization,
} from "../../support/fixtures.ts";

/** A HAL body, read the way Parsons reads it: as a dict. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by value, not by type
type Hal = any;

const api = "http://juntos.test/api/v1";

/** What Parsons' APIConnector raises on a status of 400 or more: the contract flows must never meet one. */
class ParsonsHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}: ${body}`);
  }
}

/** Parsons' `ActionNetwork` with its `api_url` pointed at Juntos, as a Python user would reset it. */
class ParsonsClient {
  /** Parsons' logger lines (upsert_person logs what it could not read instead of failing). */
  readonly log: string[] = [];

  constructor(
    private readonly t: TestApp,
    private readonly token: string,
  ) {}

  async request(
    method: "GET" | "POST",
    url: string,
    options: { params?: Record<string, unknown>; data?: unknown } = {},
  ) {
    const target = new URL(url.startsWith("http") ? url : `${api}/${url}`);
    // requests drops params whose value is None (Parsons sends filter=None when it has none).
    for (const [name, value] of Object.entries(options.params ?? {}))
      if (value !== undefined && value !== null) target.searchParams.set(name, String(value));
    const response = await this.t.app.inject({
      method,
      url: target.pathname + target.search,
      headers: { "content-type": "application/json", "osdi-api-token": this.token },
      ...(options.data === undefined ? {} : { payload: JSON.stringify(options.data) }),
    });
    if (response.statusCode >= 400) throw new ParsonsHttpError(response.statusCode, response.body);
    return response.json() as Hal;
  }

  /** `_get_page`: per_page capped at 25 before sending. */
  getPage(objectName: string, page: number, perPage = 25, filter?: string) {
    return this.request("GET", objectName, { params: { page, per_page: Math.min(perPage, 25), filter } });
  }

  /** `_get_entry_list`: pages from 1, the first key of `_embedded`, until a page is empty. */
  async getEntryList(
    objectName: string,
    perPage = 25,
    filter?: string,
  ): Promise<{ entries: Hal[]; pages: number }> {
    const entries: Hal[] = [];
    for (let page = 1; ; page++) {
      const response = await this.getPage(objectName, page, perPage, filter);
      const list = response._embedded[Object.keys(response._embedded)[0]!];
      if (list.length === 0) return { entries, pages: page };
      entries.push(...list);
    }
  }

  /**
   * `upsert_person`, the body as Parsons builds it: email_addresses as given (a list of dicts),
   * the mobile number's digits (with its status when one is given), names, postal_addresses,
   * `add_tags` from `tags`, and every other keyword argument in `custom_fields`.
   */
  async upsertPerson(args: {
    email_address: { address: string; primary?: boolean; status?: string }[];
    given_name?: string;
    family_name?: string;
    tags?: string[];
    postal_addresses?: Record<string, unknown>[];
    mobile_number?: string;
    mobile_status?: "subscribed" | "unsubscribed";
    custom?: Record<string, string>;
  }): Promise<{ response: Hal; personId: string | undefined }> {
    const person: Record<string, unknown> = { email_addresses: args.email_address };
    if (args.mobile_number !== undefined)
      person.phone_numbers = [
        {
          number: args.mobile_number.replace(/[^0-9]/g, ""),
          ...(args.mobile_status ? { status: args.mobile_status } : {}),
        },
      ];
    if (args.given_name !== undefined) person.given_name = args.given_name;
    if (args.family_name !== undefined) person.family_name = args.family_name;
    if (args.postal_addresses !== undefined) person.postal_addresses = args.postal_addresses;
    const data: Record<string, unknown> = { person };
    if (args.tags !== undefined) data.add_tags = args.tags;
    person.custom_fields = { ...args.custom };
    const response = await this.request("POST", `${api}/people`, { data });
    const identifiers: string[] = response.identifiers;
    const personId = identifiers
      .filter((id) => id.includes("action_network:"))
      .map((id) => id.split(":")[1])[0];
    if (personId === undefined) this.log.push(`Response gave no valid person_id: ${identifiers}`);
    this.log.push(
      response.created_date === response.modified_date
        ? `Entry ${personId} successfully added.`
        : `Entry ${personId} successfully updated.`,
    );
    return { response, personId };
  }

  /** `create_signature(petition_id, data)`: the payload posted as given. */
  createSignature(petitionId: number, data: unknown) {
    return this.request("POST", `petitions/${petitionId}/signatures`, { data });
  }
}

let t: TestApp;
let clock: ManualClock;
let org: TestOrganization;
let ownerAccess: OrganizationAccess;
let parsons: ParsonsClient;
let petition: { id: number; slug: string };
beforeEach(async () => {
  clock = new ManualClock();
  t = await createTestApp({}, { clock });
  // One key, as a Parsons script has, making more than 4 requests a second: the limit has its
  // own tests (osdi.test.ts); here it would only make the walk wait.
  t.ctx.apiRateLimit = new KeyedRateLimit({ points: 100_000, durationSeconds: 1 });
  const owner = await createAccount(t.ctx);
  org = await createOrganization(t.ctx, [{ account: owner, role: "owner" }]);
  ownerAccess = await t.ctx.organizations.access({ accountId: owner.id, isPlatformAdmin: false }, org.slug);
  parsons = new ParsonsClient(t, await newKey(true));
  petition = await createAction(t.ctx, org);
});
afterEach(async () => {
  await t.close();
});

/** A key of the organization: a trusted one confirms the signatures it sends at once. */
async function newKey(trusted: boolean): Promise<string> {
  const created = await t.ctx.apiKeys.create(ownerAccess, { name: trusted ? "Parsons" : "Script", trusted });
  if (!created.ok) throw new Error("key refused");
  return created.secret;
}

const nativeId = (resource: Hal) => Number(String(resource.identifiers[0]).replace("juntos:", ""));

/** The record_signature_helper's body with an inline person, as Action Network documents it. */
const helperBody = (email: string, extra: Record<string, unknown> = {}) => ({
  person: {
    given_name: "Ana",
    family_name: "Ruiz",
    email_addresses: [{ address: email }],
    postal_addresses: [{ postal_code: "94110" }],
  },
  comments: "I ride it daily",
  ...extra,
});

describe("Parsons' paging (_get_entry_list)", () => {
  it("walks people, tags, petitions, a petition's signatures and a tag's taggings: each record once, to the first empty page", async () => {
    const people: number[] = [];
    for (let i = 0; i < 27; i++)
      people.push(await insertContact(t.ctx, org.id, { email: `walk-${i}@example.org` }));
    const tags: number[] = [];
    for (const name of ["volunteer", "donor", "member"])
      tags.push((await t.ctx.tags.create(org.id, { name })).tag.id);
    for (const contact of people) await t.ctx.tags.tagContact(org.id, tags[0]!, contact);
    const petitions = [petition.id, (await createAction(t.ctx, org)).id, (await createAction(t.ctx, org)).id];
    const signatures: number[] = [];
    // Signers who did not consent to the sponsor: they stay out of its people.
    for (let i = 0; i < 26; i++) {
      const email = `signer-${i}@example.org`;
      const body = helperBody(email, {
        person: { given_name: "Sig", email_addresses: [{ address: email, status: "unsubscribed" }] },
      });
      signatures.push(nativeId(await parsons.createSignature(petition.id, body)));
    }

    const walks: [string, number[], number][] = [
      ["people", people, 25],
      ["people", people, 10],
      ["tags", tags, 25],
      ["petitions", petitions, 25],
      [`petitions/${petition.id}/signatures`, signatures, 25],
      [`petitions/${petition.id}/signatures`, signatures, 7],
      [`tags/${tags[0]}/taggings`, [], 25],
    ];
    for (const [objectName, expected, perPage] of walks) {
      const { entries, pages } = await parsons.getEntryList(objectName, perPage);
      const ids = entries.map(nativeId);
      expect(new Set(ids).size, objectName).toBe(ids.length);
      if (expected.length > 0)
        expect(
          ids.sort((a, b) => a - b),
          objectName,
        ).toEqual(expected);
      else expect(ids, objectName).toHaveLength(people.length);
      // The pages holding records, then the empty one Parsons stops at.
      expect(pages, objectName).toBe(Math.ceil(entries.length / perPage) + 1);
    }
    // Parsons caps per_page itself: asked for 100, it sends 25.
    expect((await parsons.getPage("people", 1, 100)).per_page).toBe(25);
  });

  it("walks a filtered list the same way (Parsons' filter parameter)", async () => {
    const person = (address: string) =>
      parsons.upsertPerson({ email_address: [{ address }], given_name: "F" });
    const before = nativeId((await person("before@example.org")).response);
    clock.advance(60_000);
    const since = clock.now().toISOString();
    clock.advance(1000);
    const after = nativeId((await person("after@example.org")).response);
    const { entries } = await parsons.getEntryList("people", 25, `modified_date gt '${since}'`);
    expect(entries.map(nativeId)).toEqual([after]);
    expect(before).toBeLessThan(after);
  });
});

describe("Parsons' upsert_person", () => {
  it("creates the person from the body Parsons builds, then updates it; Parsons reads identifiers and dates", async () => {
    const address = {
      primary: true,
      address_lines: ["1900 Pennsylvania Ave"],
      locality: "Washington",
      region: "DC",
      postal_code: "20009",
      country: "US",
    };
    const created = await parsons.upsertPerson({
      email_address: [{ address: "fakey@example.org", status: "subscribed" }],
      given_name: "Fakey",
      family_name: "McFakerson",
      tags: ["volunteer"],
      postal_addresses: [address],
      mobile_number: "+1 (202) 555-0100",
      mobile_status: "subscribed",
      custom: { employer: "Acme", shift: "evening" },
    });
    // Our identifiers are ours: answering `action_network:` ids would tell a sync script these
    // records are Action Network's, and it would look them up there. Parsons only logs then.
    expect(created.response.identifiers).toEqual([expect.stringMatching(/^juntos:\d+$/)]);
    expect(created.personId).toBeUndefined();
    expect(parsons.log).toEqual([
      `Response gave no valid person_id: ${created.response.identifiers}`,
      "Entry undefined successfully added.",
    ]);
    expect(created.response).toMatchObject({
      given_name: "Fakey",
      family_name: "McFakerson",
      email_addresses: [{ primary: true, address: "fakey@example.org", status: "subscribed" }],
      phone_numbers: [{ number: "12025550100" }],
      postal_addresses: [address],
      custom_fields: { employer: "Acme", shift: "evening" },
    });

    clock.advance(1000);
    const updated = await parsons.upsertPerson({
      email_address: [{ address: "FAKEY@example.org" }],
      custom: { shift: "morning" },
    });
    expect(nativeId(updated.response)).toBe(nativeId(created.response));
    expect(parsons.log.at(-1)).toBe("Entry undefined successfully updated.");
    expect(updated.response.created_date).toBe(created.response.created_date);
    expect(updated.response.modified_date > updated.response.created_date).toBe(true);
    // Merged, never dropped: what the second body did not send is kept.
    const read = await parsons.request("GET", updated.response._links.self.href);
    expect(read).toMatchObject({
      given_name: "Fakey",
      phone_numbers: [{ number: "12025550100" }],
      postal_addresses: [address],
      custom_fields: { employer: "Acme", shift: "morning" },
    });
    const taggings = await parsons.getEntryList(`people/${nativeId(read)}/taggings`);
    expect(taggings.entries).toHaveLength(1);
    const tag = await parsons.request("GET", taggings.entries[0]._links["osdi:tag"].href);
    expect(tag.name).toBe("volunteer");
  });
});

describe("Parsons' create_signature", () => {
  it("records the linked person's signature, which links back to the person in every list", async () => {
    const { response: person } = await parsons.upsertPerson({
      email_address: [{ address: "linked@example.org", status: "subscribed" }],
      given_name: "Lin",
      family_name: "Ked",
      postal_addresses: [{ postal_code: "10001" }],
    });
    const href = `${api}/people/${nativeId(person)}`;
    const signature = await parsons.createSignature(petition.id, {
      comments: "Stop doing the thing",
      _links: { "osdi:person": { href } },
    });
    expect(signature).toMatchObject({
      comments: "Stop doing the thing",
      person: {
        given_name: "Lin",
        family_name: "Ked",
        email_addresses: [{ address: "linked@example.org" }],
        postal_addresses: [{ postal_code: "10001" }],
      },
      "juntos:status": "confirmed",
      _links: { "osdi:person": { href }, "osdi:petition": { href: `${api}/petitions/${petition.id}` } },
    });
    const listed = await parsons.getEntryList(`petitions/${petition.id}/signatures`);
    expect(listed.entries).toEqual([signature]);
    expect(await parsons.request("GET", signature._links.self.href)).toEqual(signature);
    const ofPerson = await parsons.getEntryList(`people/${nativeId(person)}/signatures`);
    expect(ofPerson.entries.map((s: Hal) => s._links["osdi:person"])).toEqual([{ href }]);
    expect((await parsons.request("GET", `petitions/${petition.id}`)).total_signatures).toBe(1);
  });

  it("refuses another organization's person (404) and a person without an email (422), recording nothing", async () => {
    const other = await createOrganization(t.ctx);
    const theirs = await insertContact(t.ctx, other.id);
    const notFound = parsons.createSignature(petition.id, {
      comments: "x",
      _links: { "osdi:person": { href: `${api}/people/${theirs}` } },
    });
    await expect(notFound).rejects.toMatchObject({ status: 404 });
    const { contactId: phoneOnly } = await t.ctx.contacts.upsert(
      undefined,
      org.id,
      { email: null, phone: "12025550199", givenName: "Pho", familyName: "Ne" },
      clock.now().toISOString(),
    );
    const noEmail = parsons.createSignature(petition.id, {
      _links: { "osdi:person": { href: `${api}/people/${phoneOnly}` } },
    });
    await expect(noEmail).rejects.toMatchObject({ status: 422 });
    expect(JSON.parse((await noEmail.catch((e: ParsonsHttpError) => e)).body)["osdi:error"]).toMatchObject({
      resource_status: [
        { error_descriptions: [{ error_code: "email_required", properties: ["_links.osdi:person"] }] },
      ],
    });
    const keyless = await t.app.inject({
      method: "POST",
      url: `/api/v1/petitions/${petition.id}/signatures`,
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ _links: { "osdi:person": { href: `${api}/people/${phoneOnly}` } } }),
    });
    expect(keyless.statusCode).toBe(401);
    expect((await parsons.getEntryList(`petitions/${petition.id}/signatures`)).entries).toEqual([]);
  });
});

describe("the helper with an inline person", () => {
  it("gives the sponsor's contact the whole person and applies add_tags and remove_tags, linked from the signature", async () => {
    const existing = await insertContact(t.ctx, org.id, { email: "ana@example.org" });
    const { tag: old } = await t.ctx.tags.create(org.id, { name: "lapsed" });
    await t.ctx.tags.tagContact(org.id, old.id, existing);
    clock.advance(1000);
    const signature = await parsons.createSignature(
      petition.id,
      helperBody("Ana@Example.org", {
        person: {
          // Split otherwise than the signature's one name would be ("Ana María" + "Ruiz"): the names sent win.
          given_name: "Ana",
          family_name: "María Ruiz",
          email_addresses: [{ address: "Ana@Example.org", status: "subscribed" }],
          phone_numbers: [{ number: "+34 600 000 001", number_type: "Mobile" }],
          postal_addresses: [
            { address_lines: ["Calle Mayor 1"], locality: "Madrid", postal_code: "28013", country: "ES" },
          ],
          custom_fields: { volunteer_shift: "weekend" },
        },
        add_tags: ["transit", "Volunteer"],
        remove_tags: ["lapsed"],
      }),
    );
    expect(signature._links["osdi:person"]).toEqual({ href: `${api}/people/${existing}` });
    const person = await parsons.request("GET", `people/${existing}`);
    expect(person).toMatchObject({
      given_name: "Ana",
      family_name: "María Ruiz",
      phone_numbers: [{ number: "34600000001" }],
      postal_addresses: [
        { address_lines: ["Calle Mayor 1"], locality: "Madrid", postal_code: "28013", country: "ES" },
      ],
      custom_fields: { volunteer_shift: "weekend" },
    });
    const tagNames = [];
    for (const tagging of (await parsons.getEntryList(`people/${existing}/taggings`)).entries)
      tagNames.push((await parsons.request("GET", tagging._links["osdi:tag"].href)).name);
    expect(tagNames.sort()).toEqual(["Volunteer", "transit"]);
    // One contact: the signature's confirmation and the helper's person are the same one.
    expect((await parsons.getEntryList("people")).entries).toHaveLength(1);
  });

  it("links a pending signature's person too, for a key that confirms by email", async () => {
    const pendingKey = new ParsonsClient(t, await newKey(false));
    const signature = await pendingKey.createSignature(
      petition.id,
      helperBody("pending@example.org", { add_tags: ["waiting"] }),
    );
    expect(signature["juntos:status"]).toBe("pending");
    const contactId = Number(signature._links["osdi:person"].href.split("/").at(-1));
    expect((await parsons.request("GET", `people/${contactId}`)).email_addresses[0].address).toBe(
      "pending@example.org",
    );
    const { entries } = await parsons.getEntryList(`people/${contactId}/taggings`);
    expect(entries).toHaveLength(1);
  });

  it("without consent, or without a key, writes no contact and no tag, and links no person", async () => {
    const unsubscribed = await parsons.createSignature(petition.id, {
      ...helperBody("no@example.org", { add_tags: ["never"] }),
      person: { given_name: "No", email_addresses: [{ address: "no@example.org", status: "unsubscribed" }] },
    });
    expect(unsubscribed._links).not.toHaveProperty("osdi:person");
    expect(unsubscribed).not.toHaveProperty("person");
    const keyless = await t.app.inject({
      method: "POST",
      url: `/api/v1/petitions/${petition.id}/signatures`,
      headers: { "content-type": "application/json" },
      payload: JSON.stringify(
        helperBody("anyone@example.org", {
          person: {
            given_name: "Any",
            email_addresses: [{ address: "anyone@example.org", status: "subscribed" }],
            custom_fields: { planted: "yes" },
          },
          add_tags: ["planted"],
        }),
      ),
    });
    expect(keyless.statusCode).toBe(200);
    expect(keyless.json()).toEqual({});
    expect((await parsons.getEntryList("people")).entries).toEqual([]);
    expect((await parsons.getEntryList("tags")).entries).toEqual([]);
  });

  it("refuses a keyed body the contact could not keep with 422, recording nothing", async () => {
    const refused = parsons.createSignature(
      petition.id,
      helperBody("bad@example.org", { add_tags: ["x".repeat(81)] }),
    );
    await expect(refused).rejects.toMatchObject({ status: 422 });
    const badField = parsons.createSignature(petition.id, {
      ...helperBody("bad@example.org"),
      person: { ...helperBody("bad@example.org").person, custom_fields: { nested: { no: 1 } } },
    });
    await expect(badField).rejects.toMatchObject({ status: 422 });
    expect((await parsons.getEntryList(`petitions/${petition.id}/signatures`)).entries).toEqual([]);
    expect((await parsons.getEntryList("people")).entries).toEqual([]);
  });

  it("looks a page's 25 signers' contacts up in one read", async () => {
    for (let i = 0; i < 25; i++)
      await parsons.createSignature(petition.id, helperBody(`page-${i}@example.org`));
    const lookups = vi.spyOn(t.ctx.contacts, "contactIdsFor");
    const page = await parsons.getPage(`petitions/${petition.id}/signatures`, 1);
    expect(page._embedded["osdi:signatures"].filter((s: Hal) => s._links["osdi:person"])).toHaveLength(25);
    expect(lookups).toHaveBeenCalledTimes(1);
  });
});

describe("Action Network's documented example bodies", () => {
  it("round-trip: what is POSTed reads back in the fields Juntos keeps", async () => {
    const personBody = {
      person: {
        family_name: "Smith",
        given_name: "John",
        postal_addresses: [{ postal_code: "20009" }],
        email_addresses: [{ address: "jsmith@example.org" }],
        phone_numbers: [{ number: "12024444444", number_type: "Mobile" }],
      },
      add_tags: ["volunteer", "member"],
    };
    const person = await parsons.request("POST", "people", { data: personBody });
    expect(await parsons.request("GET", person._links.self.href)).toMatchObject({
      family_name: "Smith",
      given_name: "John",
      postal_addresses: [{ postal_code: "20009" }],
      email_addresses: [{ address: "jsmith@example.org", status: "subscribed" }],
      phone_numbers: [{ number: "12024444444", number_type: "Mobile" }],
    });

    const petitionBody = {
      title: "Stop doing the very bad thing",
      description: "Stop doing the very bad thing. It is bad.",
      petition_text: "Please stop doing the very bad thing.",
      target: [{ name: "The Man" }, { name: "The Council" }],
      "juntos:status": "published",
    };
    const made = await parsons.request("POST", "petitions", { data: petitionBody });
    const read = await parsons.request("GET", made._links.self.href);
    expect(read).toMatchObject({
      title: petitionBody.title,
      petition_text: petitionBody.petition_text,
      target: petitionBody.target,
      "juntos:status": "published",
    });

    const signatureBody = {
      person: {
        family_name: "Smith",
        given_name: "John",
        postal_addresses: [{ postal_code: "20009" }],
        email_addresses: [{ address: "jsmith@example.org" }],
      },
      comments: "This is terrible!",
      "action_network:referrer_data": { source: "email-blast", website: "www.facebook.com" },
      add_tags: ["signer"],
    };
    const signature = await parsons.request("POST", read._links["osdi:record_signature_helper"].href, {
      data: signatureBody,
    });
    const signatureRead = await parsons.request("GET", signature._links.self.href);
    expect(signatureRead).toMatchObject({
      comments: "This is terrible!",
      "action_network:referrer_data": { source: "email-blast", website: "www.facebook.com" },
      referrer_data: { source: "email-blast", website: "www.facebook.com" },
      person: {
        given_name: "John",
        family_name: "Smith",
        email_addresses: [{ address: "jsmith@example.org" }],
        postal_addresses: [{ postal_code: "20009" }],
      },
      _links: { "osdi:person": { href: person._links.self.href } },
    });

    const tag = await parsons.request("POST", "tags", { data: { name: "Volunteers" } });
    expect((await parsons.request("GET", tag._links.self.href)).name).toBe("Volunteers");
    const tagging = await parsons.request("POST", `${tag._links.self.href}/taggings`, {
      data: { _links: { "osdi:person": { href: person._links.self.href } } },
    });
    expect(await parsons.request("GET", tagging._links.self.href)).toMatchObject({
      item_type: "osdi:person",
      _links: {
        "osdi:person": { href: person._links.self.href },
        "osdi:tag": { href: tag._links.self.href },
      },
    });
    // The signature's add_tags and the signup's landed on the same person.
    const tagNames = [];
    for (const entry of (await parsons.getEntryList(`people/${nativeId(person)}/taggings`)).entries)
      tagNames.push((await parsons.request("GET", entry._links["osdi:tag"].href)).name);
    expect(tagNames.sort()).toEqual(["member", "signer", "volunteer", "Volunteers"].sort());
  });
});
