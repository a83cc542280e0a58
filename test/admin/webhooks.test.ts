/**
 * Webhooks end to end: a real receiver on loopback (allowed here by WEBHOOKS_ALLOW_HTTP and
 * WEBHOOKS_ALLOW_PRIVATE) gets a confirmed signature once, in the Action Network shape, signed
 * over its raw body; retries through the outbox's backoff; paused and disabled subscriptions get
 * nothing; the admin pages refuse other organizations' ids and viewers.
 */
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.ts";
import { type Browser, signIn } from "../support/browser-session.ts";
import { ManualClock } from "../support/clock.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  mailCount,
  sign,
  type TestAccount,
  type TestOrganization,
} from "../support/fixtures.ts";

interface Received {
  body: string;
  signature: string | undefined;
}

let t: TestApp;
let clock: ManualClock;
let receiver: Server;
let received: Received[];
/** How many of the next requests the receiver answers 500. */
let failNext: number;
let hookUrl: string;
let owner: TestAccount;
let org: TestOrganization;
let ownerBrowser: Browser;
let action: { id: number; slug: string };

beforeEach(async () => {
  received = [];
  failNext = 0;
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (failNext > 0) {
        failNext--;
        response.writeHead(500).end();
        return;
      }
      received.push({
        body: Buffer.concat(chunks).toString("utf8"),
        signature: request.headers["juntos-signature"] as string | undefined,
      });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  clock = new ManualClock();
  t = await createTestApp({ WEBHOOKS_ALLOW_HTTP: "true", WEBHOOKS_ALLOW_PRIVATE: "true" }, { clock });
  owner = await createAccount(t.ctx, { name: "Owen Owner" });
  org = await createOrganization(t.ctx, [{ account: owner, role: "owner" }]);
  ownerBrowser = await signIn(t.app, owner.email, owner.password);
  action = await createAction(t.ctx, org);
});
afterEach(async () => {
  await t.close();
  await new Promise((resolve) => receiver.close(resolve));
});

const webhooksPage = (o: TestOrganization = org) => `/en/admin/o/${o.slug}/webhooks`;

/** Adds a webhook through the admin form (its default event ticked); returns its id and the secret shown once. */
async function addWebhook(url = hookUrl): Promise<{ id: number; secret: string }> {
  const response = await ownerBrowser.post(webhooksPage(), { url, events: "signature.confirmed" });
  expect(response.statusCode).toBe(200);
  const secret = /id="webhook-secret"[^>]*value="([^"]+)"/.exec(response.body)?.[1];
  const id = new RegExp(`${webhooksPage()}/(\\d+)`).exec(response.body)?.[1];
  expect(secret).toMatch(/^whsec_/);
  return { id: Number(id), secret: secret! };
}

function verify(secret: string, delivery: Received): boolean {
  const [, timestamp, mac] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(delivery.signature ?? "") ?? [];
  if (!timestamp || !mac) return false;
  return createHmac("sha256", secret).update(`${timestamp}.${delivery.body}`).digest("hex") === mac;
}

