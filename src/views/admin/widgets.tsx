/** An organization's widget of an action: the snippet to paste, a preview, and the sites that may show it. */
import type { Locale } from "../../i18n/locale.ts";
import { locales } from "../../i18n/locale.ts";
import { translator } from "../../i18n/translator.ts";
import { maxOrigins, type WidgetOverview } from "../../modules/widgets/widgets.ts";
import { Csrf, ErrorSummary, type FieldErrorMap, TextArea, toErrors } from "../form.tsx";
import { paths } from "../paths.ts";
import { AdminLayout, type OrgPageProps } from "./admin-layout.tsx";
import { DateTime, EmptyState } from "./patterns.tsx";

/**
 * The one-line snippet: a link to the widget (what people without JavaScript get) and the script
 * that turns it into a frame.
 */
export function widgetSnippet(baseUrl: string, widget: WidgetOverview, locale: Locale): string {
  const href = baseUrl + paths.widget(locale, widget.action.slug, widget.referralCode);
  const label = translator(locale).t("widgets.snippetLink");
  return `<a href="${href}" data-juntos-widget>${label}</a><script src="${baseUrl}${paths.embedScript()}" async></script>`;
}

export function WidgetView(
  props: OrgPageProps & {
    widget: WidgetOverview;
    canEdit: boolean;
    errors?: FieldErrorMap;
    /** The origins as typed, sent back with their problems. */
    text?: string;
  },
) {
  const { t, org, widget, errors } = props;
  const { action } = widget;
  const title = t.t("widgets.heading", { title: action.title });
  const sponsor = widget.owner === "sponsor";
  const languages: Record<Locale, string> = { en: t.t("editor.english"), es: t.t("editor.spanish") };
  return (
    <AdminLayout {...props} title={title} section={sponsor ? "actions" : "cosponsoring"}>
      <p>
        <a
          href={
            sponsor
              ? paths.adminAction(t.locale, org.slug, action.id)
              : paths.partnerAction(t.locale, org.slug, action.id)
          }
        >
          {t.t("widgets.back")}
        </a>
      </p>
      <h1>{title}</h1>
      <p>{sponsor ? t.t("widgets.intro.sponsor") : t.t("widgets.intro.partner", { partner: org.name })}</p>
      {action.status === "draft" ? <p class="note">{t.t("widgets.draft")}</p> : null}
      <p>
        <a href={paths.widget(t.locale, action.slug, widget.referralCode)}>{t.t("widgets.preview")}</a>
      </p>
      <h2>{t.t("widgets.snippet")}</h2>
      <p class="note">{t.t("widgets.snippetHint")}</p>
      {locales.map((locale) => (
        <>
          <label for={`snippet-${locale}`}>{t.t("widgets.snippetIn", { language: languages[locale] })}</label>
          <textarea
            id={`snippet-${locale}`}
            readOnly
            rows={3}
            spellcheck={false}
            value={widgetSnippet(props.baseUrl, widget, locale)}
          />
        </>
      ))}
      <h2>{t.t("widgets.origins")}</h2>
      <h3>{t.t("widgets.current")}</h3>
      {widget.origins.length > 0 ? (
        <>
          <ul>
            {widget.origins.map((origin) => (
              <li>{origin}</li>
            ))}
          </ul>
          {widget.updatedAt ? (
            <p class="note">
              <DateTime t={t} iso={widget.updatedAt} timeZone={props.timeZone} />
            </p>
          ) : null}
        </>
      ) : (
        <EmptyState title={t.t("widgets.none")} />
      )}
      {props.canEdit ? (
        <form method="post" action={toErrors(paths.adminWidget(t.locale, org.slug, action.id))}>
          <Csrf token={props.csrf} />
          <ErrorSummary t={t} errors={errors} labels={{ origins: t.t("widgets.origins") }} />
          <TextArea
            t={t}
            name="origins"
            label={t.t("widgets.origins")}
            hint={t.t("widgets.originsHint", { max: maxOrigins })}
            value={props.text ?? widget.origins.join("\n")}
            errors={errors}
            rows={5}
          />
          <button type="submit">{t.t("widgets.save")}</button>
        </form>
      ) : null}
    </AdminLayout>
  );
}
