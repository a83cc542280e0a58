/**
 * Outgoing mail, whatever carries it. A mail travels as a request: plain data (template, language,
 * facts) that crosses to the mail thread as one message and is rendered there by the views.
 */
import type { TokenPurpose } from "../../db/schema.ts";
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

export type MailRequest =
  | { template: "signature"; locale: Locale; input: SignatureMailFacts }
  | { template: "account"; locale: Locale; input: AccountMailFacts }
  | { template: "signon"; locale: Locale; input: SignOnMailFacts }
  | { template: "cosponsor_invitation"; locale: Locale; input: CosponsorInvitationMailFacts };

/** A rendered mail. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Turns a request into a mail. The mail thread loads it from a module it is given (the views'
 * render-mail.ts), so this module never depends on views.
 */
export type RenderMail = (request: MailRequest) => MailMessage;

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
