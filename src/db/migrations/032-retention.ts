/**
 * Frozen: what Juntos keeps about signers ends (issue 13).
 * - organizations.retention_months: how long after an action closes its signers' details are kept
 *   (default 6).
 * - actions.closed_at: when it stopped taking signatures (closed, or archived while published);
 *   existing closed or archived actions take their last change as that time.
 * - signatures.anonymized_at and signatures.county_fips: an anonymized signature keeps only its
 *   status, its dates, its attribution and the county its postal code was in (for the per-county
 *   totals); its name, postal code, search text, comment and city are gone.
 * - signer_links: the emailed one-time links a signer uses to download or remove what is held
 *   about them (`<id>-<HMAC>`, expiring, used once). Gone with their person.
 */
import { type Kysely, sql } from "kysely";
import type { DatabaseEngine } from "../../config.ts";
import { withId } from "./dialect.ts";

export async function up(db: Kysely<any>, engine: DatabaseEngine): Promise<void> {
  await db.schema
    .alterTable("organizations")
    .addColumn("retention_months", "integer", (c) => c.notNull().defaultTo(6))
    .execute();
  await db.schema.alterTable("actions").addColumn("closed_at", "text").execute();
  await db
    .updateTable("actions")
    .set({ closed_at: sql`updated_at` })
    .where((eb) =>
      eb.or([
        eb("status", "=", "closed"),
        eb.and([eb("archived_at", "is not", null), eb("published_at", "is not", null)]),
      ]),
    )
    .execute();
  await db.schema.createIndex("actions_closed_at").on("actions").column("closed_at").execute();
  await db.schema.alterTable("signatures").addColumn("anonymized_at", "text").execute();
  await db.schema.alterTable("signatures").addColumn("county_fips", "text").execute();
  await withId(engine, db.schema.createTable("signer_links"))
    .addColumn("person_id", "integer", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("purpose", "text", (c) =>
      c.notNull().check(sql`purpose in ('download', 'remove_signature', 'remove_all')`),
    )
    .addColumn("signature_id", "integer", (c) => c.references("signatures.id").onDelete("cascade"))
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();
  await db.schema.createIndex("signer_links_person").on("signer_links").column("person_id").execute();
}
