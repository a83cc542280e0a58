/**
 * A mail as plain data (template, language, fields) and its rendering. Handlers describe mail on
 * the event loop; the mail thread renders it, so a flood of confirmation mails costs the thread
 * that answers requests only a message, not the HTML.
 */
import type { Locale } from "../../i18n/locale.ts";
import { translator } from "../../i18n/translator.ts";
import type { MailMessage } from "../../modules/mail/mail.ts";
import { type AccountEmailInput, accountEmail } from "./account-email.tsx";
import { type SignatureEmailInput, signatureEmail } from "./signature-email.tsx";

export type MailRequest =
  | { template: "signature"; locale: Locale; input: Omit<SignatureEmailInput, "t"> }
  | { template: "account"; locale: Locale; input: Omit<AccountEmailInput, "t"> };

export function renderMail(request: MailRequest): MailMessage {
  const t = translator(request.locale);
  switch (request.template) {
    case "signature":
      return signatureEmail({ ...request.input, t });
    case "account":
      return accountEmail({ ...request.input, t });
    default:
      // Requests cross a thread boundary as plain data, so the type alone does not guarantee this.
      throw new Error(`unknown mail template ${(request as { template: unknown }).template}`);
  }
}
