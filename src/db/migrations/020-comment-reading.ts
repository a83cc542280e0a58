/**
 * Frozen: reading the discussion. Signed-in readers mark comments as helpful, one vote per
 * person (the provider's stable id, never an address) and comment, with the count kept on the
 * comment so that "most helpful" sorts from an index. A reply to the deepest level, attached one
 * level up, remembers the comment it answered. A signer may publish their signing comment under
 * their first name and city: the signature keeps that choice, and the comment made from it
 * points back at it (once per signature).
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("comments")
    .addColumn("helpful_count", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  // The comment answered when it is not the parent (a reply to the third level).
  await db.schema
    .alterTable("comments")
    .addColumn("reply_to_id", "integer", (c) => c.references("comments.id").onDelete("set null"))
    .execute();
  await db.schema
    .alterTable("comments")
    .addColumn("signature_id", "integer", (c) => c.references("signatures.id").onDelete("set null"))
    .execute();
  // One comment per signature, however often the job that makes it runs.
  await db.schema.createIndex("comments_signature").unique().on("comments").column("signature_id").execute();
  // An action's top-level comments in each order a reader can ask for, in one language or both.
  // Partial indexes: PostgreSQL orders by the columns after `parent_id is null` only when that
  // condition is the index's own, not one of its columns.
  const topLevel = sql<boolean>`parent_id is null`;
  const indexes: [string, string[]][] = [
    ["comments_top", ["action_id", "status", "id"]],
    ["comments_top_helpful", ["action_id", "status", "helpful_count desc", "id"]],
    ["comments_top_locale", ["action_id", "status", "locale", "id"]],
    ["comments_top_locale_helpful", ["action_id", "status", "locale", "helpful_count desc", "id"]],
  ];
  for (const [name, columns] of indexes)
    await db.schema.createIndex(name).on("comments").columns(columns).where(topLevel).execute();

  await db.schema
    .createTable("comment_votes")
    .addColumn("comment_id", "integer", (c) => c.notNull().references("comments.id").onDelete("cascade"))
    // "juntos" and the account id, or a configured provider and its subject.
    .addColumn("voter_provider", "text", (c) => c.notNull())
    .addColumn("voter_subject", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("comment_votes_key", ["comment_id", "voter_provider", "voter_subject"])
    .execute();

  await db.schema
    .alterTable("signatures")
    .addColumn("publish_comment", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  // Only kept when the signer asked to publish their comment.
  await db.schema.alterTable("signatures").addColumn("city", "text").execute();
}
