/** The shape of every mail that carries one link: a sentence, the link, and what to do if unasked. */
import { renderToStaticMarkup } from "preact-render-to-string";
import type { Translator } from "../../i18n/translator.ts";
import type { MailMessage } from "../../modules/mail/mail.ts";

export function linkMail(
  t: Translator,
  mail: { to: string; subject: string; body: string; link: string; ignore: string },
): MailMessage {
  const { body, link, ignore } = mail;
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
  return {
    to: mail.to,
    subject: mail.subject,
    text: [body, link, ignore].join("\n\n"),
    html: `<!doctype html>${html}`,
  };
}
