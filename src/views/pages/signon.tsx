/** An organization signs on to an action without an account: the form, "check your mail", the verification button. */
import type { MessageKey } from "../../i18n/catalog.ts";
import type { Translator } from "../../i18n/translator.ts";
import type { SignOnField, SignOnFormValues } from "../../modules/cosponsors/cosponsors.ts";
import type { FieldErrorMap } from "../../modules/forms.ts";
import { ErrorSummary, TextField, toErrors } from "../form.tsx";
import { Layout } from "../layout.tsx";
import { paths } from "../paths.ts";

const labels: Record<SignOnField, MessageKey> = {
  name: "signOn.name",
  city: "signOn.city",
  state: "signOn.state",
  website: "signOn.website",
  contact_name: "signOn.contactName",
  contact_email: "signOn.contactEmail",
};

export function SignOnFormView(props: {
  t: Translator;
  baseUrl: string;
  slug: string;
  title: string;
  values?: SignOnFormValues;
  errors?: FieldErrorMap;
}) {
  const { t, slug, values, errors } = props;
  const path = paths.endorse(t.locale, slug);
  const heading = t.t("signOn.title", { title: props.title });
  const field = (
    name: SignOnField,
    extra: { type?: "email" | "url"; autocomplete?: string; hint?: string } = {},
  ) => (
    <TextField
      t={t}
      name={name}
      label={t.t(labels[name])}
      value={values?.[name]}
      errors={errors}
      required={name === "name" || name === "contact_name" || name === "contact_email"}
      {...extra}
    />
  );
  return (
    <Layout t={t} title={heading} path={path} baseUrl={props.baseUrl} noindex>
      <h1>{heading}</h1>
      <p>{t.t("signOn.intro")}</p>
      <form method="post" action={toErrors(path)}>
        <ErrorSummary
          t={t}
          errors={errors}
          labels={Object.fromEntries(Object.entries(labels).map(([name, key]) => [name, t.t(key)]))}
        />
        {field("name", { autocomplete: "organization" })}
        {field("city", { autocomplete: "address-level2" })}
        {field("state", { autocomplete: "address-level1" })}
        {field("website", { type: "url", autocomplete: "url", hint: t.t("signOn.websiteHint") })}
        {field("contact_name", { autocomplete: "name", hint: t.t("signOn.contactHint") })}
        {field("contact_email", { type: "email", autocomplete: "email" })}
        <div class="hp" aria-hidden="true">
          <label for="f-homepage">{t.t("sign.honeypot")}</label>
          <input type="text" id="f-homepage" name="homepage" tabIndex={-1} autocomplete="off" />
        </div>
        <button type="submit">{t.t("signOn.submit")}</button>
      </form>
      <p>
        <a href={paths.action(t.locale, slug)}>{t.t("signOn.back")}</a>
      </p>
    </Layout>
  );
}

export function SignOnSentView(props: { t: Translator; baseUrl: string; slug: string; title: string }) {
  const { t, slug } = props;
  return (
    <Layout
      t={t}
      title={t.t("signOn.sent.title")}
      path={paths.endorseSent(t.locale, slug)}
      baseUrl={props.baseUrl}
      noindex
    >
      <h1>{t.t("signOn.sent.title")}</h1>
      <p role="status">{t.t("signOn.sent.body")}</p>
      <p>
        <a href={paths.action(t.locale, slug)}>{props.title}</a>
      </p>
    </Layout>
  );
}

/** A GET of the emailed link shows this button; only its POST verifies (mail scanners follow links). */
export function VerifySignOnView(props: {
  t: Translator;
  baseUrl: string;
  slug: string;
  token: string;
  name: string;
  title: string;
  alreadyVerified: boolean;
}) {
  const { t } = props;
  const path = paths.verifySignOn(t.locale, props.slug, props.token);
  const heading = t.t("signOn.verify.title", { name: props.name });
  return (
    <Layout t={t} title={heading} path={path} baseUrl={props.baseUrl} noindex>
      <h1>{heading}</h1>
      {props.alreadyVerified ? (
        <p role="status">{t.t("signOn.verify.already")}</p>
      ) : (
        <>
          <p>{t.t("signOn.verify.body", { name: props.name, title: props.title })}</p>
          <form method="post" action={path}>
            <button type="submit">{t.t("signOn.verify.button")}</button>
          </form>
        </>
      )}
    </Layout>
  );
}

export function SignOnVerifiedView(props: { t: Translator; baseUrl: string; slug: string; title: string }) {
  const { t, slug } = props;
  return (
    <Layout
      t={t}
      title={t.t("signOn.verified.title")}
      path={paths.signOnVerified(t.locale, slug)}
      baseUrl={props.baseUrl}
      noindex
    >
      <h1>{t.t("signOn.verified.title")}</h1>
      <p role="status">{t.t("signOn.verified.body")}</p>
      <p>
        <a href={paths.action(t.locale, slug)}>{props.title}</a>
      </p>
    </Layout>
  );
}
