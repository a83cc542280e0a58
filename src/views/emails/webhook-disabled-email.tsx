/** The mail that tells an organization's owners a day of failed deliveries disabled a webhook. */
import type { Translator } from "../../i18n/translator.ts";
import type { MailMessage, WebhookDisabledMailFacts } from "../../modules/mail/mail.ts";
import { paths } from "../paths.ts";
import { linkMail } from "./link-mail.tsx";

export function webhookDisabledEmail(input: WebhookDisabledMailFacts & { t: Translator }): MailMessage {
  const { t } = input;
  const facts = { organization: input.organizationName, url: input.url };
  return linkMail(t, {
    to: input.to,
    subject: t.t("mail.webhookDisabled.subject", facts),
    body: t.t("mail.webhookDisabled.body", facts),
    link: input.baseUrl + paths.webhook(t.locale, input.organizationSlug, input.subscriptionId),
    ignore: t.t("mail.webhookDisabled.why", facts),
  });
}
