/** Mail with the link that verifies an organization's sign-on, in the language it signed on in. */
import { renderToStaticMarkup } from "preact-render-to-string";
import type { Translator } from "../../i18n/translator.ts";
import type { MailMessage, SignOnMailFacts } from "../../modules/mail/mail.ts";
import { paths } from "../paths.ts";

export function signOnEmail(input: SignOnMailFacts & { t: Translator }): MailMessage {
  const { t } = input;
  const link = input.baseUrl + paths.verifySignOn(t.locale, input.slug, input.token);
  const subject = t.t("mail.signOn.subject", { title: input.title });
  const body = t.t("mail.signOn.body", { name: input.name, title: input.title });
  const ignore = t.t("mail.signOn.ignore");
  const html = renderToStaticMarkup(
    <html lang={t.locale}>
      <body>
        <p>{body}</p>
        <p>
          <a href={link}>{link}</a>
        </p>
        <p>{ignore}</p>
      </body>
    </html>,
  );
  return { to: input.to, subject, text: [body, link, ignore].join("\n\n"), html: `<!doctype html>${html}` };
}
