/**
 * Frozen: co-sponsorship has states (asked, decided, ended) instead of only existing, and
 * organizations can sign on without an account. Every co-sponsor row that existed before was put
 * there by the demo loader or an operator, so it stays shown: approved.
 *
 * Organizations that sign on without an account get a table of their own rather than rows in
 * `organizations`: they have no slug, members, logo or actions, and must never be chosen as a
 * sponsor or co-sponsor with an account, so keeping them apart keeps every organizations query
 * as it was.
 */
import { type Kysely, sql } from "kysely";
import type { DatabaseEngine } from "../../config.ts";
import { withId } from "./dialect.ts";

export async function up(db: Kysely<any>, engine: DatabaseEngine): Promise<void> {
  await db.schema
    .alterTable("action_cosponsors")
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("approved")
        .check(sql`status in ('pending', 'approved', 'declined', 'withdrawn', 'removed')`),
    )
    .execute();
  // Who asked: the sponsor invited the organization, or the organization asked to join.
  await db.schema
    .alterTable("action_cosponsors")
    .addColumn("initiated_by", "text", (c) =>
      c.notNull().defaultTo("sponsor").check(sql`initiated_by in ('sponsor', 'cosponsor')`),
    )
    .execute();
  await db.schema.alterTable("action_cosponsors").addColumn("requested_by", "integer").execute();
  await db.schema.alterTable("action_cosponsors").addColumn("decided_by", "integer").execute();
  await db.schema.alterTable("action_cosponsors").addColumn("decided_at", "text").execute();
  await db.schema
    .createIndex("action_cosponsors_organization")
    .on("action_cosponsors")
    .column("organization_id")
    .execute();

  // Bumped with every change of who is listed: part of the action page's content version.
  await db.schema
    .alterTable("actions")
    .addColumn("cosponsors_version", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await withId(engine, db.schema.createTable("action_signons"))
    .addColumn("action_id", "integer", (c) => c.notNull().references("actions.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("city", "text")
    .addColumn("state", "text")
    .addColumn("website", "text")
    .addColumn("contact_name", "text")
    .addColumn("contact_email", "text")
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("origin", "text", (c) => c.notNull().check(sql`origin in ('form', 'list')`))
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('unverified', 'pending', 'approved', 'declined', 'removed')`),
    )
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("verified_at", "text")
    .addColumn("decided_by", "integer")
    .addColumn("decided_at", "text")
    .execute();
  await db.schema
    .createIndex("action_signons_action_status")
    .on("action_signons")
    .columns(["action_id", "status"])
    .execute();
}
