/**
 * Frozen: an invitation names its organization and who sent it, so an organization can list and
 * revoke its invitations, and those of someone who may no longer invite die with their right.
 * Invitations sent before had neither and could be used by anyone holding the link: they end.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("account_tokens")
    .addColumn("organization_id", "integer", (c) => c.references("organizations.id").onDelete("cascade"))
    .execute();
  await db.schema
    .alterTable("account_tokens")
    .addColumn("invited_by", "integer", (c) => c.references("accounts.id").onDelete("cascade"))
    .execute();
  await db.schema
    .createIndex("account_tokens_organization")
    .on("account_tokens")
    .columns(["organization_id", "used_at"])
    .execute();
  await db
    .updateTable("account_tokens")
    .set({ used_at: new Date().toISOString() })
    .where("purpose", "=", "invitation")
    .where("used_at", "is", null)
    .execute();
}
