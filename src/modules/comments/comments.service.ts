/**
 * The discussion under each action: guests post, the sponsor organization's rules decide whether
 * a comment shows at once, waits for a moderator or goes to spam, and its organizers moderate.
 * Every change of what the public sees moves the action's content version, so the cached page
 * is rendered anew.
 */
import type { Logger } from "pino";
import { type Db, type Executor, nowIso } from "../../db/database.ts";
import type { GroupCommitter } from "../../db/group-commit.ts";
import type { Locale } from "../../i18n/locale.ts";
import { ActionNotFoundError } from "../actions/actions.errors.ts";
import type { ActionRef, ActionsService } from "../actions/actions.service.ts";
import type { ActionPage } from "../actions/actions.ts";
import { recordChange } from "../audit/audit.service.ts";
import { type Clock, systemClock } from "../clock.ts";
import type {
  ApprovedComment,
  CommentNotificationsService,
  HeldComments,
} from "../comment-notifications/comment-notifications.service.ts";
import type { FieldErrorMap } from "../forms.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import { readSignedId, signId } from "../signed-id.ts";
import type { WebhooksService } from "../webhooks/webhooks.service.ts";
import type { CommentEventFacts } from "../webhooks/webhooks.ts";
import { type CommentAuthor, guestAuthor } from "./comment-author.ts";
import {
  CommentDuplicateError,
  CommentEditExpiredError,
  CommentNotFoundError,
  CommentsClosedError,
  OwnCommentVoteError,
} from "./comments.errors.ts";
import * as repo from "./comments.repository.ts";
import {
  type CommentInput,
  type CommentStatus,
  closingDate,
  commentsPerPage,
  type Discussion,
  type DiscussionView,
  defaultRules,
  defaultView,
  editWindowMs,
  type HoldReason,
  isDefaultView,
  isOwnComment,
  isPast,
  type ModerationRules,
  moderate,
  nestThreads,
  type PublicComment,
  type RulesFormValues,
  replyPlacement,
  sameTextRule,
  signerCommentName,
  textFingerprint,
  textParagraphs,
  type Voter,
  validateCommentForm,
  validateRulesForm,
} from "./comments.ts";
import { VoteRefresh } from "./vote-refresh.ts";

export type { QueueItem } from "./comments.repository.ts";

/** An action's discussion as the moderators' list shows it. */
export type DiscussionState = repo.DiscussionItem & {
  /** Its closing date came: closed by the organization's rule. */
  closedByDate: boolean;
};

/** A comment row as shown; `names` are the shown comments' authors, by id, for "in reply to". */
function toPublic(row: repo.CommentRow, names: ReadonlyMap<number, string> = new Map()) {
  const { body, asOrganizationId, replyToId, ...rest } = row;
  const answered = replyToId === null ? undefined : names.get(replyToId);
  return {
    ...rest,
    byOrganization: asOrganizationId !== null,
    inReplyTo: answered === undefined ? null : { id: replyToId!, name: answered },
    paragraphs: textParagraphs(body),
  };
}

/** The action a discussion is under, as far as its closing goes. */
export interface DiscussionOwner {
  id: number;
  sponsorOrganizationId: number;
  /** The first publication; null for a draft. */
  publishedAt: string | null;
}

/**
 * One page of an action's approved discussion (page 1 in the default order is the one in the
 * cached page), with its counts and whether it takes new comments; the counts are the whole
 * discussion's, whatever the language shown. The actions module calls this when it loads a page's
 * content; `discussionAt` then closes it when its closing date comes, without loading it again.
 */
export async function loadDiscussion(
  db: Executor,
  action: DiscussionOwner,
  page: number,
  order: Pick<DiscussionView, "sort" | "lang"> = defaultView,
): Promise<Discussion> {
  const [shown, closing] = await Promise.all([
    discussionPage(db, action.id, page, order),
    closingOf(db, action),
  ]);
  return { ...shown, ...closing };
}

