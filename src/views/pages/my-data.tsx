/**
 * A signer's data, public side: the request by address (answered the same for every address),
 * and the pages of the emailed one-time links. A link's GET shows what it will do and a button
 * (mail scanners follow links); its POST does it.
 */
import type { MessageKey } from "../../i18n/catalog.ts";
import type { Translator } from "../../i18n/translator.ts";
import type { FieldErrorMap } from "../../modules/forms.ts";
import type { SignerLinkView } from "../../modules/signer-rights/signer-rights.ts";
import { Layout } from "../layout.tsx";
import { paths } from "../paths.ts";

const errorsId = "my-data-errors";

export function MyDataRequestView(props: {
  t: Translator;
  baseUrl: string;
  formToken: string;
  email?: string;
  errors?: FieldErrorMap;
  formError?: MessageKey;
}) {
  const { t, errors = {}, formError } = props;
  const error = errors.email;
  const count = (formError ? 1 : 0) + (error ? 1 : 0);
  const path = paths.myData(t.locale);
  return (
    <Layout t={t} title={t.t("signerRights.request.title")} path={path} baseUrl={props.baseUrl} noindex>
      <h1>{t.t("signerRights.request.title")}</h1>
      <form method="post" action={`${path}#${errorsId}`} class="my-data-form">
        {count > 0 ? (
          <div class="errors" role="alert" id={errorsId} tabIndex={-1}>
            <h2>{t.t("sign.errorSummary", { count })}</h2>
            <ul>
              {formError ? <li>{t.t(formError)}</li> : null}
              {error ? (
                <li>
                  <a href="#my-data-email">
                    {`${t.t("signerRights.request.email")}: ${t.t(error.key, error.params)}`}
                  </a>
                </li>
              ) : null}
            </ul>
          </div>
        ) : null}
        <p id="my-data-email-hint">{t.t("signerRights.request.intro")}</p>
        <label for="my-data-email">{t.t("signerRights.request.email")}</label>
        {error ? (
          <p class="field-error" id="my-data-email-error">
            {t.t(error.key, error.params)}
          </p>
        ) : null}
        <input
          id="my-data-email"
          name="email"
          type="email"
          autocomplete="email"
          inputMode="email"
          spellcheck={false}
          required
          value={props.email ?? ""}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "my-data-email-error my-data-email-hint" : "my-data-email-hint"}
        />
        <div class="hp" aria-hidden="true">
          <label for="my-data-url">{t.t("sign.honeypot")}</label>
          <input type="text" id="my-data-url" name="url" tabIndex={-1} autocomplete="off" />
        </div>
        <input type="hidden" name="ts" value={props.formToken} />
        <button type="submit">{t.t("signerRights.request.submit")}</button>
      </form>
    </Layout>
  );
}

/** After a request: the same page whatever the address. */
export function MyDataSentView({ t, baseUrl }: { t: Translator; baseUrl: string }) {
  return (
    <Layout
      t={t}
      title={t.t("signerRights.sent.title")}
      path={paths.myDataSent(t.locale)}
      baseUrl={baseUrl}
      noindex
    >
      <div role="status">
        <h1>{t.t("signerRights.sent.title")}</h1>
        <p>{t.t("signerRights.sent.body")}</p>
      </div>
    </Layout>
  );
}

function AskAgain({ t }: { t: Translator }) {
  return (
    <p>
      <a href={paths.myData(t.locale)}>{t.t("signerRights.link.askAgain")}</a>
    </p>
  );
}

/** A message page: a link that does not work, or what was done. */
export function MyDataMessageView(props: {
  t: Translator;
  baseUrl: string;
  path: string;
  title: string;
  body: string;
  askAgain?: boolean;
}) {
  const { t } = props;
  return (
    <Layout t={t} title={props.title} path={props.path} baseUrl={props.baseUrl} noindex>
      <div role="status">
        <h1>{props.title}</h1>
        <p>{props.body}</p>
      </div>
      {props.askAgain ? <AskAgain t={t} /> : null}
    </Layout>
  );
}

/** GET of an emailed link: what it does, and the button that does it. */
export function MyDataLinkView(props: {
  t: Translator;
  baseUrl: string;
  token: string;
  link: SignerLinkView;
}) {
  const { t, link } = props;
  const path = paths.myDataLink(t.locale, props.token);
  if (link.state !== "ready")
    return MyDataMessageView({
      t,
      baseUrl: props.baseUrl,
      path,
      title: t.t(`signerRights.link.${link.state}.title`),
      body: t.t(`signerRights.link.${link.state}.body`),
      askAgain: true,
    });
  const texts =
    link.purpose === "download"
      ? {
          title: t.t("signerRights.link.download.title"),
          body: t.t("signerRights.link.download.body"),
          button: t.t("signerRights.link.download.button"),
        }
      : link.purpose === "remove_all"
        ? {
            title: t.t("signerRights.link.removeAll.title"),
            body: t.t("signerRights.link.removeAll.body"),
            button: t.t("signerRights.link.removeAll.button"),
          }
        : {
            title: t.t("signerRights.link.removeSignature.title"),
            body: t.t("signerRights.link.removeSignature.body", {
              title: "actionTitle" in link ? link.actionTitle : "",
            }),
            button: t.t("signerRights.link.removeSignature.button"),
          };
  return (
    <Layout t={t} title={texts.title} path={path} baseUrl={props.baseUrl} noindex>
      <h1>{texts.title}</h1>
      <p>{texts.body}</p>
      <form method="post" action={path}>
        <button type="submit">{texts.button}</button>
      </form>
    </Layout>
  );
}
