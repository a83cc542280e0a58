/**
 * Frozen: email about a discussion. A subscription is one address asking for mail about new
 * comments on an action (`all`) or about replies to one of its comments (`replies`); it gets
 * mail only once the address confirmed it (double opt-in). Links are `<id>-<HMAC>` (signed-id.ts):
 * nothing stored here works as a link. A notice row records that a person was told about a
 * comment, so a comment approved twice, or a fan-out run twice, mails nobody twice. A digest row
 * is when an organization's moderators were last told about held comments, and up to which one.
 */
import { type Kysely, sql } from "kysely";
import type { DatabaseEngine } from "../../config.ts";
import { withId } from "./dialect.ts";

export async function up(db: Kysely<any>, engine: DatabaseEngine): Promise<void> {
  await withId(engine, db.schema.createTable("comment_subscriptions"))
    .addColumn("action_id", "integer", (c) => c.notNull().references("actions.id").onDelete("cascade"))
    // The subscriber's own comment, for `replies`; none for `all`.
    .addColumn("comment_id", "integer", (c) => c.references("comments.id").onDelete("cascade"))
    .addColumn("scope", "text", (c) => c.notNull().check(sql`scope in ('replies', 'all')`))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("email_canonical", "text", (c) => c.notNull())
    // The language of every mail it gets.
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'confirmed', 'ended')`))
    // When the last confirmation mail was asked for (a repeated request within a while sends none).
    .addColumn("requested_at", "text", (c) => c.notNull())
    .addColumn("confirmed_at", "text")
    .addColumn("ended_at", "text")
    .addCheckConstraint(
      "comment_subscriptions_scope_target",
      sql`(scope = 'replies' and comment_id is not null) or (scope = 'all' and comment_id is null)`,
    )
    .execute();
  await db.schema
    .createIndex("comment_subscriptions_replies")
    .on("comment_subscriptions")
    .columns(["comment_id", "email_canonical"])
    .unique()
    .where(sql.ref("scope"), "=", "replies")
    .execute();
  await db.schema
    .createIndex("comment_subscriptions_all")
    .on("comment_subscriptions")
    .columns(["action_id", "email_canonical"])
    .unique()
    .where(sql.ref("scope"), "=", "all")
    .execute();
  // Unsubscribing ends every subscription of the address on the action.
  await db.schema
    .createIndex("comment_subscriptions_person")
    .on("comment_subscriptions")
    .columns(["action_id", "email_canonical"])
    .execute();

  await db.schema
    .createTable("comment_notices")
    .addColumn("comment_id", "integer", (c) => c.notNull().references("comments.id").onDelete("cascade"))
    .addColumn("email_canonical", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("comment_notices_pk", ["comment_id", "email_canonical"])
    .execute();

  await db.schema
    .createTable("comment_digests")
    .addColumn("organization_id", "integer", (c) =>
      c.primaryKey().references("organizations.id").onDelete("cascade"),
    )
    // The newest held comment the last digest counted: a later one is news.
    .addColumn("last_comment_id", "integer", (c) => c.notNull())
    .addColumn("sent_at", "text", (c) => c.notNull())
    .execute();
}
