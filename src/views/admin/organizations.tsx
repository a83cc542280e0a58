/** The admin home, an organization's page (its actions) and its profile form. */
import type { OrganizationActionItem } from "../../modules/actions/actions.ts";
import { knownTimeZones } from "../../modules/organizations/organization-form.ts";
import {
  Csrf,
  ErrorSummary,
  type FieldErrorMap,
  SelectField,
  TextArea,
  TextField,
  toErrors,
} from "../form.tsx";
import { paths } from "../paths.ts";
import { AdminLayout, type AdminPageProps, type OrgPageProps } from "./admin-layout.tsx";
import { browserZoneScript } from "./browser-zone.ts";
import { statusLabel } from "./labels.ts";
import { EmptyState } from "./patterns.tsx";

type FormPage = AdminPageProps & { errors?: FieldErrorMap; values?: Record<string, string> };

export function AdminHomeView(props: AdminPageProps & { canCreate: boolean }) {
  const { t } = props;
  const organizations = props.organizations ?? [];
  return (
    <AdminLayout {...props} title={t.t("admin.organizations")}>
      <h1>{t.t("admin.organizations")}</h1>
      {organizations.length === 0 ? (
        <EmptyState title={t.t("admin.noOrganizations.title")}>
          <p>{t.t(props.canCreate ? "admin.noOrganizations.create" : "admin.noOrganizations.ask")}</p>
        </EmptyState>
      ) : (
        <ul>
          {organizations.map((org) => (
            <li>
              <a href={paths.organization(t.locale, org.slug)}>{org.name}</a>
            </li>
          ))}
        </ul>
      )}
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
  props: FormPage & {
    action: string;
    creating: boolean;
    logo?: { upload: string; current: string | null };
    /** How long signers' details are kept after an action closes (signers' rights, migration 032). */
    retention?: { action: string; months: string };
  },
) {
  const { t, values = {}, errors } = props;
  const title = props.creating ? t.t("admin.newOrganization") : t.t("organization.profile");
  const zones = knownTimeZones().map((zone) => ({ value: zone, label: zone }));
  return (
    <AdminLayout {...props} title={title} section="profile">
      <h1>{title}</h1>
      <ErrorSummary
        t={t}
        errors={errors}
        labels={{
          name: t.t("organization.name"),
          slug: t.t("organization.slug"),
          website: t.t("organization.website"),
          time_zone: t.t("organization.timeZone"),
          logo: t.t("organization.logo"),
          retention_months: t.t("signerRights.retention.months"),
        }}
      />
      <form method="post" action={toErrors(props.action)}>
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
        <SelectField
          t={t}
          name="time_zone"
          label={t.t("organization.timeZone")}
          hint={t.t("organization.timeZoneHint")}
          value={values.time_zone || "UTC"}
          options={zones}
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
      {(values.time_zone || "UTC") === "UTC" ? (
        <script dangerouslySetInnerHTML={{ __html: browserZoneScript }} />
      ) : null}
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
          <form method="post" action={toErrors(props.logo.upload)} enctype="multipart/form-data">
            <Csrf token={props.csrf} />
            <label for="f-logo">{t.t("organization.logoUpload")}</label>
            {errors?.logo ? (
              <p class="field-error" id="f-logo-error">
                {t.t(errors.logo.key, errors.logo.params)}
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
      {props.retention ? (
        <>
          <h2>{t.t("signerRights.retention.heading")}</h2>
          <form method="post" action={toErrors(props.retention.action)}>
            <Csrf token={props.csrf} />
            <TextField
              t={t}
              name="retention_months"
              type="number"
              label={t.t("signerRights.retention.months")}
              hint={t.t("signerRights.retention.hint")}
              value={props.retention.months}
              errors={errors}
              required
            />
            <button type="submit">{t.t("signerRights.retention.save")}</button>
          </form>
        </>
      ) : null}
    </AdminLayout>
  );
}

export function OrganizationView(
  props: OrgPageProps & {
    actions: OrganizationActionItem[];
    canEdit: boolean;
    /** Comments waiting for review; null for members who do not moderate. */
    heldComments: number | null;
  },
) {
  const { t, org } = props;
  return (
    <AdminLayout {...props} title={org.name} section="actions">
      <h1>{org.name}</h1>
      {props.heldComments !== null ? (
        <p>
          <a href={paths.adminComments(t.locale, org.slug)}>
            {t.t("comments.admin.held", { count: props.heldComments })}
          </a>
        </p>
      ) : null}
      <h2>{t.t("organization.actions")}</h2>
      {props.canEdit ? (
        <p>
          <a class="button" href={paths.newAction(t.locale, org.slug)}>
            {t.t("action.new")}
          </a>
        </p>
      ) : null}
      {props.actions.length === 0 ? (
        <EmptyState title={t.t("organization.noActions")}>
          <p>{t.t(props.canEdit ? "organization.noActions.create" : "organization.noActions.wait")}</p>
        </EmptyState>
      ) : (
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
      )}
    </AdminLayout>
  );
}
