/**
 * Frozen: the discussion under each action. Comments keep the sponsor organization beside the
 * action (actions never change sponsor) so that an organization's moderation queue and "was this
 * person approved here before" are one index each. A comment stores what its author typed and
 * the email they gave (never shown publicly); nothing about the network it came from.
 */
import { type Kysely, sql } from "kysely";
import type { DatabaseEngine } from "../../config.ts";
import { withId } from "./dialect.ts";

export async function up(db: Kysely<any>, engine: DatabaseEngine): Promise<void> {
  await withId(engine, db.schema.createTable("comments"))
    .addColumn("action_id", "integer", (c) => c.notNull().references("actions.id").onDelete("cascade"))
    .addColumn("organization_id", "integer", (c) =>
      c.notNull().references("organizations.id").onDelete("cascade"),
    )
    // The comment answered (null at the top level) and the top-level comment of its thread.
    .addColumn("parent_id", "integer", (c) => c.references("comments.id").onDelete("cascade"))
    .addColumn("root_id", "integer", (c) => c.references("comments.id").onDelete("cascade"))
    .addColumn("depth", "integer", (c) => c.notNull().check(sql`depth between 0 and 2`))
    .addColumn("author_kind", "text", (c) =>
      c.notNull().defaultTo("guest").check(sql`author_kind in ('guest', 'account')`),
    )
    // Signed-in commenters (a later step); guests have none.
    .addColumn("account_id", "integer", (c) => c.references("accounts.id").onDelete("set null"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("email_canonical", "text", (c) => c.notNull())
    .addColumn("website", "text")
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("stance", "text", (c) => c.check(sql`stance in ('supports', 'doubts', 'opposes')`))
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('pending', 'approved', 'spam', 'trash')`),
    )
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("edited_at", "text")
    .addColumn("approved_at", "text")
    .addColumn("moderated_by", "integer")
    .addColumn("moderated_at", "text")
    .execute();
  // An action's approved comments in order (top level, then the replies of a page's threads).
  await db.schema
    .createIndex("comments_action_status")
    .on("comments")
    .columns(["action_id", "status", "id"])
    .execute();
  await db.schema.createIndex("comments_root").on("comments").columns(["root_id", "id"]).execute();
  // The moderation queue of an organization, per status, newest first.
  await db.schema
    .createIndex("comments_organization_status")
    .on("comments")
    .columns(["organization_id", "status", "id"])
    .execute();
  // Whether a person already had a comment approved by this organization.
  await db.schema
    .createIndex("comments_organization_author")
    .on("comments")
    .columns(["organization_id", "email_canonical", "status"])
    .execute();

  // One row per organization that changed its rules; without a row the defaults apply.
  await db.schema
    .createTable("comment_rules")
    .addColumn("organization_id", "integer", (c) =>
      c.primaryKey().references("organizations.id").onDelete("cascade"),
    )
    .addColumn("hold_first", "integer", (c) => c.notNull())
    .addColumn("max_links", "integer", (c) => c.notNull())
    // One word or phrase a line.
    .addColumn("spam_words", "text", (c) => c.notNull())
    .addColumn("hold_words", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  // A row closes an action's discussion to new comments; the comments stay shown.
  await db.schema
    .createTable("comment_closures")
    .addColumn("action_id", "integer", (c) => c.primaryKey().references("actions.id").onDelete("cascade"))
    .addColumn("closed_by", "integer")
    .addColumn("closed_at", "text", (c) => c.notNull())
    .execute();

  // Bumped whenever the public discussion changes: part of the action page's content version.
  await db.schema
    .alterTable("actions")
    .addColumn("comments_version", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}