describe("delivering a confirmed signature", () => {
  it("posts it once, shaped like Action Network's, signed over the raw body", async () => {
    const { id, secret } = await addWebhook();
    // The secret is shown once: the list and the webhook's page never show it again.
    expect((await ownerBrowser.get(webhooksPage())).body).not.toContain(secret);
    expect((await ownerBrowser.get(`${webhooksPage()}/${id}`)).body).not.toContain(secret);
    const [signatureId] = await sign(
      t.ctx,
      action.slug,
      [
        {
          name: "Ada María Lovelace",
          email: "ada@example.org",
          postalCode: "94110",
          consent: true,
          source: "mail",
        },
      ],
      true,
    );
    // Pending signatures tell nobody; only the confirmation does.
    await sign(t.ctx, action.slug, [{ name: "Pending Person", email: "pending@example.org" }], false);
    await t.ctx.worker.drain();
    await t.ctx.worker.drain();
    expect(received).toHaveLength(1);
    expect(verify(secret, received[0]!)).toBe(true);
    expect(verify("whsec_other", received[0]!)).toBe(false);
    const body = JSON.parse(received[0]!.body);
    expect(body).toEqual([
      {
        "osdi:signature": {
          identifiers: [`juntos:${signatureId}`],
          created_date: expect.any(String),
          modified_date: expect.any(String),
          "action_network:referrer_data": { source: "mail", referrer: "", website: "" },
          person: {
            given_name: "Ada María",
            family_name: "Lovelace",
            email_addresses: [{ address: "ada@example.org" }],
            postal_addresses: [{ postal_code: "94110" }],
          },
        },
        "action_network:sponsor": { title: org.name, url: "http://juntos.test" },
        idempotency_key: `juntos:signature.confirmed:${signatureId}`,
      },
    ]);
    const log = await ownerBrowser.get(`${webhooksPage()}/${id}`);
    expect(log.body).toContain("Delivered (200)");
    expect(log.body).not.toContain("ada@example.org");
  });

  it("leaves out the person of a signer who did not consent to the sponsor", async () => {
    await addWebhook();
    await sign(
      t.ctx,
      action.slug,
      [{ name: "Quiet Signer", email: "quiet@example.org", consent: false }],
      true,
    );
    await t.ctx.worker.drain();
    expect(received).toHaveLength(1);
    const [event] = JSON.parse(received[0]!.body);
    expect(event["osdi:signature"].person).toBeUndefined();
    expect(received[0]!.body).not.toContain("quiet@example.org");
  });

  it("retries with backoff: a receiver that fails twice gets it on the third try, once", async () => {
    const { id, secret } = await addWebhook();
    failNext = 2;
    await sign(t.ctx, action.slug, [{ name: "Rosa Parks", email: "rosa@example.org", consent: true }], true);
    await t.ctx.worker.drain();
    expect(received).toHaveLength(0);
    // Not due yet: nothing is tried before its backoff has passed.
    await t.ctx.worker.drain();
    expect(received).toHaveLength(0);
    clock.advance(10_000);
    await t.ctx.worker.drain();
    expect(received).toHaveLength(0);
    clock.advance(20_000);
    await t.ctx.worker.drain();
    clock.advance(60 * 60_000);
    await t.ctx.worker.drain();
    expect(received).toHaveLength(1);
    expect(verify(secret, received[0]!)).toBe(true);
    const { deliveries } = await t.ctx.webhooks.detail(await ownerAccess(), id);
    expect(deliveries.map((line) => [line.ok, line.statusCode])).toEqual([
      [true, 200],
      [false, 500],
      [false, 500],
    ]);
  });

  it("sends nothing to a paused webhook, and sends a logged delivery again on request", async () => {
    const { id } = await addWebhook();
    await sign(t.ctx, action.slug, [{ name: "First Signer", email: "first@example.org" }], true);
    await t.ctx.worker.drain();
    expect(received).toHaveLength(1);
    expect((await ownerBrowser.post(`${webhooksPage()}/${id}/pause`, {})).statusCode).toBe(303);
    await sign(t.ctx, action.slug, [{ name: "Second Signer", email: "second@example.org" }], true);
    await t.ctx.worker.drain();
    expect(received).toHaveLength(1);
    expect((await ownerBrowser.post(`${webhooksPage()}/${id}/resume`, {})).statusCode).toBe(303);
    const [delivery] = (await t.ctx.webhooks.detail(await ownerAccess(), id)).deliveries;
    const again = await ownerBrowser.post(
      `${webhooksPage()}/${id}/deliveries/${delivery!.id}/send-again`,
      {},
    );
    expect(again.statusCode).toBe(303);
    await t.ctx.worker.drain();
    expect(received).toHaveLength(2);
    // The same event again, with the same idempotency key.
    expect(received[1]!.body).toBe(received[0]!.body);
    const audit = await ownerBrowser.get(`/en/admin/o/${org.slug}/audit?kind=webhook`);
    for (const sentence of ["Added a webhook", "Paused the webhook", "Resumed the webhook", "again to"])
      expect(audit.body).toContain(sentence);
  });

  it("disables a webhook after a day of failures, mails the owners, and then sends nothing", async () => {
    const { id } = await addWebhook();
    failNext = 1_000;
    await sign(t.ctx, action.slug, [{ name: "Rosa Parks", email: "rosa@example.org" }], true);
    await t.ctx.worker.drain();
    for (let hour = 0; hour < 26; hour++) {
      clock.advance(60 * 60_000);
      await t.ctx.worker.drain();
    }
    const { subscription } = await t.ctx.webhooks.detail(await ownerAccess(), id);
    expect(subscription.status).toBe("disabled");
    expect(await mailCount(t.ctx, owner.email)).toBe(1);
    failNext = 0;
    await sign(t.ctx, action.slug, [{ name: "Later Signer", email: "later@example.org" }], true);
    await t.ctx.worker.drain();
    expect(received).toHaveLength(0);
    const page = await ownerBrowser.get(`${webhooksPage()}/${id}`);
    expect(page.body).toContain("Disabled after a day of failures");
  });
});

