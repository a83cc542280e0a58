import type { MessageKey } from "../../i18n/catalog.ts";
import type { Translator } from "../../i18n/translator.ts";
import { Layout } from "../layout.tsx";
import { paths } from "../paths.ts";

export function ErrorView(props: {
  t: Translator;
  baseUrl: string;
  path: string;
  title: MessageKey;
  body: MessageKey;
}) {
  const { t } = props;
  return (
    <Layout t={t} title={t.t(props.title)} path={props.path} baseUrl={props.baseUrl} noindex>
      <h1>{t.t(props.title)}</h1>
      <p>{t.t(props.body)}</p>
      <p>
        <a href={paths.home(t.locale)}>{t.t("error.home")}</a>
      </p>
    </Layout>
  );
}
