/**
 * The SQL of signers' rights and retention. Removing a signer must reach, in one transaction,
 * every table that holds them (signatures, people, comments, subscriptions, notices, contacts,
 * the outbox): this capability is the one place that writes across those tables, on purpose, and
 * test/support/text-scan.ts checks after each removal that no text column anywhere still holds them.
 */
import { sql } from "kysely";
import { type Executor, isPostgres } from "../../db/database.ts";
import type { Locale } from "../../db/schema.ts";
import type { SignerLinkPurpose } from "./signer-rights.ts";
import { scrubbedComment } from "./signer-rights.ts";

export interface PersonRow {
  id: number;
  email: string;
  emailCanonical: string;
  name: string;
  postalCode: string;
  locale: Locale;
  createdAt: string;
}

export async function findPersonByCanonical(
  db: Executor,
  emailCanonical: string,
): Promise<PersonRow | undefined> {
  return personWhere(db).where("email_canonical", "=", emailCanonical).executeTakeFirst();
}

export async function findPerson(db: Executor, personId: number): Promise<PersonRow | undefined> {
  return personWhere(db).where("id", "=", personId).executeTakeFirst();
}

/**
 * The person, their row locked until the transaction ends on PostgreSQL (SQLite runs one write
 * transaction at a time already): a second transaction acting for them waits here for the first.
 */
export async function lockPerson(trx: Executor, personId: number): Promise<PersonRow | undefined> {
  return personWhere(trx)
    .where("id", "=", personId)
    .$if(isPostgres(trx), (qb) => qb.forUpdate())
    .executeTakeFirst();
}

function personWhere(db: Executor) {
  return db
    .selectFrom("people")
    .select([
      "id",
      "email",
      "email_canonical as emailCanonical",
      "name",
      "postal_code as postalCode",
      "locale",
      "created_at as createdAt",
    ]);
}

export interface PersonSignature {
  id: number;
  actionId: number;
  actionSlug: string;
  sponsorOrganizationId: number;
  status: "pending" | "confirmed" | "invalidated";
}

/** A person's signatures that are not anonymized, oldest first. */
export async function signaturesOf(db: Executor, personId: number): Promise<PersonSignature[]> {
  return db
    .selectFrom("signatures")
    .innerJoin("actions", "actions.id", "signatures.action_id")
    .select([
      "signatures.id",
      "signatures.action_id as actionId",
      "actions.slug as actionSlug",
      "actions.sponsor_organization_id as sponsorOrganizationId",
      "signatures.status",
    ])
    .where("signatures.person_id", "=", personId)
    .where("signatures.anonymized_at", "is", null)
    .orderBy("signatures.id")
    .execute();
}

/** An action's title in `locale`, English when that is empty. */
export async function actionTitle(db: Executor, actionId: number, locale: Locale): Promise<string> {
  const rows = await db
    .selectFrom("action_texts")
    .select(["locale", "title"])
    .where("action_id", "=", actionId)
    .execute();
  return (
    rows.find((r) => r.locale === locale && r.title)?.title ??
    rows.find((r) => r.locale === "en")?.title ??
    ""
  );
}

export async function insertLinks(
  db: Executor,
  links: { personId: number; purpose: SignerLinkPurpose; signatureId: number | null }[],
  locale: Locale,
  now: string,
  expiresAt: string,
): Promise<number[]> {
  if (links.length === 0) return [];
  const rows = await db
    .insertInto("signer_links")
    .values(
      links.map((link) => ({
        person_id: link.personId,
        purpose: link.purpose,
        signature_id: link.signatureId,
        locale,
        created_at: now,
        expires_at: expiresAt,
        used_at: null,
      })),
    )
    .returning("id")
    .execute();
  return rows.map((row) => row.id);
}

export interface LinkRow {
  id: number;
  personId: number;
  purpose: SignerLinkPurpose;
  signatureId: number | null;
  locale: Locale;
  expiresAt: string;
  usedAt: string | null;
}

export async function findLinks(db: Executor, ids: readonly number[]): Promise<LinkRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom("signer_links")
    .select([
      "id",
      "person_id as personId",
      "purpose",
      "signature_id as signatureId",
      "locale",
      "expires_at as expiresAt",
      "used_at as usedAt",
    ])
    .where("id", "in", ids)
    .orderBy("id")
    .execute();
}

