/** The action editor and the action's dashboard. */
import type { MessageKey } from "../../i18n/catalog.ts";
import { type ActionFormValues, targetField } from "../../modules/actions/action-form.ts";
import { actionTypes } from "../../modules/actions/actions.ts";
import type { ActionDashboard, StatusStep } from "../../modules/actions/editor.service.ts";
import {
  Csrf,
  ErrorSummary,
  type FieldErrorMap,
  PostButton,
  SelectField,
  TextArea,
  TextField,
  toErrors,
} from "../form.tsx";
import { paths } from "../paths.ts";
import {
  EndFields,
  endFieldLabels,
  GoalPanel,
  type LifecycleForms,
  OutcomePanel,
} from "./action-lifecycle.tsx";
import { AdminLayout, type OrgPageProps } from "./admin-layout.tsx";
import { DayChart } from "./chart.tsx";
import { statusLabel } from "./labels.ts";
import { DateTime, EmptyState } from "./patterns.tsx";
import { ClickStatistics } from "./shortlinks.tsx";

/** The fields each language has in the action editor; English is required where Spanish may fall back. */
interface LocalizedEditorField {
  name: "title" | "summary" | "description" | "letter";
  label: MessageKey;
  hint?: MessageKey;
  /** 0 for a one-line field. */
  rows: number;
  requiredInEnglish: boolean;
}

const localizedEditorFields: readonly LocalizedEditorField[] = [
  { name: "title", label: "editor.title", rows: 0, requiredInEnglish: true },
  { name: "summary", label: "editor.summary", rows: 2, requiredInEnglish: true },
  {
    name: "description",
    label: "editor.description",
    hint: "editor.markdownHint",
    rows: 8,
    requiredInEnglish: true,
  },
  { name: "letter", label: "editor.letter", rows: 6, requiredInEnglish: false },
];

/** How to reach a target, for the delivery (issue 13): office and address in each language, one email. */
const targetContactFields = [
  { name: "office_en", label: "editor.target.officeEn", rows: 0 },
  { name: "office_es", label: "editor.target.officeEs", rows: 0 },
  { name: "email", label: "editor.target.email", rows: 0 },
  { name: "address_en", label: "editor.target.addressEn", rows: 3 },
  { name: "address_es", label: "editor.target.addressEs", rows: 3 },
] as const;

/**
 * One fieldset per target: the name once, the title in each language. The form always ends with
 * an empty one; "Add another target" sends the form back with one more (no JavaScript needed).
 */
function TargetFieldsets(props: {
  t: OrgPageProps["t"];
  action: string;
  values: ActionFormValues;
  errors?: FieldErrorMap;
}) {
  const { t, values, errors } = props;
  const next = values.targets.length;
  return (
    <fieldset>
      <legend>{t.t("editor.targets")}</legend>
      <p class="note">{t.t("editor.target.help")}</p>
      {values.targets.map((row, i) => (
        <fieldset class="target">
          <legend>{t.t("editor.target.legend", { number: i + 1 })}</legend>
          <TextField
            t={t}
            name={targetField(i, "name")}
            label={t.t("editor.target.name")}
            value={row.name}
            errors={errors}
          />
          <TextField
            t={t}
            name={targetField(i, "title_en")}
            label={t.t("editor.target.titleEn")}
            value={row.title_en}
            errors={errors}
          />
          <TextField
            t={t}
            name={targetField(i, "title_es")}
            label={t.t("editor.target.titleEs")}
            value={row.title_es}
            errors={errors}
          />
          {targetContactFields.map((field) =>
            field.rows ? (
              <TextArea
                t={t}
                name={targetField(i, field.name)}
                label={t.t(field.label)}
                value={row[field.name]}
                rows={field.rows}
                errors={errors}
              />
            ) : (
              <TextField
                t={t}
                type={field.name === "email" ? "email" : "text"}
                name={targetField(i, field.name)}
                label={t.t(field.label)}
                value={row[field.name]}
                hint={field.name === "email" ? t.t("editor.target.emailHint") : undefined}
                errors={errors}
              />
            ),
          )}
        </fieldset>
      ))}
      <button
        type="submit"
        name="add_target"
        value="yes"
        class="secondary"
        formnovalidate
        formaction={`${props.action}#f-${targetField(next, "name")}`}
      >
        {t.t("editor.target.add")}
      </button>
    </fieldset>
  );
}

