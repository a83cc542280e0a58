/**
 * Frozen: an action's confirmed signatures in id order, for the API's signature lists. With
 * (action_id, status, id), the count, the `LIMIT 1 OFFSET` boundary of a bare `page=N` and the seek
 * from a cursor are one range of this index on both engines, and never read a row of the table to
 * test its status. It replaces (action_id, status) of migration 001, a prefix of it: one index
 * fewer to write on every signing.
 */
import type { Kysely } from "kysely";
import type { DatabaseEngine } from "../../config.ts";

export async function up(db: Kysely<any>, _engine: DatabaseEngine): Promise<void> {
  await db.schema
    .createIndex("signatures_action_status_id")
    .on("signatures")
    .columns(["action_id", "status", "id"])
    .execute();
  await db.schema.dropIndex("signatures_action_status").execute();
}
