/** Organizer pages: organizations, members, the action editor, dashboard and signatures. */
import type { Role } from "../../db/schema.ts";
import type { MessageKey } from "../../i18n/catalog.ts";
import type { Translator } from "../../i18n/translator.ts";
import type { ActionFormValues } from "../../modules/actions/action-form.ts";
import type { OrganizationActionItem } from "../../modules/actions/actions.repository.ts";
import { type ActionStatus, actionTypes } from "../../modules/actions/actions.ts";
import type { Member, OrganizationListItem } from "../../modules/organizations/organizations.repository.ts";
import { roles } from "../../modules/organizations/policy.ts";
import type { SignatureListItem } from "../../modules/signatures/signatures.repository.ts";
import {
  Csrf,
  ErrorSummary,
  type FieldErrorMap,
  PostButton,
  SelectField,
  TextArea,
  TextField,
} from "../form.tsx";
import { paths } from "../paths.ts";
import { AdminLayout, type AdminPageProps } from "./admin-layout.tsx";
import { DailyChart } from "./chart.tsx";

type FormPage = AdminPageProps & { errors?: FieldErrorMap; values?: Record<string, string> };

export function roleLabel(t: Translator, role: Role): string {
  return t.t(`role.${role}`);
}

export function statusLabel(t: Translator, status: ActionStatus, archived = false): string {
  return archived ? t.t("status.archived") : t.t(`status.${status}`);
}

export function AdminHomeView(
  props: AdminPageProps & { organizations: OrganizationListItem[]; canCreate: boolean },
) {
  const { t } = props;
  return (
    <AdminLayout {...props} title={t.t("admin.organizations")}>
      <h1>{t.t("admin.organizations")}</h1>
      {props.organizations.length === 0 ? <p>{t.t("admin.noOrganizations")}</p> : null}
      <ul>
        {props.organizations.map((org) => (
          <li>
            <a href={paths.organization(t.locale, org.slug)}>{org.name}</a>
            {org.role ? <span class="badge">{roleLabel(t, org.role)}</span> : null}
          </li>
        ))}
      </ul>
      {props.canCreate ? (
        <p>
          <a class="button" href={paths.newOrganization(t.locale)}>
            {t.t("admin.newOrganization")}
          </a>
        </p>
      ) : null}
    </AdminLayout>
  );
}

export function OrganizationFormView(
  props: FormPage & { action: string; creating: boolean; logo?: { upload: string; current: string | null } },
) {
  const { t, values = {}, errors } = props;
  const title = props.creating ? t.t("admin.newOrganization") : t.t("organization.profile");
  return (
    <AdminLayout {...props} title={title}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action={props.action}>
        <Csrf token={props.csrf} />
        <TextField
          t={t}
          name="name"
          label={t.t("organization.name")}
          value={values.name}
          errors={errors}
          required
        />
        {props.creating ? (
          <TextField
            t={t}
            name="slug"
            label={t.t("organization.slug")}
            hint={t.t("field.slug.hint")}
            value={values.slug}
            errors={errors}
            required
          />
        ) : null}
        <TextField
          t={t}
          name="short_name"
          label={t.t("organization.shortName")}
          value={values.short_name}
          errors={errors}
        />
        <TextField
          t={t}
          name="website"
          type="url"
          label={t.t("organization.website")}
          value={values.website}
          errors={errors}
        />
        <TextField t={t} name="city" label={t.t("organization.city")} value={values.city} errors={errors} />
        <TextField
          t={t}
          name="state"
          label={t.t("organization.state")}
          value={values.state}
          errors={errors}
        />
        <TextArea
          t={t}
          name="description_en"
          label={t.t("organization.descriptionEn")}
          value={values.description_en}
          errors={errors}
        />
        <TextArea
          t={t}
          name="description_es"
          label={t.t("organization.descriptionEs")}
          value={values.description_es}
          errors={errors}
        />
        <button type="submit">{t.t("form.save")}</button>
      </form>
      {props.logo ? (
        <>
          <h2>{t.t("organization.logo")}</h2>
          {props.logo.current ? (
            <img
              src={props.logo.current}
              alt={t.t("organization.logoOf", { name: values.name ?? "" })}
              width={160}
            />
          ) : null}
          <form method="post" action={props.logo.upload} enctype="multipart/form-data">
            <Csrf token={props.csrf} />
            <label for="f-logo">{t.t("organization.logoUpload")}</label>
            {errors?.logo ? (
              <p class="field-error" id="f-logo-error">
                {t.t(errors.logo.key)}
              </p>
            ) : null}
            <input
              type="file"
              id="f-logo"
              name="logo"
              accept="image/png,image/jpeg,image/webp"
              required
              aria-invalid={errors?.logo ? true : undefined}
              aria-describedby={errors?.logo ? "f-logo-error" : undefined}
            />
            <button type="submit">{t.t("organization.logoSave")}</button>
          </form>
        </>
      ) : null}
    </AdminLayout>
  );
}