/** What each field is called in the error summary, so every line says which field it is about. */
function fieldLabels(t: OrgPageProps["t"], values: ActionFormValues): Record<string, string> {
  const labels: Record<string, string> = {
    type: t.t("action.type"),
    slug: t.t("editor.slug"),
    action_date: t.t("action.date"),
    goal: t.t("editor.goal"),
    external_url: t.t("editor.externalUrl"),
    ...endFieldLabels(t),
  };
  for (const locale of ["en", "es"] as const) {
    const language = t.t(locale === "en" ? "editor.english" : "editor.spanish");
    for (const field of localizedEditorFields)
      labels[`${field.name}_${locale}`] = `${t.t(field.label)} (${language})`;
  }
  values.targets.forEach((_, i) => {
    const number = i + 1;
    labels[targetField(i, "name")] = t.t("editor.targetLabel", { number, field: t.t("editor.target.name") });
    labels[targetField(i, "title_en")] = t.t("editor.targetLabel", {
      number,
      field: t.t("editor.target.titleEn"),
    });
    labels[targetField(i, "title_es")] = t.t("editor.targetLabel", {
      number,
      field: t.t("editor.target.titleEs"),
    });
    for (const field of targetContactFields)
      labels[targetField(i, field.name)] = t.t("editor.targetLabel", { number, field: t.t(field.label) });
  });
  return labels;
}

export function ActionFormView(
  props: OrgPageProps & { action: string; title: string; values: ActionFormValues; errors?: FieldErrorMap },
) {
  const { t, values, errors } = props;
  const typeOptions = actionTypes.map((type) => ({ value: type, label: t.t(`action.type.${type}`) }));
  const localeFields = (locale: "en" | "es") => (
    <fieldset lang={locale}>
      <legend>{t.t(locale === "en" ? "editor.english" : "editor.spanish")}</legend>
      {locale === "es" ? <p class="note">{t.t("editor.fallback")}</p> : null}
      {localizedEditorFields.map((field) => {
        const name = `${field.name}_${locale}` as const;
        const shared = {
          t,
          name,
          label: t.t(field.label),
          hint: field.hint ? t.t(field.hint) : undefined,
          value: values[name],
          errors,
          required: field.requiredInEnglish && locale === "en",
        };
        return field.rows ? <TextArea {...shared} rows={field.rows} /> : <TextField {...shared} />;
      })}
    </fieldset>
  );
  return (
    <AdminLayout {...props} title={props.title} section="actions">
      <h1>{props.title}</h1>
      <ErrorSummary t={t} errors={errors} labels={fieldLabels(t, values)} />
      <form method="post" action={toErrors(props.action)}>
        <Csrf token={props.csrf} />
        <SelectField
          t={t}
          name="type"
          label={t.t("action.type")}
          value={values.type || "petition"}
          options={typeOptions}
          errors={errors}
        />
        <TextField
          t={t}
          name="slug"
          label={t.t("editor.slug")}
          hint={t.t("editor.slugHint", { address: `${props.baseUrl}/a/${values.slug || "…"}` })}
          value={values.slug}
          errors={errors}
        />
        <TextField
          t={t}
          name="action_date"
          type="date"
          label={t.t("action.date")}
          hint={t.t("editor.actionDateHint")}
          value={values.action_date}
          errors={errors}
          required
        />
        <TextField
          t={t}
          name="goal"
          type="number"
          label={t.t("editor.goal")}
          hint={t.t("editor.goalHint")}
          value={values.goal}
          errors={errors}
        />
        <EndFields t={t} values={values} errors={errors} timeZone={props.timeZone} />
        <TextField
          t={t}
          name="external_url"
          type="url"
          label={t.t("editor.externalUrl")}
          hint={t.t("editor.externalHint")}
          value={values.external_url}
          errors={errors}
        />
        {localeFields("en")}
        {localeFields("es")}
        <TargetFieldsets t={t} action={props.action} values={values} errors={errors} />
        <button type="submit">{t.t("form.save")}</button>
      </form>
    </AdminLayout>
  );
}

const stepStyle: Record<StatusStep, "primary" | "secondary"> = {
  publish: "primary",
  reopen: "primary",
  unarchive: "primary",
  close: "secondary",
  archive: "secondary",
  delete: "secondary",
};

