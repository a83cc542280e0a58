/**
 * Webhooks: an organization's subscriptions to events on its actions, and their delivery. A
 * confirmation writes one outbox job per matching subscription in its own transaction
 * (`enqueueForSignature`), as do a comment shown and a co-sponsorship begun or ended
 * (`enqueueForOrganization`); the worker delivers it (`deliver`), so a slow or dead receiver never
 * slows a signature. Failures retry through the outbox's backoff; a day of them disables the
 * subscription and mails the organization's owners.
 */
import { performance } from "node:perf_hooks";
import { type Db, type Executor, nowIso } from "../../db/database.ts";
import { recordChange } from "../audit/audit.service.ts";
import type { Clock } from "../clock.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import * as outbox from "../outbox/outbox.repository.ts";
import type { ClaimedJob, OutboxJobs } from "../outbox/outbox.ts";
import { type PostOutcome, pinnedPost } from "./pinned-post.ts";
import { WebhookNotFoundError } from "./webhooks.errors.ts";
import * as repo from "./webhooks.repository.ts";
import {
  type DeliveryLine,
  deliveryLogSize,
  deliveryTimeoutMs,
  disableAfterFailingMs,
  idempotencyKey,
  newWebhookSecret,
  readEvents,
  type SubscriptionFormOutcome,
  signatureHeader,
  signatureHeaderValue,
  validateSubscriptionForm,
  type WebhookEvent,
  type WebhookSummary,
} from "./webhooks.ts";

export interface WebhooksDeps {
  db: Db;
  clock: Clock;
  allowHttp: boolean;
  allowPrivate: boolean;
  /** Asks the worker to run soon, after a commit that wrote jobs for any node to claim. */
  outboxWritten: () => void;
}

export type CreateOutcome =
  | Exclude<SubscriptionFormOutcome, { ok: true }>
  | { ok: true; subscription: WebhookSummary; secret: string };

export class WebhooksService {
  constructor(private readonly deps: WebhooksDeps) {}

  async list(access: OrganizationAccess): Promise<WebhookSummary[]> {
    access.require("webhooks.manage");
    return (await repo.listSubscriptions(this.deps.db, access.organization.id)).map(toSummary);
  }

  /** Subscribes a URL to the events chosen; the secret is returned this once and never shown again. */
  async create(
    access: OrganizationAccess,
    form: { url: string; events: readonly string[] },
  ): Promise<CreateOutcome> {
    access.require("webhooks.manage");
    const checked = validateSubscriptionForm(form, { allowHttp: this.deps.allowHttp });
    if (!checked.ok) return checked;
    const secret = newWebhookSecret();
    const now = nowIso(this.deps.clock.now());
    const events = checked.events.join(" ");
    const id = await this.deps.db.transaction().execute(async (trx) => {
      const id = await repo.insertSubscription(trx, {
        organizationId: access.organization.id,
        url: checked.url,
        events,
        secret,
        now,
      });
      await recordChange(
        trx,
        access,
        { event: "webhook.created", subject: `webhook:${id}`, detail: { url: checked.url, events } },
        now,
      );
      return id;
    });
    return { ok: true, subscription: toSummary(await this.subscriptionRow(access, id)), secret };
  }

  /** A subscription and its newest delivery attempts. */
  async detail(
    access: OrganizationAccess,
    id: number,
  ): Promise<{ subscription: WebhookSummary; deliveries: DeliveryLine[] }> {
    access.require("webhooks.manage");
    const subscription = toSummary(await this.subscriptionRow(access, id));
    const deliveries = await repo.listDeliveries(this.deps.db, id, deliveryLogSize);
    return { subscription, deliveries: deliveries.map(toDeliveryLine) };
  }

