/**
 * The record_signature_helper (POST /api/v1/petitions/:id/signatures) as clients use it: keyed
 * (a CRM sending its supporters: confirmed at once by a trusted key, by email otherwise) and
 * keyless (jquery-osdi on a partner's page: always pending, `{}` with CORS), one signature per
 * person per petition, the per-key setting in the admin, and the errors real clients read.
 */
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { OrganizationAccess } from "../../../src/modules/organizations/organizations.service.ts";
import { createTestApp, type TestApp } from "../../support/app.ts";
import { type Browser, signIn } from "../../support/browser-session.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  mailCount,
  type TestAccount,
  type TestOrganization,
} from "../../support/fixtures.ts";

/** A HAL body, walked the way a client reads it. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by value, not by type
type Hal = any;

let t: TestApp;
let owner: TestAccount;
let org: TestOrganization;
let ownerAccess: OrganizationAccess;
let action: { id: number; slug: string };
beforeEach(async () => {
  // Loopback receivers allowed, for the webhook delivery below.
  t = await createTestApp({ WEBHOOKS_ALLOW_HTTP: "true", WEBHOOKS_ALLOW_PRIVATE: "true" });
  owner = await createAccount(t.ctx);
  org = await createOrganization(t.ctx, [{ account: owner, role: "owner" }]);
  ownerAccess = await t.ctx.organizations.access({ accountId: owner.id, isPlatformAdmin: false }, org.slug);
  action = await createAction(t.ctx, org);
});
afterEach(async () => {
  await t.close();
});

async function newKey(trusted: boolean): Promise<string> {
  const created = await t.ctx.apiKeys.create(ownerAccess, { name: trusted ? "CRM" : "Script", trusted });
  if (!created.ok) throw new Error("key refused");
  return created.secret;
}

/** Action Network's example body, with the signer's address. */
const anBody = (email: string, extra: Record<string, unknown> = {}, status?: string) => ({
  person: {
    given_name: "Ana",
    family_name: "Ruiz",
    email_addresses: [{ address: email, ...(status ? { status } : {}) }],
    postal_addresses: [{ postal_code: "94110" }],
  },
  comments: "I ride it daily",
  referrer_data: { source: "newsletter-may", website: "https://news.example/story?id=1" },
  add_tags: ["transit"],
  triggers: { autoresponse: { enabled: true } },
  ...extra,
});

async function post(
  petitionId: number,
  body: unknown,
  options: { key?: string; raw?: boolean; origin?: string } = {},
) {
  const response = await t.app.inject({
    method: "POST",
    url: `/api/v1/petitions/${petitionId}/signatures`,
    headers: {
      "content-type": "application/json",
      ...(options.key ? { "osdi-api-token": options.key } : {}),
      ...(options.origin ? { origin: options.origin } : {}),
    },
    payload: options.raw ? (body as string) : JSON.stringify(body),
  });
  return { response, json: () => response.json() as Hal };
}

async function storedSignatures(actionId = action.id) {
  return t.ctx.database.db
    .selectFrom("signatures")
    .innerJoin("people", "people.id", "signatures.person_id")
    .select([
      "signatures.id",
      "signatures.status",
      "signatures.comment",
      "signatures.source",
      "signatures.website",
      "signatures.referrer_organization_id as referrerOrganizationId",
      "signatures.consent_sponsor as consentSponsor",
      "signatures.consent_referrer as consentReferrer",
      "signatures.postal_code as postalCode",
      "people.email",
    ])
    .where("signatures.action_id", "=", actionId)
    .orderBy("signatures.id")
    .execute();
}

async function shownCount(slug = action.slug): Promise<string> {
  const page = await t.app.inject(`/en/a/${slug}`);
  return /<p class="count" id="take-action">([^<]*)<\/p>/.exec(page.body)?.[1] ?? "";
}

async function confirmationLinkFor(email: string): Promise<string | undefined> {
  await t.ctx.worker.drain();
  const mail = (await t.ctx.devMailbox!.list()).find((m) => m.to === email);
  const link = mail && /https?:\/\/\S+\/confirm\/\S+/.exec(mail.text)?.[0];
  return link && new URL(link).pathname;
}

function expectBothErrorShapes(body: Hal, status: number, code: string, property?: string) {
  expect(typeof body.error).toBe("string");
  expect(body["osdi:error"].response_code).toBe(status);
  const description = body["osdi:error"].resource_status[0].error_descriptions[0];
  expect(description.error_code).toBe(code);
  if (property) expect(description.properties).toEqual([property]);
}

