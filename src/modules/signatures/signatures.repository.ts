import { sql } from "kysely";
/** The only SQL for signatures. */
import { countRows } from "../../db/count.ts";
import type { Executor } from "../../db/database.ts";
import type { RowCondition } from "../../db/keyset.ts";
import { PrecompiledInsert } from "../../db/precompiled-insert.ts";
import type { Reader } from "../../db/reader.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { ActionStatus } from "../actions/actions.ts";
import type { SignatureExportRow, SignatureListItem } from "./signatures.ts";
import { searchFold, signatureSearchText } from "./signatures.ts";

export interface NewSignature {
  actionId: number;
  personId: number;
  name: string;
  email: string;
  postalCode: string;
  comment: string | null;
  consentSponsor: boolean;
  source: string | null;
  referrerOrganizationId: number | null;
  website: string | null;
  consentReferrer: boolean;
  locale: Locale;
  publishComment?: { city: string | null };
  publicName?: { city: string | null };
  now: string;
}

/** The key of a person's signature on an action (one per pair). */
export function signatureKey(actionId: number, personId: number): string {
  return `${actionId}:${personId}`;
}

const insertSignatures = new PrecompiledInsert(
  (db: Executor, signatures: readonly NewSignature[]) =>
    db
      .insertInto("signatures")
      .values(
        signatures.map((s) => ({
          action_id: s.actionId,
          person_id: s.personId,
          name: s.name,
          postal_code: s.postalCode,
          search: signatureSearchText(s),
          status: "pending" as const,
          comment: s.comment,
          consent_sponsor: s.consentSponsor ? 1 : 0,
          source: s.source,
          referrer_organization_id: s.referrerOrganizationId,
          website: s.website,
          consent_referrer: s.consentReferrer ? 1 : 0,
          locale: s.locale,
          created_at: s.now,
          publish_comment: s.publishComment ? 1 : 0,
          city: s.publishComment?.city ?? s.publicName?.city ?? null,
          public_name: s.publicName ? 1 : 0,
        })),
      )
      .onConflict((oc) => oc.columns(["action_id", "person_id"]).doNothing())
      .returning(["id", "action_id", "person_id"]),
  (s: NewSignature) => [
    s.actionId,
    s.personId,
    s.name,
    s.postalCode,
    signatureSearchText(s),
    "pending",
    s.comment,
    s.consentSponsor ? 1 : 0,
    s.source,
    s.referrerOrganizationId,
    s.website,
    s.consentReferrer ? 1 : 0,
    s.locale,
    s.now,
    s.publishComment ? 1 : 0,
    s.publishComment?.city ?? s.publicName?.city ?? null,
    s.publicName ? 1 : 0,
  ],
);

/**
 * Inserts each signature unless that person already signed that action, in one statement;
 * returns the new ids by `signatureKey` (pairs that had signed before are absent).
 */
export async function insertSignaturesOnce(
  db: Executor,
  signatures: readonly NewSignature[],
): Promise<Map<string, number>> {
  // Rows in a fixed order, so concurrent PostgreSQL transactions lock them in the same order.
  const sorted = [...signatures].sort((a, b) => a.actionId - b.actionId || a.personId - b.personId);
  const rows = await insertSignatures.execute(db, sorted);
  return new Map(rows.map((row) => [signatureKey(row.action_id, row.person_id), row.id]));
}

/**
 * Counts one more reminder for the existing signature if it is still under `max`;
 * returns its id when a reminder may be sent.
 */
