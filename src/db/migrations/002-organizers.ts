/** Frozen: accounts, sessions, one-time tokens, memberships, organization profiles, audit log. */
import { type Kysely, sql } from "kysely";
import type { DatabaseEngine } from "../../config.ts";
import { withId } from "./dialect.ts";

export async function up(db: Kysely<any>, engine: DatabaseEngine): Promise<void> {
  await withId(engine, db.schema.createTable("accounts"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("email_canonical", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text")
    .addColumn("email_verified_at", "text")
    .addColumn("is_platform_admin", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("account_id", "integer", (c) => c.notNull().references("accounts.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_account").on("sessions").column("account_id").execute();

  await withId(engine, db.schema.createTable("account_tokens"))
    .addColumn("purpose", "text", (c) =>
      c
        .notNull()
        .check(sql`purpose in ('setup', 'verify_email', 'reset_password', 'magic_link', 'invitation')`),
    )
    .addColumn("email", "text")
    .addColumn("account_id", "integer", (c) => c.references("accounts.id").onDelete("cascade"))
    .addColumn("data", "text")
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("oidc_identities")
    .addColumn("provider", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("account_id", "integer", (c) => c.notNull().references("accounts.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("oidc_identities_pk", ["provider", "subject"])
    .execute();

  await db.schema
    .createTable("memberships")
    .addColumn("organization_id", "integer", (c) =>
      c.notNull().references("organizations.id").onDelete("cascade"),
    )
    .addColumn("account_id", "integer", (c) => c.notNull().references("accounts.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('owner', 'organizer', 'viewer')`))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("memberships_pk", ["organization_id", "account_id"])
    .execute();
  await db.schema.createIndex("memberships_account").on("memberships").column("account_id").execute();

  await db.schema.alterTable("organizations").addColumn("city", "text").execute();
  await db.schema.alterTable("organizations").addColumn("state", "text").execute();
  await db.schema
    .createTable("organization_texts")
    .addColumn("organization_id", "integer", (c) =>
      c.notNull().references("organizations.id").onDelete("cascade"),
    )
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("organization_texts_pk", ["organization_id", "locale"])
    .execute();

  await db.schema.alterTable("actions").addColumn("archived_at", "text").execute();
  await db.schema.alterTable("signatures").addColumn("invalidated_at", "text").execute();

  await withId(engine, db.schema.createTable("audit_log"))
    .addColumn("account_id", "integer", (c) => c.references("accounts.id").onDelete("set null"))
    .addColumn("organization_id", "integer", (c) => c.references("organizations.id").onDelete("cascade"))
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("detail", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("audit_log_org")
    .on("audit_log")
    .columns(["organization_id", "created_at"])
    .execute();
}
