/** Mail with the link of an invitation to co-sponsor an action, in the language it was sent in. */
import type { Translator } from "../../i18n/translator.ts";
import type { CosponsorInvitationMailFacts, MailMessage } from "../../modules/mail/mail.ts";
import { paths } from "../paths.ts";
import { linkMail } from "./link-mail.tsx";

export function cosponsorInvitationEmail(
  input: CosponsorInvitationMailFacts & { t: Translator },
): MailMessage {
  const { t } = input;
  const facts = { sponsor: input.sponsorName, organization: input.organizationName, title: input.title };
  return linkMail(t, {
    to: input.to,
    subject: t.t("mail.cosponsorInvitation.subject", facts),
    body: t.t("mail.cosponsorInvitation.body", facts),
    link: input.baseUrl + paths.cosponsorInvitation(t.locale, input.token),
    ignore: t.t("mail.cosponsorInvitation.ignore"),
  });
}
