/**
 * Partners: a co-sponsor's own page of an action it co-sponsors (referral links, short links,
 * numbers), its list of the signers who chose to share with it, and the sponsor's leaderboard.
 */
import type { MessageKey } from "../../i18n/catalog.ts";
import type { Translator } from "../../i18n/translator.ts";
import type { PartneredAction } from "../../modules/partners/partners.service.ts";
import type { LeaderboardRow, PartnerNumbers, PartnerSigner } from "../../modules/partners/partners.ts";
import type { ShortLinkItem } from "../../modules/shortlinks/shortlinks.service.ts";
import type { ShortLinkFormValues } from "../../modules/shortlinks/shortlinks.ts";
import type { FieldErrorMap } from "../form.tsx";
import { paths } from "../paths.ts";
import { AdminLayout, type OrgPageProps } from "./admin-layout.tsx";
import { type Column, DataTable, DateTime, EmptyState } from "./patterns.tsx";
import { ShortLinkForm, ShortLinkTable } from "./shortlinks.tsx";

/** The columns of a partner's CSV export of its consenting signers, as message keys. */
export const partnerCsvColumns = [
  "field.name",
  "field.email",
  "sign.postalCode",
  "signatures.status",
  "signatures.date",
  "signatures.confirmedAt",
] as const satisfies readonly MessageKey[];

const percentFormats = new Map<string, Intl.NumberFormat>();

/** Conversion as a percentage in the reader's language ("12.5%", "12,5 %"); "—" without clicks. */
export function conversionText(t: Translator, conversion: number | null): string {
  if (conversion === null) return "—";
  let format = percentFormats.get(t.locale);
  if (!format) {
    format = new Intl.NumberFormat(t.locale, { style: "percent", maximumFractionDigits: 1 });
    percentFormats.set(t.locale, format);
  }
  return format.format(conversion);
}

export function PartnerView(
  props: OrgPageProps & {
    action: PartneredAction;
    referralLinks: { locale: "en" | "es"; href: string }[];
    links: ShortLinkItem[];
    numbers: PartnerNumbers;
    addressOf: (slug: string) => string;
    canEdit: boolean;
    canViewSigners: boolean;
    errors?: FieldErrorMap;
    values?: ShortLinkFormValues;
  },
) {
  const { t, org, action, numbers } = props;
  const title = t.t("partner.heading", { title: action.title });
  return (
    <AdminLayout {...props} title={title} section="cosponsoring">
      <p>
        <a href={paths.cosponsoring(t.locale, org.slug)}>{t.t("partner.back")}</a>
      </p>
      <h1>{title}</h1>
      <p>{t.t("partner.intro", { sponsor: action.sponsorName, name: org.name })}</p>
      <section aria-labelledby="numbers">
        <h2 id="numbers">{t.t("partner.numbers")}</h2>
        <ul>
          <li>{t.t("partner.clicks", { count: numbers.clicks })}</li>
          <li>
            {t.t("partner.signatures", { count: numbers.signatures })},{" "}
            {t.t("partner.confirmed", { count: numbers.confirmed })}
          </li>
          <li>
            {t.t("partners.conversion")}: {conversionText(t, numbers.conversion)}
          </li>
        </ul>
        {props.canViewSigners ? (
          <p>
            <a href={paths.partnerSigners(t.locale, org.slug, action.id)}>
              {t.t("partner.signers.link", { name: org.name })}
            </a>
          </p>
        ) : null}
      </section>
      <section aria-labelledby="referral">
        <h2 id="referral">{t.t("partner.referral.heading")}</h2>
        <p>{t.t("partner.referral.hint", { code: org.slug })}</p>
        <ul>
          {props.referralLinks.map((link) => (
            <li lang={link.locale}>
              {t.t(`partner.referral.${link.locale}`)}: <a href={link.href}>{link.href}</a>
            </li>
          ))}
        </ul>
        <p>
          <a href={paths.adminWidget(t.locale, org.slug, action.id)}>{t.t("widgets.onYourSite")}</a>
        </p>
      </section>
      <section aria-labelledby="links">
        <h2 id="links">{t.t("partner.links.heading")}</h2>
        <p>{t.t("partner.links.intro", { example: props.addressOf(`${org.slug}-now`) })}</p>
        <ShortLinkTable
          t={t}
          csrf={props.csrf}
          links={props.links}
          addressOf={props.addressOf}
          qrHref={(link, format) => paths.partnerLinkQr(t.locale, org.slug, action.id, link.id, format)}
          deleteHref={
            props.canEdit
              ? (link) => paths.deletePartnerLink(t.locale, org.slug, action.id, link.id)
              : undefined
          }
          empty={<EmptyState title={t.t("partner.links.empty")} />}
        />
        {props.canEdit ? (
          <ShortLinkForm
            {...props}
            action={paths.partnerLinks(t.locale, org.slug, action.id)}
            errors={props.errors}
            values={props.values}
          />
        ) : null}
      </section>
    </AdminLayout>
  );
}

