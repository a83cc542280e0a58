/**
 * Frozen: a sponsor invites anyone by email to co-sponsor an action; accepting creates the
 * invitee's organization (and account, if they have none) with an approved co-sponsorship.
 *
 * A table of its own rather than a new `purpose` in account_tokens: that column's CHECK cannot be
 * altered on SQLite, so adding a purpose means rebuilding account_tokens (copy, drop, rename, and
 * recreate its foreign keys and the indexes of 002 and 007) on every install, a risky step for
 * rows that sign people in. And the invitation is not an account link: it belongs to an action
 * (it dies with it), names the organization to create, is listed and revoked by the sponsor per
 * action, and outlives the one day the accounts purge keeps spent links. A new table changes no
 * existing row. The link is `<id>-<HMAC>` (signed-id.ts): nothing stored here works as a link.
 */
import type { Kysely } from "kysely";
import type { DatabaseEngine } from "../../config.ts";
import { withId } from "./dialect.ts";

export async function up(db: Kysely<any>, engine: DatabaseEngine): Promise<void> {
  await withId(engine, db.schema.createTable("cosponsor_invitations"))
    .addColumn("action_id", "integer", (c) => c.notNull().references("actions.id").onDelete("cascade"))
    // The name the invitee's organization gets unless they change it when accepting.
    .addColumn("organization_name", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    // The language of the mail and of the link in it.
    .addColumn("locale", "text", (c) => c.notNull())
    // Like member invitations (007), one dies with its sender's account.
    .addColumn("invited_by", "integer", (c) => c.notNull().references("accounts.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema
    .createIndex("cosponsor_invitations_action")
    .on("cosponsor_invitations")
    .column("action_id")
    .execute();
}
