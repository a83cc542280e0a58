/** An action's short links and their QR codes, and the click statistics (also for the dashboard). */
import type { Translator } from "../../i18n/translator.ts";
import type { ActionHeading } from "../../modules/actions/actions.ts";
import type { ClickStats, ShortLinkItem } from "../../modules/shortlinks/shortlinks.service.ts";
import { slugLength } from "../../modules/shortlinks/shortlinks.ts";
import { Csrf, ErrorSummary, type FieldErrorMap, PostButton, TextField, toErrors } from "../form.tsx";
import { paths } from "../paths.ts";
import { AdminLayout, type OrgPageProps } from "./admin-layout.tsx";
import { DayChart } from "./chart.tsx";
import { DataTable, EmptyState } from "./patterns.tsx";

export function ShortLinksView(
  props: OrgPageProps & {
    action: ActionHeading;
    links: ShortLinkItem[];
    stats: ClickStats;
    /** The full address of a slug (BASE_URL/slug). */
    addressOf: (slug: string) => string;
    canEdit: boolean;
    errors?: FieldErrorMap;
    values?: { slug: string; source: string };
  },
) {
  const { t, org, action, errors, values } = props;
  const title = t.t("shortlinks.heading", { title: action.title });
  const qrLink = (link: ShortLinkItem, format: "svg" | "png") => (
    <a
      href={paths.shortLinkQr(t.locale, org.slug, action.id, link.id, format)}
      download={`${link.slug}-qr.${format}`}
      aria-label={`${t.t("shortlinks.qrOf", { address: props.addressOf(link.slug) })} (${format.toUpperCase()})`}
    >
      {t.t(format === "svg" ? "shortlinks.qrSvg" : "shortlinks.qrPng")}
    </a>
  );
  const columns = [
    {
      label: t.t("shortlinks.address"),
      cell: (link: ShortLinkItem) => <a href={props.addressOf(link.slug)}>{props.addressOf(link.slug)}</a>,
    },
    { label: t.t("shortlinks.source"), cell: (link: ShortLinkItem) => link.source ?? "—" },
    { label: t.t("shortlinks.clicks"), cell: (link: ShortLinkItem) => t.number(link.clicks) },
    {
      label: t.t("shortlinks.qr"),
      cell: (link: ShortLinkItem) => (
        <>
          {qrLink(link, "svg")} · {qrLink(link, "png")}
        </>
      ),
    },
  ];
  if (props.canEdit) {
    columns.push({
      label: t.t("shortlinks.delete"),
      cell: (link: ShortLinkItem) => (
        <PostButton
          action={paths.deleteShortLink(t.locale, org.slug, action.id, link.id)}
          csrf={props.csrf}
          label={t.t("shortlinks.delete")}
          secondary
        />
      ),
    });
  }
  return (
    <AdminLayout {...props} title={title} section="actions">
      <p>
        <a href={paths.adminAction(t.locale, org.slug, action.id)}>{t.t("shortlinks.back")}</a>
      </p>
      <h1>{title}</h1>
      <p>{t.t("shortlinks.intro", { example: props.addressOf("optoutnow") })}</p>
      <DataTable
        rows={props.links}
        columns={columns}
        empty={
          <EmptyState title={t.t("shortlinks.empty.title")}>
            <p>{t.t(props.canEdit ? "shortlinks.empty.create" : "shortlinks.empty.wait")}</p>
          </EmptyState>
        }
      />
      {props.canEdit ? (
        <>
          <h2>{t.t("shortlinks.new")}</h2>
          <ErrorSummary
            t={t}
            errors={errors}
            labels={{ slug: t.t("shortlinks.slug"), source: t.t("shortlinks.source") }}
          />
          <form method="post" action={toErrors(paths.shortLinks(t.locale, org.slug, action.id))}>
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
      ) : null}
      <h2>{t.t("clicks.title")}</h2>
      <ClickStatistics t={t} stats={props.stats} />
    </AdminLayout>
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
