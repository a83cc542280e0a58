/** The only SQL for comments, moderation rules and closed discussions. */
import { countRows } from "../../db/count.ts";
import type { Executor } from "../../db/database.ts";
import type { CommentStatus } from "../../db/schema.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { CommentAuthor } from "./comment-author.ts";
import {
  type CommentInput,
  type CommentStance,
  closingDate,
  type DiscussionView,
  type FlatComment,
  type HoldReason,
  type ModerationRules,
  type Voter,
} from "./comments.ts";

const publicColumns = [
  "id",
  "parent_id as parentId",
  "root_id as rootId",
  "depth",
  "name",
  "website",
  "locale",
  "stance",
  "created_at as createdAt",
  "edited_at as editedAt",
  "as_organization_id as asOrganizationId",
  "helpful_count as helpful",
  "reply_to_id as replyToId",
  "body",
] as const;

export type CommentRow = Omit<FlatComment, "paragraphs" | "byOrganization" | "inReplyTo"> & {
  body: string;
  asOrganizationId: number | null;
  replyToId: number | null;
};

/** An action's approved top-level comments, in one language or all. */
function approvedTopLevel(db: Executor, actionId: number, lang: Locale | null) {
  return (
    db
      .selectFrom("comments")
      .where("action_id", "=", actionId)
      .where("status", "=", "approved")
      // Matches the migration 020 indexes, which hold top-level comments only.
      .where("parent_id", "is", null)
      .$if(lang !== null, (qb) => qb.where("locale", "=", lang!))
  );
}

/** The approved top-level comments of one page, in the view's order and language. */
export function topLevelPage(
  db: Executor,
  actionId: number,
  view: Pick<DiscussionView, "sort" | "lang">,
  offset: number,
  limit: number,
) {
  return approvedTopLevel(db, actionId, view.lang)
    .select(publicColumns)
    .$call((qb) =>
      view.sort === "newest"
        ? qb.orderBy("id", "desc")
        : view.sort === "helpful"
          ? qb.orderBy("helpful_count", "desc").orderBy("id")
          : qb.orderBy("id"),
    )
    .offset(offset)
    .limit(limit);
}

/**
 * The approved top-level comments of one page, in the view's order and language, then every
 * approved reply in their threads (all languages, oldest first: the service filters them).
 */
export async function listApprovedPage(
  db: Executor,
  actionId: number,
  view: Pick<DiscussionView, "sort" | "lang">,
  offset: number,
  limit: number,
): Promise<CommentRow[]> {
  const top = await topLevelPage(db, actionId, view, offset, limit).execute();
  if (top.length === 0) return [];
  const replies = await db
    .selectFrom("comments")
    .select(publicColumns)
    .where("action_id", "=", actionId)
    .where("status", "=", "approved")
    .where(
      "root_id",
      "in",
      top.map((comment) => comment.id),
    )
    .orderBy("id")
    .execute();
  return [...top, ...replies];
}

/** Approved comments per stance (null: none given), and the number of top-level ones. */
export async function countApproved(
  db: Executor,
  actionId: number,
): Promise<{ byStance: { stance: CommentStance | null; count: number }[]; topLevel: number }> {
  const [byStance, topLevel] = await Promise.all([
    db
      .selectFrom("comments")
      .select((eb) => ["stance", eb.fn.countAll<string | number>().as("count")])
      .where("action_id", "=", actionId)
      .where("status", "=", "approved")
      .groupBy("stance")
      .execute(),
    countTopLevel(db, actionId, null),
  ]);
  return { byStance: byStance.map((row) => ({ stance: row.stance, count: Number(row.count) })), topLevel };
}

/** How many approved top-level comments an action has in one language (or all). */
export async function countTopLevel(db: Executor, actionId: number, lang: Locale | null): Promise<number> {
  return countRows(approvedTopLevel(db, actionId, lang));
}

