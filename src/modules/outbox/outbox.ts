/** The transactional outbox: side effects written in the same transaction as their cause. */
import type { Locale } from "../../db/schema.ts";
import type { WebhookEvent } from "../webhooks/webhooks.ts";

export interface OutboxJobs {
  /** Mail about a signature: `confirm` after signing, `reminder` when the person signs again. */
  "signature.email": { signatureId: number; reason: "confirm" | "reminder" };
  /** A confirmed signer's comment to publish in the discussion (they ticked the box when signing). */
  "signature.comment": { signatureId: number };
  /** Mail carrying a one-time account link (verify, sign in, reset, invitation). */
  "account.email": { tokenId: number };
  /** Mail with the link that verifies an organization's sign-on to an action. */
  "cosponsor.signon_email": { signOnId: number };
  /** Mail with the link of an invitation to co-sponsor an action, sent to anyone by email. */
  "cosponsor.invitation_email": { invitationId: number };
  /** The mail that asks to confirm a subscription to a discussion (double opt-in). */
  "comment_notifications.confirm": { subscriptionId: number };
  /** A comment became approved: write one notice job per subscriber it concerns. */
  "comment_notifications.approved": { commentId: number };
  /** Tells one subscriber about an approved comment (if it is still approved when sent). */
  "comment_notifications.notice": { commentId: number; subscriptionId: number };
  /** Tells one moderator how many comments wait for review in an organization. */
  "comment_notifications.digest": { organizationId: number; accountId: number; waiting: number };
  /** POSTs one event to one webhook subscription (if it is still active when the job runs). */
  "webhook.delivery": { subscriptionId: number; event: WebhookEvent; subjectId: number };
  /** Tells an organization's owners that a day of failures disabled one of its webhooks. */
  "webhook.disabled_email": { subscriptionId: number };
  /** An update was posted: record its recipients and write one `updates.batch` job per 100 of them. */
  "updates.fan_out": { updateId: number };
  /** Mails an update to these signatures' signers, each checked again at send time and mailed once. */
  "updates.batch": { updateId: number; signatureIds: number[] };
  /**
   * A signer's links to their data (migration 032): for a known person its one-time links; for an
   * address nobody signed with, the address (the mail says nothing is held). Erased with the signer.
   */
  "signer_rights.email": { personId: number | null; email: string | null; linkIds: number[]; locale: Locale };
  /** Mails an action's letter (the PDF attached) to one of its targets (migration 029). */
  "delivery.email": { deliveryId: number };
}
export type OutboxKind = keyof OutboxJobs;

/**
 * How long a node owns a job it claimed, or wrote for itself to run, before another node (or
 * this one after a restart) may take it.
 */
export const outboxLeaseMs = 60_000;

export interface ClaimedJob {
  id: number;
  kind: string;
  payload: string;
  attempts: number;
}

/** Exponential backoff: 10 s, 20 s, 40 s … capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 60 * 60 * 1000);
}

export const maxAttempts = 10;

/**
 * Kinds that retry longer than `maxAttempts`: a webhook keeps trying for more than a day (hourly
 * once the backoff reaches its cap), so its subscription can be disabled after a day of failures.
 */
const maxAttemptsOfKind: Partial<Record<OutboxKind, number>> = { "webhook.delivery": 40 };

export function attemptsAllowed(kind: string): number {
  return maxAttemptsOfKind[kind as OutboxKind] ?? maxAttempts;
}
