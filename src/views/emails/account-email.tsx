/** Mail carrying a one-time account link, in the language of the page it was asked from. */
import { renderToStaticMarkup } from "preact-render-to-string";
import type { Translator } from "../../i18n/translator.ts";
import type { AccountMailFacts, MailMessage } from "../../modules/mail/mail.ts";
import { paths } from "../paths.ts";

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
