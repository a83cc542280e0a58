import type { Translator } from "../../i18n/translator.ts";
import { Layout } from "../layout.tsx";
import { paths } from "../paths.ts";
import { ShareSection } from "./thanks.tsx";

interface ConfirmProps {
  t: Translator;
  baseUrl: string;
  slug: string;
  title: string;
  token: string;
}

/** A GET shows this button; only the POST confirms, so mail scanners that follow links confirm nothing. */
export function ConfirmView({ t, baseUrl, slug, title, token }: ConfirmProps) {
  const path = paths.confirm(t.locale, slug, token);
  return (
    <Layout t={t} title={t.t("confirm.title")} path={path} baseUrl={baseUrl} noindex>
      <h1>{t.t("confirm.title")}</h1>
      <p>{t.t("confirm.body", { title })}</p>
      <form method="post" action={path}>
        <button type="submit">{t.t("confirm.button")}</button>
      </form>
    </Layout>
  );
}

export function ConfirmedView({ t, baseUrl, slug, title }: Omit<ConfirmProps, "token">) {
  return (
    <Layout
      t={t}
      title={t.t("confirmed.title")}
      path={paths.confirmed(t.locale, slug)}
      baseUrl={baseUrl}
      noindex
    >
      <h1>{t.t("confirmed.title")}</h1>
      <p role="status">{t.t("confirmed.body", { title })}</p>
      <ShareSection t={t} title={title} url={baseUrl + paths.action(t.locale, slug)} />
      <p>
        <a href={paths.action(t.locale, slug)}>{title}</a>
      </p>
    </Layout>
  );
}
