/** An organization's members and pending invitations: roles, removing, inviting and revoking. */
import type { MessageKey } from "../../i18n/catalog.ts";
import type { PendingInvitation } from "../../modules/accounts/accounts.service.ts";
import type { Member } from "../../modules/organizations/organizations.ts";
import { roles } from "../../modules/organizations/policy.ts";
import { Csrf, ErrorSummary, type FieldErrorMap, SelectField, TextField, toErrors } from "../form.tsx";
import { paths } from "../paths.ts";
import { AdminLayout, type OrgPageProps } from "./admin-layout.tsx";
import { roleLabel } from "./labels.ts";
import { DataTable, DateTime, EmptyState } from "./patterns.tsx";

export function MembersView(
  props: OrgPageProps & {
    members: Member[];
    invitations: PendingInvitation[];
    errors?: FieldErrorMap;
    formError?: MessageKey;
    values?: Record<string, string>;
  },
) {
  const { t, org, errors, values = {}, timeZone } = props;
  const roleOptions = roles.map((role) => ({ value: role, label: roleLabel(t, role) }));
  return (
    <AdminLayout {...props} title={t.t("members.title")} section="members">
      <h1>{t.t("members.title")}</h1>
      <ErrorSummary
        t={t}
        errors={errors}
        formError={props.formError}
        labels={{ email: t.t("field.email"), role: t.t("members.role") }}
      />
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
      <h2>{t.t("invitations.pendingTitle")}</h2>
      {props.invitations.length === 0 ? (
        <EmptyState title={t.t("invitations.none")} />
      ) : (
        <DataTable
          rows={props.invitations}
          columns={[
            { label: t.t("field.email"), cell: (invitation) => invitation.email },
            { label: t.t("members.role"), cell: (invitation) => roleLabel(t, invitation.role) },
            { label: t.t("invitations.invitedBy"), cell: (invitation) => invitation.invitedByName ?? "" },
            {
              label: t.t("invitations.expires"),
              cell: (invitation) => <DateTime t={t} iso={invitation.expiresAt} timeZone={timeZone} />,
            },
            {
              label: t.t("invitations.revoke"),
              cell: (invitation) => (
                <form
                  method="post"
                  action={paths.revokeInvitation(t.locale, org.slug, invitation.id)}
                  class="inline"
                >
                  <Csrf token={props.csrf} />
                  <button
                    type="submit"
                    class="secondary"
                    aria-label={t.t("invitations.revokeFor", { email: invitation.email })}
                  >
                    {t.t("invitations.revoke")}
                  </button>
                </form>
              ),
            },
          ]}
        />
      )}
      <h2>{t.t("members.invite")}</h2>
      <form method="post" action={toErrors(paths.invite(t.locale, org.slug))}>
        <Csrf token={props.csrf} />
        <TextField
          t={t}
          name="email"
          type="email"
          label={t.t("field.email")}
          hint={t.t("invitations.emailHint")}
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
