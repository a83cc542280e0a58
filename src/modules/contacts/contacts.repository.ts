/** The only SQL for contacts. */
import { sql } from "kysely";
import { countRows } from "../../db/count.ts";
import type { Executor } from "../../db/database.ts";
import type { RowCondition } from "../../db/keyset.ts";
import type { ContactsTable } from "../../db/schema.ts";
import type { Contact, ContactFields } from "./contacts.ts";

/** A condition on an organization's contacts, for the API's filters. */
export type ContactRowCondition = RowCondition<
  "created_at" | "updated_at" | "id" | "email_canonical" | "postal_code"
>;

type ContactRow = Omit<ContactsTable, "id"> & { id: number };

function toContact(row: ContactRow): Contact {
  return {
    id: row.id,
    organizationId: row.organization_id,
    personId: row.person_id,
    email: row.email,
    emailCanonical: row.email_canonical,
    emailStatus: row.email_status,
    phone: row.phone,
    givenName: row.given_name,
    familyName: row.family_name,
    addressLines: JSON.parse(row.address_lines) as string[],
    locality: row.locality,
    region: row.region,
    postalCode: row.postal_code,
    country: row.country,
    customFields: JSON.parse(row.custom_fields) as Record<string, string>,
    source: row.source,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toColumns(fields: ContactFields) {
  return {
    email: fields.email,
    email_canonical: fields.emailCanonical,
    email_status: fields.emailStatus,
    phone: fields.phone,
    given_name: fields.givenName,
    family_name: fields.familyName,
    address_lines: JSON.stringify(fields.addressLines),
    locality: fields.locality,
    region: fields.region,
    postal_code: fields.postalCode,
    country: fields.country,
    custom_fields: JSON.stringify(fields.customFields),
    source: fields.source,
  };
}

/** The contacts holding this email or this phone (none, one, or one for each key), in one read. */
export async function findByKeys(
  db: Executor,
  organizationId: number,
  keys: { emailCanonical: string | null; phone: string | null },
): Promise<Contact[]> {
  const rows = await db
    .selectFrom("contacts")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where((eb) =>
      eb.or([
        ...(keys.emailCanonical === null ? [] : [eb("email_canonical", "=", keys.emailCanonical)]),
        ...(keys.phone === null ? [] : [eb("phone", "=", keys.phone)]),
      ]),
    )
    .execute();
  return rows.map(toContact);
}

export async function findById(
  db: Executor,
  organizationId: number,
  id: number,
): Promise<Contact | undefined> {
  const row = await db
    .selectFrom("contacts")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toContact(row);
}

export async function findIdByEmail(
  db: Executor,
  organizationId: number,
  emailCanonical: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom("contacts")
    .select("id")
    .where("organization_id", "=", organizationId)
    .where("email_canonical", "=", emailCanonical)
    .executeTakeFirst();
  return row?.id;
}

export async function findIdsByEmails(
  db: Executor,
  organizationId: number,
  emailCanonicals: readonly string[],
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("contacts")
    .select(["id", "email_canonical"])
    .where("organization_id", "=", organizationId)
    .where("email_canonical", "in", emailCanonicals)
    .execute();
  return new Map(
    rows.flatMap((row) => (row.email_canonical === null ? [] : [[row.email_canonical, row.id]])),
  );
}

/**
 * Inserts a contact unless one already holds its email or phone (a concurrent write that
 * committed first): then nothing, and undefined, so the caller matches again.
 */
export async function insertContact(
  db: Executor,
  organizationId: number,
  fields: ContactFields,
  now: string,
): Promise<number | undefined> {
  const row = await db
    .insertInto("contacts")
    .values({ organization_id: organizationId, ...toColumns(fields), created_at: now, updated_at: now })
    .onConflict((oc) => oc.doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

export async function updateContact(
  db: Executor,
  id: number,
  fields: ContactFields,
  now: string,
): Promise<void> {
  await db
    .updateTable("contacts")
    .set({ ...toColumns(fields), updated_at: now })
    .where("id", "=", id)
    .execute();
}

/** The number leaves a contact that has an email (it moves to another contact). */
export async function releasePhone(db: Executor, id: number, now: string): Promise<void> {
  await db.updateTable("contacts").set({ phone: null, updated_at: now }).where("id", "=", id).execute();
}

/** A contact merged into another goes (its taggings moved first, by the tags service). */
export async function deleteContact(db: Executor, id: number): Promise<void> {
  await db.deleteFrom("contacts").where("id", "=", id).execute();
}

/** A confirmed signer who consented to these organizations, for `upsertConsentingSigner`. */
export interface ConsentingSigner {
  personId: number;
  /** The sponsor, through the action, when the signer consented to it. */
  sponsorOfActionId: number | null;
  /** The referring co-sponsor, when the signer consented to it. */
  referrerOrganizationId: number | null;
  givenName: string;
  /** Absent for a one-word name: an existing contact keeps its family name. */
  familyName?: string;
  postalCode: string;
  source: string | null;
  now: string;
}

/**
 * Adds (or refreshes) the signer in the contact list of each organization they consented to, in
 * one statement: the email comes from the signer record, the organizations from the action and
 * the referrer. An existing contact keeps its other fields, its status and its first source.
 */
export async function upsertConsentingSigner(db: Executor, signer: ConsentingSigner): Promise<void> {
  const text = (value: string | null) => sql<string>`cast(${value} as text)`;
  await db
    .insertInto("contacts")
    .columns([
      "organization_id",
      "person_id",
      "email",
      "email_canonical",
      "email_status",
      "given_name",
      "family_name",
      "postal_code",
      "locality",
      "region",
      "country",
      "address_lines",
      "custom_fields",
      "source",
      "created_at",
      "updated_at",
    ])
    .expression(
      db
        .selectFrom(["organizations", "people"])
        .select([
          "organizations.id as organization_id",
          "people.id as person_id",
          "people.email",
          "people.email_canonical",
          text("subscribed").as("email_status"),
          text(signer.givenName).as("given_name"),
          text(signer.familyName ?? "").as("family_name"),
          text(signer.postalCode).as("postal_code"),
          text("").as("locality"),
          text("").as("region"),
          text("").as("country"),
          text("[]").as("address_lines"),
          text("{}").as("custom_fields"),
          text(signer.source).as("source"),
          text(signer.now).as("created_at"),
          text(signer.now).as("updated_at"),
        ])
        .where("people.id", "=", signer.personId)
        .where((eb) =>
          eb.or([
            ...(signer.sponsorOfActionId === null
              ? []
              : [
                  eb(
                    "organizations.id",
                    "=",
                    eb
                      .selectFrom("actions")
                      .select("actions.sponsor_organization_id")
                      .where("actions.id", "=", signer.sponsorOfActionId),
                  ),
                ]),
            ...(signer.referrerOrganizationId === null
              ? []
              : [eb("organizations.id", "=", signer.referrerOrganizationId)]),
          ]),
        ),
    )
    .onConflict((oc) =>
      oc.columns(["organization_id", "email_canonical"]).doUpdateSet((eb) => ({
        person_id: eb.ref("excluded.person_id"),
        given_name: eb.ref("excluded.given_name"),
        ...(signer.familyName === undefined ? {} : { family_name: eb.ref("excluded.family_name") }),
        postal_code: eb.ref("excluded.postal_code"),
        source: eb.fn.coalesce("contacts.source", "excluded.source"),
        updated_at: eb.ref("excluded.updated_at"),
      })),
    )
    .execute();
}

/** An organization's contacts meeting `conditions`: seek by id on (organization_id, id). */
function contactsOf(db: Executor, organizationId: number, conditions: ContactRowCondition[]) {
  let query = db.selectFrom("contacts").where("contacts.organization_id", "=", organizationId);
  for (const c of conditions) query = query.where(`contacts.${c.column}`, c.operator, c.value);
  return query;
}

export async function countContacts(
  db: Executor,
  organizationId: number,
  conditions: ContactRowCondition[],
): Promise<number> {
  return countRows(contactsOf(db, organizationId, conditions));
}

/** The id after which the page starting at the `skip`-th match begins: ids only. */
export async function contactBoundary(
  db: Executor,
  organizationId: number,
  conditions: ContactRowCondition[],
  skip: number,
): Promise<number | null> {
  const row = await contactsOf(db, organizationId, conditions)
    .select("contacts.id")
    .orderBy("contacts.id")
    .limit(1)
    .offset(skip - 1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Up to `limit` matches with ids above `afterId`, in id order. */
export async function seekContacts(
  db: Executor,
  organizationId: number,
  conditions: ContactRowCondition[],
  afterId: number,
  limit: number,
): Promise<Contact[]> {
  const rows = await contactsOf(db, organizationId, conditions)
    .selectAll()
    .where("contacts.id", ">", afterId)
    .orderBy("contacts.id")
    .limit(limit)
    .execute();
  return rows.map(toContact);
}
