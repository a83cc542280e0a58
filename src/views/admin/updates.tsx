/** An action's updates for its sponsor: the list with each one's mail numbers, and the form to post or edit one. */
import type { Translator } from "../../i18n/translator.ts";
import type { ActionHeading } from "../../modules/actions/actions.ts";
import { type AdminUpdate, type UpdateFormValues, updateKinds } from "../../modules/updates/updates.ts";
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
import { DataTable, DateTime, EmptyState } from "./patterns.tsx";

export function UpdatesListView(
  props: OrgPageProps & {
    action: ActionHeading;
    updates: AdminUpdate[];
    recipients: number;
    canManage: boolean;
  },
) {
  const { t, org, action } = props;
  const title = t.t("updates.admin.heading", { title: action.title });
  const canPost = props.canManage && action.status !== "draft";
  return (
    <AdminLayout {...props} title={title} section="actions">
      <p>
        <a href={paths.adminAction(t.locale, org.slug, action.id)}>{t.t("updates.admin.back")}</a>
      </p>
      <h1>{title}</h1>
      <p>{t.t("updates.admin.intro")}</p>
      <p>{t.t("updates.admin.recipients", { count: props.recipients })}</p>
      {canPost ? (
        <p>
          <a class="button" href={paths.newUpdate(t.locale, org.slug, action.id)}>
            {t.t("updates.admin.new")}
          </a>
        </p>
      ) : null}
      <DataTable
        rows={props.updates}
        columns={[
          {
            label: t.t("updates.admin.title"),
            cell: (update) =>
              props.canManage ? (
                <a href={paths.adminUpdate(t.locale, org.slug, action.id, update.id)}>{update.title}</a>
              ) : (
                update.title
              ),
          },
          { label: t.t("updates.admin.kind"), cell: (update) => t.t(`updates.kind.${update.kind}`) },
          {
            label: t.t("updates.admin.postedAt"),
            cell: (update) => <DateTime t={t} iso={update.postedAt} timeZone={props.timeZone} />,
          },
          { label: t.t("updates.admin.queued"), cell: (update) => t.number(update.counts.queued) },
          { label: t.t("updates.admin.sent"), cell: (update) => t.number(update.counts.sent) },
          { label: t.t("updates.admin.bounced"), cell: (update) => t.number(update.counts.bounced) },
          {
            label: t.t("updates.admin.unsubscribed"),
            cell: (update) => t.number(update.counts.unsubscribed),
          },
          ...(props.canManage
            ? [
                {
                  label: t.t("updates.admin.delete"),
                  cell: (update: AdminUpdate) => (
                    <PostButton
                      action={paths.deleteUpdate(t.locale, org.slug, action.id, update.id)}
                      csrf={props.csrf}
                      label={t.t("updates.admin.delete")}
                      secondary
                    />
                  ),
                },
              ]
            : []),
        ]}
        empty={
          <EmptyState title={t.t("updates.admin.empty.title")}>
            <p>{t.t("updates.admin.empty.body")}</p>
          </EmptyState>
        }
      />
    </AdminLayout>
  );
}

/** The form of a new update (posts to the list, then asks to confirm) or of an existing one. */
export function UpdateFormView(
  props: OrgPageProps & {
    action: ActionHeading;
    /** The update being edited; none for a new one. */
    updateId?: number;
    values: UpdateFormValues;
    errors?: FieldErrorMap;
  },
) {
  const { t, org, action, values, errors, updateId } = props;
  const title =
    updateId === undefined
      ? t.t("updates.admin.newTitle", { title: action.title })
      : t.t("updates.admin.editTitle", { update: values.title_en });
  const target =
    updateId === undefined
      ? paths.adminUpdates(t.locale, org.slug, action.id)
      : paths.adminUpdate(t.locale, org.slug, action.id, updateId);
  const labels = updateLabels(t);
  return (
    <AdminLayout {...props} title={title} section="actions">
      <p>
        <a href={paths.adminUpdates(t.locale, org.slug, action.id)}>
          {t.t("updates.admin.heading", { title: action.title })}
        </a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <form method="post" action={toErrors(target)}>
        <Csrf token={props.csrf} />
        <SelectField
          t={t}
          name="kind"
          label={labels.kind}
          value={values.kind}
          errors={errors}
          options={updateKinds.map((kind) => ({ value: kind, label: t.t(`updates.kind.${kind}`) }))}
        />
        <TextField
          t={t}
          name="title_en"
          label={labels.title_en}
          value={values.title_en}
          errors={errors}
          required
        />
        <TextArea
          t={t}
          name="body_en"
          label={labels.body_en}
          value={values.body_en}
          errors={errors}
          hint={t.t("updates.field.bodyHint")}
          rows={8}
          required
        />
        <TextField
          t={t}
          name="title_es"
          label={labels.title_es}
          value={values.title_es}
          errors={errors}
          hint={t.t("updates.field.esHint")}
        />
        <TextArea
          t={t}
          name="body_es"
          label={labels.body_es}
          value={values.body_es}
          errors={errors}
          rows={8}
        />
        <button type="submit">
          {t.t(updateId === undefined ? "updates.submit.post" : "updates.submit.save")}
        </button>
      </form>
    </AdminLayout>
  );
}

function updateLabels(t: Translator): Record<keyof UpdateFormValues, string> {
  return {
    kind: t.t("updates.field.kind"),
    title_en: t.t("updates.field.titleEn"),
    body_en: t.t("updates.field.bodyEn"),
    title_es: t.t("updates.field.titleEs"),
    body_es: t.t("updates.field.bodyEs"),
  };
}