/** Whether the organizers closed the discussion, and when the organization's rule closes it. */
export async function closingOf(
  db: Executor,
  action: DiscussionOwner,
): Promise<Pick<Discussion, "closed" | "closesAt">> {
  const [closed, rules] = await Promise.all([
    repo.isClosed(db, action.id),
    rulesOf(db, action.sponsorOrganizationId),
  ]);
  return { closed, closesAt: closingDate(action.publishedAt, rules.closeAfterDays) };
}

/** The organization's moderation rules; the defaults until it saves its own. */
export async function rulesOf(db: Executor, organizationId: number): Promise<ModerationRules> {
  return (await repo.findRules(db, organizationId)) ?? defaultRules;
}

/** An approved comment of this action whose thread is shown; anything else is not found. */
export async function findShownComment(
  db: Executor,
  actionId: number,
  commentId: number,
): Promise<repo.CommentRecord> {
  const comment = commentId > 0 ? await repo.findComment(db, commentId) : undefined;
  if (comment?.actionId !== actionId || comment.status !== "approved")
    throw new CommentNotFoundError(String(commentId));
  if (comment.rootId !== null) {
    const root = await repo.findComment(db, comment.rootId);
    if (root?.status !== "approved") throw new CommentNotFoundError(String(commentId));
  }
  return comment;
}

/** One comment as a page shows it on its own (quoted above a form), without its replies. */
export function shownAlone(comment: repo.CommentRecord): PublicComment {
  return {
    id: comment.id,
    parentId: comment.parentId,
    depth: comment.depth,
    name: comment.name,
    website: comment.website,
    locale: comment.locale,
    stance: comment.stance,
    createdAt: comment.createdAt,
    editedAt: null,
    byOrganization: comment.asOrganizationId !== null,
    helpful: comment.helpful,
    inReplyTo: null,
    paragraphs: textParagraphs(comment.body),
    replies: [],
  };
}

async function discussionPage(
  db: Executor,
  actionId: number,
  page: number,
  order: Pick<DiscussionView, "sort" | "lang">,
): Promise<Omit<Discussion, "closed" | "closesAt">> {
  const [counts, topInLanguage] = await Promise.all([
    repo.countApproved(db, actionId),
    order.lang === null ? undefined : repo.countTopLevel(db, actionId, order.lang),
  ]);
  const pages = Math.max(1, Math.ceil((topInLanguage ?? counts.topLevel) / commentsPerPage));
  const shown = Math.min(Math.max(page, 1), pages);
  const rows = await repo.listApprovedPage(
    db,
    actionId,
    order,
    (shown - 1) * commentsPerPage,
    commentsPerPage,
  );
  // A reply names the comment it answers even when that one is in the language left out.
  const names = new Map(rows.map((row) => [row.id, row.name]));
  const inLanguage = order.lang === null ? rows : rows.filter((row) => row.locale === order.lang);
  const byStance = { supports: 0, doubts: 0, opposes: 0 };
  let count = 0;
  for (const row of counts.byStance) {
    count += row.count;
    if (row.stance) byStance[row.stance] = row.count;
  }
  return {
    count,
    stances: byStance,
    sort: order.sort,
    lang: order.lang,
    page: shown,
    pages,
    threads: nestThreads(inLanguage.map((row) => toPublic(row, names))),
  };
}

/** What became of a posted comment. */
export interface Posted {
  id: number;
  status: Exclude<CommentStatus, "trash">;
  /** Why it waits (or went to spam); null when it is shown. */
  reason: HoldReason | null;
  /** The author's key to edit or delete it for a while, kept on their device. */
  editKey: string;
  /** The page of the discussion it shows on; null while it is not shown. */
  page: number | null;
}

/** A comment its author may still change, as the edit page shows it. */
export interface OwnComment {
  id: number;
  actionSlug: string;
  status: CommentStatus;
  name: string;
  body: string;
  stance: string;
  locale: Locale;
  /** Until when the author may change it. */
  until: string;
}

export type EditOutcome = { ok: true; status: CommentStatus } | { ok: false; errors: FieldErrorMap };

