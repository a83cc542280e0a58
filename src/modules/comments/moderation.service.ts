/**
 * Moderation beyond moving comments: readers report a shown comment, and reports from enough
 * different people take it back to the queue for review; moderators change a comment's text and
 * reply as their organization. Every change of what the public sees moves the action's content
 * version, and every moderator's change is audited.
 */
import { createHmac, randomUUID } from "node:crypto";
import { type Db, nowIso } from "../../db/database.ts";
import { isLocale, type Locale } from "../../i18n/locale.ts";
import type { ActionsService } from "../actions/actions.service.ts";
import type { ActionPage } from "../actions/actions.ts";
import { recordChange } from "../audit/audit.service.ts";
import { type Clock, systemClock } from "../clock.ts";
import type { CommentNotificationsService } from "../comment-notifications/comment-notifications.service.ts";
import type { FieldErrorMap } from "../forms.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import type { WebhooksService } from "../webhooks/webhooks.service.ts";
import { CommentNotFoundError } from "./comments.errors.ts";
import * as repo from "./comments.repository.ts";
import { type CommentsService, findShownComment, rulesOf, shownAlone } from "./comments.service.ts";
import {
  type CommentStatus,
  type PublicComment,
  replyPlacement,
  textFingerprint,
  validateModeratorText,
  validateReportReason,
} from "./comments.ts";
import { GuestReportMemory } from "./guest-reports.ts";

/**
 * Who reports. A signed-in commenter counts once per comment for good (a keyed digest of their
 * identity is stored); a guest once per network per day on this node (kept in memory only).
 */
export type Reporter = { signedIn: { provider: string; subject: string } } | { guestAddress: string };

export type FormOutcome = { ok: true } | { ok: false; errors: FieldErrorMap };

/** A comment of the organization as the moderator's edit and reply pages show it. */
export interface ModeratedComment {
  id: number;
  actionSlug: string;
  actionTitle: string;
  status: CommentStatus;
  name: string;
  email: string;
  body: string;
  locale: Locale;
  byOrganization: boolean;
  /** Whether the organization can answer it here: it is shown, or waits (answering approves it). */
  answerable: boolean;
}

export interface ModerationDeps {
  db: Db;
  secret: string;
  clock?: Clock;
  actions: Pick<
    ActionsService,
    "publicAction" | "actionById" | "getPublicPage" | "commentsChanged" | "commentsCommitted"
  >;
  comments: Pick<CommentsService, "moderate">;
  /** An organization's reply is approved at once: its subscribers hear of it as of any approval. */
  notifications: Pick<CommentNotificationsService, "commentsApproved" | "committed">;
  /** The organization's webhooks hear of its reply as of any comment shown (the same wake-up). */
  webhooks: Pick<WebhooksService, "enqueueForOrganization">;
}

const reporterPurpose = "comment-reporter";

export class CommentModerationService {
  private readonly clock: Clock;
  private readonly guests: GuestReportMemory;

  constructor(private readonly deps: ModerationDeps) {
    this.clock = deps.clock ?? systemClock;
    this.guests = new GuestReportMemory(this.clock);
  }

  /** A shown comment to report, with the action it is on. */
  async reportTarget(
    slug: string,
    locale: Locale,
    commentId: number,
  ): Promise<{ action: ActionPage; comment: PublicComment }> {
    const action = await this.deps.actions.getPublicPage(slug, locale);
    return { action, comment: shownAlone(await findShownComment(this.deps.db, action.id, commentId)) };
  }

  /**
   * A reader reports a shown comment. A repeat (the same person, or the same guest network within
   * the day) is answered like the first and counts nothing. When the comment's open reports reach
   * the organization's number, it goes back to the queue, marked "reported".
   */
  async report(slug: string, commentId: number, reporter: Reporter, rawReason: string): Promise<FormOutcome> {
    const validated = validateReportReason(rawReason);
    if (!validated.ok) return validated;
    const action = await this.deps.actions.publicAction(slug);
    const comment = await findShownComment(this.deps.db, action.id, commentId);
    const key = this.reporterKey(comment.id, reporter);
    if (key === null) return { ok: true };
    const rules = await rulesOf(this.deps.db, comment.organizationId);
    const hidden = await this.deps.db.transaction().execute(async (trx) => {
      const now = nowIso(this.clock.now());
      const counted = await repo.insertReport(trx, {
        commentId: comment.id,
        reporter: key,
        reason: validated.reason,
        now,
      });
      if (!counted) return false;
      const count = await repo.countOpenReports(trx, comment.id);
      if (count < rules.reportsToHide || !(await repo.holdReported(trx, comment.id))) return false;
      await this.deps.actions.commentsChanged(trx, action.id);
      await recordChange(
        trx,
        { actor: { accountId: null }, organization: { id: comment.organizationId } },
        {
          event: "comment.reported_hidden",
          subject: `comment:${comment.id}`,
          detail: { name: comment.name, title: action.title, count },
        },
        now,
      );
      return true;
    });
    if (hidden) this.deps.actions.commentsCommitted(action.id);
    return { ok: true };
  }

