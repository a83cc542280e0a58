/** Delivering an action to its targets: the package to download, the letter to mail, what was delivered. */
import type { MessageKey } from "../../i18n/catalog.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { DeliveryPage } from "../../modules/delivery/delivery.service.ts";
import { Csrf, ErrorSummary, type FieldErrorMap, SelectField, toErrors } from "../form.tsx";
import { paths } from "../paths.ts";
import { AdminLayout, type OrgPageProps } from "./admin-layout.tsx";
import { DataTable, DateTime, EmptyState } from "./patterns.tsx";

export interface DeliveryFormValues {
  target: string;
  language: Locale;
}

export function DeliveryView(
  props: OrgPageProps & {
    page: DeliveryPage;
    canDeliver: boolean;
    values?: DeliveryFormValues;
    errors?: FieldErrorMap;
  },
) {
  const { t, org, page, errors } = props;
  const { action } = page;
  const title = t.t("delivery.heading", { title: action.title });
  const self = paths.adminDelivery(t.locale, org.slug, action.id);
  const methods: Record<string, MessageKey> = {
    email: "delivery.method.email",
    pdf: "delivery.method.pdf",
    csv: "delivery.method.csv",
  };
  const statuses: Record<string, MessageKey> = {
    queued: "delivery.status.queued",
    sent: "delivery.status.sent",
    done: "delivery.status.done",
  };
  return (
    <AdminLayout {...props} title={title} section="actions">
      <p>
        <a href={paths.adminAction(t.locale, org.slug, action.id)}>{t.t("geography.back")}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors} labels={{ target: t.t("delivery.target") }} />
      <p>{t.t("delivery.intro")}</p>
      <p>{t.t("delivery.count", { count: page.count })}</p>
      {!page.deliverable ? (
        <p role="status">{t.t("delivery.notReady.body")}</p>
      ) : props.canDeliver ? (
        <>
          <section aria-labelledby="download">
            <h2 id="download">{t.t("delivery.download")}</h2>
            <ul>
              <li>
                <a href={paths.deliveryPdf(t.locale, org.slug, action.id)}>{t.t("delivery.downloadPdf")}</a>
              </li>
              <li>
                <a href={paths.deliveryCsv(t.locale, org.slug, action.id)}>{t.t("delivery.downloadCsv")}</a>
              </li>
            </ul>
          </section>
          <section aria-labelledby="send">
            <h2 id="send">{t.t("delivery.targets")}</h2>
            {page.targets.length === 0 ? (
              <EmptyState title={t.t("delivery.noTargets")}>
                <p>
                  <a href={paths.editAction(t.locale, org.slug, action.id)}>{t.t("delivery.edit")}</a>
                </p>
              </EmptyState>
            ) : (
              <form method="post" action={toErrors(self)}>
                <Csrf token={props.csrf} />
                <SelectField
                  t={t}
                  name="target"
                  label={t.t("delivery.target")}
                  value={props.values?.target ?? ""}
                  errors={errors}
                  options={page.targets.map((target) => ({
                    value: String(target.index),
                    label: `${target.name} (${target.email || t.t("delivery.noEmail")})`,
                  }))}
                />
                <SelectField
                  t={t}
                  name="language"
                  label={t.t("delivery.language")}
                  value={props.values?.language ?? t.locale}
                  options={[
                    { value: "en", label: t.t("editor.english") },
                    { value: "es", label: t.t("editor.spanish") },
                  ]}
                />
                <button type="submit">{t.t("delivery.send")}</button>
              </form>
            )}
          </section>
        </>
      ) : null}
      <section aria-labelledby="history">
        <h2 id="history">{t.t("delivery.history")}</h2>
        <DataTable
          rows={page.deliveries}
          empty={<EmptyState title={t.t("delivery.history.empty")} />}
          columns={[
            {
              label: t.t("delivery.history.when"),
              cell: (d) => <DateTime t={t} iso={d.sentAt ?? d.createdAt} timeZone={props.timeZone} />,
            },
            { label: t.t("delivery.history.who"), cell: (d) => d.accountName ?? t.t("delivery.someone") },
            {
              label: t.t("delivery.history.to"),
              cell: (d) => (d.targetEmail ? `${d.targetName} <${d.targetEmail}>` : d.targetName),
            },
            { label: t.t("delivery.history.how"), cell: (d) => t.t(methods[d.method]!) },
            { label: t.t("delivery.history.signatures"), cell: (d) => t.number(d.signatureCount) },
            { label: t.t("delivery.history.status"), cell: (d) => t.t(statuses[d.status]!) },
          ]}
        />
      </section>
    </AdminLayout>
  );
}
