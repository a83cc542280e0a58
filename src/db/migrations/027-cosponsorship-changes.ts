/**
 * Frozen: each time a co-sponsorship began or ended (a co-sponsor approved or joined, withdrew, or
 * was removed), for the sponsor's webhooks. A co-sponsorship row holds only its latest state, so
 * "approved" then "withdrawn" would leave one fact to tell; each change here is its own event,
 * with its own id (the delivery's subject and idempotency key), and "send again" resends the
 * same one. Exactly one of `organization_id` (a co-sponsor with an account) and `signon_id` (an
 * organization that signed on without one) is set.
 */
import { type Kysely, sql } from "kysely";
import type { DatabaseEngine } from "../../config.ts";
import { withId } from "./dialect.ts";

export async function up(db: Kysely<any>, engine: DatabaseEngine): Promise<void> {
  await withId(engine, db.schema.createTable("cosponsorship_changes"))
    .addColumn("action_id", "integer", (c) => c.notNull().references("actions.id").onDelete("cascade"))
    .addColumn("organization_id", "integer", (c) => c.references("organizations.id").onDelete("cascade"))
    .addColumn("signon_id", "integer", (c) => c.references("action_signons.id").onDelete("cascade"))
    .addColumn("state", "text", (c) => c.notNull().check(sql`state in ('approved', 'withdrawn', 'removed')`))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addCheckConstraint(
      "cosponsorship_changes_one_cosponsor",
      sql`(organization_id is null) <> (signon_id is null)`,
    )
    .execute();
}