export const moderationMoves = ["approve", "spam", "trash", "restore"] as const;
export type ModerationMove = (typeof moderationMoves)[number];

const moveRules: Record<ModerationMove, { from: CommentStatus[]; to: CommentStatus; event: string }> = {
  approve: { from: ["pending", "spam", "trash"], to: "approved", event: "comment.approved" },
  spam: { from: ["pending", "approved", "trash"], to: "spam", event: "comment.spam" },
  trash: { from: ["pending", "approved", "spam"], to: "trash", event: "comment.trashed" },
  // Back to the queue, for a moderator to decide again.
  restore: { from: ["spam", "trash"], to: "pending", event: "comment.restored" },
};

export const queueStatuses = [
  "pending",
  "approved",
  "spam",
  "trash",
] as const satisfies readonly CommentStatus[];

/** Comments per page of the moderation queue. */
export const queuePageSize = 50;

/** A confirmed signer's comment to publish in the discussion, as the signatures module hands it over. */
export interface SignerComment {
  signatureId: number;
  actionId: number;
  /** The name signed with: only its first word is shown. */
  name: string;
  city: string | null;
  /** Never shown; whose comment it is, for the moderation rules. */
  email: string;
  body: string;
  locale: Locale;
}

export interface CommentsDeps {
  db: Db;
  /** Helpful votes share transactions (and their fsync) with the other writes of the moment. */
  committer: GroupCommitter;
  log: Pick<Logger, "warn">;
  secret: string;
  clock?: Clock;
  actions: Pick<
    ActionsService,
    "publicAction" | "actionById" | "getPublicPage" | "commentsChanged" | "commentsCommitted"
  >;
  /** Subscriptions asked for on the form, and notices of what became approved, in the same transaction. */
  notifications: Pick<CommentNotificationsService, "subscribe" | "commentsApproved" | "committed">;
  /**
   * The sponsor's webhooks hear of each comment shown, in the same transaction (the outbox is
   * woken by `notifications.committed` after any approval).
   */
  webhooks: Pick<WebhooksService, "enqueueForOrganization">;
}

const editPurpose = "comment-edit";

export class CommentsService {
  private readonly clock: Clock;
  private readonly voteRefresh: VoteRefresh;

  constructor(private readonly deps: CommentsDeps) {
    this.clock = deps.clock ?? systemClock;
    this.voteRefresh = new VoteRefresh(
      async (actionId) => {
        await deps.db.transaction().execute((trx) => deps.actions.commentsChanged(trx, actionId));
        deps.actions.commentsCommitted(actionId);
      },
      this.clock,
      deps.log,
    );
  }

  /** Shows the helpful votes still waiting for their window to end (before the process stops). */
  flushVotes(): Promise<void> {
    return this.voteRefresh.flush();
  }

