/** An organization's members: their roles, removing them, and inviting someone. */
import type { Member } from "../../modules/organizations/organizations.repository.ts";
import { roles } from "../../modules/organizations/policy.ts";
import { Csrf, ErrorSummary, type FieldErrorMap, SelectField, TextField, toErrors } from "../form.tsx";
import { paths } from "../paths.ts";
import { AdminLayout, type OrgPageProps } from "./admin-layout.tsx";
import { roleLabel } from "./labels.ts";
import { DataTable } from "./patterns.tsx";

export function MembersView(
  props: OrgPageProps & { members: Member[]; errors?: FieldErrorMap; values?: Record<string, string> },
) {
  const { t, org, errors, values = {} } = props;
  const roleOptions = roles.map((role) => ({ value: role, label: roleLabel(t, role) }));
  return (
    <AdminLayout {...props} title={t.t("members.title")} section="members">
      <h1>{t.t("members.title")}</h1>
      <DataTable
        rows={props.members}
        columns={[
          { label: t.t("field.name"), cell: (member) => member.name },
          { label: t.t("field.email"), cell: (member) => member.email },
          {
            label: t.t("members.role"),
            cell: (member) => (
              <form method="post" action={paths.member(t.locale, org.slug, member.accountId)} class="inline">
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
            ),
          },
        ]}
      />
      <h2>{t.t("members.invite")}</h2>
      <ErrorSummary t={t} errors={errors} labels={{ email: t.t("field.email"), role: t.t("members.role") }} />
      <form method="post" action={toErrors(paths.invite(t.locale, org.slug))}>
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
          hint={t.t("members.rolesHelp")}
          value={values.role ?? "organizer"}
          options={roleOptions}
          errors={errors}
        />
        <button type="submit">{t.t("members.sendInvite")}</button>
      </form>
    </AdminLayout>
  );
}
