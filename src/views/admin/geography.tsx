/** Where an action's signers are, for its organizers, with the switch that shows it to the public. */
import type { AdminGeography } from "../../modules/geography/geography.service.ts";
import { PostButton } from "../form.tsx";
import { SignersGeographyView } from "../geography.tsx";
import { paths } from "../paths.ts";
import { AdminLayout, type OrgPageProps } from "./admin-layout.tsx";

export function GeographyView(props: OrgPageProps & { page: AdminGeography }) {
  const { t, org, page } = props;
  const { action } = page;
  const title = t.t("geography.heading", { title: action.title });
  const published = action.status !== "draft";
  return (
    <AdminLayout {...props} title={title} section="actions">
      <p>
        <a href={paths.adminAction(t.locale, org.slug, action.id)}>{t.t("geography.back")}</a>
      </p>
      <h1>{title}</h1>
      <section aria-labelledby="public-geography">
        <h2 id="public-geography">{t.t("geography.public.heading")}</h2>
        <p>{page.shownToPublic ? t.t("geography.public.on") : t.t("geography.public.off")}</p>
        {page.shownToPublic && published ? (
          <p>
            <a href={paths.signersMap(t.locale, action.slug)}>{t.t("geography.public.view")}</a>
          </p>
        ) : null}
        {page.canChange ? (
          <PostButton
            action={paths.adminGeography(t.locale, org.slug, action.id)}
            csrf={props.csrf}
            name="show"
            value={page.shownToPublic ? "no" : "yes"}
            label={page.shownToPublic ? t.t("geography.public.hide") : t.t("geography.public.show")}
            secondary={page.shownToPublic}
          />
        ) : null}
      </section>
      <SignersGeographyView t={t} title={action.title} geography={page.geography} />
    </AdminLayout>
  );
}