export async function takeReminder(
  db: Executor,
  actionId: number,
  personId: number,
  max: number,
): Promise<number | undefined> {
  const row = await db
    .updateTable("signatures")
    .set((eb) => ({ reminders_sent: eb("reminders_sent", "+", 1) }))
    .where("action_id", "=", actionId)
    .where("person_id", "=", personId)
    .where("reminders_sent", "<", max)
    .where("status", "!=", "invalidated")
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

/** A person's signature of an action (at most one), for a repeat signing through the API. */
export async function findSignatureOf(
  db: Executor,
  actionId: number,
  personId: number,
): Promise<{ id: number; status: SignatureStatus } | undefined> {
  return db
    .selectFrom("signatures")
    .select(["id", "status"])
    .where("action_id", "=", actionId)
    .where("person_id", "=", personId)
    .executeTakeFirst();
}

/** What a repeat signing through the API replaces on its signature. */
export interface SignatureUpdate {
  comment?: string | null;
  source?: string | null;
  referrerOrganizationId?: number | null;
  website?: string | null;
  consentSponsor?: boolean;
}

export async function updateSignature(db: Executor, signatureId: number, update: SignatureUpdate) {
  const { comment, source, referrerOrganizationId, website, consentSponsor } = update;
  const set = {
    ...(comment !== undefined ? { comment } : {}),
    ...(source !== undefined ? { source } : {}),
    ...(referrerOrganizationId !== undefined ? { referrer_organization_id: referrerOrganizationId } : {}),
    ...(website !== undefined ? { website } : {}),
    ...(consentSponsor !== undefined ? { consent_sponsor: consentSponsor ? 1 : 0 } : {}),
  };
  if (Object.keys(set).length === 0) return;
  await db.updateTable("signatures").set(set).where("id", "=", signatureId).execute();
}

/** What a confirmation changed: the action to count it on, and the details its signing submitted. */
export interface ConfirmedSignature {
  actionId: number;
  personId: number;
  name: string;
  postalCode: string;
  /** 1 when the signer asked to publish their signing comment (migration 020). */
  publishComment: number;
  comment: string | null;
  source: string | null;
  /** 1 when the signer consented to the sponsor (then it adds them to its contacts). */
  consentSponsor: number;
  referrerOrganizationId: number | null;
  /** 1 when the signer consented to that referring co-sponsor. */
  consentReferrer: number;
}

/**
 * Moves a pending signature to confirmed while its action is still published (one statement, so
 * a close that commits first is always seen); returns what it confirmed, or undefined if nothing.
 */
export async function confirmPending(
  db: Executor,
  signatureId: number,
  now: string,
): Promise<ConfirmedSignature | undefined> {
  return db
    .updateTable("signatures")
    .set({ status: "confirmed", confirmed_at: now })
    .where("id", "=", signatureId)
    .where("status", "=", "pending")
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("actions")
          .select("actions.id")
          .whereRef("actions.id", "=", "signatures.action_id")
          .where("actions.status", "=", "published"),
      ),
    )
    .returning([
      "action_id as actionId",
      "person_id as personId",
      "name",
      "postal_code as postalCode",
      "publish_comment as publishComment",
      "comment",
      "source",
      "consent_sponsor as consentSponsor",
      "referrer_organization_id as referrerOrganizationId",
      "consent_referrer as consentReferrer",
    ])
    .executeTakeFirst();
}

/** A signature's comment as it would be published, with what decides whether it may be. */
export async function findCommentToPublish(db: Executor, signatureId: number) {
  return db
    .selectFrom("signatures")
    .innerJoin("people", "people.id", "signatures.person_id")
    .select([
      "signatures.id as signatureId",
      "signatures.action_id as actionId",
      "signatures.status",
      "signatures.publish_comment as publishComment",
      "signatures.name",
      "signatures.city",
      "signatures.comment",
      "signatures.locale",
      "people.email",
    ])
    .where("signatures.id", "=", signatureId)
    .executeTakeFirst();
}

export interface SignatureMailContext {
  signatureId: number;
  status: "pending" | "confirmed" | "invalidated";
  locale: Locale;
  email: string;
  name: string;
  actionId: number;
  actionSlug: string;
  actionStatus: ActionStatus;
  sponsorName: string;
  /** The action's title in the signer's language, else in English, else null. */
  title: string | null;
}

/** What the mails for these signatures need, in one query; keyed by signature id. */
export async function findForMail(
  db: Executor,
  signatureIds: readonly number[],
): Promise<Map<number, SignatureMailContext>> {
  const rows = await db
    .selectFrom("signatures")
    .innerJoin("people", "people.id", "signatures.person_id")
    .innerJoin("actions", "actions.id", "signatures.action_id")
    .innerJoin("organizations", "organizations.id", "actions.sponsor_organization_id")
    .leftJoin("action_texts as own", (join) =>
      join.onRef("own.action_id", "=", "actions.id").onRef("own.locale", "=", "signatures.locale"),
    )
    .leftJoin("action_texts as en", (join) =>
      join.onRef("en.action_id", "=", "actions.id").on("en.locale", "=", "en"),
    )
    .select([
      "signatures.id as signatureId",
      "signatures.status",
      "signatures.locale",
      "people.email",
      "signatures.name",
      "actions.id as actionId",
      "actions.slug as actionSlug",
      "actions.status as actionStatus",
      "organizations.name as sponsorName",
      "own.title as ownTitle",
      "en.title as englishTitle",
    ])
    .where("signatures.id", "in", signatureIds)
    .execute();
  return new Map(
    rows.map(({ ownTitle, englishTitle, ...row }) => [
      row.signatureId,
      { ...row, title: ownTitle ?? englishTitle },
    ]),
  );
}

