/** The mail that carries an action's letter to one of its targets, the PDF attached. */
import { renderToStaticMarkup } from "preact-render-to-string";
import type { Translator } from "../../i18n/translator.ts";
import type { DeliveryMailFacts, MailMessage } from "../../modules/mail/mail.ts";

export function deliveryEmail(input: DeliveryMailFacts & { t: Translator }): MailMessage {
  const { t } = input;
  const facts = {
    title: input.title,
    count: input.count,
    target: input.targetName,
    sponsor: input.sponsorName,
  };
  const body = t.t("mail.delivery.body", facts);
  const html = renderToStaticMarkup(
    <html lang={t.locale}>
      <body>
        {body.split("\n\n").map((paragraph) => (
          <p>{paragraph}</p>
        ))}
      </body>
    </html>,
  );
  return {
    to: input.to,
    subject: t.t("mail.delivery.subject", facts),
    text: body,
    html: `<!doctype html>${html}`,
    attachments: [input.attachment],
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
  };
}
