/**
 * The dashboard's goal and outcome panels, the editor's end date, and the close confirmation with
 * its outcome choice.
 */
import type { Translator } from "../../i18n/translator.ts";
import type { ActionFormValues } from "../../modules/actions/action-form.ts";
import type { ActionDashboard } from "../../modules/actions/editor.service.ts";
import { type Outcome, outcomes } from "../../modules/actions/lifecycle.ts";
import { Csrf, ErrorSummary, type FieldErrorMap, TextArea, TextField, toErrors } from "../form.tsx";
import { paths } from "../paths.ts";
import { AdminLayout, type OrgPageProps } from "./admin-layout.tsx";
import { DataTable, DateTime } from "./patterns.tsx";

/** The editor's end date and time, typed in the organization's zone. */
export function EndFields(props: {
  t: Translator;
  values: ActionFormValues;
  errors?: FieldErrorMap;
  timeZone: string;
}) {
  const { t, values, errors } = props;
  return (
    <fieldset>
      <legend>{t.t("editor.endDate")}</legend>
      <p class="note" id="end-hint">
        {t.t("editor.endHint", { zone: props.timeZone })}
      </p>
      <TextField
        t={t}
        name="end_date"
        type="date"
        label={t.t("editor.endDate")}
        value={values.end_date}
        errors={errors}
      />
      <TextField
        t={t}
        name="end_time"
        type="time"
        label={t.t("editor.endTime")}
        value={values.end_time}
        errors={errors}
      />
    </fieldset>
  );
}

/** Labels of the editor's end fields for its error summary. */
export function endFieldLabels(t: Translator): Record<string, string> {
  return { end_date: t.t("editor.endDate"), end_time: t.t("editor.endTime") };
}

/** Values the goal and outcome forms are sent back with after a problem (422). */
export interface LifecycleForms {
  goal?: { value: string; errors: FieldErrorMap };
  outcome?: { values: OutcomeFormValues; errors: FieldErrorMap };
}

export type OutcomeFormValues = { outcome: string; note_en: string; note_es: string };