  /** Pauses (nothing is sent) or resumes (also a subscription disabled by failures), with an audit entry. */
  async setPaused(access: OrganizationAccess, id: number, paused: boolean): Promise<WebhookSummary> {
    access.require("webhooks.manage");
    const row = await this.subscriptionRow(access, id);
    const now = nowIso(this.deps.clock.now());
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.setStatus(trx, id, paused ? "paused" : "active", now);
      await recordChange(
        trx,
        access,
        {
          event: paused ? "webhook.paused" : "webhook.resumed",
          subject: `webhook:${id}`,
          detail: { url: row.url },
        },
        now,
      );
    });
    return toSummary({ ...row, status: paused ? "paused" : "active" });
  }

  async remove(access: OrganizationAccess, id: number): Promise<WebhookSummary> {
    access.require("webhooks.manage");
    const row = await this.subscriptionRow(access, id);
    const now = nowIso(this.deps.clock.now());
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.deleteSubscription(trx, id);
      await recordChange(
        trx,
        access,
        { event: "webhook.deleted", subject: `webhook:${id}`, detail: { url: row.url } },
        now,
      );
    });
    return toSummary(row);
  }

  /** Delivers a logged event once more (same body and idempotency key), with an audit entry. */
  async sendAgain(access: OrganizationAccess, id: number, deliveryId: number): Promise<DeliveryLine> {
    access.require("webhooks.manage");
    const row = await this.subscriptionRow(access, id);
    const found = await repo.findDelivery(this.deps.db, id, deliveryId);
    if (!found) throw new WebhookNotFoundError(`delivery ${deliveryId}`);
    const delivery = toDeliveryLine(found);
    const now = nowIso(this.deps.clock.now());
    await this.deps.db.transaction().execute(async (trx) => {
      await outbox.enqueue(
        trx,
        "webhook.delivery",
        { subscriptionId: id, event: delivery.event, subjectId: delivery.subjectId },
        now,
      );
      await recordChange(
        trx,
        access,
        {
          event: "webhook.sent_again",
          subject: `webhook:${id}`,
          detail: { url: row.url, key: idempotencyKey(delivery.event, delivery.subjectId) },
        },
        now,
      );
    });
    this.deps.outboxWritten();
    return delivery;
  }

  /**
   * Inside a signature's confirmation: one delivery job per active subscription of the action's
   * sponsor, leased to this node until `leasedUntil` so its worker runs them without a claim.
   */
  async enqueueForSignature(
    trx: Executor,
    confirmed: { actionId: number; signatureId: number },
    now: string,
    leasedUntil: string,
  ): Promise<ClaimedJob[]> {
    const subscriptions = await repo.activeForActionSponsor(trx, confirmed.actionId);
    const payloads = deliveriesOf(subscriptions, "signature.confirmed", [confirmed.signatureId]);
    return outbox.enqueueMany(trx, "webhook.delivery", payloads, now, leasedUntil);
  }

  /**
   * Inside the transaction of a change on the organization's actions (comments shown,
   * co-sponsorships begun or ended): one delivery job per active subscription to `event` and
   * subject. Returns whether it wrote any, for the caller to wake the outbox once committed.
   */
  async enqueueForOrganization(
    trx: Executor,
    organizationId: number,
    event: Exclude<WebhookEvent, "signature.confirmed">,
    subjectIds: readonly number[],
  ): Promise<boolean> {
    if (subjectIds.length === 0) return false;
    const subscriptions = await repo.activeForOrganization(trx, organizationId);
    const payloads = deliveriesOf(subscriptions, event, subjectIds);
    await outbox.enqueueMany(trx, "webhook.delivery", payloads, nowIso(this.deps.clock.now()));
    return payloads.length > 0;
  }

  /**
   * One attempt, logged. Nothing is sent to a subscription that is no longer active, nor when
   * `body` finds nothing to tell any more. A failure throws so that the outbox retries it later,
   * unless it ended a day of failures: then the subscription is disabled and its owners mailed.
   */
  async deliver(job: OutboxJobs["webhook.delivery"], body: () => Promise<string | undefined>): Promise<void> {
    const subscription = await repo.findForDelivery(this.deps.db, job.subscriptionId);
    if (subscription?.status !== "active") return;
    const payload = await body();
    if (payload === undefined) return;
    const url = new URL(subscription.url);
    const started = performance.now();
    const outcome: PostOutcome =
      url.protocol === "http:" && !this.deps.allowHttp
        ? { ok: false, statusCode: null, error: "refused: only https addresses are allowed" }
        : await pinnedPost(url, payload, {
            allowPrivate: this.deps.allowPrivate,
            timeoutMs: deliveryTimeoutMs,
            headers: {
              "content-type": "application/json",
              "user-agent": "Juntos-Webhooks",
              [signatureHeader]: signatureHeaderValue(subscription.secret, payload, this.deps.clock.now()),
            },
          });
    const durationMs = Math.round(performance.now() - started);
    const at = this.deps.clock.now();
    const now = nowIso(at);
    const disabled = await this.deps.db.transaction().execute(async (trx) => {
      await repo.insertDelivery(trx, {
        subscriptionId: subscription.id,
        event: job.event,
        subjectId: job.subjectId,
        idempotencyKey: idempotencyKey(job.event, job.subjectId),
        ...outcome,
        durationMs,
        now,
      });
      if (outcome.ok) {
        await repo.clearFailing(trx, subscription.id);
        return false;
      }
      const failingSince = await repo.markFailing(trx, subscription.id, now);
      if (at.getTime() - Date.parse(failingSince) < disableAfterFailingMs) return false;
      if (!(await repo.disableActive(trx, subscription.id, now))) return true;
      await outbox.enqueue(trx, "webhook.disabled_email", { subscriptionId: subscription.id }, now);
      await recordChange(
        trx,
        { actor: { accountId: null }, organization: { id: subscription.organizationId } },
        {
          event: "webhook.disabled",
          subject: `webhook:${subscription.id}`,
          detail: { url: subscription.url, since: failingSince },
        },
        now,
      );
      return true;
    });
    if (disabled) this.deps.outboxWritten();
    else if (!outcome.ok) throw new Error(`webhook ${subscription.id} delivery failed: ${outcome.error}`);
  }

  /** What the mail about a disabled subscription says, or undefined once it is active again or gone. */
  async disabledNotice(subscriptionId: number): Promise<{ organizationId: number; url: string } | undefined> {
    const subscription = await repo.findForDelivery(this.deps.db, subscriptionId);
    if (subscription?.status !== "disabled") return undefined;
    return { organizationId: subscription.organizationId, url: subscription.url };
  }

  private async subscriptionRow(access: OrganizationAccess, id: number) {
    const row = await repo.findSubscription(this.deps.db, access.organization.id, id);
    if (!row) throw new WebhookNotFoundError(String(id));
    return row;
  }
}

