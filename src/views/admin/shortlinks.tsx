/** An action's short links and their QR codes, and the click statistics (also for the dashboard). */
import type { ComponentChildren } from "preact";
import type { Translator } from "../../i18n/translator.ts";
import type { ActionHeading } from "../../modules/actions/actions.ts";
import type { ClickStats, ShortLinkItem } from "../../modules/shortlinks/shortlinks.service.ts";
import { type ShortLinkFormValues, slugLength } from "../../modules/shortlinks/shortlinks.ts";
import { Csrf, ErrorSummary, type FieldErrorMap, PostButton, TextField, toErrors } from "../form.tsx";
import { paths } from "../paths.ts";
import { AdminLayout, type OrgPageProps } from "./admin-layout.tsx";
import { DayChart } from "./chart.tsx";
import { type Column, DataTable, EmptyState } from "./patterns.tsx";

export function ShortLinksView(
  props: OrgPageProps & {
    action: ActionHeading;
    links: ShortLinkItem[];
    stats: ClickStats;
    /** The full address of a slug (BASE_URL/slug). */
    addressOf: (slug: string) => string;
    canEdit: boolean;
    errors?: FieldErrorMap;
    values?: ShortLinkFormValues;
  },
) {
  const { t, org, action } = props;
  const title = t.t("shortlinks.heading", { title: action.title });
  return (
    <AdminLayout {...props} title={title} section="actions">
      <p>
        <a href={paths.adminAction(t.locale, org.slug, action.id)}>{t.t("shortlinks.back")}</a>
      </p>
      <h1>{title}</h1>
      <p>{t.t("shortlinks.intro", { example: props.addressOf("optoutnow") })}</p>
      <p>
        <a href={paths.partners(t.locale, org.slug, action.id)}>{t.t("partners.elsewhere")}</a>
      </p>
      <ShortLinkTable
        t={t}
        csrf={props.csrf}
        links={props.links}
        addressOf={props.addressOf}
        qrHref={(link, format) => paths.shortLinkQr(t.locale, org.slug, action.id, link.id, format)}
        deleteHref={
          props.canEdit ? (link) => paths.deleteShortLink(t.locale, org.slug, action.id, link.id) : undefined
        }
        empty={
          <EmptyState title={t.t("shortlinks.empty.title")}>
            <p>{t.t(props.canEdit ? "shortlinks.empty.create" : "shortlinks.empty.wait")}</p>
          </EmptyState>
        }
      />
      {props.canEdit ? (
        <ShortLinkForm
          {...props}
          action={paths.shortLinks(t.locale, org.slug, action.id)}
          errors={props.errors}
          values={props.values}
        />
      ) : null}
      <h2>{t.t("clicks.title")}</h2>
      <ClickStatistics t={t} stats={props.stats} />
    </AdminLayout>
  );
}

/**
 * A list of short links with their clicks and QR downloads, and a delete button each when
 * `deleteHref` is given: the sponsor's page and a partner's page show their own links with it.
 */
export function ShortLinkTable(props: {
  t: Translator;
  csrf: string;
  links: ShortLinkItem[];
  addressOf: (slug: string) => string;
  qrHref: (link: ShortLinkItem, format: "svg" | "png") => string;
  deleteHref?: (link: ShortLinkItem) => string;
  empty: ComponentChildren;
}) {
  const { t, addressOf, deleteHref } = props;
  const qrLink = (link: ShortLinkItem, format: "svg" | "png") => (
    <a
      href={props.qrHref(link, format)}
      download={`${link.slug}-qr.${format}`}
      aria-label={`${t.t("shortlinks.qrOf", { address: addressOf(link.slug) })} (${format.toUpperCase()})`}
    >
      {t.t(format === "svg" ? "shortlinks.qrSvg" : "shortlinks.qrPng")}
    </a>
  );
  const columns: Column<ShortLinkItem>[] = [
    {
      label: t.t("shortlinks.address"),
      cell: (link) => <a href={addressOf(link.slug)}>{addressOf(link.slug)}</a>,
    },
    { label: t.t("shortlinks.source"), cell: (link) => link.source ?? "—" },
    { label: t.t("shortlinks.clicks"), cell: (link) => t.number(link.clicks) },
    {
      label: t.t("shortlinks.qr"),
      cell: (link) => (
        <>
          {qrLink(link, "svg")} · {qrLink(link, "png")}
        </>
      ),
    },
  ];
  if (deleteHref) {
    columns.push({
      label: t.t("shortlinks.delete"),
      cell: (link) => (
        <PostButton action={deleteHref(link)} csrf={props.csrf} label={t.t("shortlinks.delete")} secondary />
      ),
    });
  }
  return <DataTable rows={props.links} columns={columns} empty={props.empty} />;
}