export function OrganizationView(
  props: AdminPageProps & {
    org: { slug: string; name: string };
    actions: OrganizationActionItem[];
    canEdit: boolean;
    canManage: boolean;
  },
) {
  const { t, org } = props;
  return (
    <AdminLayout {...props} title={org.name}>
      <h1>{org.name}</h1>
      <nav class="admin" aria-label={t.t("organization.nav")}>
        {props.canManage ? (
          <a href={paths.organizationProfile(t.locale, org.slug)}>{t.t("organization.profile")}</a>
        ) : null}
        {props.canManage ? <a href={paths.members(t.locale, org.slug)}>{t.t("members.title")}</a> : null}
        {props.canManage ? <a href={paths.auditLog(t.locale, org.slug)}>{t.t("audit.title")}</a> : null}
      </nav>
      <h2>{t.t("organization.actions")}</h2>
      {props.canEdit ? (
        <p>
          <a class="button" href={paths.newAction(t.locale, org.slug)}>
            {t.t("action.new")}
          </a>
        </p>
      ) : null}
      {props.actions.length === 0 ? <p>{t.t("organization.noActions")}</p> : null}
      <ul class="actions">
        {props.actions.map((action) => (
          <li>
            <h3>
              <a href={paths.adminAction(t.locale, org.slug, action.id)}>{action.title}</a>
            </h3>
            <p class="meta">
              <span class="badge">{statusLabel(t, action.status, action.archived)}</span>{" "}
              {t.date(action.actionDate)} · {t.t("action.signatures", { count: action.signatureCount })}
            </p>
          </li>
        ))}
      </ul>
    </AdminLayout>
  );
}

