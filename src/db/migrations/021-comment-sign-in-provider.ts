/**
 * Frozen: which OpenID Connect or OAuth 2.0 provider (its OIDC_PROVIDERS or OAUTH_PROVIDERS id)
 * vouched for a comment's author. Null for guests and for Juntos accounts, which 016 already
 * records as author_kind 'account' with their account_id. A nullable column of its own: the
 * CHECK on author_kind cannot be widened on SQLite without rebuilding the comments table.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("comments").addColumn("sign_in_provider", "text").execute();
}