describe("the SSRF guard", () => {
  it("refuses loopback addresses and names resolving to them unless the operator allows them", async () => {
    const guarded = await createTestApp({ WEBHOOKS_ALLOW_HTTP: "true" });
    try {
      const account = await createAccount(guarded.ctx);
      const guardedOrg = await createOrganization(guarded.ctx, [{ account, role: "owner" }]);
      const guardedAction = await createAction(guarded.ctx, guardedOrg);
      const access = await guarded.ctx.organizations.access(
        { accountId: account.id, isPlatformAdmin: false },
        guardedOrg.slug,
      );
      const port = (receiver.address() as AddressInfo).port;
      for (const url of [
        `http://127.0.0.1:${port}/hook`,
        `http://localhost:${port}/hook`,
        `http://[::1]:${port}/hook`,
      ])
        expect((await guarded.ctx.webhooks.create(access, { url, events: ["signature.confirmed"] })).ok).toBe(
          true,
        );
      await sign(guarded.ctx, guardedAction.slug, [{ name: "Rosa Parks", email: "rosa@example.org" }], true);
      await guarded.ctx.worker.drain();
      expect(received).toHaveLength(0);
      for (const webhook of await guarded.ctx.webhooks.list(access)) {
        const { deliveries } = await guarded.ctx.webhooks.detail(access, webhook.id);
        expect(deliveries).toHaveLength(1);
        expect(deliveries[0]!.error).toMatch(/^refused address (127\.0\.0\.1|::1)/);
      }
    } finally {
      await guarded.close();
    }
  });

  it("refuses http addresses unless the operator allows them", async () => {
    const guarded = await createTestApp();
    try {
      const account = await createAccount(guarded.ctx);
      const guardedOrg = await createOrganization(guarded.ctx, [{ account, role: "owner" }]);
      const browser = await signIn(guarded.app, account.email, account.password);
      const response = await browser.post(webhooksPage(guardedOrg), {
        url: "http://hooks.example/x",
        events: "signature.confirmed",
      });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain("The address must start with https://.");
      expect(response.body).toContain('value="http://hooks.example/x"');
    } finally {
      await guarded.close();
    }
  });
});

describe("access", () => {
  it("answers 404 for another organization's webhook and 403 to a viewer", async () => {
    const { id } = await addWebhook();
    const otherOwner = await createAccount(t.ctx);
    const other = await createOrganization(t.ctx, [{ account: otherOwner, role: "owner" }]);
    const otherBrowser = await signIn(t.app, otherOwner.email, otherOwner.password);
    expect((await otherBrowser.get(`${webhooksPage(other)}/${id}`)).statusCode).toBe(404);
    expect((await otherBrowser.post(`${webhooksPage(other)}/${id}/pause`, {})).statusCode).toBe(404);
    expect(
      (await otherBrowser.post(`${webhooksPage(other)}/${id}/delete`, { confirm: "yes" })).statusCode,
    ).toBe(404);
    const viewer = await createAccount(t.ctx);
    const viewerOrg = await createOrganization(t.ctx, [
      { account: viewer, role: "viewer" },
      { account: otherOwner, role: "owner" },
    ]);
    const viewerBrowser = await signIn(t.app, viewer.email, viewer.password);
    expect((await viewerBrowser.get(webhooksPage(viewerOrg))).statusCode).toBe(403);
    // The webhook is still there and active.
    const { subscription } = await t.ctx.webhooks.detail(await ownerAccess(), id);
    expect(subscription.status).toBe("active");
  });

  it("asks before deleting, then deletes with a notice", async () => {
    const { id } = await addWebhook();
    const question = await ownerBrowser.post(`${webhooksPage()}/${id}/delete`, {});
    expect(question.statusCode).toBe(200);
    expect(question.body).toContain("Delete this webhook?");
    const done = await ownerBrowser.post(`${webhooksPage()}/${id}/delete`, { confirm: "yes" });
    expect(done.statusCode).toBe(303);
    expect((await ownerBrowser.get(webhooksPage())).body).toContain(`Webhook to ${hookUrl} deleted.`);
    expect((await ownerBrowser.get(`${webhooksPage()}/${id}`)).statusCode).toBe(404);
  });
});

function ownerAccess() {
  return t.ctx.organizations.access({ accountId: owner.id, isPlatformAdmin: false }, org.slug);
}
