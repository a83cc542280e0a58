/**
 * Frozen: updates a sponsor posts on an action (progress, the target's response, victory), in
 * English and optionally Spanish, mailed to the confirmed signers who consented to the sponsor.
 *
 * - `actions.updates_version` moves with every change of an action's updates, so its cached page
 *   (keyed by content version) shows them at once.
 * - `action_update_sends`: one row per recipient of an update, written by the fan-out (`queued`)
 *   and moved on by the batch that mails it (`sent`, `bounced`, `skipped`): a batch run again
 *   mails nobody twice. It names the signature, never an address.
 * - `update_unsubscribes`: a person who stopped the updates of a sponsor (one-click), by people.id.
 * - `update_suppressions`: a person whose address the SMTP server refused for good (5xx), by
 *   people.id. Neither table holds an email address.
 */
import { type Kysely, sql } from "kysely";
import type { DatabaseEngine } from "../../config.ts";
import { withId } from "./dialect.ts";

export async function up(db: Kysely<any>, engine: DatabaseEngine): Promise<void> {
  await db.schema
    .alterTable("actions")
    .addColumn("updates_version", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await withId(engine, db.schema.createTable("action_updates"))
    .addColumn("action_id", "integer", (c) => c.notNull().references("actions.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('progress', 'response', 'victory')`))
    .addColumn("posted_by", "integer", (c) => c.references("accounts.id").onDelete("set null"))
    .addColumn("posted_at", "text", (c) => c.notNull())
    .addColumn("edited_at", "text")
    .execute();
  await db.schema
    .createIndex("action_updates_action")
    .on("action_updates")
    .columns(["action_id", "posted_at"])
    .execute();

  await db.schema
    .createTable("action_update_texts")
    .addColumn("update_id", "integer", (c) => c.notNull().references("action_updates.id").onDelete("cascade"))
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("action_update_texts_pk", ["update_id", "locale"])
    .execute();

  await db.schema
    .createTable("action_update_sends")
    .addColumn("update_id", "integer", (c) => c.notNull().references("action_updates.id").onDelete("cascade"))
    .addColumn("signature_id", "integer", (c) => c.notNull().references("signatures.id").onDelete("cascade"))
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('queued', 'sent', 'bounced', 'skipped')`),
    )
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("action_update_sends_pk", ["update_id", "signature_id"])
    .execute();

  await db.schema
    .createTable("update_unsubscribes")
    .addColumn("organization_id", "integer", (c) =>
      c.notNull().references("organizations.id").onDelete("cascade"),
    )
    .addColumn("person_id", "integer", (c) => c.notNull().references("people.id").onDelete("cascade"))
    // The update whose mail carried the link, for the sponsor's numbers.
    .addColumn("update_id", "integer", (c) => c.references("action_updates.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("update_unsubscribes_pk", ["organization_id", "person_id"])
    .execute();

  await db.schema
    .createTable("update_suppressions")
    .addColumn("person_id", "integer", (c) => c.primaryKey().references("people.id").onDelete("cascade"))
    .addColumn("response_code", "integer", (c) => c.notNull())
    .addColumn("update_id", "integer", (c) => c.references("action_updates.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
}