/** Marks a link used if it still works now; false when another press (or its expiry) came first. */
export async function spendLink(db: Executor, id: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable("signer_links")
    .set({ used_at: now })
    .where("id", "=", id)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Links past their expiry or used more than their lifetime ago go. */
export async function purgeLinks(db: Executor, now: string): Promise<void> {
  await db.deleteFrom("signer_links").where("expires_at", "<=", now).execute();
}

// ---- the download ----

export async function exportSignatures(db: Executor, personId: number) {
  return db
    .selectFrom("signatures")
    .innerJoin("actions", "actions.id", "signatures.action_id")
    .innerJoin("organizations as sponsor", "sponsor.id", "actions.sponsor_organization_id")
    .leftJoin("organizations as referrer", "referrer.id", "signatures.referrer_organization_id")
    .select([
      "signatures.action_id as actionId",
      "actions.slug",
      "sponsor.name as sponsor",
      "referrer.name as referrer",
      "signatures.status",
      "signatures.name",
      "signatures.postal_code as postalCode",
      "signatures.city",
      "signatures.comment",
      "signatures.consent_sponsor as consentSponsor",
      "signatures.consent_referrer as consentReferrer",
      "signatures.created_at as createdAt",
      "signatures.confirmed_at as confirmedAt",
    ])
    .where("signatures.person_id", "=", personId)
    .where("signatures.anonymized_at", "is", null)
    .orderBy("signatures.id")
    .execute();
}

/** Comments posted with the address or from one of the person's signatures (not trashed). */
export async function exportComments(db: Executor, emailCanonical: string, personId: number) {
  return db
    .selectFrom("comments")
    .innerJoin("actions", "actions.id", "comments.action_id")
    .select([
      "comments.action_id as actionId",
      "actions.slug",
      "comments.name",
      "comments.body",
      "comments.status",
      "comments.created_at as createdAt",
    ])
    .where((eb) =>
      eb.or([
        eb("comments.email_canonical", "=", emailCanonical),
        eb(
          "comments.signature_id",
          "in",
          eb.selectFrom("signatures").select("id").where("person_id", "=", personId),
        ),
      ]),
    )
    .where("comments.status", "<>", "trash")
    .orderBy("comments.id")
    .execute();
}

export async function exportSubscriptions(db: Executor, emailCanonical: string) {
  return db
    .selectFrom("comment_subscriptions")
    .innerJoin("actions", "actions.id", "comment_subscriptions.action_id")
    .select([
      "comment_subscriptions.action_id as actionId",
      "actions.slug",
      "comment_subscriptions.scope",
      "comment_subscriptions.status",
    ])
    .where("comment_subscriptions.email_canonical", "=", emailCanonical)
    .orderBy("comment_subscriptions.id")
    .execute();
}

export async function exportContacts(db: Executor, emailCanonical: string, personId: number) {
  const contacts = await db
    .selectFrom("contacts")
    .innerJoin("organizations", "organizations.id", "contacts.organization_id")
    .select([
      "contacts.id",
      "organizations.name as organization",
      "contacts.given_name as givenName",
      "contacts.family_name as familyName",
      "contacts.email",
      "contacts.phone",
      "contacts.postal_code as postalCode",
      "contacts.locality",
      "contacts.region",
      "contacts.country",
      "contacts.address_lines as addressLines",
      "contacts.custom_fields as customFields",
      "contacts.created_at as since",
    ])
    .where((eb) =>
      eb.or([eb("contacts.email_canonical", "=", emailCanonical), eb("contacts.person_id", "=", personId)]),
    )
    .orderBy("contacts.id")
    .execute();
  const ids = contacts.map((c) => c.id);
  const tags =
    ids.length === 0
      ? []
      : await db
          .selectFrom("taggings")
          .innerJoin("tags", "tags.id", "taggings.tag_id")
          .select(["taggings.contact_id as contactId", "tags.name"])
          .where("taggings.contact_id", "in", ids)
          .orderBy("tags.name")
          .execute();
  return contacts.map((c) => ({ ...c, tags: tags.filter((t) => t.contactId === c.id).map((t) => t.name) }));
}

// ---- removal and anonymization ----

export interface SignatureToErase {
  id: number;
  actionId: number;
  actionSlug: string;
  personId: number;
  sponsorOrganizationId: number;
  status: "pending" | "confirmed" | "invalidated";
  postalCode: string;
  consentSponsor: number;
  consentReferrer: number;
  referrerOrganizationId: number | null;
}

function signaturesToErase(db: Executor) {
  return db
    .selectFrom("signatures")
    .innerJoin("actions", "actions.id", "signatures.action_id")
    .select([
      "signatures.id",
      "signatures.action_id as actionId",
      "actions.slug as actionSlug",
      "signatures.person_id as personId",
      "actions.sponsor_organization_id as sponsorOrganizationId",
      "signatures.status",
      "signatures.postal_code as postalCode",
      "signatures.consent_sponsor as consentSponsor",
      "signatures.consent_referrer as consentReferrer",
      "signatures.referrer_organization_id as referrerOrganizationId",
    ])
    .where("signatures.anonymized_at", "is", null);
}

export function signaturesById(db: Executor, ids: readonly number[]): Promise<SignatureToErase[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return signaturesToErase(db).where("signatures.id", "in", ids).orderBy("signatures.id").execute();
}

/** Up to `limit` signatures of an action still holding their signer's details. */
export function keptSignaturesOfAction(
  db: Executor,
  actionId: number,
  limit: number,
): Promise<SignatureToErase[]> {
  return signaturesToErase(db)
    .where("signatures.action_id", "=", actionId)
    .orderBy("signatures.id")
    .limit(limit)
    .execute();
}

/** Actions that stopped taking signatures, with their organization's retention, still holding signers. */
export async function closedActionsWithSigners(db: Executor) {
  return db
    .selectFrom("actions")
    .innerJoin("organizations", "organizations.id", "actions.sponsor_organization_id")
    .select([
      "actions.id",
      "actions.slug",
      "actions.sponsor_organization_id as organizationId",
      "actions.closed_at as closedAt",
      "organizations.retention_months as retentionMonths",
    ])
    .where("actions.closed_at", "is not", null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("signatures")
          .select(sql`1`.as("one"))
          .whereRef("signatures.action_id", "=", "actions.id")
          .where("signatures.anonymized_at", "is", null),
      ),
    )
    .orderBy("actions.id")
    .execute();
}

