/**
 * Frozen: one lease row per periodic task (src/jobs/schedule.ts). A node runs a task only after
 * moving its lease past the current period in one conditional update, so with many nodes on one
 * database each task runs once per period. Sessions get an index on their expiry for the purge.
 */
import type { Kysely } from "kysely";
import type { DatabaseEngine } from "../../config.ts";

export async function up(db: Kysely<any>, _engine: DatabaseEngine): Promise<void> {
  await db.schema
    .createTable("task_leases")
    .addColumn("task", "text", (c) => c.primaryKey())
    .addColumn("leased_until", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_expiry").on("sessions").column("expires_at").execute();
}