  /** The organization's comment for its moderators' edit and reply pages; another's is not found. */
  async comment(access: OrganizationAccess, commentId: number): Promise<ModeratedComment> {
    access.require("comments.moderate");
    const comment = await this.organizationComment(access, commentId);
    const action = await this.deps.actions.actionById(comment.actionId);
    return {
      id: comment.id,
      actionSlug: action.slug,
      actionTitle: action.title,
      status: comment.status,
      name: comment.name,
      email: comment.email,
      body: comment.body,
      locale: comment.locale,
      byOrganization: comment.asOrganizationId !== null,
      answerable: await this.answerable(comment),
    };
  }

  /** A moderator changes a comment's text: shown as edited, audited, the rules not applied again. */
  async edit(access: OrganizationAccess, commentId: number, rawBody: string): Promise<FormOutcome> {
    access.require("comments.moderate");
    const comment = await this.organizationComment(access, commentId);
    const validated = validateModeratorText(rawBody);
    if (!validated.ok) return validated;
    if (validated.body === comment.body) return { ok: true };
    const shown = comment.status === "approved";
    const action = await this.deps.actions.actionById(comment.actionId);
    await this.deps.db.transaction().execute(async (trx) => {
      const now = nowIso(this.clock.now());
      await repo.updateCommentText(trx, {
        organizationId: access.organization.id,
        id: comment.id,
        body: validated.body,
        now,
      });
      if (shown) await this.deps.actions.commentsChanged(trx, comment.actionId);
      await recordChange(
        trx,
        access,
        {
          event: "comment.edited",
          subject: `comment:${comment.id}`,
          detail: { name: comment.name, title: action.title },
        },
        now,
      );
    });
    if (shown) this.deps.actions.commentsCommitted(comment.actionId);
    return { ok: true };
  }

  /**
   * A moderator answers a comment as the organization: shown at once under the organization's
   * name, the moderator's account recorded. Answering a comment that waits approves it first.
   * The reply is in the language chosen, else in the comment's.
   */
  async replyAsOrganization(
    access: OrganizationAccess,
    commentId: number,
    values: { body: string; locale: string },
  ): Promise<{ ok: true; id: number } | { ok: false; errors: FieldErrorMap }> {
    access.require("comments.moderate");
    const parent = await this.organizationComment(access, commentId);
    if (!(await this.answerable(parent))) throw new CommentNotFoundError(String(commentId));
    const validated = validateModeratorText(values.body);
    if (!validated.ok) return validated;
    if (parent.status === "pending") await this.deps.comments.moderate(access, [parent.id], "approve");
    const action = await this.deps.actions.actionById(parent.actionId);
    const placement = replyPlacement(parent);
    const id = await this.deps.db.transaction().execute(async (trx) => {
      const now = nowIso(this.clock.now());
      const inserted = await repo.insertComment(trx, {
        actionId: parent.actionId,
        organizationId: access.organization.id,
        ...placement,
        name: access.organization.name,
        // The organization has no address of its own here; the moderator's account stands for it.
        email: "",
        emailCanonical: "",
        website: null,
        body: validated.body,
        bodyFingerprint: textFingerprint(validated.body),
        stance: null,
        locale: isLocale(values.locale) ? values.locale : parent.locale,
        status: "approved",
        // The moderator's account vouches for it; the page shows the organization.
        author: { kind: "account", accountId: access.actor.accountId },
        asOrganization: true,
        now,
      });
      await this.deps.actions.commentsChanged(trx, parent.actionId);
      await this.deps.notifications.commentsApproved(trx, [inserted]);
      await this.deps.webhooks.enqueueForOrganization(trx, access.organization.id, "comment.approved", [
        inserted,
      ]);
      await recordChange(
        trx,
        access,
        {
          event: "comment.replied",
          subject: `comment:${inserted}`,
          detail: { name: parent.name, title: action.title },
        },
        now,
      );
      return inserted;
    });
    this.deps.actions.commentsCommitted(parent.actionId);
    this.deps.notifications.committed();
    return { ok: true, id };
  }

  private async organizationComment(access: OrganizationAccess, commentId: number) {
    const comment = commentId > 0 ? await repo.findComment(this.deps.db, commentId) : undefined;
    if (!comment || comment.organizationId !== access.organization.id)
      throw new CommentNotFoundError(String(commentId));
    return comment;
  }

  /** A reply shows only under a comment that shows (or is about to), in a thread that shows. */
  private async answerable(comment: repo.CommentRecord): Promise<boolean> {
    if (comment.status !== "approved" && comment.status !== "pending") return false;
    if (comment.rootId === null) return true;
    return (await repo.findComment(this.deps.db, comment.rootId))?.status === "approved";
  }

  /** The reporter's key for this comment; null when this guest's network already reported it. */
  private reporterKey(commentId: number, reporter: Reporter): string | null {
    if ("signedIn" in reporter) {
      const { provider, subject } = reporter.signedIn;
      const digest = createHmac("sha256", this.deps.secret)
        .update(`${reporterPurpose}:${provider}:${subject}`)
        .digest("base64url");
      return `person:${digest}`;
    }
    return this.guests.firstReport(commentId, reporter.guestAddress) ? `guest:${randomUUID()}` : null;
  }
}