export function PartnerSignersView(
  props: OrgPageProps & {
    action: PartneredAction;
    rows: PartnerSigner[];
    total: number;
    page: number;
    pageSize: number;
    canExport: boolean;
  },
) {
  const { t, org, action } = props;
  const title = t.t("partner.signers.heading", { name: org.name });
  const base = paths.partnerSigners(t.locale, org.slug, action.id);
  const lastPage = Math.max(1, Math.ceil(props.total / props.pageSize));
  const columns: Column<PartnerSigner>[] = [
    { label: t.t("field.name"), cell: (row) => row.name },
    { label: t.t("field.email"), cell: (row) => row.email },
    { label: t.t("sign.postalCode"), cell: (row) => row.postalCode },
    { label: t.t("signatures.status"), cell: (row) => t.t(`signatures.${row.status}`) },
    {
      label: t.t("signatures.date"),
      cell: (row) => <DateTime t={t} iso={row.createdAt} timeZone={props.timeZone} />,
    },
    {
      label: t.t("signatures.confirmedAt"),
      cell: (row) =>
        row.confirmedAt ? <DateTime t={t} iso={row.confirmedAt} timeZone={props.timeZone} /> : "—",
    },
  ];
  return (
    <AdminLayout {...props} title={title} section="cosponsoring">
      <p>
        <a href={paths.partnerAction(t.locale, org.slug, action.id)}>{t.t("partner.signers.back")}</a>
      </p>
      <h1>{title}</h1>
      <p>{action.title}</p>
      <p>{t.t("partner.signers.intro", { name: org.name })}</p>
      {props.total === 0 ? (
        <EmptyState title={t.t("partner.signers.empty.title", { name: org.name })}>
          <p>{t.t("partner.signers.empty.body")}</p>
        </EmptyState>
      ) : (
        <>
          {props.canExport ? (
            <p>
              <a href={paths.partnerSignersCsv(t.locale, org.slug, action.id)}>
                {t.t("partner.signers.export")}
              </a>
            </p>
          ) : null}
          <p role="status">{t.t("partner.signers.count", { count: props.total })}</p>
          <DataTable columns={columns} rows={props.rows} />
          <nav class="pager" aria-label={t.t("signatures.pages")}>
            {props.page > 1 ? (
              <a href={`${base}?page=${props.page - 1}`}>{t.t("signatures.previous")}</a>
            ) : null}
            <span>{t.t("signatures.pageOf", { page: props.page, pages: lastPage })}</span>
            {props.page < lastPage ? (
              <a href={`${base}?page=${props.page + 1}`}>{t.t("signatures.next")}</a>
            ) : null}
          </nav>
        </>
      )}
    </AdminLayout>
  );
}

export function LeaderboardView(
  props: OrgPageProps & { action: { id: number; title: string }; rows: LeaderboardRow[] },
) {
  const { t, org, action } = props;
  const title = t.t("partners.heading", { title: action.title });
  const hasPartners = props.rows.some((row) => row.partner !== null);
  return (
    <AdminLayout {...props} title={title} section="actions">
      <p>
        <a href={paths.adminAction(t.locale, org.slug, action.id)}>{t.t("partners.back")}</a>
      </p>
      <h1>{title}</h1>
      <p>{t.t("partners.intro")}</p>
      {hasPartners ? null : (
        <EmptyState title={t.t("partners.none")}>
          <p>
            <a href={paths.cosponsors(t.locale, org.slug, action.id)}>{t.t("partners.cosponsorsLink")}</a>
          </p>
        </EmptyState>
      )}
      <DataTable
        caption={t.t("partners.title")}
        rows={props.rows}
        columns={[
          { label: t.t("partners.partner"), cell: (row) => row.partner?.name ?? t.t("partners.noPartner") },
          { label: t.t("shortlinks.clicks"), cell: (row) => t.number(row.clicks) },
          { label: t.t("partners.signatures"), cell: (row) => t.number(row.signatures) },
          { label: t.t("partners.confirmed"), cell: (row) => t.number(row.confirmed) },
          { label: t.t("partners.conversion"), cell: (row) => conversionText(t, row.conversion) },
        ]}
      />
    </AdminLayout>
  );
}
