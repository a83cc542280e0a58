/**
 * The discussion's mail, collected by src/jobs/registry.ts: confirmations, the fan-out of an
 * approved comment to its subscribers and each notice, the moderators' digest (a leased periodic
 * task), and the purge of stale addresses. Each handler asks again at send time whether its mail is still due: a comment
 * no longer approved, or a subscription ended, sends nothing. Safe to repeat: at worst one mail twice.
 */
import type { CommentsService } from "../comments/comments.service.ts";
import type { Mailer } from "../mail/mail.ts";
import type { OrganizationsService } from "../organizations/organizations.service.ts";
import type { OutboxJobs } from "../outbox/outbox.ts";
import type { PeriodicTask } from "../periodic-task.ts";
import type { CommentNotificationsService } from "./comment-notifications.service.ts";
import { digestCheckMs, excerpt } from "./comment-notifications.ts";

export interface CommentNotificationJobDeps {
  mailer: Mailer;
  baseUrl: string;
  comments: CommentsService;
  commentNotifications: CommentNotificationsService;
  organizations: OrganizationsService;
}

export function commentNotificationJobs(deps: CommentNotificationJobDeps) {
  const { mailer, baseUrl, comments, commentNotifications: notifications, organizations } = deps;

  const confirm = async ({ subscriptionId }: OutboxJobs["comment_notifications.confirm"]) => {
    const mail = await notifications.confirmationMail(subscriptionId);
    if (!mail) return;
    await mailer.send({
      template: "comment_subscription",
      locale: mail.locale,
      input: {
        baseUrl,
        to: mail.to,
        title: mail.title,
        slug: mail.slug,
        scope: mail.scope,
        confirmToken: mail.confirmToken,
        unsubscribeToken: mail.unsubscribeToken,
      },
    });
  };

  const approved = async ({ commentId }: OutboxJobs["comment_notifications.approved"]) => {
    const comment = await comments.approvedForNotice(commentId);
    if (comment) await notifications.fanOut(comment);
  };

  const notice = async ({ commentId, subscriptionId }: OutboxJobs["comment_notifications.notice"]) => {
    // Approved when the fan-out ran is not enough: a moderator may have taken it back since.
    const comment = await comments.approvedForNotice(commentId);
    if (!comment) return;
    const mail = await notifications.noticeMail(subscriptionId);
    if (!mail) return;
    await mailer.send({
      template: "comment_notice",
      locale: mail.locale,
      input: {
        baseUrl,
        to: mail.to,
        title: mail.title,
        slug: mail.slug,
        scope: mail.scope,
        commentId: comment.id,
        authorName: comment.name,
        excerpt: excerpt(comment.body),
        unsubscribeToken: mail.unsubscribeToken,
      },
    });
  };

  const digest = async ({
    organizationId,
    accountId,
    waiting,
  }: OutboxJobs["comment_notifications.digest"]) => {
    const { organization, members } = await organizations.contactsFor(organizationId, "comments.moderate");
    // Someone who stopped moderating since the digest was written is not told.
    const moderator = members.find((member) => member.accountId === accountId);
    if (!moderator) return;
    await mailer.send({
      template: "comment_digest",
      locale: moderator.locale,
      input: {
        baseUrl,
        to: moderator.email,
        organizationName: organization.name,
        organizationSlug: organization.slug,
        waiting,
      },
    });
  };

  const moderatorDigest: PeriodicTask = {
    name: "comment-notifications.moderator-digest",
    everyMs: digestCheckMs,
    run: async (now) => {
      for (const held of await notifications.dueDigests(await comments.held(), now)) {
        const { members } = await organizations.contactsFor(held.organizationId, "comments.moderate");
        await notifications.sendDigest(
          held,
          members.map((member) => member.accountId),
          now,
        );
      }
    },
  };

  const purgeStale: PeriodicTask = {
    name: "comment-notifications.purge-stale",
    everyMs: 60 * 60_000,
    run: (now) => notifications.purgeStale(now),
  };

  return {
    handlers: {
      "comment_notifications.confirm": confirm,
      "comment_notifications.approved": approved,
      "comment_notifications.notice": notice,
      "comment_notifications.digest": digest,
    },
    tasks: [moderatorDigest, purgeStale],
  };
}