export function MembersView(
  props: FormPage & { org: { slug: string; name: string }; members: Member[]; notice?: MessageKey },
) {
  const { t, org, errors, values = {} } = props;
  const roleOptions = roles.map((role) => ({ value: role, label: roleLabel(t, role) }));
  return (
    <AdminLayout {...props} title={t.t("members.title")}>
      <h1>{t.t("members.title")}</h1>
      <p>
        <a href={paths.organization(t.locale, org.slug)}>{org.name}</a>
      </p>
      {props.notice ? <p role="status">{t.t(props.notice)}</p> : null}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t.t("field.name")}</th>
              <th scope="col">{t.t("field.email")}</th>
              <th scope="col">{t.t("members.role")}</th>
            </tr>
          </thead>
          <tbody>
            {props.members.map((member) => (
              <tr>
                <td>{member.name}</td>
                <td>{member.email}</td>
                <td>
                  <form
                    method="post"
                    action={paths.member(t.locale, org.slug, member.accountId)}
                    class="inline"
                  >
                    <Csrf token={props.csrf} />
                    <label for={`role-${member.accountId}`} class="visually-hidden">
                      {t.t("members.roleOf", { name: member.name })}
                    </label>
                    <select id={`role-${member.accountId}`} name="role">
                      {roleOptions.map((o) => (
                        <option value={o.value} selected={o.value === member.role}>
                          {o.label}
                        </option>
                      ))}
                      <option value="remove">{t.t("members.remove")}</option>
                    </select>
                    <button type="submit" class="secondary">
                      {t.t("form.save")}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t.t("members.invite")}</h2>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action={paths.invite(t.locale, org.slug)}>
        <Csrf token={props.csrf} />
        <TextField
          t={t}
          name="email"
          type="email"
          label={t.t("field.email")}
          value={values.email}
          errors={errors}
          required
        />
        <SelectField
          t={t}
          name="role"
          label={t.t("members.role")}
          value={values.role ?? "organizer"}
          options={roleOptions}
        />
        <button type="submit">{t.t("members.sendInvite")}</button>
      </form>
    </AdminLayout>
  );
}

/** The fields each language has in the action editor; English is required where Spanish may fall back. */
interface LocalizedEditorField {
  name: "title" | "summary" | "description" | "letter" | "targets";
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
  { name: "targets", label: "editor.targets", hint: "editor.targetsHint", rows: 3, requiredInEnglish: false },
];

export function ActionFormView(
  props: AdminPageProps & { action: string; title: string; values: ActionFormValues; errors?: FieldErrorMap },
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
    <AdminLayout {...props} title={props.title}>
      <h1>{props.title}</h1>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action={props.action}>
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
          value={values.goal}
          errors={errors}
          required
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
  props: AdminPageProps & {
    org: { slug: string; name: string };
    action: { id: number; slug: string; title: string; status: ActionStatus; archived: boolean };
    data: DashboardData;
    canEdit: boolean;
  },
) {
  const { t, org, action, data } = props;
  const statusUrl = paths.actionStatus(t.locale, org.slug, action.id);
  return (
    <AdminLayout {...props} title={action.title}>
      <p>
        <a href={paths.organization(t.locale, org.slug)}>{org.name}</a>
      </p>
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

/** The columns of the signatures CSV export, as message keys (the header is in the reader's language). */
export const signatureCsvColumns = [
  "field.name",
  "field.email",
  "sign.postalCode",
  "signatures.status",
  "signatures.date",
  "signatures.confirmedAt",
  "signatures.source",
  "signatures.consent",
  "signatures.comment",
] as const satisfies readonly MessageKey[];

export function SignaturesView(
  props: AdminPageProps & {
    org: { slug: string };
    action: { id: number; title: string };
    rows: SignatureListItem[];
    total: number;
    page: number;
    pageSize: number;
    search: string;
    status: string;
  },
) {
  const { t, org, action } = props;
  const base = paths.signatures(t.locale, org.slug, action.id);
  const query = (page: number) =>
    `${base}?${new URLSearchParams({ q: props.search, status: props.status, page: String(page) }).toString()}`;
  const lastPage = Math.max(1, Math.ceil(props.total / props.pageSize));
  const statusOptions = [
    { value: "", label: t.t("signatures.all") },
    { value: "confirmed", label: t.t("signatures.confirmed") },
    { value: "pending", label: t.t("signatures.pending") },
    { value: "invalidated", label: t.t("signatures.invalidated") },
  ];
  return (
    <AdminLayout {...props} title={t.t("signatures.title")}>
      <p>
        <a href={paths.adminAction(t.locale, org.slug, action.id)}>{action.title}</a>
      </p>
      <h1>{t.t("signatures.title")}</h1>
      <form method="get" action={base}>
        <TextField t={t} name="q" label={t.t("signatures.search")} value={props.search} />
        <SelectField
          t={t}
          name="status"
          label={t.t("signatures.status")}
          value={props.status}
          options={statusOptions}
        />
        <button type="submit">{t.t("signatures.filter")}</button>
      </form>
      <p>
        <a href={paths.signaturesCsv(t.locale, org.slug, action.id)}>{t.t("signatures.export")}</a>
      </p>
      <p role="status">{t.t("signatures.count", { count: props.total })}</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t.t("field.name")}</th>
              <th scope="col">{t.t("field.email")}</th>
              <th scope="col">{t.t("sign.postalCode")}</th>
              <th scope="col">{t.t("signatures.status")}</th>
              <th scope="col">{t.t("signatures.date")}</th>
              <th scope="col">{t.t("signatures.source")}</th>
              <th scope="col">{t.t("signatures.manage")}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr>
                <td>{row.name}</td>
                <td>{row.email}</td>
                <td>{row.postalCode}</td>
                <td>{t.t(`signatures.${row.status}`)}</td>
                <td>{row.createdAt.slice(0, 16).replace("T", " ")}</td>
                <td>{row.source ?? ""}</td>
                <td>
                  <PostButton
                    action={paths.signature(t.locale, org.slug, action.id, row.id)}
                    csrf={props.csrf}
                    name="valid"
                    value={row.status === "invalidated" ? "yes" : "no"}
                    label={
                      row.status === "invalidated" ? t.t("signatures.restore") : t.t("signatures.invalidate")
                    }
                    secondary
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="pager" aria-label={t.t("signatures.pages")}>
        {props.page > 1 ? <a href={query(props.page - 1)}>{t.t("signatures.previous")}</a> : null}
        <span>{t.t("signatures.pageOf", { page: props.page, pages: lastPage })}</span>
        {props.page < lastPage ? <a href={query(props.page + 1)}>{t.t("signatures.next")}</a> : null}
      </nav>
    </AdminLayout>
  );
}

export function AuditView(
  props: AdminPageProps & {
    org: { slug: string; name: string };
    entries: { event: string; subject: string; detail: string; at: string; accountEmail: string | null }[];
  },
) {
  const { t, org } = props;
  return (
    <AdminLayout {...props} title={t.t("audit.title")}>
      <p>
        <a href={paths.organization(t.locale, org.slug)}>{org.name}</a>
      </p>
      <h1>{t.t("audit.title")}</h1>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t.t("audit.when")}</th>
              <th scope="col">{t.t("audit.who")}</th>
              <th scope="col">{t.t("audit.what")}</th>
              <th scope="col">{t.t("audit.detail")}</th>
            </tr>
          </thead>
          <tbody>
            {props.entries.map((entry) => (
              <tr>
                <td>{entry.at.slice(0, 19).replace("T", " ")}</td>
                <td>{entry.accountEmail ?? ""}</td>
                <td>
                  {entry.event} {entry.subject}
                </td>
                <td>{entry.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </AdminLayout>
  );
}
