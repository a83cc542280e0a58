/**
 * Frozen: an action's confirmed signatures per UTC day of confirmation, kept as they change, so the
 * dashboard's chart reads a few rows instead of grouping every signature. A confirmation adds to
 * its day in its own transaction (SQLite), or through its delta row, which now names the day and
 * is flushed into both the count and the day (PostgreSQL: no hot row per signature); an
 * invalidation, restore or removal moves its signature's day in its transaction. Deltas waiting
 * when this runs have no day: the backfill below already counted their confirmations.
 */
import { type Kysely, sql } from "kysely";
import type { DatabaseEngine } from "../../config.ts";

export async function up(db: Kysely<any>, _engine: DatabaseEngine): Promise<void> {
  await db.schema
    .createTable("signature_days")
    .addColumn("action_id", "integer", (c) => c.notNull())
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("confirmed", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("signature_days_pk", ["action_id", "day"])
    .execute();
  await db.schema.alterTable("signature_count_deltas").addColumn("day", "text").execute();
  await sql`
    insert into signature_days (action_id, day, confirmed)
    select action_id, substr(confirmed_at, 1, 10), count(*)
    from signatures
    where status = 'confirmed' and confirmed_at is not null
    group by action_id, substr(confirmed_at, 1, 10)
  `.execute(db);
}
