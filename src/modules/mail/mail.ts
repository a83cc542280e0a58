/**
 * Outgoing mail, whatever carries it. A mail travels as a request: plain data (template, language,
 * facts) that crosses to the mail thread as one message and is rendered there by the views.
 */
import type { CommentSubscriptionScope, TokenPurpose, UpdateKind } from "../../db/schema.ts";
import type { Locale } from "../../i18n/locale.ts";

/** What the signer's mail says: confirm, remind, or "already signed". */
export interface SignatureMailFacts {
  baseUrl: string;
  to: string;
  name: string;
  title: string;
  sponsorName: string;
  slug: string;
  token: string;
  kind: "confirm" | "reminder" | "already_signed";
}

/** A one-time account link (verify, magic link, reset, setup, invitation); the view builds its URL. */
export interface AccountMailFacts {
  baseUrl: string;
  to: string;
  purpose: TokenPurpose;
  token: string;
}

/** The link that verifies an organization's sign-on to an action. */
export interface SignOnMailFacts {
  baseUrl: string;
  to: string;
  name: string;
  title: string;
  slug: string;
  token: string;
}

/** The link of an invitation to co-sponsor an action, for someone who may have no account. */
export interface CosponsorInvitationMailFacts {
  baseUrl: string;
  to: string;
  sponsorName: string;
  organizationName: string;
  title: string;
  token: string;
}

/** The mail that asks to confirm a subscription to a discussion; it can end it too. */
export interface CommentSubscriptionMailFacts {
  baseUrl: string;
  to: string;
  title: string;
  slug: string;
  scope: CommentSubscriptionScope;
  confirmToken: string;
  unsubscribeToken: string;
}

/** A notice of an approved comment to someone who subscribed; only that comment's own text. */
export interface CommentNoticeMailFacts {
  baseUrl: string;
  to: string;
  title: string;
  slug: string;
  scope: CommentSubscriptionScope;
  commentId: number;
  authorName: string;
  excerpt: string;
  unsubscribeToken: string;
}

/** How many comments wait for an organization's moderators, with the way to the queue. */
export interface CommentDigestMailFacts {
  baseUrl: string;
  to: string;
  organizationName: string;
  organizationSlug: string;
  waiting: number;
}

/** A day of failed deliveries disabled one of the organization's webhooks. */
export interface WebhookDisabledMailFacts {
  baseUrl: string;
  to: string;
  organizationName: string;
  organizationSlug: string;
  subscriptionId: number;
  url: string;
}

/** An update the sponsor posted, to one signer who consented, with the link that stops them. */
export interface ActionUpdateMailFacts {
  baseUrl: string;
  to: string;
  kind: UpdateKind;
  /** The update's title and Markdown body in the signer's language (else English). */
  title: string;
  body: string;
  actionTitle: string;
  slug: string;
  sponsorName: string;
  updateId: number;
  unsubscribeToken: string;
}

/** A signer's links to their data: one per signature to remove it, one to remove all, one to download. */
export interface SignerLinksMailFacts {
  baseUrl: string;
  to: string;
  /** Empty when nothing is held under the address. */
  signatures: { title: string; token: string }[];
  removeAllToken: string | null;
  downloadToken: string | null;
  validDays: number;
}

/** An action's letter delivered to one of its targets, the PDF attached from a file. */
export interface DeliveryMailFacts {
  to: string;
  targetName: string;
  title: string;
  sponsorName: string;
  count: number;
  /** The sponsor's reply address, if any: the target answers the organizers, not Juntos. */
  replyTo: string | null;
  attachment: MailAttachment;
}

/** A file sent with a mail, read from its path when the mail is sent (nodemailer's `path`). */
export interface MailAttachment {
  filename: string;
  path: string;
  contentType: string;
}

export type MailRequest =
  | { template: "signature"; locale: Locale; input: SignatureMailFacts }
  | { template: "account"; locale: Locale; input: AccountMailFacts }
  | { template: "signon"; locale: Locale; input: SignOnMailFacts }
  | { template: "cosponsor_invitation"; locale: Locale; input: CosponsorInvitationMailFacts }
  | { template: "comment_subscription"; locale: Locale; input: CommentSubscriptionMailFacts }
  | { template: "comment_notice"; locale: Locale; input: CommentNoticeMailFacts }
  | { template: "comment_digest"; locale: Locale; input: CommentDigestMailFacts }
  | { template: "webhook_disabled"; locale: Locale; input: WebhookDisabledMailFacts }
  | { template: "action_update"; locale: Locale; input: ActionUpdateMailFacts }
  | { template: "signer_links"; locale: Locale; input: SignerLinksMailFacts }
  | { template: "delivery"; locale: Locale; input: DeliveryMailFacts };

/** A rendered mail. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra header fields, e.g. List-Unsubscribe (RFC 8058); handed to SMTP as they are. */
  headers?: Record<string, string>;
  /** Files attached by path; SMTP reads each when it sends (the dev mailbox keeps only their names). */
  attachments?: MailAttachment[];
  replyTo?: string;
}

/**
 * Turns a request into a mail. The mail thread loads it from a module it is given (the views'
 * render-mail.ts), so this module never depends on views.
 */
export type RenderMail = (request: MailRequest) => MailMessage;

/**
 * A mail the SMTP server refused, with its reply code when it gave one: 5xx is a permanent
 * failure (the address does not exist, say), 4xx a temporary one worth retrying.
 */
export class MailDeliveryError extends Error {
  override name = "MailDeliveryError";
  constructor(
    message: string,
    readonly responseCode: number | null,
  ) {
    super(message);
  }
}

/** Whether a failed send will fail again whatever we do (SMTP 5xx): the address is to be suppressed. */
export function isPermanentFailure(error: unknown): boolean {
  const code = error instanceof MailDeliveryError ? error.responseCode : null;
  return code !== null && code >= 500 && code < 600;
}

export interface Mailer {
  /** Renders and delivers one mail; resolves once it was handed to SMTP or stored in the dev mailbox. */
  send(request: MailRequest): Promise<void>;
  close(): Promise<void>;
}

/** A mail kept in the dev mailbox. */
export interface StoredMail extends MailMessage {
  id: number;
  createdAt: string;
}
