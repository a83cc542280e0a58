/**
 * Frozen: each comment keeps a fingerprint of its text (a hash of it with case, accents and runs
 * of spaces folded), so that the same text posted again, by the same person on the same action or
 * by several people within a short time, is found through one index. Comments from before carry
 * none and match nothing.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("comments").addColumn("body_fingerprint", "text").execute();
  await db.schema
    .createIndex("comments_body_fingerprint")
    .on("comments")
    .columns(["body_fingerprint", "created_at"])
    .execute();
}
