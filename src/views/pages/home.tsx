import type { Translator } from "../../i18n/translator.ts";
import { type ActionSummary, countsSignatures } from "../../modules/actions/actions.ts";
import { Layout } from "../layout.tsx";
import { paths } from "../paths.ts";

/** The list of actions; `heading` is one level below the section the list sits in. */
function ActionList({
  t,
  actions,
  heading,
}: {
  t: Translator;
  actions: ActionSummary[];
  heading: "h2" | "h3";
}) {
  const Heading = heading;
  return (
    <ul class="actions">
      {actions.map((action) => (
        <li>
          <p class="meta">
            <time dateTime={action.actionDate}>{t.date(action.actionDate)}</time>
            {" · "}
            {t.t(`action.type.${action.type}`)}
          </p>
          <Heading>
            <a href={paths.action(t.locale, action.slug)}>{action.title}</a>
          </Heading>
          <p class="meta">{t.t("home.sponsoredBy", { sponsor: action.sponsorName })}</p>
          <p>{action.summary}</p>
          {countsSignatures(action) ? (
            <p class="meta">
              <strong>{t.t("action.signatures", { count: action.signatureCount })}</strong>
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** Open actions first, under "Take action"; closed ones in a section of their own. */
export function HomeView({
  t,
  baseUrl,
  actions,
}: {
  t: Translator;
  baseUrl: string;
  actions: ActionSummary[];
}) {
  const open = actions.filter((action) => action.status === "published");
  const closed = actions.filter((action) => action.status === "closed");
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
      {open.length === 0 ? <p>{t.t("home.empty")}</p> : <ActionList t={t} actions={open} heading="h2" />}
      {closed.length > 0 ? (
        <section aria-labelledby="closed">
          <h2 id="closed">{t.t("home.closed")}</h2>
          <p>{t.t("home.closedIntro")}</p>
          <ActionList t={t} actions={closed} heading="h3" />
        </section>
      ) : null}
    </Layout>
  );
}
