import type { ComponentChildren } from "preact";
import type { Translator } from "../../i18n/translator.ts";
import { adminCss } from "../admin-styles.ts";
import { PostButton } from "../form.tsx";
import { Layout } from "../layout.tsx";
import { paths } from "../paths.ts";

export interface AdminPageProps {
  t: Translator;
  baseUrl: string;
  path: string;
  csrf: string;
  account: { name: string } | null;
}

/** Organizer pages: the public layout plus the organizer stylesheet and an account bar. */
export function AdminLayout(props: AdminPageProps & { title: string; children: ComponentChildren }) {
  const { t } = props;
  return (
    <Layout t={t} title={props.title} path={props.path} baseUrl={props.baseUrl} noindex extraCss={adminCss}>
      {props.account ? (
        <nav class="admin" aria-label={t.t("admin.nav")}>
          <a href={paths.admin(t.locale)}>{t.t("admin.organizations")}</a>
          <a href={paths.account(t.locale)}>{t.t("account.signedInAs", { name: props.account.name })}</a>
          <PostButton
            action={paths.logout(t.locale)}
            csrf={props.csrf}
            label={t.t("account.signOut")}
            secondary
          />
        </nav>
      ) : null}
      {props.children}
    </Layout>
  );
}
