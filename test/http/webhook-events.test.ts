/**
 * Webhook events as a receiver sees them, over real HTTP on loopback (allowed here by
 * WEBHOOKS_ALLOW_HTTP and WEBHOOKS_ALLOW_PRIVATE): a receiver that checks each delivery's
 * Juntos-Signature over the raw body and its timestamp, and answers 500 to the first two attempts
 * of every event, gets each one (signature, comment, co-sponsorship) on the third try, once, in
 * the Action Network envelope. Co-sponsorships tell each change apart; a subscription keeps to
 * the events it chose; a receiver slower than the delivery timeout never delays a signer's answer.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deliveryTimeoutMs } from "../../src/modules/webhooks/webhooks.ts";
import { agedFormToken, createTestApp, type TestApp } from "../support/app.ts";
import { type Browser, signIn } from "../support/browser-session.ts";
import { ManualClock } from "../support/clock.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  sign,
  type TestAccount,
  type TestOrganization,
} from "../support/fixtures.ts";
import { runRetries, WebhookReceiver } from "../support/webhook-receiver.ts";

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

const webhooksPage = (locale = "en") => `/${locale}/admin/o/${org.slug}/webhooks`;
const allEvents = ["signature.confirmed", "comment.approved", "cosponsorship.changed"];

/** Adds a webhook through the admin form with `events` ticked; the receiver takes the secret shown. */
async function addWebhook(events: string[]): Promise<number> {
  const response = await ownerBrowser.post(webhooksPage(), { url: receiver.url, events });
  expect(response.statusCode).toBe(200);
  receiver.secret = /id="webhook-secret"[^>]*value="([^"]+)"/.exec(response.body)?.[1] ?? "";
  expect(receiver.secret).toMatch(/^whsec_/);
  return Number(new RegExp(`${webhooksPage()}/(\\d+)`).exec(response.body)?.[1]);
}

function ownerAccess() {
  return t.ctx.organizations.access({ accountId: owner.id, isPlatformAdmin: false }, org.slug);
}

async function approvedComment(name: string, email: string, body: string): Promise<number> {
  const posted = await t.ctx.comments.post(
    action.slug,
    "en",
    { name, email, emailCanonical: email, website: null, body, stance: null, notify: null, parentId: null },
    { tooFast: false },
  );
  await t.ctx.comments.moderate(await ownerAccess(), [posted.id], "approve");
  return posted.id;
}

/** A partner organization and its owner's access, to co-sponsor the action. */
async function partner() {
  const account = await createAccount(t.ctx);
  const partnerOrg = await createOrganization(t.ctx, [{ account, role: "owner" }]);
  const access = await t.ctx.organizations.access(
    { accountId: account.id, isPlatformAdmin: false },
    partnerOrg.slug,
  );
  return { org: partnerOrg, access };
}