describe("the petition", () => {
  it("links its record_signature_helper at its signatures' URL", async () => {
    const response = await t.app.inject({
      url: `/api/v1/petitions/${action.id}`,
      headers: { "osdi-api-token": await newKey(false) },
    });
    const links = (response.json() as Hal)._links;
    expect(links["osdi:record_signature_helper"].href).toBe(
      `http://juntos.test/api/v1/petitions/${action.id}/signatures`,
    );
    expect(links["osdi:record_signature_helper"].href).toBe(links["osdi:signatures"].href);
  });
});

describe("with a trusted key", () => {
  it("confirms at once: the Signature answered, on the public count, in the admin list and the API, no mail", async () => {
    const partner = await createOrganization(t.ctx);
    await t.ctx.cosponsors.addApproved(action.id, partner.id);
    const key = await newKey(true);
    expect(await shownCount()).toContain("0");
    const { response, json } = await post(
      action.id,
      anBody("ana@example.org", {
        "action_network:referrer_data": { source: "crm-import", referrer: partner.slug.toUpperCase() },
        referrer_data: undefined,
      }),
      { key },
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/hal+json; charset=utf-8");
    const body = json();
    const [stored] = await storedSignatures();
    expect(body).toMatchObject({
      identifiers: [`juntos:${stored!.id}`],
      comments: "I ride it daily",
      "juntos:status": "confirmed",
      "juntos:consent": { sponsor: true, referrer: false },
      referrer_data: { source: "crm-import", referrer: partner.slug, website: "" },
      person: {
        given_name: "Ana",
        family_name: "Ruiz",
        email_addresses: [{ address: "ana@example.org" }],
        postal_addresses: [{ postal_code: "94110" }],
      },
    });
    expect(body._links.self.href).toBe(
      `http://juntos.test/api/v1/petitions/${action.id}/signatures/${stored!.id}`,
    );
    // The co-sponsor's code credits it; consent to it is its own box, never implied by the API.
    expect(stored).toMatchObject({
      status: "confirmed",
      referrerOrganizationId: partner.id,
      consentReferrer: 0,
    });

    expect(await shownCount()).toMatch(/\b1\b/);
    expect(await mailCount(t.ctx, "ana@example.org")).toBe(0);

    const browser: Browser = await signIn(t.app, owner.email, owner.password);
    const admin = await browser.get(`/en/admin/o/${org.slug}/actions/${action.id}/signatures`);
    expect(admin.statusCode).toBe(200);
    expect(admin.body).toContain("ana@example.org");
    expect(admin.body).toContain("crm-import");

    const listed = await t.app.inject({
      url: `/api/v1/petitions/${action.id}/signatures`,
      headers: { "osdi-api-token": key },
    });
    expect((listed.json() as Hal)._embedded["osdi:signatures"]).toEqual([
      expect.objectContaining({
        identifiers: [`juntos:${stored!.id}`],
        referrer_data: { source: "crm-import", referrer: partner.slug, website: "" },
      }),
    ]);
  });

  it("keeps the referring site's host only, and the sponsor's consent unless the address is unsubscribed", async () => {
    const key = await newKey(true);
    await post(action.id, anBody("ana@example.org"), { key });
    const { json } = await post(action.id, anBody("ben@example.org", {}, "unsubscribed"), { key });
    expect(json()["juntos:consent"].sponsor).toBe(false);
    // Without consent to the key's organization, the signer is not shown to it.
    expect(json().person).toBeUndefined();
    expect(await storedSignatures()).toMatchObject([
      { email: "ana@example.org", website: "news.example", source: "newsletter-may", consentSponsor: 1 },
      { email: "ben@example.org", consentSponsor: 0 },
    ]);
  });

  it("enqueues the sponsor's webhook delivery in the confirming transaction, delivered signed", async () => {
    const received: { body: string; signature: string | undefined }[] = [];
    const receiver: Server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push({
          body: Buffer.concat(chunks).toString("utf8"),
          signature: request.headers["juntos-signature"] as string | undefined,
        });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const created = await t.ctx.webhooks.create(ownerAccess, { url, events: ["signature.confirmed"] });
      if (!created.ok) throw new Error("webhook refused");
      const { json } = await post(action.id, anBody("ana@example.org"), { key: await newKey(true) });
      const signatureId = Number(json().identifiers[0].split(":")[1]);
      const jobs = await t.ctx.database.db
        .selectFrom("outbox")
        .select(["kind", "payload"])
        .where("kind", "=", "webhook.delivery")
        .execute();
      expect(jobs.map((job) => JSON.parse(job.payload).subjectId)).toEqual([signatureId]);

      await t.ctx.worker.drain();
      expect(received).toHaveLength(1);
      const [delivery] = JSON.parse(received[0]!.body);
      expect(delivery["osdi:signature"].identifiers).toEqual([`juntos:${signatureId}`]);
      const [, timestamp, mac] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(received[0]!.signature ?? "") ?? [];
      expect(mac).toBe(
        createHmac("sha256", created.secret).update(`${timestamp}.${received[0]!.body}`).digest("hex"),
      );
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});

describe("with a key that asks for email confirmation", () => {
  it("records a pending signature, answered with its status, mails the link; the link confirms and counts it", async () => {
    const created = await t.ctx.webhooks.create(ownerAccess, {
      url: "http://127.0.0.1:9/hook",
      events: ["signature.confirmed"],
    });
    if (!created.ok) throw new Error("webhook refused");
    const { response, json } = await post(action.id, anBody("ana@example.org"), { key: await newKey(false) });
    expect(response.statusCode).toBe(200);
    expect(json()["juntos:status"]).toBe("pending");
    expect(json()["juntos:consent"].sponsor).toBe(true);
    const jobs = await t.ctx.database.db.selectFrom("outbox").select(["kind", "payload"]).execute();
    expect(jobs.map((job) => job.kind)).toEqual(["signature.email"]);
    expect(JSON.parse(jobs[0]!.payload)).toMatchObject({ reason: "confirm" });
    expect(await shownCount()).toContain("0");

    const link = await confirmationLinkFor("ana@example.org");
    expect(link).toBeDefined();
    expect((await t.app.inject({ method: "POST", url: link! })).statusCode).toBe(303);
    expect(await shownCount()).toMatch(/\b1\b/);
    const webhookJobs = await t.ctx.database.db
      .selectFrom("outbox")
      .select("payload")
      .where("kind", "=", "webhook.delivery")
      .execute();
    expect(webhookJobs).toHaveLength(1);
  });

  it("is a per-key setting in the admin: a trusted key can ask for email, an untrusted one can never confirm at once", async () => {
    const key = await newKey(true);
    const [trusted, untrusted] = [
      (await t.ctx.apiKeys.list(ownerAccess))[0]!,
      await (async () => {
        await newKey(false);
        return (await t.ctx.apiKeys.list(ownerAccess))[0]!;
      })(),
    ];
    expect(trusted.signatureConfirmation).toBe("immediate");
    expect(untrusted.signatureConfirmation).toBe("email");
    const browser = await signIn(t.app, owner.email, owner.password);
    const page = `/en/admin/o/${org.slug}/api-keys`;
    const before = (await browser.get(page)).body;
    expect(before).toContain("Confirmed at once");
    expect(before).toContain("Confirmed by the signer’s email");
    // Only the trusted key has the switch.
    expect(before.match(/signature-confirmation/g)).toHaveLength(1);

    const switched = await browser.post(`${page}/${trusted.id}/signature-confirmation`, {
      confirmation: "email",
    });
    expect(switched.statusCode).toBe(303);
    expect((await browser.get(page)).body).not.toContain("Confirmed at once");
    const { json } = await post(action.id, anBody("ana@example.org"), { key });
    expect(json()["juntos:status"]).toBe("pending");
    expect(await confirmationLinkFor("ana@example.org")).toBeDefined();

    const refused = await browser.post(`${page}/${untrusted.id}/signature-confirmation`, {
      confirmation: "immediate",
    });
    expect(refused.statusCode).toBe(409);
    expect((await t.ctx.apiKeys.find(ownerAccess, untrusted.id)).signatureConfirmation).toBe("email");

    const audit = (await browser.get(`/en/admin/o/${org.slug}/audit`)).body;
    expect(audit).toContain(
      `Set the API key “CRM” (${trusted.prefix}…) to have the signatures it records confirmed by email.`,
    );
  });
});

describe("signing again", () => {
  it("with a key, updates the one signature (what was sent, the rest kept) and answers the same signature", async () => {
    const key = await newKey(true);
    const first = (await post(action.id, anBody("ana@example.org"), { key })).json();
    const again = await post(
      action.id,
      {
        person: {
          given_name: "Ana",
          email_addresses: [{ address: " ANA@example.org ", status: "unsubscribed" }],
        },
        comments: "Still riding",
        referrer_data: { source: "second-wave" },
      },
      { key },
    );
    expect(again.response.statusCode).toBe(200);
    expect(again.json().identifiers).toEqual(first.identifiers);
    expect(again.json()["juntos:status"]).toBe("confirmed");
    expect(await storedSignatures()).toMatchObject([
      {
        comment: "Still riding",
        source: "second-wave",
        website: null,
        consentSponsor: 0,
        postalCode: "94110",
      },
    ]);
    // Nothing sent, nothing changed: the comment is kept; an explicit null clears it.
    await post(
      action.id,
      { person: { given_name: "Ana", email_addresses: [{ address: "ana@example.org" }] } },
      { key },
    );
    expect(await storedSignatures()).toMatchObject([{ comment: "Still riding", consentSponsor: 0 }]);
    await post(
      action.id,
      { person: { given_name: "Ana", email_addresses: [{ address: "ana@example.org" }] }, comments: null },
      { key },
    );
    expect(await storedSignatures()).toMatchObject([{ comment: null, source: "second-wave" }]);
    expect(await shownCount()).toMatch(/\b1\b/);
  });

  it("with a key that confirms at once, confirms a signature left pending by the form or a keyless post", async () => {
    await post(action.id, anBody("ana@example.org", {}, "subscribed"));
    expect(await storedSignatures()).toMatchObject([{ status: "pending" }]);
    const { json } = await post(action.id, anBody("ana@example.org"), { key: await newKey(true) });
    expect(json()["juntos:status"]).toBe("confirmed");
    expect(await storedSignatures()).toMatchObject([{ status: "confirmed" }]);
    expect(await shownCount()).toMatch(/\b1\b/);
  });

  it("without a key, changes nothing and answers the same {}: the sender may not be the address's owner", async () => {
    const first = await post(action.id, anBody("ana@example.org", {}, "subscribed"));
    const again = await post(action.id, anBody("ana@example.org", { comments: "Someone else's words" }));
    expect(again.response.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await storedSignatures()).toMatchObject([{ comment: "I ride it daily", consentSponsor: 1 }]);
    // As on the form: the owner gets the link again (a reminder), never the sender.
    expect(await mailCount(t.ctx, "ana@example.org")).toBe(2);
  });
});

describe("without a key", () => {
  it("answers {} with CORS, records a pending signature with consent only when subscribed, and mails the link", async () => {
    const { response, json } = await post(action.id, anBody("ana@example.org", {}, "subscribed"), {
      origin: "https://partner.example",
    });
    expect(response.statusCode).toBe(200);
    expect(json()).toEqual({});
    expect(response.headers["access-control-allow-origin"]).toBe("*");
    await post(action.id, anBody("ben@example.org"));
    expect(await storedSignatures()).toMatchObject([
      { email: "ana@example.org", status: "pending", consentSponsor: 1 },
      { email: "ben@example.org", status: "pending", consentSponsor: 0 },
    ]);
    expect(await confirmationLinkFor("ana@example.org")).toBeDefined();
    expect(await shownCount()).toContain("0");
  });

  it("answers the preflight: POST, Content-Type and OSDI-API-Token from any origin, cached", async () => {
    const preflight = await t.app.inject({
      method: "OPTIONS",
      url: `/api/v1/petitions/${action.id}/signatures`,
      headers: {
        origin: "https://partner.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe("*");
    expect(preflight.headers["access-control-allow-methods"]).toBe("POST");
    expect(preflight.headers["access-control-allow-headers"]).toBe("Content-Type, OSDI-API-Token");
    expect(Number(preflight.headers["access-control-max-age"])).toBeGreaterThan(0);
  });

  it("is limited per network like the form: 429 with Retry-After in both shapes, nothing stored", async () => {
    for (let i = 0; i < 30; i++)
      expect((await t.ctx.signingRateLimit.consume("127.0.0.1")).allowed).toBe(true);
    const { response, json } = await post(action.id, anBody("ana@example.org", {}, "subscribed"));
    expect(response.statusCode).toBe(429);
    expect(Number(response.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(response.headers["access-control-allow-origin"]).toBe("*");
    expectBothErrorShapes(json(), 429, "rate_limited");
    expect(await storedSignatures()).toEqual([]);
    // A key has its own limit: the network's does not apply to it.
    expect(
      (await post(action.id, anBody("ana@example.org"), { key: await newKey(false) })).response.statusCode,
    ).toBe(200);
  });
});

describe("other organizations' petitions", () => {
  it("are a 404 for a key; without a key a published one takes signatures (its form is public), a draft is a 404", async () => {
    const otherOwner = await createAccount(t.ctx);
    const other = await createOrganization(t.ctx, [{ account: otherOwner, role: "owner" }]);
    const theirs = await createAction(t.ctx, other);
    const draft = await createAction(t.ctx, other, { status: "draft" });
    const keyed = await post(theirs.id, anBody("ana@example.org"), { key: await newKey(true) });
    expect(keyed.response.statusCode).toBe(404);
    expectBothErrorShapes(keyed.json(), 404, "osdi_not_found");
    expect(await storedSignatures(theirs.id)).toEqual([]);

    const keyless = await post(theirs.id, anBody("ana@example.org", {}, "subscribed"));
    expect(keyless.response.statusCode).toBe(200);
    expect(keyless.json()).toEqual({});
    expect(await storedSignatures(theirs.id)).toMatchObject([{ status: "pending" }]);

    for (const id of [draft.id, 999_999]) {
      const unknown = await post(id, anBody("ana@example.org", {}, "subscribed"));
      expect(unknown.response.statusCode).toBe(404);
      expectBothErrorShapes(unknown.json(), 404, "action_not_found");
    }
    expect(await storedSignatures(draft.id)).toEqual([]);
  });

  it("a closed petition of the key's own organization is a 409", async () => {
    const closed = await createAction(t.ctx, org, { status: "closed" });
    const { response, json } = await post(closed.id, anBody("ana@example.org"), { key: await newKey(true) });
    expect(response.statusCode).toBe(409);
    expectBothErrorShapes(json(), 409, "action_closed");
  });
});

describe("bad requests", () => {
  it("answers malformed JSON with 400, keyed or not", async () => {
    for (const key of [undefined, await newKey(true)]) {
      const { response, json } = await post(action.id, '{"person": {', { key, raw: true });
      expect(response.statusCode).toBe(400);
      expectBothErrorShapes(json(), 400, "malformed_json");
      // Read by the page that sent it, too.
      expect(response.headers["access-control-allow-origin"]).toBe("*");
    }
    const notAnObject = await post(action.id, "[1, 2]", { raw: true });
    expect(notAnObject.response.statusCode).toBe(400);
  });

  it("answers a body without an email with 422 that says why, naming the property", async () => {
    const key = await newKey(true);
    const { response, json } = await post(action.id, { person: { given_name: "Ana" } }, { key });
    expect(response.statusCode).toBe(422);
    expectBothErrorShapes(json(), 422, "email_required", "person.email_addresses");
    expect(json().error).toContain("one signature per person per petition");
    expect(await storedSignatures()).toEqual([]);
  });

  it("names the property at fault for the schema's and the form's rules", async () => {
    const cases: [unknown, string, string][] = [
      [{ comments: "no person" }, "invalid_field", "person"],
      [{ person: "Ana" }, "invalid_field", "person"],
      [{ person: { email_addresses: ["ana@example.org"] } }, "invalid_field", "person.email_addresses[0]"],
      [
        { person: { email_addresses: [{ address: "not an address" }] } },
        "invalid_field",
        "person.email_addresses",
      ],
      [
        { person: { email_addresses: [{ address: "ana@example.org" }] } },
        "invalid_field",
        "person.given_name",
      ],
      [
        {
          person: {
            given_name: "Ana",
            email_addresses: [{ address: "ana@example.org" }],
            postal_addresses: [{ postal_code: "!!" }],
          },
        },
        "invalid_field",
        "person.postal_addresses",
      ],
      [
        {
          person: { given_name: "Ana", email_addresses: [{ address: "ana@example.org" }] },
          comments: "x".repeat(1001),
        },
        "invalid_field",
        "comments",
      ],
    ];
    for (const [body, code, property] of cases) {
      // A key each: a key may send 4 requests a second.
      const { response, json } = await post(action.id, body, { key: await newKey(true) });
      expect(response.statusCode, JSON.stringify(body)).toBe(422);
      expectBothErrorShapes(json(), 422, code, property);
    }
    expect(await storedSignatures()).toEqual([]);
  });
});
