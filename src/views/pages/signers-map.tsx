/** The public page of where an action's signers are, when its sponsor shows it. */
import type { Translator } from "../../i18n/translator.ts";
import type { SignersGeography } from "../../modules/geography/geography.ts";
import { SignersGeographyView } from "../geography.tsx";
import { Layout } from "../layout.tsx";
import { paths } from "../paths.ts";

export function SignersMapView(props: {
  t: Translator;
  baseUrl: string;
  slug: string;
  title: string;
  geography: SignersGeography;
}) {
  const { t, slug, title } = props;
  const heading = t.t("geography.heading", { title });
  return (
    <Layout t={t} title={heading} path={paths.signersMap(t.locale, slug)} baseUrl={props.baseUrl}>
      <p>
        <a href={paths.action(t.locale, slug)}>{title}</a>
      </p>
      <h1>{heading}</h1>
      <SignersGeographyView t={t} title={title} geography={props.geography} />
    </Layout>
  );
}
