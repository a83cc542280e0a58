/**
 * Frozen: confirmations waiting to be added to their action's count. On PostgreSQL a confirmation
 * inserts a row here instead of updating the action's row, so concurrent commits never queue on
 * one row lock; the rows are summed into `actions.signature_count` in one statement per action
 * every fraction of a second and deleted in the same transaction (exactly once, whichever node
 * does it, and none lost if a node dies). No foreign key: an action's rows go with it in the
 * flush, and a deleted action's rows are dropped there.
 */
import type { Kysely } from "kysely";
import type { DatabaseEngine } from "../../config.ts";
import { withId } from "./dialect.ts";

export async function up(db: Kysely<any>, engine: DatabaseEngine): Promise<void> {
  await withId(engine, db.schema.createTable("signature_count_deltas"))
    .addColumn("action_id", "integer", (c) => c.notNull())
    .addColumn("delta", "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("signature_count_deltas_action")
    .on("signature_count_deltas")
    .column("action_id")
    .execute();
}