/** The form that makes a short link, with its error summary; `action` is where it posts. */
export function ShortLinkForm(props: {
  t: Translator;
  csrf: string;
  baseUrl: string;
  action: string;
  errors?: FieldErrorMap;
  values?: ShortLinkFormValues;
}) {
  const { t, errors, values } = props;
  return (
    <>
      <h2>{t.t("shortlinks.new")}</h2>
      <ErrorSummary
        t={t}
        errors={errors}
        labels={{ slug: t.t("shortlinks.slug"), source: t.t("shortlinks.source") }}
      />
      <form method="post" action={toErrors(props.action)}>
        <Csrf token={props.csrf} />
        <TextField
          t={t}
          name="slug"
          label={t.t("shortlinks.slug")}
          hint={t.t("shortlinks.slugHint", { ...slugLength, base: props.baseUrl })}
          value={values?.slug}
          errors={errors}
          required
        />
        <TextField
          t={t}
          name="source"
          label={t.t("shortlinks.source")}
          hint={t.t("shortlinks.sourceHint")}
          value={values?.source}
          errors={errors}
        />
        <button type="submit">{t.t("shortlinks.create")}</button>
      </form>
    </>
  );
}

/**
 * Everything the click statistics show: the total, the chart of clicks per day, and the tables
 * of referring sites and devices; an empty state until the first click. The action dashboard
 * places it next to the signatures (`ctx.shortlinks.clickStats(access, actionId)` gives `stats`).
 */
export function ClickStatistics({ t, stats }: { t: Translator; stats: ClickStats }) {
  if (stats.total === 0) {
    return (
      <EmptyState title={t.t("clicks.empty.title")}>
        <p>{t.t("clicks.empty.body")}</p>
      </EmptyState>
    );
  }
  return (
    <section aria-label={t.t("clicks.title")}>
      <p>
        <strong>{t.t("clicks.total", { count: stats.total })}</strong>
      </p>
      <DayChart
        t={t}
        id="click-chart-title"
        summary={t.t("clicks.chartSummary", { count: stats.perDay.length })}
        days={stats.perDay}
        labels={{ table: t.t("clicks.perDay"), day: t.t("clicks.day"), count: t.t("shortlinks.clicks") }}
      />
      <h3>{t.t("clicks.hosts")}</h3>
      <DataTable
        rows={stats.hosts}
        columns={[
          { label: t.t("clicks.host"), cell: (row) => row.host ?? t.t("clicks.noHost") },
          { label: t.t("shortlinks.clicks"), cell: (row) => t.number(row.count) },
        ]}
      />
      <h3>{t.t("clicks.devices")}</h3>
      <DataTable
        rows={stats.devices}
        columns={[
          { label: t.t("clicks.device"), cell: (row) => t.t(`clicks.device.${row.device}`) },
          { label: t.t("shortlinks.clicks"), cell: (row) => t.number(row.count) },
        ]}
      />
      <p class="note">{t.t("clicks.privacy")}</p>
    </section>
  );
}
