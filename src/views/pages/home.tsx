import type { Translator } from "../../i18n/translator.ts";
import type { ActionSummary } from "../../modules/actions/actions.ts";
import { Layout } from "../layout.tsx";
import { paths } from "../paths.ts";

export function HomeView({
  t,
  baseUrl,
  actions,
}: {
  t: Translator;
  baseUrl: string;
  actions: ActionSummary[];
}) {
  return (
    <Layout
      t={t}
      title={t.t("home.title")}
      path={paths.home(t.locale)}
      baseUrl={baseUrl}
      description={t.t("home.intro")}
    >
      <h1>{t.t("home.title")}</h1>
      <p>{t.t("home.intro")}</p>
      {actions.length === 0 ? (
        <p>{t.t("home.empty")}</p>
      ) : (
        <ul class="actions">
          {actions.map((action) => (
            <li>
              <p class="meta">
                <time dateTime={action.actionDate}>{t.date(action.actionDate)}</time>
                {" · "}
                {t.t(`action.type.${action.type}`)}
              </p>
              <h2>
                <a href={paths.action(t.locale, action.slug)}>{action.title}</a>
              </h2>
              <p class="meta">{t.t("home.sponsoredBy", { sponsor: action.sponsorName })}</p>
              <p>{action.summary}</p>
              <p class="meta">
                <strong>{t.t("action.signatures", { count: action.signatureCount })}</strong>
              </p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