/** A signature with its signer and referrer, as the sponsor's API and webhooks read it. */
function signatureRecords(db: Executor) {
  return db
    .selectFrom("signatures")
    .innerJoin("people", "people.id", "signatures.person_id")
    .leftJoin("organizations as referrer", "referrer.id", "signatures.referrer_organization_id")
    .select([
      "signatures.id",
      "signatures.action_id as actionId",
      "signatures.status",
      "signatures.created_at as createdAt",
      "signatures.confirmed_at as confirmedAt",
      "signatures.comment",
      "signatures.source",
      "signatures.website",
      "signatures.consent_sponsor as consentSponsor",
      "signatures.consent_referrer as consentReferrer",
      "signatures.name",
      "signatures.postal_code as postalCode",
      "people.email",
      "referrer.slug as referrer",
    ]);
}

export type SignatureRecordRow = Awaited<
  ReturnType<ReturnType<typeof signatureRecords>["executeTakeFirstOrThrow"]>
>;

/** A signature with its signer and referrer, whatever its status. */
export function findRecord(db: Executor, signatureId: number) {
  return signatureRecords(db).where("signatures.id", "=", signatureId).executeTakeFirst();
}

/** A signature with its signer, referrer and sponsor, for the sponsor's webhooks. */
export function findForWebhook(db: Executor, signatureId: number) {
  return signatureRecords(db)
    .innerJoin("actions", "actions.id", "signatures.action_id")
    .innerJoin("organizations as sponsor", "sponsor.id", "actions.sponsor_organization_id")
    .select(["sponsor.name as sponsorName", "sponsor.website as sponsorWebsite"])
    .where("signatures.id", "=", signatureId)
    .executeTakeFirst();
}

/** A condition on an action's confirmed signatures, for the API's filters. */
export type SignatureRowCondition = RowCondition<"created_at" | "confirmed_at" | "id">;

/**
 * An action's confirmed signatures meeting `conditions`. Without conditions, the count, the
 * boundary and the seek are one range of the index (action_id, status, id) (migration 026).
 */
function confirmedSignatures(db: Executor, actionId: number, conditions: SignatureRowCondition[]) {
  let query = db
    .selectFrom("signatures")
    .where("signatures.action_id", "=", actionId)
    .where("signatures.status", "=", "confirmed");
  for (const c of conditions) query = query.where(`signatures.${c.column}`, c.operator, c.value);
  return query;
}

export async function countConfirmedSignatures(
  db: Executor,
  actionId: number,
  conditions: SignatureRowCondition[],
): Promise<number> {
  return countRows(confirmedSignatures(db, actionId, conditions));
}