/** The addresses of people, as typed and canonical. */
export async function addressesOf(
  db: Executor,
  personIds: readonly number[],
): Promise<Map<number, { email: string; canonical: string; locale: Locale }>> {
  if (personIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("people")
    .select(["id", "email", "email_canonical", "locale"])
    .where("id", "in", personIds)
    .execute();
  return new Map(rows.map((r) => [r.id, { email: r.email, canonical: r.email_canonical, locale: r.locale }]));
}

/** Scrubs the signing comments of these signatures; returns the actions whose discussion changed. */
/** The organizations whose discussions hold these comments. */
export async function organizationsOfComments(db: Executor, commentIds: number[]): Promise<number[]> {
  if (commentIds.length === 0) return [];
  const rows = await db
    .selectFrom("comments")
    .select("organization_id")
    .where("id", "in", commentIds)
    .execute();
  return rows.map((row) => row.organization_id);
}

export async function scrubSigningComments(
  db: Executor,
  signatureIds: readonly number[],
): Promise<{ id: number; actionId: number }[]> {
  if (signatureIds.length === 0) return [];
  return db
    .updateTable("comments")
    .set(scrubbedComment)
    .where("signature_id", "in", signatureIds)
    .returning(["id", "action_id as actionId"])
    .execute();
}

/** Scrubs comments posted with these addresses (on one action, or everywhere). */
export async function scrubCommentsByAddress(
  db: Executor,
  canonicals: readonly string[],
  actionId: number | null,
): Promise<{ id: number; actionId: number }[]> {
  if (canonicals.length === 0) return [];
  let query = db.updateTable("comments").set(scrubbedComment).where("email_canonical", "in", canonicals);
  if (actionId !== null) query = query.where("action_id", "=", actionId);
  return query.returning(["id", "action_id as actionId"]).execute();
}

/** Ends these addresses' subscriptions and notices (on one action, or everywhere); returns the subscriptions. */
export async function deleteSubscriptions(
  db: Executor,
  canonicals: readonly string[],
  actionId: number | null,
): Promise<number[]> {
  if (canonicals.length === 0) return [];
  let notices = db.deleteFrom("comment_notices").where("email_canonical", "in", canonicals);
  if (actionId !== null)
    notices = notices.where(
      "comment_id",
      "in",
      db.selectFrom("comments").select("id").where("action_id", "=", actionId),
    );
  await notices.execute();
  let subscriptions = db.deleteFrom("comment_subscriptions").where("email_canonical", "in", canonicals);
  if (actionId !== null) subscriptions = subscriptions.where("action_id", "=", actionId);
  const rows = await subscriptions.returning("id").execute();
  return rows.map((r) => r.id);
}

/** Organizations (other than `except` signatures) a person consented to through a kept signature. */
export async function consentedOrganizations(
  db: Executor,
  personId: number,
  exceptSignatureIds: readonly number[],
): Promise<Set<number>> {
  let query = db
    .selectFrom("signatures")
    .innerJoin("actions", "actions.id", "signatures.action_id")
    .select([
      "actions.sponsor_organization_id as sponsor",
      "signatures.consent_sponsor as consentSponsor",
      "signatures.referrer_organization_id as referrer",
      "signatures.consent_referrer as consentReferrer",
    ])
    .where("signatures.person_id", "=", personId)
    .where("signatures.anonymized_at", "is", null);
  if (exceptSignatureIds.length > 0) query = query.where("signatures.id", "not in", exceptSignatureIds);
  const organizations = new Set<number>();
  for (const row of await query.execute()) {
    if (row.consentSponsor === 1) organizations.add(row.sponsor);
    if (row.consentReferrer === 1 && row.referrer !== null) organizations.add(row.referrer);
  }
  return organizations;
}

/** Deletes an organization's contacts of this person (by person or address); taggings go with them. */
export async function deleteContacts(
  db: Executor,
  personId: number,
  emailCanonical: string,
  organizationIds: readonly number[] | "all",
): Promise<void> {
  if (organizationIds !== "all" && organizationIds.length === 0) return;
  let query = db
    .deleteFrom("contacts")
    .where((eb) => eb.or([eb("person_id", "=", personId), eb("email_canonical", "=", emailCanonical)]));
  if (organizationIds !== "all") query = query.where("organization_id", "in", organizationIds);
  await query.execute();
}

/**
 * Deletes signatures; returns those this call deleted, so that of two removals racing for the
 * same rows only one takes them off the counts.
 */
export async function deleteSignatures(
  db: Executor,
  ids: readonly number[],
): Promise<
  { actionId: number; status: "pending" | "confirmed" | "invalidated"; confirmedAt: string | null }[]
> {
  if (ids.length === 0) return [];
  return db
    .deleteFrom("signatures")
    .where("id", "in", ids)
    .returning(["action_id as actionId", "status", "confirmed_at as confirmedAt"])
    .execute();
}

/** Moves `updated_at` of the actions whose counts changed and the comments version of `discussions`. */
export async function adjustActions(
  db: Executor,
  recounted: ReadonlySet<number>,
  discussions: ReadonlySet<number>,
  now: string,
): Promise<void> {
  if (recounted.size > 0)
    await db
      .updateTable("actions")
      .set({ updated_at: now })
      .where("id", "in", [...recounted])
      .execute();
  if (discussions.size > 0)
    await db
      .updateTable("actions")
      .set((eb) => ({ comments_version: eb("comments_version", "+", 1) }))
      .where("id", "in", [...discussions])
      .execute();
}

/** How many signatures still reference each person. */
export async function remainingSignatureCounts(db: Executor, personIds: readonly number[]) {
  if (personIds.length === 0) return new Map<number, { all: number; kept: number }>();
  const rows = await db
    .selectFrom("signatures")
    .select((eb) => [
      "person_id",
      eb.fn.countAll().as("all"),
      eb.fn.count("id").filterWhere("anonymized_at", "is", null).as("kept"),
    ])
    .where("person_id", "in", personIds)
    .groupBy("person_id")
    .execute();
  const counts = new Map(personIds.map((id) => [id, { all: 0, kept: 0 }]));
  for (const row of rows) counts.set(row.person_id, { all: Number(row.all), kept: Number(row.kept) });
  return counts;
}

export async function deletePeople(db: Executor, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom("signer_links").where("person_id", "in", ids).execute();
  await db.deleteFrom("people").where("id", "in", ids).execute();
}

/** Empties people rows that only anonymized signatures still point at (the rows stay for them). */
export async function blankPeople(db: Executor, ids: readonly number[], now: string): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom("signer_links").where("person_id", "in", ids).execute();
  await db
    .updateTable("people")
    .set((eb) => ({
      email: "",
      email_canonical: sql<string>`${"anonymized:"} || ${eb.cast(eb.ref("id"), "text")}`,
      name: "",
      postal_code: "",
      updated_at: now,
    }))
    .where("id", "in", ids)
    .execute();
}

