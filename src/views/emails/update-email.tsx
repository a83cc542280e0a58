/**
 * An update mailed to a signer who consented to the sponsor, in the signer's language: the
 * update's text (the description's safe Markdown, rendered to elements; the plain part keeps the
 * Markdown as typed), the link to the action's page, and one-click unsubscribe (RFC 8058).
 */
import { renderToStaticMarkup } from "preact-render-to-string";
import type { Translator } from "../../i18n/translator.ts";
import type { ActionUpdateMailFacts, MailMessage } from "../../modules/mail/mail.ts";
import { Markdown } from "../markdown.tsx";
import { paths } from "../paths.ts";
import { oneClickUnsubscribe } from "./comment-notification-emails.tsx";
import { withSignerRightsFooter } from "./signer-rights-footer.tsx";

export function actionUpdateEmail(input: ActionUpdateMailFacts & { t: Translator }): MailMessage {
  const { t } = input;
  const page = `${input.baseUrl + paths.updates(t.locale, input.slug)}#${paths.updateAnchor(input.updateId)}`;
  const stop = input.baseUrl + paths.updatesUnsubscribe(t.locale, input.updateId, input.unsubscribeToken);
  const facts = { sponsor: input.sponsorName, action: input.actionTitle };
  const intro = t.t("mail.update.intro", facts);
  const kind = t.t(`updates.kind.${input.kind}`);
  const read = t.t("mail.update.read");
  const why = t.t("mail.update.why", facts);
  const stopText = t.t("mail.update.stop");
  const html = renderToStaticMarkup(
    <html lang={t.locale}>
      <body>
        <p>{intro}</p>
        <h1>{input.title}</h1>
        <p>
          <em>{kind}</em>
        </p>
        <Markdown source={input.body} />
        <p>
          {read}
          <br />
          <a href={page}>{page}</a>
        </p>
        <p>
          {why} {stopText} <a href={stop}>{stop}</a>
        </p>
      </body>
    </html>,
  );
  const mail = withSignerRightsFooter(t, input.baseUrl, {
    to: input.to,
    subject: t.t("mail.update.subject", { title: input.title, action: input.actionTitle }),
    text: [
      intro,
      `${input.title}\n(${kind})`,
      input.body,
      `${read}\n${page}`,
      `${why}\n${stopText}\n${stop}`,
    ].join("\n\n"),
    html: `<!doctype html>${html}`,
  });
  return { ...mail, headers: oneClickUnsubscribe(stop) };
}
