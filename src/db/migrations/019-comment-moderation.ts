/**
 * Frozen: moderation beyond the queue. Readers report comments: one row per person and comment
 * (a keyed digest of a signed-in identity, or a random key for a guest, never an address),
 * counted until a moderator reviews the comment. A held comment says why it waits. Moderators
 * reply as their organization: `author_kind` keeps its CHECK, so the organization is a column of
 * its own beside the moderator's account. The rules gain how many reports hide a comment and how
 * many days after publication a discussion closes; actions remember when they were first published.
 */
import { type Kysely, sql } from "kysely";
import type { DatabaseEngine } from "../../config.ts";
import { withId } from "./dialect.ts";

export async function up(db: Kysely<any>, engine: DatabaseEngine): Promise<void> {
  await withId(engine, db.schema.createTable("comment_reports"))
    .addColumn("comment_id", "integer", (c) => c.notNull().references("comments.id").onDelete("cascade"))
    .addColumn("reporter", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    // Set when a moderator moves the comment: reviewed reports never count again.
    .addColumn("reviewed_at", "text")
    .addUniqueConstraint("comment_reports_once", ["comment_id", "reporter"])
    .execute();
  await db.schema
    .createIndex("comment_reports_open")
    .on("comment_reports")
    .columns(["comment_id", "reviewed_at"])
    .execute();

  // Why a comment waits or went to spam (first, links, words, spam, fast, reported); null when shown.
  await db.schema.alterTable("comments").addColumn("hold_reason", "text").execute();
  await db.schema
    .alterTable("comments")
    .addColumn("as_organization_id", "integer", (c) => c.references("organizations.id").onDelete("set null"))
    .execute();

  await db.schema
    .alterTable("comment_rules")
    .addColumn("reports_to_hide", "integer", (c) => c.notNull().defaultTo(3))
    .execute();
  // Null: the discussion never closes by itself.
  await db.schema.alterTable("comment_rules").addColumn("close_after_days", "integer").execute();

  await db.schema.alterTable("actions").addColumn("published_at", "text").execute();
  await backfillPublishedAt(db);
}

/**
 * Actions published before this migration: their first publication in the audit log, else their
 * last change (the demo and operator-loaded actions were never published through the editor).
 */
export async function backfillPublishedAt(db: Kysely<any>): Promise<void> {
  await sql`
    update actions set published_at = coalesce(
      (select min(audit_log.created_at) from audit_log
        where audit_log.event = 'action.published' and audit_log.subject = 'action:' || actions.id),
      actions.updated_at)
    where actions.status <> 'draft'
  `.execute(db);
}
