/**
 * The whole way of one signature sent by a CRM: recorded through the record_signature_helper with
 * a trusted key (confirmed at once) and its referrer data, it is on the public count, in the
 * owner's admin list with its source and referrer, and delivered to the organization's webhook
 * (a real HTTP receiver on loopback, allowed here) on the third try, once, after two 500s: in
 * Action Network's shape, carrying that signature and its referrer data, signed with the secret
 * the admin showed (the HMAC recomputed by the receiver over "t.body").
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../support/app.ts";
import { type Browser, signIn } from "../../support/browser-session.ts";
import { ManualClock } from "../../support/clock.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  mailCount,
  type TestAccount,
  type TestOrganization,
} from "../../support/fixtures.ts";
import { runRetries, verifiesSignature, WebhookReceiver } from "../../support/webhook-receiver.ts";

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by value, not by type
type Hal = any;

let t: TestApp;
let clock: ManualClock;
let receiver: WebhookReceiver;
let owner: TestAccount;
let org: TestOrganization;
let ownerBrowser: Browser;
let action: { id: number; slug: string };
beforeEach(async () => {
  clock = new ManualClock();
  receiver = await WebhookReceiver.start(clock);
  t = await createTestApp({ WEBHOOKS_ALLOW_HTTP: "true", WEBHOOKS_ALLOW_PRIVATE: "true" }, { clock });
  owner = await createAccount(t.ctx, { name: "Owen Owner" });
  org = await createOrganization(t.ctx, [{ account: owner, role: "owner" }]);
  ownerBrowser = await signIn(t.app, owner.email, owner.password);
  action = await createAction(t.ctx, org);
});
afterEach(async () => {
  await t.close();
  await receiver.close();
});

async function shownCount(): Promise<string> {
  const page = await t.app.inject(`/en/a/${action.slug}`);
  expect(page.statusCode).toBe(200);
  return /<p class="count" id="take-action">([^<]*)<\/p>/.exec(page.body)?.[1] ?? "";
}

/** The rows of the owner's signatures list, each as its cells' text. */
async function adminRows(): Promise<string[][]> {
  const page = await ownerBrowser.get(`/en/admin/o/${org.slug}/actions/${action.id}/signatures`);
  expect(page.statusCode).toBe(200);
  const tbody = /<tbody>([\s\S]*?)<\/tbody>/.exec(page.body)?.[1] ?? "";
  return [...tbody.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<td data-label="([^"]*)">([\s\S]*?)<\/td>/g)].map(
      (cell) => `${cell[1]}: ${cell[2]!.replace(/<[^>]+>/g, "").trim()}`,
    ),
  );
}

describe("a signature recorded through the helper with a trusted key", () => {
  it("is counted, listed in the admin with its referrer data, and delivered once on the third try, signed", async () => {
    // The owner subscribes the receiver to signatures in the admin, and pastes the secret shown once.
    const subscribed = await ownerBrowser.post(`/en/admin/o/${org.slug}/webhooks`, {
      url: receiver.url,
      events: ["signature.confirmed"],
    });
    expect(subscribed.statusCode).toBe(200);
    receiver.secret = /id="webhook-secret"[^>]*value="([^"]+)"/.exec(subscribed.body)?.[1] ?? "";
    expect(receiver.secret).toMatch(/^whsec_/);
    receiver.failFirst = 2;

    const partner = await createOrganization(t.ctx);
    await t.ctx.cosponsors.addApproved(action.id, partner.id);
    const access = await t.ctx.organizations.access(
      { accountId: owner.id, isPlatformAdmin: false },
      org.slug,
    );
    const key = await t.ctx.apiKeys.create(access, { name: "CRM", trusted: true });
    if (!key.ok) throw new Error("key refused");
    expect(await shownCount()).toMatch(/^0\b/);

    const referrerData = { source: "crm-june", referrer: partner.slug, website: "news.example" };
    const recorded = await t.app.inject({
      method: "POST",
      url: `/api/v1/petitions/${action.id}/signatures`,
      headers: { "content-type": "application/json", "osdi-api-token": key.secret },
      payload: JSON.stringify({
        person: {
          given_name: "Rosa",
          family_name: "Parks",
          email_addresses: [{ address: "rosa@example.org" }],
          postal_addresses: [{ postal_code: "36104" }],
        },
        comments: "Count me in",
        referrer_data: { ...referrerData, website: "https://news.example/june?utm=x" },
      }),
    });
    expect(recorded.statusCode).toBe(200);
    const signature = recorded.json() as Hal;
    expect(signature).toMatchObject({ "juntos:status": "confirmed", referrer_data: referrerData });
    const identifier = signature.identifiers[0] as string;
    const signatureId = Number(/^juntos:(\d+)$/.exec(identifier)?.[1]);
    expect(signatureId).toBeGreaterThan(0);

    // Confirmed at once: counted on the public page, no confirmation mail.
    expect(await shownCount()).toMatch(/^1\b/);
    expect(await mailCount(t.ctx, "rosa@example.org")).toBe(0);

    // Listed for the owner with where it came from.
    const rows = await adminRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toEqual(
      expect.arrayContaining([
        "Name: Rosa Parks",
        "Email: rosa@example.org",
        "Status: Confirmed",
        "Source: crm-june",
        `Referred by: ${partner.name} · news.example`,
      ]),
    );

    // The worker runs the outbox through its backoff: 500, 500, then 200, and never again.
    await runRetries(t.ctx, clock);
    const eventKey = `juntos:signature.confirmed:${signatureId}`;
    expect(receiver.attempts.map((attempt) => [attempt.key, attempt.answered])).toEqual([
      [eventKey, 500],
      [eventKey, 500],
      [eventKey, 200],
    ]);
    expect(receiver.delivered()).toHaveLength(1);
    expect(receiver.attempts.every((attempt) => attempt.verified)).toBe(true);
    const [delivery] = receiver.delivered();
    // The HMAC is the subscription's secret over "t.body": another secret or another body fails it.
    expect(verifiesSignature(receiver.secret, delivery!.header, delivery!.raw, delivery!.at)).toBe(true);
    expect(verifiesSignature("whsec_not-the-secret", delivery!.header, delivery!.raw, delivery!.at)).toBe(
      false,
    );
    const tampered = Buffer.from(delivery!.raw.toString("utf8").replace("crm-june", "crm-july"));
    expect(verifiesSignature(receiver.secret, delivery!.header, tampered, delivery!.at)).toBe(false);

    expect(delivery!.body).toEqual([
      {
        "osdi:signature": expect.objectContaining({
          identifiers: [identifier],
          comments: "Count me in",
          "action_network:referrer_data": referrerData,
        }),
        "action_network:sponsor": { title: org.name, url: "http://juntos.test" },
        idempotency_key: eventKey,
      },
    ]);

    // The delivery log shows the three attempts.
    const [webhook] = await t.ctx.webhooks.list(access);
    const { deliveries } = await t.ctx.webhooks.detail(access, webhook!.id);
    expect(deliveries.map((line) => line.statusCode).sort()).toEqual([200, 500, 500]);
  });
});
