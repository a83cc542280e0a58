/** The only SQL for webhook_subscriptions and webhook_deliveries. */
import type { Executor } from "../../db/database.ts";
import type { WebhookStatus } from "./webhooks.ts";

const subscriptionColumns = [
  "id",
  "organization_id as organizationId",
  "url",
  "events",
  "status",
  "failing_since as failingSince",
  "created_at as createdAt",
] as const;

export async function insertSubscription(
  db: Executor,
  subscription: { organizationId: number; url: string; events: string; secret: string; now: string },
): Promise<number> {
  const row = await db
    .insertInto("webhook_subscriptions")
    .values({
      organization_id: subscription.organizationId,
      url: subscription.url,
      events: subscription.events,
      secret: subscription.secret,
      status: "active",
      created_at: subscription.now,
      updated_at: subscription.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export function listSubscriptions(db: Executor, organizationId: number) {
  return db
    .selectFrom("webhook_subscriptions")
    .select(subscriptionColumns)
    .where("organization_id", "=", organizationId)
    .orderBy("id")
    .execute();
}

export function findSubscription(db: Executor, organizationId: number, id: number) {
  return db
    .selectFrom("webhook_subscriptions")
    .select(subscriptionColumns)
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** What a delivery needs: where, with which secret, and whether it is still active. */
export function findForDelivery(db: Executor, id: number) {
  return db
    .selectFrom("webhook_subscriptions")
    .select(["id", "organization_id as organizationId", "url", "secret", "status"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/**
 * The active subscriptions of the organization that sponsors the action (the one read the
 * confirmation of a signature adds; the table is tiny and indexed by organization and status).
 */
export function activeForActionSponsor(db: Executor, actionId: number) {
  return db
    .selectFrom("webhook_subscriptions")
    .select(["id", "events"])
    .where("status", "=", "active")
    .where("organization_id", "=", (eb) =>
      eb.selectFrom("actions").select("actions.sponsor_organization_id").where("actions.id", "=", actionId),
    )
    .execute();
}

/** An organization's active subscriptions (organization and status are indexed). */
export function activeForOrganization(db: Executor, organizationId: number) {
  return db
    .selectFrom("webhook_subscriptions")
    .select(["id", "events"])
    .where("organization_id", "=", organizationId)
    .where("status", "=", "active")
    .execute();
}

export async function setStatus(db: Executor, id: number, status: WebhookStatus, now: string): Promise<void> {
  await db
    .updateTable("webhook_subscriptions")
    .set({ status, updated_at: now, ...(status === "active" ? { failing_since: null } : {}) })
    .where("id", "=", id)
    .execute();
}

export async function deleteSubscription(db: Executor, id: number): Promise<void> {
  await db.deleteFrom("webhook_deliveries").where("subscription_id", "=", id).execute();
  await db.deleteFrom("webhook_subscriptions").where("id", "=", id).execute();
}

/** A failed attempt: marks when failing began (if it had not) and returns that moment. */
export async function markFailing(db: Executor, id: number, now: string): Promise<string> {
  await db
    .updateTable("webhook_subscriptions")
    .set({ failing_since: now })
    .where("id", "=", id)
    .where("failing_since", "is", null)
    .execute();
  const row = await db
    .selectFrom("webhook_subscriptions")
    .select("failing_since")
    .where("id", "=", id)
    .executeTakeFirst();
  return row?.failing_since ?? now;
}

export async function clearFailing(db: Executor, id: number): Promise<void> {
  await db
    .updateTable("webhook_subscriptions")
    .set({ failing_since: null })
    .where("id", "=", id)
    .where("failing_since", "is not", null)
    .execute();
}

/** Disables an active subscription; false when it was no longer active (paused, disabled or gone). */
export async function disableActive(db: Executor, id: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable("webhook_subscriptions")
    .set({ status: "disabled", updated_at: now })
    .where("id", "=", id)
    .where("status", "=", "active")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function insertDelivery(
  db: Executor,
  delivery: {
    subscriptionId: number;
    event: string;
    subjectId: number;
    idempotencyKey: string;
    ok: boolean;
    statusCode: number | null;
    durationMs: number;
    error: string | null;
    now: string;
  },
): Promise<void> {
  await db
    .insertInto("webhook_deliveries")
    .values({
      subscription_id: delivery.subscriptionId,
      event: delivery.event,
      subject_id: delivery.subjectId,
      idempotency_key: delivery.idempotencyKey,
      ok: delivery.ok ? 1 : 0,
      status_code: delivery.statusCode,
      duration_ms: delivery.durationMs,
      error: delivery.error?.slice(0, 500) ?? null,
      created_at: delivery.now,
    })
    .execute();
}

const deliveryColumns = [
  "id",
  "event",
  "subject_id as subjectId",
  "ok",
  "status_code as statusCode",
  "duration_ms as durationMs",
  "error",
  "created_at as createdAt",
] as const;

export function listDeliveries(db: Executor, subscriptionId: number, limit: number) {
  return db
    .selectFrom("webhook_deliveries")
    .select(deliveryColumns)
    .where("subscription_id", "=", subscriptionId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

export function findDelivery(db: Executor, subscriptionId: number, id: number) {
  return db
    .selectFrom("webhook_deliveries")
    .select(deliveryColumns)
    .where("subscription_id", "=", subscriptionId)
    .where("id", "=", id)
    .executeTakeFirst();
}