  /**
   * Posts a comment on a published action. `tooFast` (sent sooner than a person types) and
   * `unverified` (no proof of work; the route always says) hold it for a moderator instead of
   * refusing it. The same text again from the same person on this action is refused
   * (`CommentDuplicateError`); from several other people within the hour, it is held. `author`:
   * who vouches for the name and email (the same moderation rules apply to everyone); `from`: the
   * signature whose signing comment it is.
   */
  async post(
    slug: string,
    locale: Locale,
    input: CommentInput,
    signals: { tooFast: boolean; unverified?: boolean },
    author: CommentAuthor = guestAuthor,
    from: { signatureId: number } | null = null,
  ): Promise<Posted> {
    const action = await this.deps.actions.publicAction(slug);
    if (!(await this.takesComments(action))) throw new CommentsClosedError(slug);
    const answered = input.parentId === null ? null : await this.shownComment(action.id, input.parentId);
    const placement = answered && replyPlacement(answered);
    const organizationId = action.sponsorOrganizationId;
    const bodyFingerprint = textFingerprint(input.body);
    const { emailCanonical } = input;
    const since = nowIso(new Date(this.clock.now().getTime() - sameTextRule.windowMs));
    const [rules, approvedBefore, repeated, sameTextByOthers] = await Promise.all([
      this.rulesOf(organizationId),
      repo.hasApprovedComment(this.deps.db, organizationId, emailCanonical),
      repo.hasSameText(this.deps.db, { actionId: action.id, emailCanonical, bodyFingerprint }),
      repo.countOthersWithText(this.deps.db, { emailCanonical, bodyFingerprint, since }),
    ]);
    if (repeated) throw new CommentDuplicateError(slug);
    const verdict = moderate(input, rules, { approvedBefore, ...signals, sameTextByOthers });
    const now = nowIso(this.clock.now());
    // Spam asks for no mail: the form must not become a way to mail someone else's address.
    const notify = verdict.status === "spam" ? null : input.notify;
    const id = await this.deps.db.transaction().execute(async (trx) => {
      const inserted = await repo.insertComment(trx, {
        ...input,
        author,
        actionId: action.id,
        organizationId,
        parentId: placement?.parentId ?? null,
        rootId: placement?.rootId ?? null,
        depth: placement?.depth ?? 0,
        // Attached beside the comment it answers (at the third level), it says whom it answers.
        replyToId: answered && placement && placement.parentId !== answered.id ? answered.id : null,
        signatureId: from?.signatureId ?? null,
        locale,
        status: verdict.status,
        bodyFingerprint,
        holdReason: verdict.reason,
        now,
      });
      if (verdict.status === "approved") {
        await this.deps.actions.commentsChanged(trx, action.id);
        await this.deps.notifications.commentsApproved(trx, [inserted]);
        await this.deps.webhooks.enqueueForOrganization(trx, organizationId, "comment.approved", [inserted]);
      }
      if (notify)
        await this.deps.notifications.subscribe(trx, {
          actionId: action.id,
          commentId: notify === "replies" ? inserted : null,
          scope: notify,
          email: input.email,
          emailCanonical: input.emailCanonical,
          locale,
        });
      return inserted;
    });
    if (notify || verdict.status === "approved") this.deps.notifications.committed();
    let page: number | null = null;
    if (verdict.status === "approved") {
      this.deps.actions.commentsCommitted(action.id);
      page = await this.pageOf(slug, id);
    }
    return {
      id,
      status: verdict.status,
      reason: verdict.reason,
      editKey: signId(this.deps.secret, editPurpose, id),
      page,
    };
  }

  /**
   * Publishes a confirmed signer's signing comment under their first name and city, posted like
   * any comment (so the organization's rules normally hold it for a moderator). Once per
   * signature: a repeat finds the comment made before. Nothing is published on an action that
   * no longer takes comments, or from a text the comment rules refuse; returns the comment's
   * id, or null.
   */
  async postFromSignature(signer: SignerComment): Promise<number | null> {
    const made = await repo.findBySignature(this.deps.db, signer.signatureId);
    if (made !== undefined) return made;
    const validated = validateCommentForm({
      name: signerCommentName(signer.name, signer.city),
      email: signer.email,
      website: "",
      body: signer.body,
      stance: "",
      parent: "",
      notify: "",
    });
    if (!validated.ok) return null;
    const { slug } = await this.deps.actions.actionById(signer.actionId);
    try {
      const posted = await this.post(
        slug,
        signer.locale,
        validated.value,
        { tooFast: false },
        guestAuthor,
        signer,
      );
      return posted.id;
    } catch (error) {
      if (error instanceof CommentsClosedError) return null;
      throw error;
    }
  }

  /**
   * A signed-in reader marks a shown comment as helpful, or takes their mark back; never on
   * their own comment, and only while the discussion is open. Returns whether it is marked now.
   */
  async vote(slug: string, commentId: number, voter: Voter): Promise<boolean> {
    const action = await this.deps.actions.publicAction(slug);
    if (!(await this.takesComments(action))) throw new CommentsClosedError(slug);
    const comment = await this.shownComment(action.id, commentId);
    if (isOwnComment(comment, voter)) throw new OwnCommentVoteError(String(commentId));
    const now = nowIso(this.clock.now());
    const movesNow = this.voteRefresh.movesNow(action.id);
    const marked = await this.deps.committer.run(async (trx) => {
      const toggled = await repo.toggleVote(trx, comment.id, voter, now);
      if (movesNow) await this.deps.actions.commentsChanged(trx, action.id);
      return toggled;
    });
    if (movesNow) this.deps.actions.commentsCommitted(action.id);
    return marked;
  }

