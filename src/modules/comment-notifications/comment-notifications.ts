/**
 * Email about a discussion: who asked for what, who is told about an approved comment, and when
 * moderators hear about held ones. Pure.
 */
import type { CommentSubscriptionScope } from "../../db/schema.ts";
import type { FieldErrorMap } from "../forms.ts";
import { canonicalEmail, isPlausibleEmail } from "../people/people.ts";
import { readSignedId, signId } from "../signed-id.ts";

export type { CommentSubscriptionScope };

/** What a commenter asks for on the comment form: nothing (the default), replies, or every comment. */
export type NotifyChoice = CommentSubscriptionScope | null;

export const notifyChoices = ["replies", "all"] as const satisfies readonly CommentSubscriptionScope[];

/** The form's `notify` field as a choice; undefined when it names none of them. */
export function readNotifyChoice(raw: string): NotifyChoice | undefined {
  if (raw === "") return null;
  return (notifyChoices as readonly string[]).includes(raw) ? (raw as CommentSubscriptionScope) : undefined;
}

/**
 * A repeated request for the same subscription within this long sends no new confirmation mail:
 * a form that anyone can fill with anyone's address cannot become a way to flood a mailbox.
 */
export const confirmationResendMs = 60 * 60_000;

/**
 * Addresses that unsubscribed, or never confirmed, are forgotten after this long, and so is who
 * was told about which comment (until then a comment approved again tells nobody twice).
 */
export const staleRetentionMs = 30 * 24 * 60 * 60_000;

/** Moderators get at most one mail about held comments per organization in this long. */
export const digestWindowMs = 15 * 60_000;

/** How often the digest looks for newly held comments: the longest a first held comment waits for its mail. */
export const digestCheckMs = 60_000;

/** How much of an approved comment's text a notice quotes; the permalink has the rest. */
export const noticeExcerptLength = 1_000;

/** The start of a comment's text, cut at a word when it is long. */
export function excerpt(body: string, length = noticeExcerptLength): string {
  if (body.length <= length) return body;
  const cut = body.slice(0, length);
  const space = cut.lastIndexOf(" ");
  return `${(space > length / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const purposes = { confirm: "comment-subscription-confirm", unsubscribe: "comment-subscription-stop" };

export type LinkPurpose = keyof typeof purposes;

/** The link that confirms a subscription, or ends it (and the address's others on the action). */
export function subscriptionToken(secret: string, purpose: LinkPurpose, subscriptionId: number): string {
  return signId(secret, purposes[purpose], subscriptionId);
}

/** The subscription a link names; null when it is malformed, forged, or made for the other purpose. */
export function readSubscriptionToken(secret: string, purpose: LinkPurpose, token: string): number | null {
  return readSignedId(secret, purposes[purpose], token);
}

/** The address a reader gives to follow a discussion without commenting. */
export function validateFollowForm(
  raw: unknown,
): { ok: true; email: string; emailCanonical: string } | { ok: false; errors: FieldErrorMap } {
  const email = typeof raw === "string" ? raw.trim() : "";
  if (email === "")
    return { ok: false, errors: { email: { key: "commentNotifications.error.emailRequired" } } };
  if (!isPlausibleEmail(email))
    return { ok: false, errors: { email: { key: "commentNotifications.error.emailInvalid" } } };
  return { ok: true, email, emailCanonical: canonicalEmail(email) };
}

/** A confirmed subscription that a new comment concerns. */
export interface Concerned {
  subscriptionId: number;
  scope: CommentSubscriptionScope;
  emailCanonical: string;
}

/**
 * Who is told about an approved comment: one mail per person (a reply notice rather than an
 * "every comment" one when both apply: it says more), never its own author.
 */
export function noticeRecipients(concerned: readonly Concerned[], authorCanonical: string): Concerned[] {
  const byPerson = new Map<string, Concerned>();
  for (const subscription of concerned) {
    if (subscription.emailCanonical === authorCanonical) continue;
    const chosen = byPerson.get(subscription.emailCanonical);
    if (!chosen || (chosen.scope === "all" && subscription.scope === "replies"))
      byPerson.set(subscription.emailCanonical, subscription);
  }
  return [...byPerson.values()];
}

/** The last digest of an organization: when, and the newest held comment it counted. */
export interface DigestState {
  sentAt: string;
  lastCommentId: number;
}

/** Whether an organization's moderators get a digest now: something new is held and the window passed. */
export function digestDue(state: DigestState | undefined, newestHeldId: number, now: Date): boolean {
  if (!state) return true;
  return newestHeldId > state.lastCommentId && now.getTime() - Date.parse(state.sentAt) >= digestWindowMs;
}

/** A subscription as its pages show it. */
export interface SubscriptionView {
  scope: CommentSubscriptionScope;
  status: "pending" | "confirmed" | "ended";
  action: { slug: string; title: string };
}
