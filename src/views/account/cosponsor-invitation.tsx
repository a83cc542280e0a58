/** The page behind an emailed invitation to co-sponsor: who invites whom to what, and how to accept. */
import type { JSX } from "preact";
import type { InvitationToAccept } from "../../modules/cosponsors/cosponsors.service.ts";
import { AdminLayout, type AdminPageProps } from "../admin/admin-layout.tsx";
import {
  Csrf,
  ErrorSummary,
  type FieldErrorMap,
  NameField,
  NewPasswordField,
  PostButton,
  TextField,
  toErrors,
} from "../form.tsx";
import { paths } from "../paths.ts";

export function CosponsorInvitationView(
  props: AdminPageProps &
    InvitationToAccept & {
      token: string;
      signedInAs: string | null;
      values: Record<string, string>;
      errors?: FieldErrorMap;
    },
) {
  const { t, values, errors } = props;
  const action = paths.cosponsorInvitation(t.locale, props.token);
  const title = t.t("cosponsorInvitation.title", { title: props.title });
  const intro = (
    <p>
      {t.t("cosponsorInvitation.body", {
        sponsor: props.sponsorName,
        organization: props.organizationName,
        title: props.title,
      })}
    </p>
  );
  const organizationField = (
    <TextField
      t={t}
      name="organization_name"
      label={t.t("cosponsorInvitation.organization")}
      hint={t.t("cosponsorInvitation.organizationHint")}
      value={values.organization_name}
      errors={errors}
      autocomplete="organization"
      required
    />
  );
  const summary = (
    <ErrorSummary
      t={t}
      errors={errors}
      labels={{
        organization_name: t.t("cosponsorInvitation.organization"),
        name: t.t("field.name"),
        password: t.t("field.newPassword"),
      }}
    />
  );
  let body: JSX.Element;
  if (props.signedInAs !== null && props.signedInElsewhere) {
    body = (
      <>
        <p>{t.t("cosponsorInvitation.forAnother", { email: props.email, account: props.signedInAs })}</p>
        <PostButton
          action={paths.logout(t.locale)}
          csrf={props.csrf}
          label={t.t("account.signOut")}
          secondary
        />
      </>
    );
  } else if (props.signedInAs !== null) {
    body = (
      <form method="post" action={toErrors(action)}>
        <Csrf token={props.csrf} />
        {summary}
        <p>{t.t("cosponsorInvitation.acceptAs", { email: props.signedInAs })}</p>
        {organizationField}
        <button type="submit">{t.t("cosponsorInvitation.accept")}</button>
      </form>
    );
  } else if (props.hasAccount) {
    body = (
      <p>
        <a href={`${paths.login(t.locale)}?next=${encodeURIComponent(action)}`}>
          {t.t("cosponsorInvitation.signIn", { email: props.email })}
        </a>
      </p>
    );
  } else {
    body = (
      <form method="post" action={toErrors(action)}>
        <Csrf token={props.csrf} />
        {summary}
        <p>{t.t("cosponsorInvitation.create", { email: props.email })}</p>
        {organizationField}
        <NameField t={t} values={values} errors={errors} />
        <NewPasswordField t={t} errors={errors} />
        <button type="submit">{t.t("cosponsorInvitation.acceptCreate")}</button>
      </form>
    );
  }
  return (
    <AdminLayout {...props} title={title}>
      <h1>{title}</h1>
      {intro}
      {body}
    </AdminLayout>
  );
}
