/** Mail with the link that verifies an organization's sign-on, in the language it signed on in. */
import type { Translator } from "../../i18n/translator.ts";
import type { MailMessage, SignOnMailFacts } from "../../modules/mail/mail.ts";
import { paths } from "../paths.ts";
import { linkMail } from "./link-mail.tsx";

export function signOnEmail(input: SignOnMailFacts & { t: Translator }): MailMessage {
  const { t } = input;
  const link = input.baseUrl + paths.verifySignOn(t.locale, input.slug, input.token);
  return linkMail(t, {
    to: input.to,
    subject: t.t("mail.signOn.subject", { title: input.title }),
    body: t.t("mail.signOn.body", { name: input.name, title: input.title }),
    link,
    ignore: t.t("mail.signOn.ignore"),
  });
}
