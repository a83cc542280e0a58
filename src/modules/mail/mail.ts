/** Outgoing mail, whatever carries it. */
import type { MailRequest } from "../../views/emails/render-mail.ts";

/** A rendered mail. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /** Renders and delivers one mail; resolves once it was handed to SMTP or stored in the dev mailbox. */
  send(request: MailRequest): Promise<void>;
  close(): Promise<void>;
}