export function ActionDashboardView(
  props: OrgPageProps & { dashboard: ActionDashboard; canEdit: boolean; forms?: LifecycleForms },
) {
  const { t, org, dashboard: action } = props;
  const { numbers } = action;
  const address = `${props.baseUrl}/a/${action.slug}`;
  const noSignatures =
    numbers.signatureCount + numbers.counts.pending.count + numbers.counts.invalidated.count === 0;
  return (
    <AdminLayout {...props} title={action.title} section="actions">
      <h1>{action.title}</h1>
      <p>
        <span class="badge">{statusLabel(t, action.status, action.archived)}</span>{" "}
        {action.status !== "draft" ? <a href={paths.action(t.locale, action.slug)}>{address}</a> : null}{" "}
        <span class="note">
          {t.t("dashboard.lastSaved")} <DateTime t={t} iso={action.updatedAt} timeZone={props.timeZone} />
        </span>
      </p>
      <nav class="admin" aria-label={t.t("dashboard.nav")}>
        <a href={paths.previewAction(t.locale, org.slug, action.id)}>{t.t("dashboard.preview")}</a>
        {props.canEdit && !action.archived ? (
          <a href={paths.editAction(t.locale, org.slug, action.id)}>{t.t("dashboard.edit")}</a>
        ) : null}
        {props.canEdit ? (
          <>
            <a href={paths.signatures(t.locale, org.slug, action.id)}>{t.t("signatures.title")}</a>
            <a href={paths.adminGeography(t.locale, org.slug, action.id)}>{t.t("geography.link")}</a>
            <a href={paths.adminDelivery(t.locale, org.slug, action.id)}>{t.t("delivery.link")}</a>
          </>
        ) : null}
        <a href={paths.shortLinks(t.locale, org.slug, action.id)}>{t.t("shortlinks.title")}</a>
        <a href={paths.cosponsors(t.locale, org.slug, action.id)}>{t.t("cosponsors.title")}</a>
        <a href={paths.partners(t.locale, org.slug, action.id)}>{t.t("partners.title")}</a>
        <a href={paths.adminWidget(t.locale, org.slug, action.id)}>{t.t("widgets.title")}</a>
        <a href={paths.adminUpdates(t.locale, org.slug, action.id)}>{t.t("updates.admin.link")}</a>
      </nav>
      {props.canEdit && action.steps.length > 0 ? (
        <p>
          {action.steps.map((step) => (
            <>
              <PostButton
                action={paths.actionStep(t.locale, org.slug, action.id, step)}
                csrf={props.csrf}
                label={t.t(`step.${step}`)}
                secondary={stepStyle[step] === "secondary"}
              />{" "}
            </>
          ))}
        </p>
      ) : null}
      <GoalPanel {...props} forms={props.forms ?? {}} />
      <OutcomePanel {...props} forms={props.forms ?? {}} />
      <h2>{t.t("dashboard.title")}</h2>
      {noSignatures ? (
        <EmptyState
          title={t.t(
            action.status === "draft"
              ? "dashboard.empty.draft"
              : action.status === "closed" || action.archived
                ? "dashboard.empty.closed"
                : "dashboard.empty.published",
          )}
        >
          {action.status === "draft" ? (
            <p>{t.t("dashboard.empty.draftNext", { address })}</p>
          ) : action.status === "published" && !action.archived ? (
            <p>{t.t("dashboard.empty.publishedNext", { address })}</p>
          ) : null}
        </EmptyState>
      ) : (
        <>
          <div class="stats">
            <p>
              <strong>{t.t("action.signatures", { count: numbers.signatureCount })}</strong>
            </p>
            {numbers.goal > 0 ? <p>{t.t("action.goal", { goal: numbers.goal })}</p> : null}
            <p>
              {t.t(numbers.counts.pending.more ? "dashboard.pendingMore" : "dashboard.pending", {
                count: numbers.counts.pending.count,
              })}
            </p>
            <p>
              {t.t(numbers.counts.invalidated.more ? "dashboard.invalidatedMore" : "dashboard.invalidated", {
                count: numbers.counts.invalidated.count,
              })}
            </p>
          </div>
          {numbers.goal > 0 ? (
            <progress
              max={numbers.goal}
              value={Math.min(numbers.signatureCount, numbers.goal)}
              aria-label={t.t("dashboard.progress")}
            />
          ) : null}
          <h2>{t.t("dashboard.perDay")}</h2>
          <DayChart
            t={t}
            id="chart-title"
            summary={t.t("dashboard.chartSummary", { count: numbers.perDay.length })}
            days={numbers.perDay}
            labels={{
              table: t.t("dashboard.perDay"),
              day: t.t("dashboard.day"),
              count: t.t("dashboard.confirmed"),
            }}
          />
        </>
      )}
      <h2>{t.t("clicks.title")}</h2>
      <ClickStatistics t={t} stats={props.dashboard.clicks} />
    </AdminLayout>
  );
}