/** How many approved top-level comments come before this one: where its page starts counting. */
export async function countApprovedBefore(db: Executor, actionId: number, topId: number): Promise<number> {
  return countRows(
    db
      .selectFrom("comments")
      .where("action_id", "=", actionId)
      .where("status", "=", "approved")
      .where("parent_id", "is", null)
      .where("id", "<", topId),
  );
}

/** The newest approved comments, for the feed. */
export async function listNewestApproved(db: Executor, actionId: number, limit: number) {
  return db
    .selectFrom("comments")
    .select([...publicColumns, "approved_at as approvedAt"])
    .where("action_id", "=", actionId)
    .where("status", "=", "approved")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

export interface CommentRecord {
  id: number;
  actionId: number;
  organizationId: number;
  parentId: number | null;
  rootId: number | null;
  depth: number;
  name: string;
  email: string;
  emailCanonical: string;
  website: string | null;
  body: string;
  locale: Locale;
  stance: CommentStance | null;
  status: CommentStatus;
  createdAt: string;
  approvedAt: string | null;
  asOrganizationId: number | null;
  accountId: number | null;
  helpful: number;
}

const recordColumns = [
  "id",
  "action_id as actionId",
  "organization_id as organizationId",
  "parent_id as parentId",
  "root_id as rootId",
  "depth",
  "name",
  "email",
  "email_canonical as emailCanonical",
  "website",
  "body",
  "locale",
  "stance",
  "status",
  "created_at as createdAt",
  "approved_at as approvedAt",
  "as_organization_id as asOrganizationId",
  "account_id as accountId",
  "helpful_count as helpful",
] as const;

export async function findComment(db: Executor, id: number): Promise<CommentRecord | undefined> {
  return db.selectFrom("comments").select(recordColumns).where("id", "=", id).executeTakeFirst();
}

/** What a comment's webhook event adds to the comment: its action's slug, its last edit, and the sponsor. */
export function findWebhookContext(db: Executor, commentId: number) {
  return db
    .selectFrom("comments")
    .innerJoin("actions", "actions.id", "comments.action_id")
    .innerJoin("organizations as sponsor", "sponsor.id", "actions.sponsor_organization_id")
    .select([
      "actions.slug as actionSlug",
      "comments.edited_at as editedAt",
      "sponsor.name as sponsorName",
      "sponsor.website as sponsorWebsite",
    ])
    .where("comments.id", "=", commentId)
    .executeTakeFirst();
}

/** A comment to store; whom to notify is the notifications module's business, not a column. */
export interface NewComment extends Omit<CommentInput, "parentId" | "notify"> {
  author: CommentAuthor;
  actionId: number;
  organizationId: number;
  parentId: number | null;
  rootId: number | null;
  depth: number;
  locale: Locale;
  status: Exclude<CommentStatus, "trash">;
  bodyFingerprint: string;
  now: string;
  /** Why it waits or went to spam; null (or left out) when it is shown. */
  holdReason?: HoldReason | null;
  /** A moderator's reply, shown as the organization's (the author is the moderator's account). */
  asOrganization?: boolean;
  /** The comment answered, when it is not the parent (a reply to the third level). */
  replyToId?: number | null;
  /** The signature whose signing comment this is. */
  signatureId?: number | null;
}

export async function insertComment(db: Executor, comment: NewComment): Promise<number> {
  const row = await db
    .insertInto("comments")
    .values({
      action_id: comment.actionId,
      organization_id: comment.organizationId,
      parent_id: comment.parentId,
      root_id: comment.rootId,
      depth: comment.depth,
      author_kind: comment.author.kind === "account" ? "account" : "guest",
      account_id: comment.author.kind === "account" ? comment.author.accountId : null,
      sign_in_provider: comment.author.kind === "provider" ? comment.author.provider : null,
      name: comment.name,
      email: comment.email,
      email_canonical: comment.emailCanonical,
      website: comment.website,
      body: comment.body,
      locale: comment.locale,
      stance: comment.stance,
      status: comment.status,
      created_at: comment.now,
      edited_at: null,
      approved_at: comment.status === "approved" ? comment.now : null,
      moderated_by: null,
      moderated_at: null,
      body_fingerprint: comment.bodyFingerprint,
      hold_reason: comment.holdReason ?? null,
      as_organization_id: comment.asOrganization ? comment.organizationId : null,
      reply_to_id: comment.replyToId ?? null,
      signature_id: comment.signatureId ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Whether this person already has a comment with this text on this action (deleted ones aside). */
export async function hasSameText(
  db: Executor,
  where: { actionId: number; emailCanonical: string; bodyFingerprint: string },
): Promise<boolean> {
  const row = await db
    .selectFrom("comments")
    .select("id")
    .where("body_fingerprint", "=", where.bodyFingerprint)
    .where("action_id", "=", where.actionId)
    .where("email_canonical", "=", where.emailCanonical)
    .where("status", "<>", "trash")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The comment made from a signature's signing comment, if one was. */
export async function findBySignature(db: Executor, signatureId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom("comments")
    .select("id")
    .where("signature_id", "=", signatureId)
    .executeTakeFirst();
  return row?.id;
}

export async function hasVoted(db: Executor, commentId: number, voter: Voter): Promise<boolean> {
  const row = await db
    .selectFrom("comment_votes")
    .select("comment_id")
    .where("comment_id", "=", commentId)
    .where("voter_provider", "=", voter.provider)
    .where("voter_subject", "=", voter.subject)
    .executeTakeFirst();
  return row !== undefined;
}

/** How many other people posted this text, on any action, since `since`. */
export async function countOthersWithText(
  db: Executor,
  where: { emailCanonical: string; bodyFingerprint: string; since: string },
): Promise<number> {
  const row = await db
    .selectFrom("comments")
    .select((eb) => eb.fn.count<number | string>("email_canonical").distinct().as("people"))
    .where("body_fingerprint", "=", where.bodyFingerprint)
    .where("created_at", ">=", where.since)
    .where("email_canonical", "<>", where.emailCanonical)
    .executeTakeFirstOrThrow();
  return Number(row.people);
}

/**
 * The voter's mark on a comment: added if they had none, taken back if they had one; the
 * comment's count moves with it. Returns whether the comment is marked by them now.
 */
export async function toggleVote(
  db: Executor,
  commentId: number,
  voter: Voter,
  now: string,
): Promise<boolean> {
  const added = await db
    .insertInto("comment_votes")
    .values({
      comment_id: commentId,
      voter_provider: voter.provider,
      voter_subject: voter.subject,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(["comment_id", "voter_provider", "voter_subject"]).doNothing())
    .executeTakeFirst();
  if ((added.numInsertedOrUpdatedRows ?? 0n) > 0n) {
    await moveHelpfulCount(db, commentId, 1);
    return true;
  }
  const removed = await db
    .deleteFrom("comment_votes")
    .where("comment_id", "=", commentId)
    .where("voter_provider", "=", voter.provider)
    .where("voter_subject", "=", voter.subject)
    .executeTakeFirst();
  if (removed.numDeletedRows > 0n) await moveHelpfulCount(db, commentId, -1);
  return false;
}

async function moveHelpfulCount(db: Executor, commentId: number, by: 1 | -1): Promise<void> {
  await db
    .updateTable("comments")
    .set((eb) => ({ helpful_count: eb("helpful_count", "+", by) }))
    .where("id", "=", commentId)
    .execute();
}

/** Whether this organization has approved a comment of this person before. */
export async function hasApprovedComment(
  db: Executor,
  organizationId: number,
  emailCanonical: string,
): Promise<boolean> {
  const row = await db
    .selectFrom("comments")
    .select("id")
    .where("organization_id", "=", organizationId)
    .where("email_canonical", "=", emailCanonical)
    .where("status", "=", "approved")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The author's edit: new text (and status, when the edit holds it again). */
export async function updateOwnComment(
  db: Executor,
  id: number,
  change: Pick<CommentInput, "body" | "stance"> & {
    status: Exclude<CommentStatus, "trash">;
    bodyFingerprint: string;
    now: string;
  },
): Promise<void> {
  await db
    .updateTable("comments")
    .set({
      body: change.body,
      body_fingerprint: change.bodyFingerprint,
      stance: change.stance,
      status: change.status,
      edited_at: change.now,
    })
    .where("id", "=", id)
    .execute();
}

/**
 * Moves comments of an organization from one of `from` to `to`; returns the ones that moved, with
 * the status each had. Comments of other organizations, or already elsewhere, are left alone.
 */
export async function moveComments(
  db: Executor,
  move: {
    organizationId: number;
    ids: number[];
    from: CommentStatus[];
    to: CommentStatus;
    by: number | null;
    now: string;
  },
): Promise<{ id: number; actionId: number; name: string; status: CommentStatus }[]> {
  if (move.ids.length === 0) return [];
  const moving = await db
    .selectFrom("comments")
    .select(["id", "action_id as actionId", "name", "status"])
    .where("organization_id", "=", move.organizationId)
    .where("id", "in", move.ids)
    .where("status", "in", move.from)
    .orderBy("id")
    .execute();
  if (moving.length === 0) return [];
  await db
    .updateTable("comments")
    .set((eb) => ({
      status: move.to,
      moderated_by: move.by,
      moderated_at: move.now,
      hold_reason: null,
      // The first approval dates the comment in the feed; a later one keeps that date.
      approved_at:
        move.to === "approved" ? eb.fn.coalesce("approved_at", eb.val(move.now)) : eb.ref("approved_at"),
    }))
    .where(
      "id",
      "in",
      moving.map((comment) => comment.id),
    )
    .where("status", "in", move.from)
    .execute();
  return moving;
}

export interface QueueItem {
  id: number;
  actionId: number;
  actionSlug: string;
  name: string;
  email: string;
  website: string | null;
  body: string;
  locale: Locale;
  stance: CommentStance | null;
  status: CommentStatus;
  depth: number;
  createdAt: string;
  editedAt: string | null;
  holdReason: HoldReason | null;
  /** Written by a moderator as the organization. */
  byOrganization: boolean;
  /** Readers' reports not reviewed yet, and the reasons they gave. */
  reports: number;
  reportReasons: string[];
}

/** An organization's comments in one status, newest first, with their open reports. */
export async function listQueue(
  db: Executor,
  organizationId: number,
  status: CommentStatus,
  offset: number,
  limit: number,
): Promise<QueueItem[]> {
  const rows = await db
    .selectFrom("comments")
    .innerJoin("actions", "actions.id", "comments.action_id")
    .select([
      "comments.id",
      "comments.action_id as actionId",
      "actions.slug as actionSlug",
      "comments.name",
      "comments.email",
      "comments.website",
      "comments.body",
      "comments.locale",
      "comments.stance",
      "comments.status",
      "comments.depth",
      "comments.created_at as createdAt",
      "comments.edited_at as editedAt",
      "comments.hold_reason as holdReason",
      "comments.as_organization_id as asOrganizationId",
    ])
    .where("comments.organization_id", "=", organizationId)
    .where("comments.status", "=", status)
    .orderBy("comments.id", "desc")
    .offset(offset)
    .limit(limit)
    .execute();
  const reports =
    rows.length === 0
      ? []
      : await db
          .selectFrom("comment_reports")
          .select(["comment_id as commentId", "reason"])
          .where(
            "comment_id",
            "in",
            rows.map((row) => row.id),
          )
          .where("reviewed_at", "is", null)
          .orderBy("id")
          .execute();
  return rows.map(({ asOrganizationId, ...row }) => {
    const own = reports.filter((report) => report.commentId === row.id);
    return {
      ...row,
      byOrganization: asOrganizationId !== null,
      reports: own.length,
      reportReasons: own.flatMap((report) => (report.reason === null ? [] : [report.reason])),
    };
  });
}

/** How many of an organization's comments are in each status. */
export async function countByStatus(
  db: Executor,
  organizationId: number,
): Promise<Record<CommentStatus, number>> {
  const rows = await db
    .selectFrom("comments")
    .select((eb) => ["status", eb.fn.countAll<string | number>().as("count")])
    .where("organization_id", "=", organizationId)
    .groupBy("status")
    .execute();
  const counts: Record<CommentStatus, number> = { pending: 0, approved: 0, spam: 0, trash: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

/** Per organization with held comments: how many wait, and the newest one's id. */
export async function listHeldByOrganization(
  db: Executor,
): Promise<{ organizationId: number; waiting: number; newestId: number }[]> {
  const rows = await db
    .selectFrom("comments")
    .select((eb) => [
      "organization_id as organizationId",
      eb.fn.countAll<string | number>().as("waiting"),
      eb.fn.max("id").as("newestId"),
    ])
    .where("status", "=", "pending")
    .groupBy("organization_id")
    .orderBy("organization_id")
    .execute();
  return rows.map((row) => ({
    organizationId: row.organizationId,
    waiting: Number(row.waiting),
    newestId: Number(row.newestId),
  }));
}

export async function countPending(db: Executor, organizationId: number): Promise<number> {
  return countRows(
    db.selectFrom("comments").where("organization_id", "=", organizationId).where("status", "=", "pending"),
  );
}

export async function findRules(db: Executor, organizationId: number): Promise<ModerationRules | undefined> {
  const row = await db
    .selectFrom("comment_rules")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .executeTakeFirst();
  if (!row) return undefined;
  const lines = (text: string) => (text === "" ? [] : text.split("\n"));
  return {
    holdFirst: row.hold_first === 1,
    maxLinks: row.max_links,
    spamWords: lines(row.spam_words),
    holdWords: lines(row.hold_words),
    reportsToHide: row.reports_to_hide,
    closeAfterDays: row.close_after_days,
  };
}

export async function saveRules(
  db: Executor,
  organizationId: number,
  rules: ModerationRules,
  now: string,
): Promise<void> {
  const values = {
    hold_first: rules.holdFirst ? 1 : 0,
    max_links: rules.maxLinks,
    spam_words: rules.spamWords.join("\n"),
    hold_words: rules.holdWords.join("\n"),
    reports_to_hide: rules.reportsToHide,
    close_after_days: rules.closeAfterDays,
    updated_at: now,
  };
  await db
    .insertInto("comment_rules")
    .values({ organization_id: organizationId, ...values })
    .onConflict((oc) => oc.column("organization_id").doUpdateSet(values))
    .execute();
}

export async function isClosed(db: Executor, actionId: number): Promise<boolean> {
  const row = await db
    .selectFrom("comment_closures")
    .select("action_id")
    .where("action_id", "=", actionId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Closes or opens an action's discussion; false when it already was. */
export async function setClosed(
  db: Executor,
  actionId: number,
  closed: boolean,
  by: number | null,
  now: string,
): Promise<boolean> {
  if (!closed) {
    const result = await db
      .deleteFrom("comment_closures")
      .where("action_id", "=", actionId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
  const result = await db
    .insertInto("comment_closures")
    .values({ action_id: actionId, closed_by: by, closed_at: now })
    .onConflict((oc) => oc.column("action_id").doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export interface DiscussionItem {
  actionId: number;
  slug: string;
  title: string;
  approved: number;
  pending: number;
  /** Closed by the organizers. */
  closed: boolean;
  /** When the organization's rule closes it; null: never. */
  closesAt: string | null;
}

/**
 * The organization's published and closed actions, each with its discussion's numbers and the
 * date its rule of `closeAfterDays` closes it.
 */
export async function listDiscussions(
  db: Executor,
  organizationId: number,
  locale: Locale,
  closeAfterDays: number | null,
): Promise<DiscussionItem[]> {
  const rows = await db
    .selectFrom("actions")
    .innerJoin("action_texts as en", (join) =>
      join.onRef("en.action_id", "=", "actions.id").on("en.locale", "=", "en"),
    )
    .leftJoin("action_texts as own", (join) =>
      join.onRef("own.action_id", "=", "actions.id").on("own.locale", "=", locale),
    )
    .leftJoin("comment_closures as closure", "closure.action_id", "actions.id")
    .select((eb) => [
      "actions.id as actionId",
      "actions.slug",
      "en.title as englishTitle",
      "own.title as ownTitle",
      "closure.closed_at as closedAt",
      "actions.published_at as publishedAt",
      eb
        .selectFrom("comments")
        .select((sub) => sub.fn.countAll<string | number>().as("n"))
        .whereRef("comments.action_id", "=", "actions.id")
        .where("comments.status", "=", "approved")
        .as("approved"),
      eb
        .selectFrom("comments")
        .select((sub) => sub.fn.countAll<string | number>().as("n"))
        .whereRef("comments.action_id", "=", "actions.id")
        .where("comments.status", "=", "pending")
        .as("pending"),
    ])
    .where("actions.sponsor_organization_id", "=", organizationId)
    .where("actions.status", "!=", "draft")
    .orderBy("actions.id", "desc")
    .execute();
  return rows.map((row) => ({
    actionId: row.actionId,
    slug: row.slug,
    title: row.ownTitle || row.englishTitle,
    approved: Number(row.approved ?? 0),
    pending: Number(row.pending ?? 0),
    closed: row.closedAt !== null,
    closesAt: closingDate(row.publishedAt, closeAfterDays),
  }));
}

/** The organization's actions whose pages show a discussion (every one but drafts). */
export async function listPublicActionIds(db: Executor, organizationId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("actions")
    .select("id")
    .where("sponsor_organization_id", "=", organizationId)
    .where("status", "!=", "draft")
    .execute();
  return rows.map((row) => row.id);
}

/** A moderator's new text for one of the organization's comments. */
export async function updateCommentText(
  db: Executor,
  change: { organizationId: number; id: number; body: string; now: string },
): Promise<void> {
  await db
    .updateTable("comments")
    .set({ body: change.body, edited_at: change.now })
    .where("id", "=", change.id)
    .where("organization_id", "=", change.organizationId)
    .execute();
}

/** Records a report once per reporter and comment; false when this reporter had reported it. */
export async function insertReport(
  db: Executor,
  report: { commentId: number; reporter: string; reason: string | null; now: string },
): Promise<boolean> {
  const result = await db
    .insertInto("comment_reports")
    .values({
      comment_id: report.commentId,
      reporter: report.reporter,
      reason: report.reason,
      created_at: report.now,
      reviewed_at: null,
    })
    .onConflict((oc) => oc.columns(["comment_id", "reporter"]).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/** Reports of a comment no moderator has reviewed yet. */
export async function countOpenReports(db: Executor, commentId: number): Promise<number> {
  return countRows(
    db.selectFrom("comment_reports").where("comment_id", "=", commentId).where("reviewed_at", "is", null),
  );
}

/** Takes a shown comment back to the queue for its reports; false when it was no longer shown. */
export async function holdReported(db: Executor, commentId: number): Promise<boolean> {
  const result = await db
    .updateTable("comments")
    .set({ status: "pending", hold_reason: "reported" })
    .where("id", "=", commentId)
    .where("status", "=", "approved")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A moderator decided about these comments: their open reports are reviewed and count no more. */
export async function reviewReports(db: Executor, commentIds: number[], now: string): Promise<void> {
  if (commentIds.length === 0) return;
  await db
    .updateTable("comment_reports")
    .set({ reviewed_at: now })
    .where("comment_id", "in", commentIds)
    .where("reviewed_at", "is", null)
    .execute();
}
