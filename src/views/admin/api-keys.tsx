/** The organization's API keys: the list, a form for a new one, and the new key's secret, shown once. */
import type { ApiKeyFormValues, ApiKeyListItem } from "../../modules/api-keys/api-keys.ts";
import { Csrf, ErrorSummary, type FieldErrorMap, PostButton, TextField, toErrors } from "../form.tsx";
import { paths } from "../paths.ts";
import { AdminLayout, type OrgPageProps } from "./admin-layout.tsx";
import { DataTable, DateTime, EmptyState } from "./patterns.tsx";

export function ApiKeysView(
  props: OrgPageProps & {
    keys: ApiKeyListItem[];
    /** The key just made and its secret: on this one answer only. */
    created?: { key: ApiKeyListItem; secret: string };
    errors?: FieldErrorMap;
    values?: ApiKeyFormValues;
  },
) {
  const { t, org, errors, created } = props;
  const action = paths.apiKeys(t.locale, org.slug);
  const labels = { name: t.t("apiKeys.name") };
  return (
    <AdminLayout {...props} title={t.t("apiKeys.title")} section="api">
      <h1>{t.t("apiKeys.title")}</h1>
      <p>{t.t("apiKeys.intro", { address: props.baseUrl + paths.apiEntry() })}</p>
      {created ? (
        <section class="notice" aria-labelledby="secret-title">
          <h2 id="secret-title">{t.t("apiKeys.secretTitle")}</h2>
          <p>{t.t("apiKeys.secretBody", { name: created.key.name })}</p>
          <label for="api-key-secret">{t.t("apiKeys.secretLabel")}</label>
          <input id="api-key-secret" type="text" readOnly value={created.secret} spellcheck={false} />
        </section>
      ) : null}
      <DataTable
        columns={[
          { label: t.t("apiKeys.name"), cell: (key: ApiKeyListItem) => key.name },
          { label: t.t("apiKeys.prefix"), cell: (key) => <code>{key.prefix}…</code> },
          {
            label: t.t("apiKeys.created"),
            cell: (key) => <DateTime t={t} iso={key.createdAt} timeZone={props.timeZone} />,
          },
          { label: t.t("apiKeys.createdBy"), cell: (key) => key.createdByName ?? "" },
          {
            label: t.t("apiKeys.signatures"),
            cell: (key) => (
              <>
                {t.t(`apiKeys.signatures.${key.signatureConfirmation}`)}{" "}
                {/* An untrusted key always asks for email: there is nothing to switch. */}
                {key.trusted && !key.revokedAt ? (
                  <PostButton
                    action={paths.apiKeySignatureConfirmation(t.locale, org.slug, key.id)}
                    csrf={props.csrf}
                    name="confirmation"
                    value={key.signatureConfirmation === "immediate" ? "email" : "immediate"}
                    label={t.t(
                      key.signatureConfirmation === "immediate"
                        ? "apiKeys.signatures.toEmail"
                        : "apiKeys.signatures.toImmediate",
                    )}
                    secondary
                  />
                ) : null}
              </>
            ),
          },
          {
            label: t.t("apiKeys.state"),
            cell: (key) =>
              key.revokedAt ? (
                <>
                  {t.t("apiKeys.revokedAt")} <DateTime t={t} iso={key.revokedAt} timeZone={props.timeZone} />
                </>
              ) : (
                <>
                  {t.t(key.trusted ? "apiKeys.activeTrusted" : "apiKeys.active")}{" "}
                  <PostButton
                    action={paths.revokeApiKey(t.locale, org.slug, key.id)}
                    csrf={props.csrf}
                    label={t.t("apiKeys.revoke")}
                    secondary
                  />
                </>
              ),
          },
        ]}
        rows={props.keys}
        empty={<EmptyState title={t.t("apiKeys.none")} />}
      />
      <h2>{t.t("apiKeys.new")}</h2>
      <form method="post" action={toErrors(action)}>
        <Csrf token={props.csrf} />
        <ErrorSummary t={t} errors={errors} labels={labels} />
        <TextField
          t={t}
          name="name"
          label={labels.name}
          hint={t.t("apiKeys.nameHint")}
          value={props.values?.name ?? ""}
          errors={errors}
          required
        />
        <label class="check" for="f-trusted">
          <input type="checkbox" id="f-trusted" name="trusted" value="yes" checked={props.values?.trusted} />
          <span>{t.t("apiKeys.trusted")}</span>
        </label>
        <button type="submit">{t.t("apiKeys.create")}</button>
      </form>
    </AdminLayout>
  );
}
