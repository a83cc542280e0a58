/** The action editor and the action's dashboard. */
import type { MessageKey } from "../../i18n/catalog.ts";
import { type ActionFormValues, targetField } from "../../modules/actions/action-form.ts";
import { type ActionStatus, actionTypes } from "../../modules/actions/actions.ts";
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
import { AdminLayout, type OrgPageProps } from "./admin-layout.tsx";
import { DailyChart } from "./chart.tsx";
import { statusLabel } from "./labels.ts";

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
      <ErrorSummary t={t} errors={errors} />
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
          hint={t.t("field.slug.hint")}
          value={values.slug}
          errors={errors}
          required
        />
        <TextField
          t={t}
          name="action_date"
          type="date"
          label={t.t("action.date")}
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

export interface DashboardData {
  goal: number;
  signatureCount: number;
  counts: { pending: number; confirmed: number; invalidated: number };
  perDay: { day: string; count: number }[];
}

export function ActionDashboardView(
  props: OrgPageProps & {
    action: { id: number; slug: string; title: string; status: ActionStatus; archived: boolean };
    data: DashboardData;
    canEdit: boolean;
  },
) {
  const { t, org, action, data } = props;
  const statusUrl = paths.actionStatus(t.locale, org.slug, action.id);
  return (
    <AdminLayout {...props} title={action.title} section="actions">
      <h1>{action.title}</h1>
      <p>
        <span class="badge">{statusLabel(t, action.status, action.archived)}</span>{" "}
        {action.status !== "draft" ? (
          <a href={paths.action(t.locale, action.slug)}>{paths.action(t.locale, action.slug)}</a>
        ) : null}
      </p>
      <nav class="admin" aria-label={t.t("dashboard.nav")}>
        <a href={paths.previewAction(t.locale, org.slug, action.id)}>{t.t("dashboard.preview")}</a>
        {props.canEdit ? (
          <a href={paths.editAction(t.locale, org.slug, action.id)}>{t.t("dashboard.edit")}</a>
        ) : null}
        {props.canEdit ? (
          <a href={paths.signatures(t.locale, org.slug, action.id)}>{t.t("signatures.title")}</a>
        ) : null}
      </nav>
      {props.canEdit && !action.archived ? (
        <p>
          {action.status !== "published" ? (
            <PostButton
              action={statusUrl}
              csrf={props.csrf}
              name="status"
              value="published"
              label={t.t("dashboard.publish")}
            />
          ) : (
            <PostButton
              action={statusUrl}
              csrf={props.csrf}
              name="status"
              value="closed"
              label={t.t("dashboard.close")}
              secondary
            />
          )}
          <PostButton
            action={statusUrl}
            csrf={props.csrf}
            name="status"
            value="archived"
            label={t.t("dashboard.archive")}
            secondary
          />
        </p>
      ) : null}
      <h2>{t.t("dashboard.title")}</h2>
      <div class="stats">
        <p>
          <strong>{t.t("action.signatures", { count: data.signatureCount })}</strong>
        </p>
        <p>{t.t("action.goal", { goal: data.goal })}</p>
        <p>{t.t("dashboard.pending", { count: data.counts.pending })}</p>
        <p>{t.t("dashboard.invalidated", { count: data.counts.invalidated })}</p>
      </div>
      <progress
        max={data.goal}
        value={Math.min(data.signatureCount, data.goal)}
        aria-label={t.t("dashboard.progress")}
      />
      <h2>{t.t("dashboard.perDay")}</h2>
      <DailyChart t={t} days={data.perDay} />
    </AdminLayout>
  );
}