/** The id after which the page starting at the `skip`-th match begins: ids only, no signer read. */
export async function confirmedSignatureBoundary(
  db: Executor,
  actionId: number,
  conditions: SignatureRowCondition[],
  skip: number,
): Promise<number | null> {
  const row = await confirmedSignatures(db, actionId, conditions)
    .select("signatures.id")
    .orderBy("signatures.id")
    .limit(1)
    .offset(skip - 1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Up to `limit` matches with ids above `afterId`, in id order, with their signers. */
export async function seekConfirmedSignatures(
  db: Executor,
  actionId: number,
  conditions: SignatureRowCondition[],
  afterId: number,
  limit: number,
): Promise<SignatureRecordRow[]> {
  const page = confirmedSignatures(db, actionId, conditions)
    .select("signatures.id")
    .where("signatures.id", ">", afterId)
    .orderBy("signatures.id")
    .limit(limit);
  return signatureRecords(db).where("signatures.id", "in", page).orderBy("signatures.id").execute();
}

/**
 * A person's confirmed signatures one organization may see: on the actions it sponsors when the
 * signer consented to it, on those it co-sponsors when its code brought the signer and the signer
 * consented to it. Seeks by (action_id, person_id) over the organization's actions.
 */
function consentedSignaturesOf(
  db: Executor,
  personId: number,
  organizationId: number,
  conditions: SignatureRowCondition[],
) {
  let query = db
    .selectFrom("signatures")
    .innerJoin("actions", "actions.id", "signatures.action_id")
    .where("signatures.action_id", "in", (eb) =>
      eb
        .selectFrom("actions")
        .select("actions.id")
        .where("actions.sponsor_organization_id", "=", organizationId)
        .union(
          eb
            .selectFrom("action_cosponsors")
            .select("action_cosponsors.action_id as id")
            .where("action_cosponsors.organization_id", "=", organizationId),
        ),
    )
    .where("signatures.person_id", "=", personId)
    .where("signatures.status", "=", "confirmed")
    .where((eb) =>
      eb.or([
        eb.and([
          eb("actions.sponsor_organization_id", "=", organizationId),
          eb("signatures.consent_sponsor", "=", 1),
        ]),
        eb.and([
          eb("signatures.referrer_organization_id", "=", organizationId),
          eb("signatures.consent_referrer", "=", 1),
        ]),
      ]),
    );
  for (const c of conditions) query = query.where(`signatures.${c.column}`, c.operator, c.value);
  return query;
}

export async function countConsentedSignatures(
  db: Executor,
  personId: number,
  organizationId: number,
  conditions: SignatureRowCondition[],
): Promise<number> {
  return countRows(consentedSignaturesOf(db, personId, organizationId, conditions));
}

export async function consentedSignatureBoundary(
  db: Executor,
  personId: number,
  organizationId: number,
  conditions: SignatureRowCondition[],
  skip: number,
): Promise<number | null> {
  const row = await consentedSignaturesOf(db, personId, organizationId, conditions)
    .select("signatures.id")
    .orderBy("signatures.id")
    .limit(1)
    .offset(skip - 1)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function seekConsentedSignatures(
  db: Executor,
  personId: number,
  organizationId: number,
  conditions: SignatureRowCondition[],
  afterId: number,
  limit: number,
): Promise<SignatureRecordRow[]> {
  const page = consentedSignaturesOf(db, personId, organizationId, conditions)
    .select("signatures.id")
    .where("signatures.id", ">", afterId)
    .orderBy("signatures.id")
    .limit(limit);
  return signatureRecords(db).where("signatures.id", "in", page).orderBy("signatures.id").execute();
}

/** A signature's status and its action's, which decides whether it may still be confirmed. */
export async function findStatus(
  db: Executor,
  signatureId: number,
): Promise<
  | { status: "pending" | "confirmed" | "invalidated"; actionId: number; actionStatus: ActionStatus }
  | undefined
> {
  return db
    .selectFrom("signatures")
    .innerJoin("actions", "actions.id", "signatures.action_id")
    .select(["signatures.status", "signatures.action_id as actionId", "actions.status as actionStatus"])
    .where("signatures.id", "=", signatureId)
    .executeTakeFirst();
}

export type SignatureStatus = "pending" | "confirmed" | "invalidated";

/** Which of an action's signatures the organizer's list shows: all, or those of one status. */
export interface SignatureScope {
  actionId: number;
  status: SignatureStatus | null;
}

/**
 * The action's signatures in scope, with their signers. Without a status the list seeks on
 * (action_id, id) (migration 003), with one on (action_id, status, id) (migration 026): either
 * way a page is an index range read from the cursor, at any depth.
 */
function scoped(db: Executor, scope: SignatureScope) {
  return db
    .selectFrom("signatures")
    .innerJoin("people", "people.id", "signatures.person_id")
    .where("signatures.action_id", "=", scope.actionId)
    .$if(scope.status !== null, (qb) => qb.where("signatures.status", "=", scope.status!));
}

/** What the sponsor's export reads of each signature; the list shows these and a little more. */
const exportColumns = [
  "signatures.id",
  "signatures.name",
  "people.email",
  "signatures.postal_code as postalCode",
  "signatures.status",
  "signatures.created_at as createdAt",
  "signatures.confirmed_at as confirmedAt",
  "signatures.source",
  "signatures.consent_sponsor as consentSponsor",
  "signatures.comment",
] as const;

const listColumns = [...exportColumns, "referrer.name as referrer", "signatures.website"] as const;

/** The co-sponsor whose link or code brought the signer, for `listColumns`. */
const referrerJoin = [
  "organizations as referrer",
  "referrer.id",
  "signatures.referrer_organization_id",
] as const;

/** Where a seek starts: below an id (older signatures), above one (newer), or at the newest. */
export type SignatureSeek = { older: number } | { newer: number } | null;

/**
 * Up to `limit` signatures in scope from `seek` on, newest first: those just older than the id
 * (or the newest), or those just newer (read upwards from it, then turned).
 */
export async function seekSignatures(
  db: Executor,
  scope: SignatureScope,
  seek: SignatureSeek,
  limit: number,
): Promise<SignatureListItem[]> {
  let query = scoped(db, scope)
    .leftJoin(...referrerJoin)
    .select(listColumns);
  if (seek !== null && "older" in seek) query = query.where("signatures.id", "<", seek.older);
  const newer = seek !== null && "newer" in seek;
  if (newer) query = query.where("signatures.id", ">", seek.newer);
  const rows = await query
    .orderBy("signatures.id", newer ? "asc" : "desc")
    .limit(limit)
    .execute();
  return (newer ? rows.reverse() : rows) as SignatureListItem[];
}

/** Whether a signature in scope lies beyond `id` in that direction: one index probe. */
export async function anySignatureBeyond(
  db: Executor,
  scope: SignatureScope,
  id: number,
  direction: "older" | "newer",
): Promise<boolean> {
  const row = await db
    .selectFrom("signatures")
    .select("id")
    .where("action_id", "=", scope.actionId)
    .$if(scope.status !== null, (qb) => qb.where("status", "=", scope.status!))
    .where("id", direction === "older" ? "<" : ">", id)
    // Ordered by id, so that the planner seeks on an index ending in id rather than filtering one.
    .orderBy("id", direction === "older" ? "desc" : "asc")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The signature in scope of the person with this canonical address, if any: a probe of the unique
 * people.email_canonical, then of (action_id, person_id); nothing scanned. The person is a scalar
 * subquery, not a join condition, so that no planner starts from the action's signatures.
 */
export async function findByCanonicalEmail(
  db: Executor,
  scope: SignatureScope,
  emailCanonical: string,
): Promise<SignatureListItem[]> {
  return (await scoped(db, scope)
    .leftJoin(...referrerJoin)
    .select(listColumns)
    .where("signatures.person_id", "=", (eb) =>
      eb
        .selectFrom("people as signer")
        .select("signer.id")
        .where("signer.email_canonical", "=", emailCanonical),
    )
    .execute()) as SignatureListItem[];
}

/**
 * The id of the `window`-th signature in scope older than `before` (or than none): the floor of a
 * bounded text search. Ids only, read from the index. Undefined when fewer are left: the search
 * then reaches the oldest.
 */
export async function searchFloor(
  db: Executor,
  scope: SignatureScope,
  before: number | null,
  window: number,
): Promise<number | undefined> {
  const row = await db
    .selectFrom("signatures")
    .select("id")
    .where("action_id", "=", scope.actionId)
    .$if(scope.status !== null, (qb) => qb.where("status", "=", scope.status!))
    .$if(before !== null, (qb) => qb.where("id", "<", before!))
    .orderBy("id", "desc")
    .limit(1)
    .offset(window - 1)
    .executeTakeFirst();
  return row?.id;
}

/**
 * Up to `limit` signatures in scope whose name, email or postal code contain `search`, newest
 * first, among ids from `floor` (inclusive) up to `before` (exclusive): a substring match has no
 * index, so the caller bounds the range it reads.
 */
export async function searchSignatures(
  db: Executor,
  reader: Pick<Reader, "all">,
  scope: SignatureScope,
  search: string,
  range: { before: number | null; floor: number | undefined },
  limit: number,
): Promise<SignatureListItem[]> {
  const term = `%${searchFold(search).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  // Up to `searchWindow` rows compared one by one: on the reader, off the event loop on SQLite.
  return (await reader.all(
    scoped(db, scope)
      .leftJoin(...referrerJoin)
      .select(listColumns)
      .$if(range.before !== null, (qb) => qb.where("signatures.id", "<", range.before!))
      .$if(range.floor !== undefined, (qb) => qb.where("signatures.id", ">=", range.floor!))
      // An explicit ESCAPE: SQLite's LIKE has no default escape character, PostgreSQL's is "\".
      // Both sides are folded already, so LIKE's own (engine-specific) case rules never matter.
      .where(sql<boolean>`${sql.ref("signatures.search")} like ${term} escape '\\'`)
      .orderBy("signatures.id", "desc")
      .limit(limit),
  )) as SignatureListItem[];
}

/**
 * The sponsor's export, one keyset page: the action's signatures after `afterId`, oldest first,
 * as a query for the reader (src/db/reader.ts) to run.
 */
export function signatureExportPage(db: Executor, actionId: number, afterId: number, limit: number) {
  return db
    .selectFrom("signatures")
    .innerJoin("people", "people.id", "signatures.person_id")
    .select(exportColumns)
    .where("signatures.action_id", "=", actionId)
    .where("signatures.id", ">", afterId)
    .orderBy("signatures.id")
    .limit(limit)
    .$castTo<SignatureExportRow>();
}

/** A signature of the action, with what its signing submitted (for the confirmation step and the audit log). */
export async function findSignatureOfAction(db: Executor, actionId: number, signatureId: number) {
  return db
    .selectFrom("signatures")
    .innerJoin("people", "people.id", "signatures.person_id")
    .select([
      "signatures.id",
      "signatures.status",
      "signatures.confirmed_at as confirmedAt",
      "signatures.name",
      "people.email",
    ])
    .where("signatures.id", "=", signatureId)
    .where("signatures.action_id", "=", actionId)
    .executeTakeFirst();
}

export async function hasSignatures(db: Executor, actionId: number): Promise<boolean> {
  const row = await db
    .selectFrom("signatures")
    .select("id")
    .where("action_id", "=", actionId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function setSignatureStatus(
  db: Executor,
  signatureId: number,
  status: "pending" | "confirmed" | "invalidated",
  invalidatedAt: string | null,
): Promise<void> {
  await db
    .updateTable("signatures")
    .set({ status, invalidated_at: invalidatedAt })
    .where("id", "=", signatureId)
    .execute();
}

/**
 * How many of an action's signatures have `status`, counted up to `cap + 1` on the index
 * (action_id, status, id): the caller says "more than `cap`" past it, and no count reads more.
 */
export async function countStatusUpTo(
  db: Executor,
  actionId: number,
  status: SignatureStatus,
  cap: number,
): Promise<number> {
  const bounded = db
    .selectFrom("signatures")
    .select("id")
    .where("action_id", "=", actionId)
    .where("status", "=", status)
    .limit(cap + 1)
    .as("bounded");
  const row = await db
    .selectFrom(bounded)
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The newest `days` UTC days (YYYY-MM-DD) with confirmed signatures, oldest first, as signature_days keeps them. */
export async function confirmedPerDay(
  db: Executor,
  actionId: number,
  days: number,
): Promise<{ day: string; count: number }[]> {
  const rows = await db
    .selectFrom("signature_days")
    .select(["day", "confirmed"])
    .where("action_id", "=", actionId)
    .where("confirmed", ">", 0)
    .orderBy("day", "desc")
    .limit(days)
    .execute();
  return rows.reverse().map((row) => ({ day: row.day, count: row.confirmed }));
}

// Partner attribution (migration 014): what came through each co-sponsor's referral code.

/**
 * An action's signatures (pending or confirmed; invalidated ones count nowhere) and confirmed
 * signatures per referring partner, `organizationId` null for those that came without one;
 * only one partner's row when `organizationId` is given.
 */
export async function countByReferrer(db: Executor, actionId: number, organizationId?: number) {
  const rows = await db
    .selectFrom("signatures")
    .select((eb) => [
      "referrer_organization_id as organizationId",
      eb.fn.countAll<string | number>().as("signatures"),
      eb.fn
        .sum<string | number>(eb.case().when("status", "=", "confirmed").then(1).else(0).end())
        .as("confirmed"),
    ])
    .where("action_id", "=", actionId)
    .where("status", "!=", "invalidated")
    .$if(organizationId !== undefined, (qb) => qb.where("referrer_organization_id", "=", organizationId!))
    .groupBy("referrer_organization_id")
    .execute();
  return rows.map((row) => ({
    organizationId: row.organizationId,
    signatures: Number(row.signatures),
    confirmed: Number(row.confirmed),
  }));
}

/** A signer a partner may see: one who came through its code and agreed to share with it. */
export interface ReferredSigner {
  id: number;
  name: string;
  email: string;
  postalCode: string;
  status: SignatureStatus;
  createdAt: string;
  confirmedAt: string | null;
}

const referredColumns = [
  "signatures.id",
  "signatures.name",
  "people.email",
  "signatures.postal_code as postalCode",
  "signatures.status",
  "signatures.created_at as createdAt",
  "signatures.confirmed_at as confirmedAt",
] as const;

/** Both conditions in one place: the partner's code brought the signer, and the signer ticked its box. */
function consentingReferred(db: Executor, actionId: number, organizationId: number) {
  return db
    .selectFrom("signatures")
    .innerJoin("people", "people.id", "signatures.person_id")
    .where("signatures.action_id", "=", actionId)
    .where("signatures.referrer_organization_id", "=", organizationId)
    .where("signatures.consent_referrer", "=", 1);
}

/** One page of the signers who consented to the partner, newest first, and how many there are. */
export async function listConsentingReferred(
  db: Executor,
  q: { actionId: number; organizationId: number },
  page: { limit: number; offset: number },
): Promise<{ rows: ReferredSigner[]; total: number }> {
  const [rows, total] = await Promise.all([
    consentingReferred(db, q.actionId, q.organizationId)
      .select(referredColumns)
      .orderBy("signatures.id", "desc")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    countRows(consentingReferred(db, q.actionId, q.organizationId)),
  ]);
  return { rows, total };
}

/**
 * The partner's export, one keyset page: the signers who consented to it after `afterId`, oldest
 * first, as a query for the reader.
 */
export function consentingReferredPage(
  db: Executor,
  q: { actionId: number; organizationId: number },
  afterId: number,
  limit: number,
) {
  return consentingReferred(db, q.actionId, q.organizationId)
    .select(referredColumns)
    .where("signatures.id", ">", afterId)
    .orderBy("signatures.id")
    .limit(limit)
    .$castTo<ReferredSigner>();
}

/**
 * The delivery's count: an action's signatures confirmed by `asOf`, per postal code as typed, in
 * one grouped query (a row per distinct code, not per signer).
 */
export async function confirmedPerPostalCodeAsOf(
  db: Executor,
  reader: Pick<Reader, "all">,
  actionId: number,
  asOf: string,
): Promise<{ postalCode: string; count: number }[]> {
  const rows = await reader.all(
    db
      .selectFrom("signatures")
      .select((eb) => ["postal_code", eb.fn.countAll().as("count")])
      .where("action_id", "=", actionId)
      .where("status", "=", "confirmed")
      .where("confirmed_at", "<=", asOf)
      .groupBy("postal_code"),
  );
  return rows.map((row) => ({ postalCode: row.postal_code, count: Number(row.count) }));
}

/** A signer as the delivered letter may name them: the city only with their consent to it. */
export interface DeliverySignerRow {
  id: number;
  postalCode: string;
  name: string;
  publicName: boolean;
  city: string | null;
}

/**
 * One page of the signers confirmed by `asOf` whose postal code is one of `postalCodes`, in
 * (postal code, id) order after `after`: a keyset read on (postal_code, action_id, id)
 * (migration 029), so the letter reads county by county in flat memory.
 */
export async function confirmedSignersIn(
  db: Executor,
  reader: Pick<Reader, "all">,
  actionId: number,
  postalCodes: readonly string[],
  after: { postalCode: string; id: number } | null,
  asOf: string,
  limit: number,
): Promise<DeliverySignerRow[]> {
  const read = (codes: readonly string[], afterId: number, max: number) =>
    reader.all(
      db
        .selectFrom("signatures")
        .select(["id", "postal_code", "name", "public_name", "city"])
        .where("action_id", "=", actionId)
        .where("postal_code", "in", codes)
        .where("status", "=", "confirmed")
        .where("id", ">", afterId)
        .where("confirmed_at", "<=", asOf)
        .orderBy("postal_code")
        .orderBy("id")
        .limit(max),
    );
  // Two seeks rather than one OR, which the planners would scan: the rest of the postal code the
  // last page ended in, then the codes after it.
  const rows = after ? await read([after.postalCode], after.id, limit) : [];
  const rest = after ? postalCodes.filter((code) => code > after.postalCode) : postalCodes;
  if (rows.length < limit && rest.length > 0) rows.push(...(await read(rest, 0, limit - rows.length)));
  return rows.map((row) => ({
    id: row.id,
    postalCode: row.postal_code,
    name: row.name,
    publicName: row.public_name === 1,
    city: row.public_name === 1 ? row.city : null,
  }));
}
