/**
 * Frozen: webhook subscriptions of an organization and the log of every delivery attempt. The
 * secret is kept as it is, not hashed: each delivery signs its body with it (HMAC), so it must be
 * readable; the admin shows it only once, when the subscription is made. `failing_since` is the
 * first failed attempt since the last success: a day of failures disables the subscription.
 */
import { type Kysely, sql } from "kysely";
import type { DatabaseEngine } from "../../config.ts";
import { withId } from "./dialect.ts";

export async function up(db: Kysely<any>, engine: DatabaseEngine): Promise<void> {
  await withId(engine, db.schema.createTable("webhook_subscriptions"))
    .addColumn("organization_id", "integer", (c) =>
      c.notNull().references("organizations.id").onDelete("cascade"),
    )
    .addColumn("url", "text", (c) => c.notNull())
    // Space-separated event names (webhooks.ts: webhookEvents).
    .addColumn("events", "text", (c) => c.notNull())
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('active', 'paused', 'disabled')`))
    .addColumn("failing_since", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("webhook_subscriptions_organization")
    .on("webhook_subscriptions")
    .columns(["organization_id", "status"])
    .execute();

  await withId(engine, db.schema.createTable("webhook_deliveries"))
    .addColumn("subscription_id", "integer", (c) =>
      c.notNull().references("webhook_subscriptions.id").onDelete("cascade"),
    )
    .addColumn("event", "text", (c) => c.notNull())
    // What the event is about: a signature's id for `signature.confirmed`.
    .addColumn("subject_id", "integer", (c) => c.notNull())
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("ok", "integer", (c) => c.notNull())
    // The receiver's HTTP status; null when no answer came (refused address, timeout, connection error).
    .addColumn("status_code", "integer")
    .addColumn("duration_ms", "integer", (c) => c.notNull())
    .addColumn("error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("webhook_deliveries_subscription")
    .on("webhook_deliveries")
    .columns(["subscription_id", "id"])
    .execute();
}
