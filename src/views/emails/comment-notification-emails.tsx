/**
 * Mail about a discussion, in the subscriber's (or moderator's) language: the confirmation of a
 * subscription, the notice of an approved comment, the moderators' digest. The first two carry
 * one-click unsubscribe (RFC 8058): the List-Unsubscribe header names the URL a mail client POSTs
 * `List-Unsubscribe=One-Click` to; the same URL in the text opens a page with the button.
 */
import { renderToStaticMarkup } from "preact-render-to-string";
import type { Translator } from "../../i18n/translator.ts";
import { digestWindowMs } from "../../modules/comment-notifications/comment-notifications.ts";
import type {
  CommentDigestMailFacts,
  CommentNoticeMailFacts,
  CommentSubscriptionMailFacts,
  MailMessage,
} from "../../modules/mail/mail.ts";
import { paths } from "../paths.ts";
import { linkMail } from "./link-mail.tsx";
import { withSignerRightsFooter } from "./signer-rights-footer.tsx";

/** The header fields that let a mail client unsubscribe with one click, without a login or a page. */
export function oneClickUnsubscribe(url: string): Record<string, string> {
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

export function commentSubscriptionEmail(
  input: CommentSubscriptionMailFacts & { t: Translator },
): MailMessage {
  const { t } = input;
  const stop = input.baseUrl + paths.unsubscribe(t.locale, input.unsubscribeToken);
  const mail = linkMail(t, {
    to: input.to,
    subject: t.t(`mail.commentSubscription.subject.${input.scope}`, { title: input.title }),
    body: t.t(`mail.commentSubscription.body.${input.scope}`, { title: input.title }),
    link: input.baseUrl + paths.confirmCommentSubscription(t.locale, input.confirmToken),
    ignore: t.t("mail.commentSubscription.ignore"),
  });
  return { ...withSignerRightsFooter(t, input.baseUrl, mail), headers: oneClickUnsubscribe(stop) };
}

export function commentNoticeEmail(input: CommentNoticeMailFacts & { t: Translator }): MailMessage {
  const { t } = input;
  const permalink = input.baseUrl + paths.comment(t.locale, input.slug, input.commentId);
  const stop = input.baseUrl + paths.unsubscribe(t.locale, input.unsubscribeToken);
  const subject = t.t(`mail.commentNotice.subject.${input.scope}`, { title: input.title });
  const wrote = t.t("mail.commentNotice.wrote", { name: input.authorName });
  const read = t.t("mail.commentNotice.read");
  const why = t.t(`mail.commentNotice.why.${input.scope}`);
  const stopText = t.t("mail.commentNotice.stop");
  const quoted = input.excerpt
    .split("\n")
    .map((line) => `> ${line}`)
    .join("\n");
  const html = renderToStaticMarkup(
    <html lang={t.locale}>
      <body>
        <p>{wrote}</p>
        <blockquote style="white-space:pre-wrap">{input.excerpt}</blockquote>
        <p>
          {read}
          <br />
          <a href={permalink}>{permalink}</a>
        </p>
        <p>
          {why} {stopText} <a href={stop}>{stop}</a>
        </p>
      </body>
    </html>,
  );
  const mail = withSignerRightsFooter(t, input.baseUrl, {
    to: input.to,
    subject,
    text: [wrote, quoted, `${read}\n${permalink}`, `${why}\n${stopText}\n${stop}`].join("\n\n"),
    html: `<!doctype html>${html}`,
  });
  return { ...mail, headers: oneClickUnsubscribe(stop) };
}

export function commentDigestEmail(input: CommentDigestMailFacts & { t: Translator }): MailMessage {
  const { t } = input;
  const facts = { count: input.waiting, organization: input.organizationName };
  return linkMail(t, {
    to: input.to,
    subject: t.t("mail.commentDigest.subject", facts),
    body: `${t.t("mail.commentDigest.body", facts)} ${t.t("mail.commentDigest.link")}`,
    link: input.baseUrl + paths.adminComments(t.locale, input.organizationSlug),
    ignore: t.t("mail.commentDigest.why", {
      organization: input.organizationName,
      minutes: digestWindowMs / 60_000,
    }),
  });
}
