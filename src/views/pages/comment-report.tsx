/**
 * Reporting a comment without JavaScript: the cached action page links every comment to this
 * page, rendered per request, which asks "Report this comment?" with an optional reason.
 */
import type { MessageKey } from "../../i18n/catalog.ts";
import type { Translator } from "../../i18n/translator.ts";
import type { ActionPage } from "../../modules/actions/actions.ts";
import { type PublicComment, reasonLimit } from "../../modules/comments/comments.ts";
import type { FieldErrorMap } from "../../modules/forms.ts";
import { Layout } from "../layout.tsx";
import { paths } from "../paths.ts";
import {
  DiscussionNotice,
  ErrorList,
  errorSummaryId,
  FieldError,
  Honeypot,
  QuotedComment,
} from "./comments.tsx";

export function ReportView({
  t,
  baseUrl,
  action,
  comment,
  formToken,
  reason = "",
  errors = {},
  formError,
}: {
  t: Translator;
  baseUrl: string;
  action: Pick<ActionPage, "slug" | "text">;
  comment: PublicComment;
  formToken: string;
  reason?: string;
  errors?: FieldErrorMap;
  formError?: MessageKey;
}) {
  const { locale } = t;
  const path = paths.commentReport(locale, action.slug, comment.id);
  const error = errors.reason;
  return (
    <Layout t={t} title={t.t("comments.report.title")} path={path} baseUrl={baseUrl} noindex>
      <h1>{t.t("comments.report.title")}</h1>
      <QuotedComment t={t} comment={comment} />
      <p>{t.t("comments.report.intro")}</p>
      <ErrorList t={t} errors={errors} formError={formError} />
      <form method="post" action={`${path}#${errorSummaryId}`}>
        <label for="c-reason">{t.t("comments.report.reason")}</label>
        <p class="note" id="c-reason-hint">
          {t.t("comments.report.reasonHint", { max: reasonLimit })}
        </p>
        <FieldError t={t} id="c-reason" errors={errors} name="reason" />
        <textarea
          id="c-reason"
          name="reason"
          rows={3}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "c-reason-error c-reason-hint" : "c-reason-hint"}
          value={reason}
        />
        <Honeypot t={t} />
        <input type="hidden" name="ts" value={formToken} />
        <button type="submit">{t.t("comments.report.submit")}</button>
      </form>
      <p>
        <a href={`${paths.action(locale, action.slug)}#${paths.commentAnchor(comment.id)}`}>
          {t.t("comments.backTo", { title: action.text.title })}
        </a>
      </p>
    </Layout>
  );
}

/** After a report (a repeat reads the same: nobody learns how many reports a comment has). */
export function ReportedView(page: {
  t: Translator;
  baseUrl: string;
  action: Pick<ActionPage, "slug" | "text">;
}) {
  return (
    <DiscussionNotice {...page} title="comments.report.thanks.title" body="comments.report.thanks.body" />
  );
}
