/** The only SQL for discussion subscriptions, the notices sent for comments, and moderators' digests. */
import type { Executor } from "../../db/database.ts";
import type { CommentSubscriptionScope } from "../../db/schema.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { Concerned, DigestState } from "./comment-notifications.ts";

export interface SubscriptionRecord {
  id: number;
  actionId: number;
  commentId: number | null;
  scope: CommentSubscriptionScope;
  email: string;
  emailCanonical: string;
  locale: Locale;
  status: "pending" | "confirmed" | "ended";
  requestedAt: string;
  confirmedAt: string | null;
}

const columns = [
  "id",
  "action_id as actionId",
  "comment_id as commentId",
  "scope",
  "email",
  "email_canonical as emailCanonical",
  "locale",
  "status",
  "requested_at as requestedAt",
  "confirmed_at as confirmedAt",
] as const;

export async function findSubscription(db: Executor, id: number): Promise<SubscriptionRecord | undefined> {
  return db.selectFrom("comment_subscriptions").select(columns).where("id", "=", id).executeTakeFirst();
}

export interface SubscriptionRequest {
  actionId: number;
  /** The subscriber's comment, for `replies`. */
  commentId: number | null;
  scope: CommentSubscriptionScope;
  email: string;
  emailCanonical: string;
  locale: Locale;
}

/** The person's subscription of this scope and target, in whatever state it is. */
export async function findSameSubscription(
  db: Executor,
  request: SubscriptionRequest,
): Promise<SubscriptionRecord | undefined> {
  let query = db
    .selectFrom("comment_subscriptions")
    .select(columns)
    .where("email_canonical", "=", request.emailCanonical)
    .where("scope", "=", request.scope);
  query =
    request.scope === "replies"
      ? query.where("comment_id", "=", request.commentId)
      : query.where("action_id", "=", request.actionId);
  return query.executeTakeFirst();
}

/** Whether the person already gets every comment on the action. */
export async function followsAll(db: Executor, actionId: number, emailCanonical: string): Promise<boolean> {
  const row = await db
    .selectFrom("comment_subscriptions")
    .select("id")
    .where("action_id", "=", actionId)
    .where("email_canonical", "=", emailCanonical)
    .where("scope", "=", "all")
    .where("status", "=", "confirmed")
    .executeTakeFirst();
  return row !== undefined;
}

/** A new pending subscription; undefined when the same one was written meanwhile. */
export async function insertSubscription(
  db: Executor,
  request: SubscriptionRequest,
  now: string,
): Promise<number | undefined> {
  const row = await db
    .insertInto("comment_subscriptions")
    .values({
      action_id: request.actionId,
      comment_id: request.commentId,
      scope: request.scope,
      email: request.email,
      email_canonical: request.emailCanonical,
      locale: request.locale,
      status: "pending",
      requested_at: now,
      confirmed_at: null,
      ended_at: null,
    })
    .onConflict((oc) => oc.doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

/** Asks again for a pending or ended subscription: pending, with the address and language given now. */
export async function renewRequest(
  db: Executor,
  id: number,
  request: Pick<SubscriptionRequest, "email" | "locale">,
  now: string,
): Promise<void> {
  await db
    .updateTable("comment_subscriptions")
    .set({
      status: "pending",
      email: request.email,
      locale: request.locale,
      requested_at: now,
      ended_at: null,
    })
    .where("id", "=", id)
    .where("status", "!=", "confirmed")
    .execute();
}

/** Confirms a pending subscription; false when it was not pending. */
export async function confirmPending(db: Executor, id: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable("comment_subscriptions")
    .set({ status: "confirmed", confirmed_at: now })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends every subscription of a person on an action. */
export async function endForPerson(
  db: Executor,
  actionId: number,
  emailCanonical: string,
  now: string,
): Promise<void> {
  await db
    .updateTable("comment_subscriptions")
    .set({ status: "ended", ended_at: now })
    .where("action_id", "=", actionId)
    .where("email_canonical", "=", emailCanonical)
    .where("status", "!=", "ended")
    .execute();
}

/**
 * Confirmed subscriptions a new comment concerns: replies to a comment of its thread above it,
 * and every comment of its action; confirmed by `confirmedBy` (its first approval), so a comment
 * approved again later is not news to those who subscribed since.
 */
export async function listConcerned(
  db: Executor,
  comment: { actionId: number; ancestorIds: number[]; confirmedBy: string },
): Promise<Concerned[]> {
  return db
    .selectFrom("comment_subscriptions")
    .select(["id as subscriptionId", "scope", "email_canonical as emailCanonical"])
    .where("status", "=", "confirmed")
    .where("confirmed_at", "<=", comment.confirmedBy)
    .where((eb) =>
      eb.or([
        eb.and([eb("scope", "=", "all"), eb("action_id", "=", comment.actionId)]),
        ...(comment.ancestorIds.length > 0
          ? [eb.and([eb("scope", "=", "replies"), eb("comment_id", "in", comment.ancestorIds)])]
          : []),
      ]),
    )
    .orderBy("id")
    .execute();
}

/** Records that these people are told about a comment; returns those not told before. */
export async function recordNotices(
  db: Executor,
  commentId: number,
  emailCanonicals: string[],
  now: string,
): Promise<Set<string>> {
  if (emailCanonicals.length === 0) return new Set();
  const rows = await db
    .insertInto("comment_notices")
    .values(
      emailCanonicals.map((email) => ({ comment_id: commentId, email_canonical: email, created_at: now })),
    )
    .onConflict((oc) => oc.doNothing())
    .returning("email_canonical")
    .execute();
  return new Set(rows.map((row) => row.email_canonical));
}

export async function findDigests(
  db: Executor,
  organizationIds: number[],
): Promise<Map<number, DigestState>> {
  if (organizationIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("comment_digests")
    .select(["organization_id as organizationId", "sent_at as sentAt", "last_comment_id as lastCommentId"])
    .where("organization_id", "in", organizationIds)
    .execute();
  return new Map(rows.map(({ organizationId, ...state }) => [organizationId, state]));
}

/**
 * Takes the organization's digest for now, in one conditional statement: of several nodes trying
 * at once, one gets true. The first digest inserts the row; later ones move it on only when the
 * window since the last one has passed and a newer comment is held.
 */
export async function takeDigest(
  db: Executor,
  digest: { organizationId: number; newestHeldId: number; now: string; windowStart: string },
): Promise<boolean> {
  const inserted = await db
    .insertInto("comment_digests")
    .values({
      organization_id: digest.organizationId,
      last_comment_id: digest.newestHeldId,
      sent_at: digest.now,
    })
    .onConflict((oc) => oc.column("organization_id").doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return true;
  const moved = await db
    .updateTable("comment_digests")
    .set({ last_comment_id: digest.newestHeldId, sent_at: digest.now })
    .where("organization_id", "=", digest.organizationId)
    .where("sent_at", "<=", digest.windowStart)
    .where("last_comment_id", "<", digest.newestHeldId)
    .executeTakeFirst();
  return Number(moved.numUpdatedRows) === 1;
}

/** Forgets subscriptions ended or left unconfirmed before `before`, and notices recorded before it. */
export async function deleteStale(db: Executor, before: string): Promise<void> {
  await db
    .deleteFrom("comment_subscriptions")
    .where((eb) =>
      eb.or([
        eb.and([eb("status", "=", "ended"), eb("ended_at", "<", before)]),
        eb.and([eb("status", "=", "pending"), eb("requested_at", "<", before)]),
      ]),
    )
    .execute();
  await db.deleteFrom("comment_notices").where("created_at", "<", before).execute();
}
