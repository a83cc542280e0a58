/**
 * Email about a discussion. People subscribe to replies to their comment or to every comment on
 * an action, and get mail only once they confirmed the address (double opt-in); an approved
 * comment is told to the confirmed subscribers it concerns, one mail each through the outbox;
 * every mail ends the address's subscriptions on the action with one click. Moderators get a
 * digest of held comments at most once per window. Nothing here reads comments: the comments
 * service hands over what it approved (see comment-notifications.jobs.ts).
 */
import { type Db, type Executor, nowIso } from "../../db/database.ts";
import type { Locale } from "../../i18n/locale.ts";
import { ActionClosedError, ActionNotFoundError } from "../actions/actions.errors.ts";
import type { ActionsService } from "../actions/actions.service.ts";
import { type Clock, systemClock } from "../clock.ts";
import * as outbox from "../outbox/outbox.repository.ts";
import { SubscriptionEndedError, SubscriptionLinkInvalidError } from "./comment-notifications.errors.ts";
import * as repo from "./comment-notifications.repository.ts";
import {
  type CommentSubscriptionScope,
  confirmationResendMs,
  type DigestState,
  digestDue,
  digestWindowMs,
  type LinkPurpose,
  noticeRecipients,
  readSubscriptionToken,
  type SubscriptionView,
  staleRetentionMs,
  subscriptionToken,
} from "./comment-notifications.ts";

export type { SubscriptionRequest } from "./comment-notifications.repository.ts";

/** An approved comment as the comments service describes it for its notices. */
export interface ApprovedComment {
  id: number;
  actionId: number;
  actionSlug: string;
  /** The comments above it in its thread, whose authors may follow their replies. */
  ancestorIds: number[];
  authorCanonical: string;
  name: string;
  body: string;
  /** Its first approval. */
  approvedAt: string;
}

/** Held comments of an organization: how many wait, and the newest one's id. */
export interface HeldComments {
  organizationId: number;
  waiting: number;
  newestId: number;
}

/** What a mail about a subscription needs: whom to write, in which language, about which action. */
export interface SubscriptionMail {
  to: string;
  locale: Locale;
  scope: CommentSubscriptionScope;
  slug: string;
  title: string;
  confirmToken: string;
  unsubscribeToken: string;
}

export interface CommentNotificationsDeps {
  db: Db;
  secret: string;
  clock?: Clock;
  outboxWritten: () => void;
  actions: Pick<ActionsService, "publicAction" | "actionById" | "getPublicPage">;
}

export class CommentNotificationsService {
  private readonly clock: Clock;