/**
 * Gives an anonymized signature of a person who still signs elsewhere a blank person of its own,
 * so that nothing links it to them.
 */
export async function detachFromPerson(
  db: Executor,
  signatureId: number,
  locale: Locale,
  now: string,
): Promise<void> {
  const key = `anonymized:s${signatureId}`;
  const person = await db
    .insertInto("people")
    .values({
      email: "",
      email_canonical: key,
      name: "",
      postal_code: "",
      locale,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.updateTable("signatures").set({ person_id: person.id }).where("id", "=", signatureId).execute();
}

/** Anonymizes signatures that were all in one county (or unknown: null). */
export async function anonymizeSignatures(
  db: Executor,
  ids: readonly number[],
  countyFips: string | null,
  now: string,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable("signatures")
    .set({
      name: "",
      postal_code: "",
      search: "",
      comment: null,
      city: null,
      publish_comment: 0,
      // Nobody is left to share: the API, webhooks and partners' exports see no consenting signer here.
      consent_sponsor: 0,
      consent_referrer: 0,
      county_fips: countyFips,
      anonymized_at: now,
    })
    .where("id", "in", ids)
    .execute();
}

/**
 * Deletes outbox jobs about these signatures, subscriptions or people (pending or done):
 * a mail to a removed signer must not go out, and no payload may keep their address.
 */
export async function deleteJobs(
  db: Executor,
  about: {
    signatureIds: readonly number[];
    subscriptionIds: readonly number[];
    personIds: readonly number[];
    emails: readonly string[];
  },
): Promise<void> {
  const kinds = [
    "signature.email",
    "signature.comment",
    "comment_notifications.confirm",
    "comment_notifications.notice",
    "webhook.delivery",
    "signer_rights.email",
  ];
  const signatures = new Set(about.signatureIds);
  const subscriptions = new Set(about.subscriptionIds);
  const people = new Set(about.personIds);
  const emails = new Set(about.emails);
  if (signatures.size + subscriptions.size + people.size + emails.size === 0) return;
  // Done jobs about signatures and subscriptions hold only ids; a done links mail may hold the address.
  const jobs = await db
    .selectFrom("outbox")
    .select(["id", "kind", "payload"])
    .where("kind", "in", kinds)
    .where((eb) => eb.or([eb("status", "=", "pending"), eb("kind", "=", "signer_rights.email")]))
    .execute();
  const doomed = jobs
    .filter((job) => {
      const p = JSON.parse(job.payload) as Record<string, unknown>;
      switch (job.kind) {
        case "signature.email":
        case "signature.comment":
          return signatures.has(p.signatureId as number);
        case "comment_notifications.confirm":
        case "comment_notifications.notice":
          return subscriptions.has(p.subscriptionId as number);
        case "webhook.delivery":
          return p.event === "signature.confirmed" && signatures.has(p.subjectId as number);
        default:
          return people.has(p.personId as number) || emails.has(p.email as string);
      }
    })
    .map((job) => job.id);
  for (let i = 0; i < doomed.length; i += 500)
    await db
      .deleteFrom("outbox")
      .where("id", "in", doomed.slice(i, i + 500))
      .execute();
}

export async function setRetentionMonths(
  db: Executor,
  organizationId: number,
  months: number,
): Promise<void> {
  await db
    .updateTable("organizations")
    .set({ retention_months: months })
    .where("id", "=", organizationId)
    .execute();
}

export async function retentionMonths(db: Executor, organizationId: number): Promise<number> {
  const row = await db
    .selectFrom("organizations")
    .select("retention_months")
    .where("id", "=", organizationId)
    .executeTakeFirst();
  return row?.retention_months ?? 6;
}
