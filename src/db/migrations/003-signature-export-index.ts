/** Frozen: keyset paging of an action's signatures (CSV export, admin list) reads an index range. */
import type { Kysely } from "kysely";
import type { DatabaseEngine } from "../../config.ts";

export async function up(db: Kysely<any>, _engine: DatabaseEngine): Promise<void> {
  await db.schema.createIndex("signatures_action_id").on("signatures").columns(["action_id", "id"]).execute();
}