  /**
   * A shown comment to mark as helpful, for the page that asks to sign in first (voter null) or
   * offers the mark; with whether this voter marked it already and whether it is their own.
   */
  async voteTarget(
    slug: string,
    locale: Locale,
    commentId: number,
    voter: Voter | null,
  ): Promise<{ action: ActionPage; comment: PublicComment; marked: boolean; own: boolean }> {
    const { action, record, comment } = await this.openComment(slug, locale, commentId);
    return {
      action,
      comment,
      marked: voter !== null && (await repo.hasVoted(this.deps.db, commentId, voter)),
      own: voter !== null && isOwnComment(record, voter),
    };
  }

  /** The action's page showing the discussion as the reader asked (the default view is the cached page). */
  async pageWithDiscussion(slug: string, locale: Locale, view: DiscussionView): Promise<ActionPage> {
    const action = await this.deps.actions.getPublicPage(slug, locale);
    if (isDefaultView(view)) return action;
    return {
      ...action,
      discussion: {
        ...action.discussion,
        ...(await discussionPage(this.deps.db, action.id, view.page, view)),
      },
    };
  }

  /** The page of the discussion an approved comment is on. */
  async pageOf(slug: string, commentId: number): Promise<number> {
    const action = await this.deps.actions.publicAction(slug);
    const comment = await this.shownComment(action.id, commentId);
    const before = await repo.countApprovedBefore(this.deps.db, action.id, comment.rootId ?? comment.id);
    return Math.floor(before / commentsPerPage) + 1;
  }

  /** The action a new comment goes under, for its per-request form; refused once the discussion is closed. */
  async newCommentTarget(slug: string, locale: Locale): Promise<ActionPage> {
    const action = await this.deps.actions.getPublicPage(slug, locale);
    if (action.status !== "published" || action.archived || action.discussion.closed)
      throw new CommentsClosedError(slug);
    return action;
  }

  /** An approved comment to answer, with the action it is on; refused once the discussion is closed. */
  async replyTarget(
    slug: string,
    locale: Locale,
    commentId: number,
  ): Promise<{ action: ActionPage; comment: PublicComment }> {
    const { action, comment } = await this.openComment(slug, locale, commentId);
    return { action, comment };
  }

  /** The newest approved comments of an action, for its feed. */
  async feed(
    slug: string,
    locale: Locale,
  ): Promise<{ action: ActionPage; entries: (PublicComment & { approvedAt: string })[] }> {
    const action = await this.deps.actions.getPublicPage(slug, locale);
    const rows = await repo.listNewestApproved(this.deps.db, action.id, 50);
    return {
      action,
      entries: rows.map(({ approvedAt, ...row }) => ({
        ...toPublic(row),
        approvedAt: approvedAt ?? row.createdAt,
        replies: [],
      })),
    };
  }

  /** The author's comment while their key is valid and the 15 minutes last. */
  async ownComment(slug: string, commentId: number, key: string): Promise<OwnComment> {
    const { comment } = await this.ownRecord(slug, commentId, key);
    return {
      id: comment.id,
      actionSlug: slug,
      status: comment.status,
      name: comment.name,
      body: comment.body,
      stance: comment.stance ?? "",
      locale: comment.locale,
      until: new Date(Date.parse(comment.createdAt) + editWindowMs).toISOString(),
    };
  }