  constructor(private readonly deps: CommentNotificationsDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  /**
   * Asks, inside the caller's transaction, for a subscription: a new or renewed one is pending
   * and gets a confirmation mail, unless one went to it within the last hour; a confirmed one
   * stays as it is, and so does a request for replies from someone who gets every comment.
   * Call `committed` after the commit.
   */
  async subscribe(trx: Executor, request: repo.SubscriptionRequest): Promise<void> {
    const now = this.clock.now();
    if (request.scope === "replies" && (await repo.followsAll(trx, request.actionId, request.emailCanonical)))
      return;
    const existing = await repo.findSameSubscription(trx, request);
    if (existing?.status === "confirmed") return;
    let subscriptionId: number | undefined;
    if (!existing) subscriptionId = await repo.insertSubscription(trx, request, nowIso(now));
    else if (now.getTime() - Date.parse(existing.requestedAt) >= confirmationResendMs) {
      await repo.renewRequest(trx, existing.id, request, nowIso(now));
      subscriptionId = existing.id;
    }
    if (subscriptionId !== undefined)
      await outbox.enqueue(trx, "comment_notifications.confirm", { subscriptionId }, nowIso(now));
  }

  /**
   * Records, inside the caller's transaction, that comments became approved: each one's notices
   * go out from the outbox (after the commit; call `committed`).
   */
  async commentsApproved(trx: Executor, commentIds: readonly number[]): Promise<void> {
    const now = nowIso(this.clock.now());
    await outbox.enqueueMany(
      trx,
      "comment_notifications.approved",
      commentIds.map((commentId) => ({ commentId })),
      now,
    );
  }

  /** Wakes the outbox after a commit that may have written mail. */
  committed(): void {
    this.deps.outboxWritten();
  }

  /** A reader follows every new comment on a published action without commenting. */
  async follow(
    slug: string,
    locale: Locale,
    person: { email: string; emailCanonical: string },
  ): Promise<{ title: string }> {
    const action = await this.deps.actions.publicAction(slug);
    if (action.status !== "published" || action.archived) throw new ActionClosedError(slug);
    await this.deps.db
      .transaction()
      .execute((trx) =>
        this.subscribe(trx, { ...person, actionId: action.id, commentId: null, scope: "all", locale }),
      );
    this.committed();
    return { title: (await this.deps.actions.getPublicPage(slug, locale)).text.title };
  }

  /** What a confirmation link would confirm, changing nothing (what a GET may do). */
  async confirmation(token: string, locale: Locale): Promise<SubscriptionView> {
    const subscription = await this.fromLink("confirm", token);
    if (subscription.status === "ended") throw new SubscriptionEndedError(String(subscription.id));
    return this.view(subscription, locale);
  }

  /** Confirms a subscription; confirming twice changes nothing. An ended one stays ended. */
  async confirm(token: string, locale: Locale): Promise<SubscriptionView> {
    const subscription = await this.fromLink("confirm", token);
    if (subscription.status === "ended") throw new SubscriptionEndedError(String(subscription.id));
    await repo.confirmPending(this.deps.db, subscription.id, nowIso(this.clock.now()));
    return this.view({ ...subscription, status: "confirmed" }, locale);
  }

  /** What an unsubscribe link would end, changing nothing (what a GET may do). */
  async unsubscription(token: string, locale: Locale): Promise<SubscriptionView> {
    return this.view(await this.fromLink("unsubscribe", token), locale);
  }

  /**
   * Ends every subscription of the link's address on its action: one click stops all mail about
   * that discussion. Doing it again changes nothing.
   */
  async unsubscribe(token: string, locale: Locale): Promise<SubscriptionView> {
    const subscription = await this.fromLink("unsubscribe", token);
    await repo.endForPerson(
      this.deps.db,
      subscription.actionId,
      subscription.emailCanonical,
      nowIso(this.clock.now()),
    );
    return this.view({ ...subscription, status: "ended" }, locale);
  }

  /** The confirmation mail of a pending subscription; undefined once it is not pending. */
  async confirmationMail(subscriptionId: number): Promise<SubscriptionMail | undefined> {
    const subscription = await repo.findSubscription(this.deps.db, subscriptionId);
    if (subscription?.status !== "pending") return undefined;
    return this.mail(subscription);
  }

  /** The notice to one subscriber about an approved comment; undefined once they unsubscribed. */
  async noticeMail(subscriptionId: number): Promise<SubscriptionMail | undefined> {
    const subscription = await repo.findSubscription(this.deps.db, subscriptionId);
    if (subscription?.status !== "confirmed") return undefined;
    return this.mail(subscription);
  }

  /**
   * Writes one notice job per person an approved comment concerns, in one transaction with the
   * record that they were told: a fan-out run twice, or a comment approved again, tells nobody twice.
   */
  async fanOut(comment: ApprovedComment): Promise<number> {
    const concerned = await repo.listConcerned(this.deps.db, {
      actionId: comment.actionId,
      ancestorIds: comment.ancestorIds,
      confirmedBy: comment.approvedAt,
    });
    const recipients = noticeRecipients(concerned, comment.authorCanonical);
    const now = nowIso(this.clock.now());
    const written = await this.deps.db.transaction().execute(async (trx) => {
      const fresh = await repo.recordNotices(
        trx,
        comment.id,
        recipients.map((recipient) => recipient.emailCanonical),
        now,
      );
      const jobs = recipients
        .filter((recipient) => fresh.has(recipient.emailCanonical))
        .map((recipient) => ({ commentId: comment.id, subscriptionId: recipient.subscriptionId }));
      await outbox.enqueueMany(trx, "comment_notifications.notice", jobs, now);
      return jobs.length;
    });
    if (written > 0) this.committed();
    return written;
  }

  /** The organizations whose moderators are due a digest now: something new is held, the window passed. */
  async dueDigests(held: readonly HeldComments[], now: Date): Promise<HeldComments[]> {
    const states: Map<number, DigestState> = await repo.findDigests(
      this.deps.db,
      held.map((organization) => organization.organizationId),
    );
    return held.filter((organization) =>
      digestDue(states.get(organization.organizationId), organization.newestId, now),
    );
  }

  /**
   * Sends an organization's digest to its moderators, unless another node took this window
   * first: the digest row moves on in the same transaction as the mail jobs.
   */
  async sendDigest(held: HeldComments, moderatorIds: readonly number[], now: Date): Promise<boolean> {
    const taken = await this.deps.db.transaction().execute(async (trx) => {
      const won = await repo.takeDigest(trx, {
        organizationId: held.organizationId,
        newestHeldId: held.newestId,
        now: nowIso(now),
        windowStart: nowIso(new Date(now.getTime() - digestWindowMs)),
      });
      if (!won) return false;
      await outbox.enqueueMany(
        trx,
        "comment_notifications.digest",
        moderatorIds.map((accountId) => ({
          organizationId: held.organizationId,
          accountId,
          waiting: held.waiting,
        })),
        nowIso(now),
      );
      return true;
    });
    if (taken) this.committed();
    return taken;
  }

  /** Forgets the addresses of subscriptions ended or never confirmed a while ago (staleRetentionMs). */
  async purgeStale(now: Date): Promise<void> {
    await repo.deleteStale(this.deps.db, nowIso(new Date(now.getTime() - staleRetentionMs)));
  }

  private async fromLink(purpose: LinkPurpose, token: string): Promise<repo.SubscriptionRecord> {
    const id = readSubscriptionToken(this.deps.secret, purpose, token);
    const subscription = id === null ? undefined : await repo.findSubscription(this.deps.db, id);
    if (!subscription) throw new SubscriptionLinkInvalidError(token.slice(0, 40));
    return subscription;
  }

  private async mail(subscription: repo.SubscriptionRecord): Promise<SubscriptionMail> {
    const action = await this.action(subscription.actionId, subscription.locale);
    return {
      to: subscription.email,
      locale: subscription.locale,
      scope: subscription.scope,
      slug: action.slug,
      title: action.title,
      confirmToken: subscriptionToken(this.deps.secret, "confirm", subscription.id),
      unsubscribeToken: subscriptionToken(this.deps.secret, "unsubscribe", subscription.id),
    };
  }

  private async view(subscription: repo.SubscriptionRecord, locale: Locale): Promise<SubscriptionView> {
    return {
      scope: subscription.scope,
      status: subscription.status,
      action: await this.action(subscription.actionId, locale),
    };
  }

  /** The action's slug and title in `locale`; its English title once it has no public page. */
  private async action(actionId: number, locale: Locale): Promise<{ slug: string; title: string }> {
    const action = await this.deps.actions.actionById(actionId);
    const page = await this.deps.actions.getPublicPage(action.slug, locale).catch((error: unknown) => {
      if (error instanceof ActionNotFoundError) return undefined;
      throw error;
    });
    return { slug: action.slug, title: page?.text.title ?? action.title };
  }
}
