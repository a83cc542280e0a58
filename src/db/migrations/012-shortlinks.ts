/**
 * Frozen: short action links (`/optoutnow`) and their click counts. Clicks are aggregates per
 * link, UTC day, referring host and device class: no row describes one visit, and nothing about
 * the visitor (no address, no full referring URL, no user agent) has a column.
 */
import type { Kysely } from "kysely";
import type { DatabaseEngine } from "../../config.ts";
import { withId } from "./dialect.ts";

export async function up(db: Kysely<any>, engine: DatabaseEngine): Promise<void> {
  await withId(engine, db.schema.createTable("shortlinks"))
    // Stored lower-case; unique across the install because it is a top-level path.
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("action_id", "integer", (c) => c.notNull().references("actions.id").onDelete("cascade"))
    .addColumn("source", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("shortlinks_action").on("shortlinks").column("action_id").execute();
  await db.schema
    .createTable("shortlink_clicks")
    .addColumn("shortlink_id", "integer", (c) => c.notNull().references("shortlinks.id").onDelete("cascade"))
    .addColumn("day", "text", (c) => c.notNull())
    // '' when the click came without a Referer: part of the key, and PostgreSQL keys cannot be NULL.
    .addColumn("referrer_host", "text", (c) => c.notNull())
    .addColumn("device", "text", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("shortlink_clicks_key", ["shortlink_id", "day", "referrer_host", "device"])
    .execute();
}
