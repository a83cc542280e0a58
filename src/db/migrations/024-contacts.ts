/**
 * Frozen: an organization's own people (its contact list, the API's `people`), and its tags.
 * A contact belongs to one organization: what one organization writes about a person never shows
 * to another. It comes from the API (person_signup_helper) or from a confirmed signature whose
 * signer consented to that organization. Email (canonical) is its key and the mobile number a
 * second one, each unique within the organization; `person_id` ties it to the signer record
 * (people) with the same address, for the person's signatures.
 */
import { type Kysely, sql } from "kysely";
import type { DatabaseEngine } from "../../config.ts";
import { withId } from "./dialect.ts";

export async function up(db: Kysely<any>, engine: DatabaseEngine): Promise<void> {
  await withId(engine, db.schema.createTable("contacts"))
    .addColumn("organization_id", "integer", (c) =>
      c.notNull().references("organizations.id").onDelete("cascade"),
    )
    .addColumn("person_id", "integer", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("email", "text")
    .addColumn("email_canonical", "text")
    .addColumn("email_status", "text", (c) =>
      c.notNull().check(sql`email_status in ('subscribed', 'unsubscribed', 'bouncing')`),
    )
    // Digits only, with the country code.
    .addColumn("phone", "text")
    .addColumn("given_name", "text", (c) => c.notNull())
    .addColumn("family_name", "text", (c) => c.notNull())
    .addColumn("postal_code", "text", (c) => c.notNull())
    .addColumn("locality", "text", (c) => c.notNull())
    .addColumn("region", "text", (c) => c.notNull())
    .addColumn("country", "text", (c) => c.notNull())
    // JSON: a string array, and an object of string values.
    .addColumn("address_lines", "text", (c) => c.notNull())
    .addColumn("custom_fields", "text", (c) => c.notNull())
    // The acquisition code it first came with, if any.
    .addColumn("source", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addCheckConstraint("contacts_has_key", sql`email_canonical is not null or phone is not null`)
    .execute();
  await db.schema
    .createIndex("contacts_organization_email")
    .on("contacts")
    .columns(["organization_id", "email_canonical"])
    .unique()
    .execute();
  await db.schema
    .createIndex("contacts_organization_phone")
    .on("contacts")
    .columns(["organization_id", "phone"])
    .unique()
    .execute();
  await db.schema
    .createIndex("contacts_organization")
    .on("contacts")
    .columns(["organization_id", "id"])
    .execute();
  await db.schema
    .createIndex("contacts_organization_postal_code")
    .on("contacts")
    .columns(["organization_id", "postal_code", "id"])
    .execute();
  await db.schema.createIndex("contacts_person").on("contacts").column("person_id").execute();

  await withId(engine, db.schema.createTable("tags"))
    .addColumn("organization_id", "integer", (c) =>
      c.notNull().references("organizations.id").onDelete("cascade"),
    )
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("tags_organization_name")
    .on("tags")
    .columns(["organization_id", "name"])
    .unique()
    .execute();

  await withId(engine, db.schema.createTable("taggings"))
    .addColumn("tag_id", "integer", (c) => c.notNull().references("tags.id").onDelete("cascade"))
    .addColumn("contact_id", "integer", (c) => c.notNull().references("contacts.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("taggings_tag_contact")
    .on("taggings")
    .columns(["tag_id", "contact_id"])
    .unique()
    .execute();
  await db.schema.createIndex("taggings_contact").on("taggings").columns(["contact_id", "tag_id"]).execute();
}
