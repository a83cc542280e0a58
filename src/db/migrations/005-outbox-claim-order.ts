/**
 * Frozen: the worker claims the oldest pending jobs. Indexed by (status, id), it reads them in
 * order and stops at the batch size; the old (status, run_after) index made it sort the whole
 * backlog on every claim, which under a flood of signatures cost more than the signing itself.
 */
import type { Kysely } from "kysely";
import type { DatabaseEngine } from "../../config.ts";

export async function up(db: Kysely<any>, _engine: DatabaseEngine): Promise<void> {
  await db.schema.dropIndex("outbox_due").execute();
  await db.schema.createIndex("outbox_pending").on("outbox").columns(["status", "id"]).execute();
}
