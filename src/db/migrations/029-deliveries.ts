/**
 * Frozen: delivering an action's signatures to its targets (issue 13). A signer's consent to show
 * name and city on the delivered letter (unticked: initials); each delivery made (who, when, to
 * whom, how many: a letter mailed to a target through the outbox, `queued` until the mail is
 * sent, or a PDF or CSV downloaded, `done` at once); and an index that reads an action's
 * signers postal code by postal code, so the letter groups them by county while streaming
 * (postal code first: the planners never take it for a question about the action alone).
 */
import { type Kysely, sql } from "kysely";
import type { DatabaseEngine } from "../../config.ts";
import { withId } from "./dialect.ts";

export async function up(db: Kysely<any>, engine: DatabaseEngine): Promise<void> {
  await db.schema
    .alterTable("signatures")
    .addColumn("public_name", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex("signatures_postal_code_action")
    .on("signatures")
    .columns(["postal_code", "action_id", "id"])
    .execute();
  await withId(engine, db.schema.createTable("deliveries"))
    .addColumn("action_id", "integer", (c) => c.notNull().references("actions.id").onDelete("cascade"))
    .addColumn("account_id", "integer", (c) => c.references("accounts.id").onDelete("set null"))
    .addColumn("method", "text", (c) => c.notNull().check(sql`method in ('email', 'pdf', 'csv')`))
    .addColumn("target_name", "text", (c) => c.notNull())
    .addColumn("target_email", "text")
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("signature_count", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('queued', 'sent', 'done')`))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .execute();
  await db.schema.createIndex("deliveries_action").on("deliveries").columns(["action_id", "id"]).execute();
}
