/** Frozen: never edit after it lands; add a new migration instead. */
import { type Kysely, sql } from "kysely";
import type { DatabaseEngine } from "../../config.ts";
import { withId } from "./dialect.ts";

export async function up(db: Kysely<any>, engine: DatabaseEngine): Promise<void> {
  await withId(engine, db.schema.createTable("organizations"))
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("short_name", "text")
    .addColumn("website", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await withId(engine, db.schema.createTable("actions"))
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("sponsor_organization_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("type", "text", (c) => c.notNull().check(sql`type in ('petition', 'letter', 'external')`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('draft', 'published', 'closed')`))
    .addColumn("action_date", "text", (c) => c.notNull())
    .addColumn("goal", "integer", (c) => c.notNull())
    .addColumn("external_url", "text")
    .addColumn("external_clicks", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("signature_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("actions_status_date")
    .on("actions")
    .columns(["status", "action_date"])
    .execute();

  await db.schema
    .createTable("action_texts")
    .addColumn("action_id", "integer", (c) => c.notNull().references("actions.id").onDelete("cascade"))
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("letter_text", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("action_texts_pk", ["action_id", "locale"])
    .execute();

  await withId(engine, db.schema.createTable("action_targets"))
    .addColumn("action_id", "integer", (c) => c.notNull().references("actions.id").onDelete("cascade"))
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("action_targets_action")
    .on("action_targets")
    .columns(["action_id", "locale"])
    .execute();

  await db.schema
    .createTable("action_cosponsors")
    .addColumn("action_id", "integer", (c) => c.notNull().references("actions.id").onDelete("cascade"))
    .addColumn("organization_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("action_cosponsors_pk", ["action_id", "organization_id"])
    .execute();

  await withId(engine, db.schema.createTable("people"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("email_canonical", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("postal_code", "text", (c) => c.notNull())
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await withId(engine, db.schema.createTable("signatures"))
    .addColumn("action_id", "integer", (c) => c.notNull().references("actions.id").onDelete("cascade"))
    .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('pending', 'confirmed', 'invalidated')`),
    )
    .addColumn("comment", "text")
    .addColumn("consent_sponsor", "integer", (c) => c.notNull())
    .addColumn("source", "text")
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("reminders_sent", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("confirmed_at", "text")
    .addUniqueConstraint("signatures_one_per_person", ["action_id", "person_id"])
    .execute();
  await db.schema
    .createIndex("signatures_action_status")
    .on("signatures")
    .columns(["action_id", "status"])
    .execute();

  await withId(engine, db.schema.createTable("outbox"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'done', 'dead')`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("run_after", "text", (c) => c.notNull())
    .addColumn("locked_until", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("outbox_due").on("outbox").columns(["status", "run_after"]).execute();

  await withId(engine, db.schema.createTable("dev_mail"))
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("text_body", "text", (c) => c.notNull())
    .addColumn("html_body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
}