/** One delivery per subscription that asked for `event`, per subject. */
function deliveriesOf(
  subscriptions: readonly { id: number; events: string }[],
  event: WebhookEvent,
  subjectIds: readonly number[],
): OutboxJobs["webhook.delivery"][] {
  return subscriptions
    .filter((subscription) => readEvents(subscription.events).includes(event))
    .flatMap((subscription) =>
      subjectIds.map((subjectId) => ({ subscriptionId: subscription.id, event, subjectId })),
    );
}

type SubscriptionRow = NonNullable<Awaited<ReturnType<typeof repo.findSubscription>>>;

function toSummary(row: SubscriptionRow): WebhookSummary {
  return {
    id: row.id,
    url: row.url,
    events: readEvents(row.events),
    status: row.status,
    failingSince: row.failingSince,
    createdAt: row.createdAt,
  };
}

function toDeliveryLine(row: NonNullable<Awaited<ReturnType<typeof repo.findDelivery>>>): DeliveryLine {
  return {
    id: row.id,
    // Only webhook events are ever written to the log.
    event: row.event as WebhookEvent,
    subjectId: row.subjectId,
    ok: row.ok === 1,
    statusCode: row.statusCode,
    durationMs: row.durationMs,
    error: row.error,
    createdAt: row.createdAt,
  };
}