  /**
   * The author changes their text or stance. The new text meets the organization's rules again:
   * an edit can hold or send to spam a shown comment, but never shows a held one.
   */
  async editOwn(
    slug: string,
    commentId: number,
    key: string,
    values: { body: string; stance: string },
  ): Promise<EditOutcome> {
    const { comment } = await this.ownRecord(slug, commentId, key);
    const validated = validateCommentForm({
      name: comment.name,
      email: comment.email,
      website: comment.website ?? "",
      body: values.body,
      stance: values.stance,
      parent: "",
      notify: "",
    });
    if (!validated.ok) return validated;
    const rules = await this.rulesOf(comment.organizationId);
    const verdict = moderate(validated.value, rules, { approvedBefore: true, tooFast: false });
    // ownRecord leaves only pending and approved comments to their authors.
    const current = comment.status as "pending" | "approved";
    const status = verdict.status === "approved" ? current : verdict.status;
    const shown = comment.status === "approved";
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.updateOwnComment(trx, comment.id, {
        body: validated.value.body,
        bodyFingerprint: textFingerprint(validated.value.body),
        stance: validated.value.stance,
        status,
        now: nowIso(this.clock.now()),
      });
      if (shown) await this.deps.actions.commentsChanged(trx, comment.actionId);
    });
    if (shown) this.deps.actions.commentsCommitted(comment.actionId);
    return { ok: true, status };
  }

  /** The author removes their comment: it goes to the trash, where moderators can still see it. */
  async deleteOwn(slug: string, commentId: number, key: string): Promise<void> {
    const { comment } = await this.ownRecord(slug, commentId, key);
    await this.deps.db.transaction().execute(async (trx) => {
      const moved = await repo.moveComments(trx, {
        organizationId: comment.organizationId,
        ids: [comment.id],
        from: ["pending", "approved"],
        to: "trash",
        by: null,
        now: nowIso(this.clock.now()),
      });
      if (moved.some((row) => row.status === "approved"))
        await this.deps.actions.commentsChanged(trx, comment.actionId);
    });
    this.deps.actions.commentsCommitted(comment.actionId);
  }

  /** The organization's comments in one status, newest first, and how many are in each. */
  async queue(access: OrganizationAccess, status: CommentStatus, page: number) {
    access.require("comments.moderate");
    const organizationId = access.organization.id;
    const counts = await repo.countByStatus(this.deps.db, organizationId);
    const pages = Math.max(1, Math.ceil(counts[status] / queuePageSize));
    const shown = Math.min(Math.max(page, 1), pages);
    const items = await repo.listQueue(
      this.deps.db,
      organizationId,
      status,
      (shown - 1) * queuePageSize,
      queuePageSize,
    );
    return { status, counts, page: shown, pages, items };
  }

  /** Held comments waiting for a moderator: the number the admin home shows. */
  async heldCount(access: OrganizationAccess): Promise<number> {
    access.require("actions.view");
    return repo.countPending(this.deps.db, access.organization.id);
  }

  /**
   * Moves the organization's comments (one, or a bulk selection): approve, spam, trash or
   * restore. Comments not in a state the move starts from are left alone. Returns how many moved.
   */
  async moderate(access: OrganizationAccess, ids: number[], move: ModerationMove): Promise<number> {
    access.require("comments.moderate");
    const rule = moveRules[move];
    const changedActions = new Set<number>();
    const moved = await this.deps.db.transaction().execute(async (trx) => {
      const now = nowIso(this.clock.now());
      const rows = await repo.moveComments(trx, {
        organizationId: access.organization.id,
        ids: [...new Set(ids)].slice(0, queuePageSize),
        from: rule.from,
        to: rule.to,
        by: access.actor.accountId,
        now,
      });
      // The moderator decided: what readers reported before counts no more.
      await repo.reviewReports(
        trx,
        rows.map((row) => row.id),
        now,
      );
      const titles = new Map<number, string>();
      for (const row of rows) {
        if (row.status === "approved" || rule.to === "approved") changedActions.add(row.actionId);
        if (!titles.has(row.actionId))
          titles.set(row.actionId, (await this.deps.actions.actionById(row.actionId, trx)).title);
        await recordChange(
          trx,
          access,
          {
            event: rule.event,
            subject: `comment:${row.id}`,
            detail: { name: row.name, title: titles.get(row.actionId)! },
          },
          now,
        );
      }
      for (const actionId of changedActions) await this.deps.actions.commentsChanged(trx, actionId);
      if (rule.to === "approved") {
        const approved = rows.map((row) => row.id);
        await this.deps.notifications.commentsApproved(trx, approved);
        await this.deps.webhooks.enqueueForOrganization(
          trx,
          access.organization.id,
          "comment.approved",
          approved,
        );
      }
      return rows.length;
    });
    for (const actionId of changedActions) this.deps.actions.commentsCommitted(actionId);
    if (rule.to === "approved") this.deps.notifications.committed();
    return moved;
  }

  /**
   * An approved comment whose thread is shown, as its notices tell it; undefined otherwise (held,
   * removed, or its thread is). Asked again when each notice is sent.
   */
  async approvedForNotice(commentId: number): Promise<ApprovedComment | undefined> {
    const comment = await this.shownById(commentId);
    if (!comment) return undefined;
    const action = await this.deps.actions.actionById(comment.actionId);
    // Threads nest two levels below the top, so a comment's parent and its root are all above it.
    const ancestorIds = [...new Set([comment.parentId, comment.rootId])].filter((id) => id !== null);
    return {
      id: comment.id,
      actionId: comment.actionId,
      actionSlug: action.slug,
      ancestorIds,
      authorCanonical: comment.emailCanonical,
      name: comment.name,
      body: comment.body,
      approvedAt: comment.approvedAt ?? comment.createdAt,
    };
  }

  /**
   * What an approved comment tells its action's sponsor's webhooks, or undefined unless it is
   * (still) shown. Asked again when each delivery is sent.
   */
  async webhookFacts(commentId: number): Promise<CommentEventFacts | undefined> {
    const comment = await this.shownById(commentId);
    const context = comment && (await repo.findWebhookContext(this.deps.db, commentId));
    if (!comment || !context) return undefined;
    const approvedAt = comment.approvedAt ?? comment.createdAt;
    return {
      comment: {
        id: comment.id,
        actionId: comment.actionId,
        actionSlug: context.actionSlug,
        locale: comment.locale,
        authorName: comment.name,
        body: comment.body,
        createdAt: comment.createdAt,
        modifiedAt:
          context.editedAt !== null && context.editedAt > approvedAt ? context.editedAt : approvedAt,
        inReplyTo: comment.parentId,
      },
      sponsor: { name: context.sponsorName, website: context.sponsorWebsite },
    };
  }

  /** Every organization with comments waiting for review: how many, and the newest one. */
  async held(): Promise<HeldComments[]> {
    return repo.listHeldByOrganization(this.deps.db);
  }

  async rules(access: OrganizationAccess): Promise<ModerationRules> {
    access.require("comments.moderate");
    return this.rulesOf(access.organization.id);
  }

  async saveRules(
    access: OrganizationAccess,
    values: RulesFormValues,
  ): Promise<{ ok: true } | { ok: false; errors: FieldErrorMap }> {
    access.require("comments.moderate");
    const validated = validateRulesForm(values);
    if (!validated.ok) return validated;
    const { rules } = validated;
    const organizationId = access.organization.id;
    // The pages show when their discussion closes: a new number of days changes them all.
    const pagesChange = (await this.rulesOf(organizationId)).closeAfterDays !== rules.closeAfterDays;
    const actionIds = pagesChange ? await repo.listPublicActionIds(this.deps.db, organizationId) : [];
    await this.deps.db.transaction().execute(async (trx) => {
      const now = nowIso(this.clock.now());
      await repo.saveRules(trx, organizationId, rules, now);
      for (const actionId of actionIds) await this.deps.actions.commentsChanged(trx, actionId);
      await recordChange(
        trx,
        access,
        {
          event: "comment.rules_changed",
          subject: `organization:${access.organization.id}`,
          detail: {
            holdFirst: rules.holdFirst ? 1 : 0,
            maxLinks: rules.maxLinks,
            spamWords: rules.spamWords.length,
            holdWords: rules.holdWords.length,
            reportsToHide: rules.reportsToHide,
            closeAfterDays: rules.closeAfterDays,
          },
        },
        now,
      );
    });
    for (const actionId of actionIds) this.deps.actions.commentsCommitted(actionId);
    return { ok: true };
  }

  /** The organization's public actions, each with its discussion's numbers and whether it is closed. */
  async discussions(access: OrganizationAccess, locale: Locale): Promise<DiscussionState[]> {
    access.require("comments.moderate");
    const rules = await this.rulesOf(access.organization.id);
    const now = this.clock.now();
    const items = await repo.listDiscussions(
      this.deps.db,
      access.organization.id,
      locale,
      rules.closeAfterDays,
    );
    return items.map((item) => ({ ...item, closedByDate: isPast(item.closesAt, now) }));
  }

  /** Closes or opens an action's discussion to new comments; returns the action's title. */
  async setClosed(access: OrganizationAccess, actionId: number, closed: boolean): Promise<{ title: string }> {
    access.require("comments.moderate");
    const action = await this.deps.actions.actionById(actionId).catch(() => undefined);
    if (!action || action.sponsorOrganizationId !== access.organization.id)
      throw new ActionNotFoundError(String(actionId));
    await this.deps.db.transaction().execute(async (trx) => {
      const now = nowIso(this.clock.now());
      if (!(await repo.setClosed(trx, action.id, closed, access.actor.accountId, now))) return;
      await this.deps.actions.commentsChanged(trx, action.id);
      await recordChange(
        trx,
        access,
        {
          event: closed ? "comment.discussion_closed" : "comment.discussion_opened",
          subject: `action:${action.id}:${action.slug}`,
          detail: { title: action.title },
        },
        now,
      );
    });
    this.deps.actions.commentsCommitted(action.id);
    return { title: action.title };
  }

  private rulesOf(organizationId: number): Promise<ModerationRules> {
    return rulesOf(this.deps.db, organizationId);
  }

  /**
   * Whether an action takes new comments (and helpful votes): published, not archived, not closed
   * by its organizers nor by the organization's rule of N days.
   */
  private async takesComments(action: ActionRef & DiscussionOwner): Promise<boolean> {
    if (action.status !== "published" || action.archived) return false;
    const closing = await closingOf(this.deps.db, action);
    return !closing.closed && !isPast(closing.closesAt, this.clock.now());
  }

  /** A shown comment of an action open to comments, as the record and as the public sees it. */
  private async openComment(slug: string, locale: Locale, commentId: number) {
    const action = await this.newCommentTarget(slug, locale);
    const record = await this.shownComment(action.id, commentId);
    return { action, record, comment: shownAlone(record) };
  }

  private shownComment(actionId: number, commentId: number): Promise<repo.CommentRecord> {
    return findShownComment(this.deps.db, actionId, commentId);
  }

  /** A comment that is shown (approved, in a shown thread), found by its id alone; else undefined. */
  private async shownById(commentId: number): Promise<repo.CommentRecord | undefined> {
    const comment = await repo.findComment(this.deps.db, commentId);
    if (!comment) return undefined;
    return this.shownComment(comment.actionId, commentId).catch((error: unknown) => {
      if (error instanceof CommentNotFoundError) return undefined;
      throw error;
    });
  }

  private async ownRecord(slug: string, commentId: number, key: string) {
    const comment =
      readSignedId(this.deps.secret, editPurpose, key) === commentId
        ? await repo.findComment(this.deps.db, commentId)
        : undefined;
    const action = comment && (await this.deps.actions.actionById(comment.actionId));
    if (!comment || action?.slug !== slug || comment.status === "trash" || comment.status === "spam")
      throw new CommentNotFoundError(String(commentId));
    if (this.clock.now().getTime() - Date.parse(comment.createdAt) > editWindowMs)
      throw new CommentEditExpiredError(String(commentId));
    return { comment, action };
  }
}