/** The outcome radios and the two notes, in the close confirmation and on a closed dashboard. */
function OutcomeFields(props: { t: Translator; values: OutcomeFormValues; errors?: FieldErrorMap }) {
  const { t, values, errors } = props;
  const chosen: Outcome = (outcomes as readonly string[]).includes(values.outcome)
    ? (values.outcome as Outcome)
    : "closed";
  return (
    <>
      <fieldset>
        <legend>{t.t("outcome.legend")}</legend>
        {outcomes.map((outcome) => (
          <label class="check" for={`outcome-${outcome}`}>
            <input
              type="radio"
              id={`outcome-${outcome}`}
              name="outcome"
              value={outcome}
              checked={outcome === chosen}
            />
            <span>
              {t.t(`outcome.${outcome}`)} <span class="note">{t.t(`outcome.hint.${outcome}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <TextArea
        t={t}
        name="note_en"
        label={t.t("outcome.noteEn")}
        hint={t.t("outcome.noteHint")}
        value={values.note_en}
        errors={errors}
        rows={2}
      />
      <TextArea
        t={t}
        name="note_es"
        label={t.t("outcome.noteEs")}
        value={values.note_es}
        errors={errors}
        rows={2}
      />
    </>
  );
}

function outcomeLabels(t: Translator): Record<string, string> {
  return { note_en: t.t("outcome.noteEn"), note_es: t.t("outcome.noteEs") };
}

/** "Close signing on …?" with the outcome to show: the close step's confirmation page. */
export function CloseActionView(
  props: OrgPageProps & {
    title: string;
    action: string;
    cancelHref: string;
    values: OutcomeFormValues;
    errors?: FieldErrorMap;
  },
) {
  const { t } = props;
  const heading = t.t("step.close.title", { title: props.title });
  return (
    <AdminLayout {...props} title={heading} section="actions">
      <h1>{heading}</h1>
      <ErrorSummary t={t} errors={props.errors} labels={outcomeLabels(t)} />
      <p>{t.t("step.close.body")}</p>
      <p class="note">{t.t("confirm.undoable")}</p>
      <form method="post" action={toErrors(props.action)}>
        <Csrf token={props.csrf} />
        <input type="hidden" name="confirm" value="yes" />
        <OutcomeFields t={t} values={props.values} errors={props.errors} />
        <button type="submit" class="danger">
          {t.t("step.close")}
        </button>{" "}
        <a href={props.cancelHref}>{t.t("confirm.cancel")}</a>
      </form>
    </AdminLayout>
  );
}

/** On the dashboard: the end date, "Goal reached" with the next-goal form, the goals moved past. */
export function GoalPanel(
  props: OrgPageProps & { dashboard: ActionDashboard; canEdit: boolean; forms: LifecycleForms },
) {
  const { t, org, dashboard: action, forms } = props;
  const { goalStatus, numbers } = action;
  const open = action.status === "published" && !action.archived;
  const offersNextGoal =
    goalStatus.reached && props.canEdit && !action.archived && action.type !== "external";
  return (
    <>
      {open && action.endsAt ? (
        <p>
          {t.t("dashboard.endsAt")} <DateTime t={t} iso={action.endsAt} timeZone={props.timeZone} />
        </p>
      ) : null}
      {goalStatus.reached ? (
        <p class="notice" role="status">
          <strong>{t.t("goal.reached", { count: numbers.signatureCount, goal: action.goal })}</strong>
        </p>
      ) : null}
      {offersNextGoal || forms.goal ? (
        <form method="post" action={toErrors(paths.actionGoal(t.locale, org.slug, action.id))}>
          <ErrorSummary t={t} errors={forms.goal?.errors} labels={{ goal: t.t("goal.next") }} />
          <Csrf token={props.csrf} />
          <fieldset>
            <legend>{t.t("goal.nextLegend")}</legend>
            <TextField
              t={t}
              name="goal"
              type="number"
              label={t.t("goal.next")}
              hint={t.t("goal.nextHint", {
                count: numbers.signatureCount,
                suggested: goalStatus.suggestedNext,
              })}
              value={forms.goal?.value ?? String(goalStatus.suggestedNext)}
              errors={forms.goal?.errors}
              required
            />
            <button type="submit">{t.t("goal.set")}</button>
          </fieldset>
        </form>
      ) : null}
      {goalStatus.history.length > 0 ? (
        <DataTable
          caption={t.t("goal.history")}
          rows={goalStatus.history}
          columns={[
            { label: t.t("goal.history.goal"), cell: (row) => t.number(row.fromGoal) },
            { label: t.t("goal.history.count"), cell: (row) => t.number(row.signatureCount) },
            {
              label: t.t("goal.history.when"),
              cell: (row) => <DateTime t={t} iso={row.changedAt} timeZone={props.timeZone} />,
            },
          ]}
        />
      ) : null}
    </>
  );
}

/** On a closed action's dashboard: what its page says came of it, and the form to change it. */
export function OutcomePanel(
  props: OrgPageProps & { dashboard: ActionDashboard; canEdit: boolean; forms: LifecycleForms },
) {
  const { t, org, dashboard: action, forms } = props;
  if (action.status !== "closed") return null;
  const outcome = action.outcome ?? "closed";
  const values = forms.outcome?.values ?? {
    outcome,
    note_en: action.outcomeNote.en,
    note_es: action.outcomeNote.es,
  };
  return (
    <section aria-labelledby="outcome-heading">
      <h2 id="outcome-heading">{t.t("outcome.current", { outcome: t.t(`outcome.${outcome}`) })}</h2>
      {props.canEdit && action.outcomeChangeable ? (
        <form method="post" action={toErrors(paths.actionOutcome(t.locale, org.slug, action.id))}>
          <ErrorSummary t={t} errors={forms.outcome?.errors} labels={outcomeLabels(t)} />
          <Csrf token={props.csrf} />
          <OutcomeFields t={t} values={values} errors={forms.outcome?.errors} />
          <button type="submit">{t.t("outcome.save")}</button>
        </form>
      ) : null}
    </section>
  );
}
