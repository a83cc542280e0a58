/** The mail a signer gets, in the language they signed in: confirm, remind, or "already signed". */
import { renderToStaticMarkup } from "preact-render-to-string";
import type { Translator } from "../../i18n/translator.ts";
import type { MailMessage, SignatureMailFacts } from "../../modules/mail/mail.ts";
import { paths } from "../paths.ts";
import { withSignerRightsFooter } from "./signer-rights-footer.tsx";

export interface SignatureEmailInput extends SignatureMailFacts {
  t: Translator;
}

export function signatureEmail(input: SignatureEmailInput): MailMessage {
  const { t } = input;
  const title = input.title;
  const link = input.baseUrl + paths.confirm(t.locale, input.slug, input.token);
  const subject =
    input.kind === "confirm"
      ? t.t("mail.confirm.subject", { title })
      : input.kind === "reminder"
        ? t.t("mail.reminder.subject", { title })
        : t.t("mail.already.subject", { title });
  const greeting = t.t("mail.confirm.greeting", { name: input.name });
  const signoff = t.t("mail.signoff", { sponsor: input.sponsorName });
  const paragraphs =
    input.kind === "already_signed"
      ? [t.t("mail.already.body", { title })]
      : [t.t("mail.confirm.body", { title }), link, t.t("mail.confirm.ignore")];
  const text = [greeting, ...paragraphs, signoff].join("\n\n");
  const html = renderToStaticMarkup(
    <html lang={t.locale}>
      <body>
        <p>{greeting}</p>
        {paragraphs.map((p) =>
          p === link ? (
            <p>
              <a href={link}>{t.t("confirm.button")}</a>
              <br />
              {link}
            </p>
          ) : (
            <p>{p}</p>
          ),
        )}
        <p>{signoff}</p>
      </body>
    </html>,
  );
  return withSignerRightsFooter(t, input.baseUrl, {
    to: input.to,
    subject,
    text,
    html: `<!doctype html>${html}`,
  });
}