describe("a receiver that fails twice", () => {
  it("gets each event on the third try, once, signed over the raw body, in the Action Network envelope", async () => {
    const id = await addWebhook(allEvents);
    receiver.failFirst = 2;
    const [signatureId] = await sign(
      t.ctx,
      action.slug,
      [{ name: "Ada Lovelace", email: "ada@example.org", consent: true }],
      true,
    );
    const commentId = await approvedComment("Grace H.", "grace@example.org", "Fund it.\n\nNow.");
    const cosponsor = await partner();
    await t.ctx.cosponsors.invite(await ownerAccess(), action.id, cosponsor.org.slug);
    await t.ctx.cosponsors.cosponsorMove(cosponsor.access, action.id, "approve");
    await runRetries(t.ctx, clock);

    const keys = [
      `juntos:signature.confirmed:${signatureId}`,
      `juntos:comment.approved:${commentId}`,
      expect.stringMatching(/^juntos:cosponsorship\.changed:\d+$/),
    ];
    expect(receiver.delivered().map((attempt) => attempt.key)).toEqual(expect.arrayContaining(keys));
    expect(receiver.delivered()).toHaveLength(3);
    for (const { key } of receiver.delivered()) {
      const tries = receiver.attempts.filter((attempt) => attempt.key === key);
      expect(
        tries.map((attempt) => attempt.answered),
        key,
      ).toEqual([500, 500, 200]);
      expect(tries.every((attempt) => attempt.verified)).toBe(true);
      // Every attempt carries the same body: the same event, the same idempotency key.
      expect(new Set(tries.map((attempt) => JSON.stringify(attempt.body))).size).toBe(1);
    }
    const { deliveries } = await t.ctx.webhooks.detail(await ownerAccess(), id);
    expect(deliveries).toHaveLength(9);

    const bodyOf = (key: string) => receiver.delivered().find((attempt) => attempt.key === key)!.body;
    const sponsor = { title: org.name, url: "http://juntos.test" };
    expect(bodyOf(`juntos:signature.confirmed:${signatureId}`)).toEqual([
      {
        "osdi:signature": expect.objectContaining({ identifiers: [`juntos:${signatureId}`] }),
        "action_network:sponsor": sponsor,
        idempotency_key: `juntos:signature.confirmed:${signatureId}`,
      },
    ]);
    const permalink = `http://juntos.test/en/a/${action.slug}/comments/${commentId}`;
    const petition = `http://juntos.test/api/v1/petitions/${action.id}`;
    expect(bodyOf(`juntos:comment.approved:${commentId}`)).toEqual([
      {
        "juntos:comment": {
          identifiers: [`juntos:${commentId}`],
          created_date: expect.any(String),
          modified_date: expect.any(String),
          body: "Fund it.\n\nNow.",
          author: { name: "Grace H." },
          _links: { "osdi:petition": { href: petition }, "juntos:permalink": { href: permalink } },
        },
        "action_network:sponsor": sponsor,
        idempotency_key: `juntos:comment.approved:${commentId}`,
      },
    ]);
    // The commenter's address is never sent: only the name the discussion shows.
    expect(JSON.stringify(receiver.attempts)).not.toContain("grace@example.org");
    const [cosponsorship] = receiver.delivered().find((attempt) => attempt.key.includes("cosponsorship"))!
      .body as {
      "juntos:cosponsorship": unknown;
    }[];
    expect(cosponsorship!["juntos:cosponsorship"]).toEqual({
      identifiers: [`juntos:organization:${cosponsor.org.id}`],
      created_date: expect.any(String),
      modified_date: expect.any(String),
      state: "approved",
      organization: { name: cosponsor.org.name, website: null },
      _links: { "osdi:petition": { href: petition } },
    });

    // The links lead somewhere: the permalink to the comment, the petition to the API's own self link.
    const shown = await t.app.inject(new URL(permalink).pathname);
    expect(shown.statusCode).toBe(302);
    expect(shown.headers.location).toContain(`#comment-${commentId}`);
    const key = await t.ctx.apiKeys.create(await ownerAccess(), { name: "Receiver", trusted: false });
    if (!key.ok) throw new Error("the API key was refused");
    const api = await t.app.inject({
      url: new URL(petition).pathname,
      headers: { "osdi-api-token": key.secret },
    });
    expect(api.statusCode).toBe(200);
    expect(api.json()._links.self.href).toBe(petition);
  });
});

describe("co-sponsorship events", () => {
  it("tell each change apart: joined, withdrawn, joined again, removed; what never began tells nothing", async () => {
    await addWebhook(["cosponsorship.changed"]);
    const cosponsor = await partner();
    const sponsorAccess = await ownerAccess();
    await t.ctx.cosponsors.invite(sponsorAccess, action.id, cosponsor.org.slug);
    await t.ctx.cosponsors.cosponsorMove(cosponsor.access, action.id, "approve");
    await t.ctx.cosponsors.cosponsorMove(cosponsor.access, action.id, "withdraw");
    await t.ctx.cosponsors.ask(cosponsor.access, `/en/a/${action.slug}`);
    await t.ctx.cosponsors.sponsorMove(sponsorAccess, action.id, cosponsor.org.id, "approve");
    await t.ctx.cosponsors.sponsorMove(sponsorAccess, action.id, cosponsor.org.id, "remove");
    const declining = await partner();
    await t.ctx.cosponsors.invite(sponsorAccess, action.id, declining.org.slug);
    await t.ctx.cosponsors.cosponsorMove(declining.access, action.id, "decline");
    const neverJoined = await partner();
    await t.ctx.cosponsors.invite(sponsorAccess, action.id, neverJoined.org.slug);
    await t.ctx.cosponsors.sponsorMove(sponsorAccess, action.id, neverJoined.org.id, "remove");
    await t.ctx.cosponsors.addList(
      sponsorAccess,
      action.id,
      "name,website\nListed Neighbours,https://neighbours.example",
      "en",
    );
    await t.ctx.worker.drain();

    const events = receiver
      .delivered()
      .map((attempt) => ({
        key: attempt.key,
        ...(attempt.body[0] as { "juntos:cosponsorship": { state: string; organization: object } })[
          "juntos:cosponsorship"
        ],
      }))
      .sort((a, b) => Number(a.key.split(":").at(-1)) - Number(b.key.split(":").at(-1)));
    expect(events.map((event) => [event.state, event.organization])).toEqual([
      ["approved", { name: cosponsor.org.name, website: null }],
      ["withdrawn", { name: cosponsor.org.name, website: null }],
      ["approved", { name: cosponsor.org.name, website: null }],
      ["removed", { name: cosponsor.org.name, website: null }],
      ["approved", { name: "Listed Neighbours", website: "https://neighbours.example/" }],
    ]);
    expect(new Set(events.map((event) => event.key)).size).toBe(5);
    expect(receiver.attempts.every((attempt) => attempt.verified)).toBe(true);
    // Only the sponsor's webhooks hear of its action's co-sponsors.
    expect(JSON.stringify(receiver.attempts)).not.toContain(declining.org.name);
    expect(JSON.stringify(receiver.attempts)).not.toContain(neverJoined.org.name);
  });
});

