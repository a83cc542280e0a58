/**
 * Frozen: API keys, one organization each, kept only as a SHA-256 digest of the secret (a key is
 * 32 random bytes: no dictionary to try, so a fast digest is enough and lookups stay one index
 * probe per request). `prefix` is the secret's first characters, shown in the admin to tell keys
 * apart. `trusted`: signatures recorded with the key count as confirmed (0/1). And the index the
 * API's petition pages seek by: an organization's actions in id order.
 */
import type { Kysely } from "kysely";
import type { DatabaseEngine } from "../../config.ts";
import { withId } from "./dialect.ts";

export async function up(db: Kysely<any>, engine: DatabaseEngine): Promise<void> {
  await withId(engine, db.schema.createTable("api_keys"))
    .addColumn("organization_id", "integer", (c) =>
      c.notNull().references("organizations.id").onDelete("cascade"),
    )
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("secret_hash", "text", (c) => c.notNull().unique())
    .addColumn("prefix", "text", (c) => c.notNull())
    .addColumn("trusted", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "integer", (c) => c.references("accounts.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema
    .createIndex("api_keys_organization")
    .on("api_keys")
    .columns(["organization_id", "id"])
    .execute();
  await db.schema
    .createIndex("actions_sponsor_id")
    .on("actions")
    .columns(["sponsor_organization_id", "id"])
    .execute();
}
