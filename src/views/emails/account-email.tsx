/** Mail carrying a one-time account link, in the language of the page it was asked from. */
import type { Translator } from "../../i18n/translator.ts";
import type { AccountMailFacts, MailMessage } from "../../modules/mail/mail.ts";
import { paths } from "../paths.ts";
import { linkMail } from "./link-mail.tsx";

export interface AccountEmailInput extends AccountMailFacts {
  t: Translator;
}

const linkPath = {
  setup: paths.setup,
  verify_email: paths.verifyEmail,
  reset_password: paths.resetPassword,
  magic_link: paths.magicLink,
  invitation: paths.invitation,
};

export function accountEmail(input: AccountEmailInput): MailMessage {
  const { t } = input;
  const link = input.baseUrl + linkPath[input.purpose](t.locale, input.token);
  return linkMail(t, {
    to: input.to,
    subject: t.t(`mail.link.${input.purpose}.subject`),
    body: t.t(`mail.link.${input.purpose}.body`),
    link,
    ignore: t.t("mail.link.ignore"),
  });
}