describe("the events a subscription chose", () => {
  it("are the only ones it gets: signatures only by default, as before", async () => {
    const page = await ownerBrowser.get(webhooksPage());
    expect(page.body).toMatch(
      /<input type="checkbox" id="f-events" name="events" value="signature.confirmed" checked/,
    );
    expect(page.body).not.toMatch(/value="comment.approved" checked/);
    const id = await addWebhook(["signature.confirmed"]);
    await approvedComment("Quiet Reader", "reader@example.org", "A comment nobody subscribed to.");
    const cosponsor = await partner();
    await t.ctx.cosponsors.invite(await ownerAccess(), action.id, cosponsor.org.slug);
    await t.ctx.cosponsors.cosponsorMove(cosponsor.access, action.id, "approve");
    const [signatureId] = await sign(
      t.ctx,
      action.slug,
      [{ name: "Rosa Parks", email: "rosa@example.org" }],
      true,
    );
    await t.ctx.worker.drain();
    expect(receiver.attempts.map((attempt) => attempt.key)).toEqual([
      `juntos:signature.confirmed:${signatureId}`,
    ]);
    const { subscription } = await t.ctx.webhooks.detail(await ownerAccess(), id);
    expect(subscription.events).toEqual(["signature.confirmed"]);
  });

  it("must include one event: the form says so in the page's language and keeps what was typed", async () => {
    for (const [locale, message] of [
      ["en", "Choose at least one event to send."],
      ["es", "Elija al menos un evento que enviar."],
    ] as const) {
      const response = await ownerBrowser.post(webhooksPage(locale), { url: receiver.url });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain(message);
      expect(response.body).toContain('href="#f-events"');
      expect(response.body).toContain(`value="${receiver.url}"`);
      expect(response.body).not.toMatch(/value="signature.confirmed" checked/);
    }
    expect(await t.ctx.webhooks.list(await ownerAccess())).toEqual([]);
  });
});

describe("a receiver slower than the delivery timeout", () => {
  it("never delays the answer to a signer's confirmation, even while a delivery to it waits", async () => {
    await addWebhook(["signature.confirmed"]);
    receiver.answerAfterMs = deliveryTimeoutMs + 500;
    const confirmLink = async (email: string) => {
      const signed = await t.app.inject({
        method: "POST",
        url: `/en/a/${action.slug}/sign`,
        payload: new URLSearchParams({
          ts: agedFormToken(t.ctx),
          name: "Slow Case",
          email,
          postal_code: "94110",
        }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expect(signed.statusCode).toBe(303);
      await t.ctx.worker.drain();
      const mail = (await t.ctx.devMailbox!.list()).find((m) => m.to === email);
      return new URL(/https?:\/\/\S+\/confirm\/\S+/.exec(mail!.text)![0]).pathname;
    };
    const first = await confirmLink("first@example.org");
    const second = await confirmLink("second@example.org");
    // As in production: the worker runs on its own, woken by each commit that wrote jobs.
    t.ctx.worker.start();

    const started = performance.now();
    const confirmed = await t.app.inject({ method: "POST", url: first });
    const firstAnsweredIn = performance.now() - started;
    expect(confirmed.statusCode).toBe(303);
    // The worker runs the delivery it was handed after the commit; wait until the receiver holds it.
    while (receiver.receivedAt.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const whileHeld = performance.now();
    const again = await t.app.inject({ method: "POST", url: second });
    const confirmedWhileHeldAt = performance.now();
    expect(again.statusCode).toBe(303);

    expect(firstAnsweredIn).toBeLessThan(1_000);
    expect(confirmedWhileHeldAt - whileHeld).toBeLessThan(1_000);
    expect(receiver.answeredAt).toHaveLength(0);
    // The next request (the second signature, sent once the first times out) is answered at once.
    receiver.answerAfterMs = 0;
    while (receiver.answeredAt.length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    // The receiver answered only after both signers had theirs; the first delivery timed out.
    expect(Math.min(...receiver.answeredAt)).toBeGreaterThan(confirmedWhileHeldAt);
    console.log(
      `confirmations answered in ${Math.round(firstAnsweredIn)} ms and ${Math.round(confirmedWhileHeldAt - whileHeld)} ms; the slow receiver answered after ${Math.round(Math.max(...receiver.answeredAt) - receiver.receivedAt[0]!)} ms`,
    );
    await t.ctx.worker.stop();
    const [webhook] = await t.ctx.webhooks.list(await ownerAccess());
    const { deliveries } = await t.ctx.webhooks.detail(await ownerAccess(), webhook!.id);
    expect(deliveries.map((line) => line.error)).toEqual([null, `no answer within ${deliveryTimeoutMs} ms`]);
  }, 120_000);
});
