/**
 * Frozen: how signatures recorded with an API key are confirmed. `signature_confirmation` is
 * `immediate` (confirmed and counted at once: the organization vouches for its own supporter) or
 * `email` (pending until the signer follows the emailed link, as on the form). Existing trusted
 * keys keep confirming at once; an untrusted key is `email` and the API never confirms at once
 * for it whatever the column says.
 */
import type { Kysely } from "kysely";
import type { DatabaseEngine } from "../../config.ts";

export async function up(db: Kysely<any>, _engine: DatabaseEngine): Promise<void> {
  await db.schema
    .alterTable("api_keys")
    .addColumn("signature_confirmation", "text", (c) => c.notNull().defaultTo("email"))
    .execute();
  await db
    .updateTable("api_keys")
    .set({ signature_confirmation: "immediate" })
    .where("trusted", "=", 1)
    .execute();
}
