/** Sign-in, registration, emailed links, password reset, first-run setup and invitations. */
import type { MessageKey } from "../../i18n/catalog.ts";
import { AdminLayout, type AdminPageProps } from "../admin/admin-layout.tsx";
import {
  Csrf,
  EmailField,
  ErrorSummary,
  type FieldErrorMap,
  NameField,
  NewPasswordField,
  PostButton,
  TextField,
} from "../form.tsx";
import { paths } from "../paths.ts";

type FormPage = AdminPageProps & {
  errors?: FieldErrorMap;
  formError?: MessageKey;
  values?: Record<string, string>;
};

export interface OidcButton {
  id: string;
  label: string;
}

export function LoginView(props: FormPage & { next: string; providers: OidcButton[] }) {
  const { t, values = {} } = props;
  const q = props.next ? `?next=${encodeURIComponent(props.next)}` : "";
  return (
    <AdminLayout {...props} title={t.t("login.title")}>
      <h1>{t.t("login.title")}</h1>
      <ErrorSummary t={t} errors={props.errors} formError={props.formError} />
      <form method="post" action={paths.login(t.locale) + q}>
        <Csrf token={props.csrf} />
        <EmailField t={t} values={values} autocomplete="username" />
        <TextField
          t={t}
          name="password"
          type="password"
          label={t.t("field.password")}
          autocomplete="current-password"
          required
        />
        <button type="submit">{t.t("login.submit")}</button>
      </form>
      <p>
        <a href={paths.resetRequest(t.locale)}>{t.t("login.forgot")}</a> ·{" "}
        <a href={paths.register(t.locale)}>{t.t("login.register")}</a>
      </p>
      <h2>{t.t("login.linkHeading")}</h2>
      <form method="post" action={paths.loginLink(t.locale)}>
        <Csrf token={props.csrf} />
        <EmailField t={t} id="f-link-email" />
        <button type="submit">{t.t("login.linkSubmit")}</button>
      </form>
      {props.providers.length > 0 ? (
        <>
          <h2>{t.t("login.providers")}</h2>
          <ul>
            {props.providers.map((provider) => (
              <li>
                <a
                  href={`${paths.oidcStart(provider.id)}?lang=${t.locale}${props.next ? `&next=${encodeURIComponent(props.next)}` : ""}`}
                >
                  {t.t("login.with", { provider: provider.label })}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </AdminLayout>
  );
}

export function RegisterView(props: FormPage) {
  const { t, values = {} } = props;
  return (
    <AdminLayout {...props} title={t.t("register.title")}>
      <h1>{t.t("register.title")}</h1>
      <ErrorSummary t={t} errors={props.errors} />
      <form method="post" action={paths.register(t.locale)}>
        <Csrf token={props.csrf} />
        <NameField t={t} values={values} errors={props.errors} />
        <EmailField t={t} values={values} errors={props.errors} />
        <NewPasswordField t={t} errors={props.errors} />
        <button type="submit">{t.t("register.submit")}</button>
      </form>
    </AdminLayout>
  );
}

export function MailSentView(props: AdminPageProps) {
  const { t } = props;
  return (
    <AdminLayout {...props} title={t.t("sent.title")}>
      <h1>{t.t("sent.title")}</h1>
      <p role="status">{t.t("sent.body")}</p>
    </AdminLayout>
  );
}

/** The page behind an emailed link: a GET only shows this button, the POST acts. */
export function LinkButtonView(
  props: AdminPageProps & { title: MessageKey; body: MessageKey; button: MessageKey; action: string },
) {
  const { t } = props;
  return (
    <AdminLayout {...props} title={t.t(props.title)}>
      <h1>{t.t(props.title)}</h1>
      <p>{t.t(props.body)}</p>
      <PostButton action={props.action} csrf={props.csrf} label={t.t(props.button)} />
    </AdminLayout>
  );
}

export function ResetRequestView(props: FormPage) {
  const { t } = props;
  return (
    <AdminLayout {...props} title={t.t("reset.title")}>
      <h1>{t.t("reset.title")}</h1>
      <p>{t.t("reset.body")}</p>
      <form method="post" action={paths.resetRequest(t.locale)}>
        <Csrf token={props.csrf} />
        <EmailField t={t} />
        <button type="submit">{t.t("reset.submit")}</button>
      </form>
    </AdminLayout>
  );
}

export function NewPasswordView(
  props: FormPage & { action: string; title: MessageKey; withIdentity: boolean },
) {
  const { t, values = {} } = props;
  return (
    <AdminLayout {...props} title={t.t(props.title)}>
      <h1>{t.t(props.title)}</h1>
      <ErrorSummary t={t} errors={props.errors} />
      <form method="post" action={props.action}>
        <Csrf token={props.csrf} />
        {props.withIdentity ? (
          <>
            <NameField t={t} values={values} errors={props.errors} />
            <EmailField t={t} values={values} errors={props.errors} />
          </>
        ) : null}
        <NewPasswordField t={t} errors={props.errors} />
        <button type="submit">{t.t("password.submit")}</button>
      </form>
    </AdminLayout>
  );
}

export function AccountView(props: AdminPageProps & { email: string; isPlatformAdmin: boolean }) {
  const { t } = props;
  return (
    <AdminLayout {...props} title={t.t("account.title")}>
      <h1>{t.t("account.title")}</h1>
      <dl class="facts">
        <dt>{t.t("field.name")}</dt>
        <dd>{props.account?.name}</dd>
        <dt>{t.t("field.email")}</dt>
        <dd>{props.email}</dd>
        {props.isPlatformAdmin ? (
          <>
            <dt>{t.t("account.role")}</dt>
            <dd>{t.t("account.platformAdmin")}</dd>
          </>
        ) : null}
      </dl>
      <p>{t.t("account.everywhereHint")}</p>
      <PostButton
        action={paths.logoutEverywhere(t.locale)}
        csrf={props.csrf}
        label={t.t("account.signOutEverywhere")}
        secondary
      />
    </AdminLayout>
  );
}

export function InvitationView(
  props: FormPage & {
    token: string;
    organizationName: string;
    roleLabel: string;
    email: string;
    hasAccount: boolean;
    signedIn: boolean;
  },
) {
  const { t, values = {} } = props;
  const action = paths.invitation(t.locale, props.token);
  return (
    <AdminLayout {...props} title={t.t("invitation.title")}>
      <h1>{t.t("invitation.title")}</h1>
      <p>{t.t("invitation.body", { organization: props.organizationName, role: props.roleLabel })}</p>
      <ErrorSummary t={t} errors={props.errors} />
      {props.signedIn ? (
        <PostButton action={action} csrf={props.csrf} label={t.t("invitation.accept")} />
      ) : props.hasAccount ? (
        <p>
          <a href={`${paths.login(t.locale)}?next=${encodeURIComponent(action)}`}>
            {t.t("invitation.signIn")}
          </a>
        </p>
      ) : (
        <form method="post" action={action}>
          <Csrf token={props.csrf} />
          <p>{t.t("invitation.create", { email: props.email })}</p>
          <NameField t={t} values={values} errors={props.errors} />
          <NewPasswordField t={t} errors={props.errors} />
          <button type="submit">{t.t("invitation.acceptCreate")}</button>
        </form>
      )}
    </AdminLayout>
  );
}
