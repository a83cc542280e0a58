/** Mail carrying a one-time account link, in the language of the page it was asked from. */
import { renderToStaticMarkup } from "preact-render-to-string";
import type { TokenPurpose } from "../../db/schema.ts";
import type { Translator } from "../../i18n/translator.ts";
import type { MailMessage } from "../../modules/mail/mail.ts";

export interface AccountEmailInput {
  t: Translator;
  to: string;
  purpose: TokenPurpose;
  link: string;
}

export function accountEmail(input: AccountEmailInput): MailMessage {
  const { t, link } = input;
  const subject = t.t(`mail.link.${input.purpose}.subject`);
  const body = t.t(`mail.link.${input.purpose}.body`);
  const ignore = t.t("mail.link.ignore");
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
