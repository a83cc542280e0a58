import type { ComponentChildren } from "preact";
import type { Translator } from "../../i18n/translator.ts";
import { adminCss } from "../admin-styles.ts";
import { PostButton } from "../form.tsx";
import { Layout } from "../layout.tsx";
import { paths } from "../paths.ts";

/** The organization an admin page belongs to, and which of its sections the actor may open. */
export interface OrganizationNav {
  slug: string;
  name: string;
  canManage: boolean;
}

export type AdminSection = "actions" | "cosponsoring" | "members" | "profile" | "audit" | "api" | "webhooks";

/** What every organizer page receives from the organizer plugin (`organizerPage`). */
export interface AdminPageProps {
  t: Translator;
  baseUrl: string;
  path: string;
  csrf: string;
  account: { name: string } | null;
  /** The notice left by the change that led to this page, announced once. */
  notice?: string | null;
  /** Organizations the account belongs to, for the switcher. */
  organizations?: readonly { slug: string; name: string }[];
  /** The organization being worked on, when the page belongs to one. */
  org?: OrganizationNav;
  /** Times on the page are shown in this zone (the organization's; UTC elsewhere). */
  timeZone: string;
}

/** A page that belongs to one organization. */
export type OrgPageProps = AdminPageProps & { org: OrganizationNav };

/**
 * Organizer pages: full width for tables, a bar with the account and the organization switcher,
 * the organization's sections, and the notice of what just happened.
 */
export function AdminLayout(
  props: AdminPageProps & { title: string; section?: AdminSection; children: ComponentChildren },
) {
  const { t, org } = props;
  return (
    <Layout t={t} title={props.title} path={props.path} baseUrl={props.baseUrl} noindex extraCss={adminCss}>
      {props.account ? (
        <nav class="admin account-bar" aria-label={t.t("admin.nav")}>
          <a href={paths.admin(t.locale)}>{t.t("admin.organizations")}</a>
          <OrganizationSwitcher t={t} current={org} organizations={props.organizations ?? []} />
          <a href={paths.account(t.locale)}>{t.t("account.signedInAs", { name: props.account.name })}</a>
          <PostButton
            action={paths.logout(t.locale)}
            csrf={props.csrf}
            label={t.t("account.signOut")}
            secondary
          />
        </nav>
      ) : null}
      {org ? <OrganizationSections t={t} org={org} section={props.section} /> : null}
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.children}
    </Layout>
  );
}

/** A menu of the account's organizations; a <details> element, so it opens without JavaScript. */
function OrganizationSwitcher(props: {
  t: Translator;
  current?: OrganizationNav;
  organizations: readonly { slug: string; name: string }[];
}) {
  const { t } = props;
  const others = props.organizations.filter((o) => o.slug !== props.current?.slug);
  if (others.length === 0) return null;
  return (
    <details class="switcher">
      <summary>{t.t("admin.switchOrganization")}</summary>
      <ul>
        {others.map((o) => (
          <li>
            <a href={paths.organization(t.locale, o.slug)}>{o.name}</a>
          </li>
        ))}
      </ul>
    </details>
  );
}

function OrganizationSections(props: { t: Translator; org: OrganizationNav; section?: AdminSection }) {
  const { t, org } = props;
  const links: { section: AdminSection; href: string; label: string }[] = [
    { section: "actions", href: paths.organization(t.locale, org.slug), label: t.t("organization.actions") },
    {
      section: "cosponsoring",
      href: paths.cosponsoring(t.locale, org.slug),
      label: t.t("cosponsoring.title"),
    },
  ];
  if (org.canManage) {
    links.push(
      { section: "members", href: paths.members(t.locale, org.slug), label: t.t("members.title") },
      {
        section: "profile",
        href: paths.organizationProfile(t.locale, org.slug),
        label: t.t("organization.profile"),
      },
      { section: "audit", href: paths.auditLog(t.locale, org.slug), label: t.t("audit.title") },
      { section: "api", href: paths.apiKeys(t.locale, org.slug), label: t.t("apiKeys.title") },
      { section: "webhooks", href: paths.webhooks(t.locale, org.slug), label: t.t("webhooks.title") },
    );
  }
  return (
    <nav class="admin sections" aria-label={t.t("organization.nav")}>
      <span class="org-name">{org.name}</span>
      {links.map((link) => (
        <a href={link.href} aria-current={link.section === props.section ? "page" : undefined}>
          {link.label}
        </a>
      ))}
    </nav>
  );
}
