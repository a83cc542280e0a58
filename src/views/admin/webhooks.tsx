/** An organization's webhooks: the list with the form to add one (and its secret, once), and one webhook's delivery log. */
import type { Translator } from "../../i18n/translator.ts";
import {
  type DeliveryLine,
  defaultWebhookEvents,
  deliveryLogSize,
  type WebhookEvent,
  type WebhookStatus,
  type WebhookSummary,
  webhookEvents,
} from "../../modules/webhooks/webhooks.ts";
import { Csrf, ErrorSummary, type FieldErrorMap, PostButton, TextField, toErrors } from "../form.tsx";
import { paths } from "../paths.ts";
import { AdminLayout, type OrgPageProps } from "./admin-layout.tsx";
import { DataTable, DateTime, EmptyState } from "./patterns.tsx";

function statusLabel(t: Translator, status: WebhookStatus): string {
  return t.t(`webhooks.status.${status}`);
}

const deliverySubject = {
  "signature.confirmed": "webhooks.delivery.signature",
  "comment.approved": "webhooks.delivery.comment",
  "cosponsorship.changed": "webhooks.delivery.cosponsorship",
} as const satisfies Record<WebhookEvent, string>;

/** The events to send, one checkbox each; the first gets the id the error summary links to. */
function EventChoices(props: { t: Translator; chosen: readonly string[]; errors?: FieldErrorMap }) {
  const { t, chosen, errors } = props;
  const error = errors?.events;
  return (
    <fieldset aria-describedby={error ? "f-events-error f-events-hint" : "f-events-hint"}>
      <legend>{t.t("webhooks.events")}</legend>
      <p class="note" id="f-events-hint">
        {t.t("webhooks.eventsHint")}
      </p>
      {error ? (
        <p class="field-error" id="f-events-error">
          {t.t(error.key, error.params)}
        </p>
      ) : null}
      {webhookEvents.map((event, index) => (
        <label class="check" for={index === 0 ? "f-events" : `f-events-${event}`}>
          <input
            type="checkbox"
            id={index === 0 ? "f-events" : `f-events-${event}`}
            name="events"
            value={event}
            checked={chosen.includes(event)}
          />
          <span>{t.t(`webhooks.event.${event}`)}</span>
        </label>
      ))}
    </fieldset>
  );
}

export function WebhooksView(
  props: OrgPageProps & {
    webhooks: WebhookSummary[];
    /** The secret of the webhook just added: shown on this page only. */
    secret?: string;
    errors?: FieldErrorMap;
    url?: string;
    /** The events ticked when the form comes back with errors; else the defaults. */
    events?: readonly string[];
  },
) {
  const { t, org, errors } = props;
  const list = paths.webhooks(t.locale, org.slug);
  return (
    <AdminLayout {...props} title={t.t("webhooks.title")} section="webhooks">
      <h1>{t.t("webhooks.title")}</h1>
      <p>{t.t("webhooks.intro")}</p>
      {props.secret ? (
        <section class="notice" aria-labelledby="secret-title">
          <h2 id="secret-title">{t.t("webhooks.secretTitle")}</h2>
          <p>{t.t("webhooks.secretBody")}</p>
          <label for="webhook-secret">{t.t("webhooks.secret")}</label>
          <input id="webhook-secret" type="text" readOnly spellcheck={false} value={props.secret} />
        </section>
      ) : null}
      <DataTable
        rows={props.webhooks}
        empty={<EmptyState title={t.t("webhooks.none")} />}
        columns={[
          {
            label: t.t("webhooks.url"),
            cell: (webhook) => <a href={paths.webhook(t.locale, org.slug, webhook.id)}>{webhook.url}</a>,
          },
          {
            label: t.t("webhooks.events"),
            cell: (webhook) => webhook.events.map((event) => t.t(`webhooks.event.${event}`)).join(", "),
          },
          { label: t.t("webhooks.status"), cell: (webhook) => statusLabel(t, webhook.status) },
          {
            label: t.t("webhooks.created"),
            cell: (webhook) => <DateTime t={t} iso={webhook.createdAt} timeZone={props.timeZone} />,
          },
        ]}
      />
      <form method="post" action={toErrors(list)}>
        <Csrf token={props.csrf} />
        <ErrorSummary
          t={t}
          errors={errors}
          labels={{ url: t.t("webhooks.url"), events: t.t("webhooks.events") }}
        />
        <TextField
          t={t}
          name="url"
          type="url"
          label={t.t("webhooks.url")}
          hint={t.t("webhooks.urlHint")}
          value={props.url}
          errors={errors}
        />
        <EventChoices t={t} chosen={props.events ?? defaultWebhookEvents} errors={errors} />
        <button type="submit">{t.t("webhooks.create")}</button>
      </form>
    </AdminLayout>
  );
}

export function WebhookView(props: OrgPageProps & { webhook: WebhookSummary; deliveries: DeliveryLine[] }) {
  const { t, org, webhook } = props;
  const title = t.t("webhooks.heading", { url: webhook.url });
  const step = (name: "pause" | "resume" | "delete") =>
    paths.webhookStep(t.locale, org.slug, webhook.id, name);
  return (
    <AdminLayout {...props} title={title} section="webhooks">
      <p>
        <a href={paths.webhooks(t.locale, org.slug)}>{t.t("webhooks.back")}</a>
      </p>
      <h1>{title}</h1>
      <p>
        {t.t("webhooks.status")}: {statusLabel(t, webhook.status)}
        {webhook.failingSince ? (
          <>
            {" · "}
            {t.t("webhooks.failingSince")}{" "}
            <DateTime t={t} iso={webhook.failingSince} timeZone={props.timeZone} />
          </>
        ) : null}
      </p>
      <p>
        {webhook.status === "active" ? (
          <PostButton action={step("pause")} csrf={props.csrf} label={t.t("webhooks.pause")} secondary />
        ) : (
          <PostButton action={step("resume")} csrf={props.csrf} label={t.t("webhooks.resume")} />
        )}{" "}
        <PostButton action={step("delete")} csrf={props.csrf} label={t.t("webhooks.delete")} secondary />
      </p>
      <h2>{t.t("webhooks.deliveries")}</h2>
      <p class="note">{t.t("webhooks.deliveriesHint", { count: deliveryLogSize })}</p>
      <DataTable
        rows={props.deliveries}
        empty={<EmptyState title={t.t("webhooks.deliveriesNone")} />}
        columns={[
          {
            label: t.t("webhooks.delivery.when"),
            cell: (line) => <DateTime t={t} iso={line.createdAt} timeZone={props.timeZone} />,
          },
          {
            label: t.t("webhooks.delivery.what"),
            cell: (line) => t.t(deliverySubject[line.event], { id: line.subjectId }),
          },
          {
            label: t.t("webhooks.delivery.outcome"),
            cell: (line) =>
              line.ok
                ? t.t("webhooks.delivery.ok", { status: line.statusCode ?? 0 })
                : `${t.t("webhooks.delivery.failed")}: ${line.error ?? ""}`,
          },
          {
            label: t.t("webhooks.delivery.duration"),
            cell: (line) => t.t("webhooks.delivery.ms", { ms: line.durationMs }),
          },
          {
            label: t.t("webhooks.sendAgain"),
            cell: (line) => (
              <PostButton
                action={paths.webhookSendAgain(t.locale, org.slug, webhook.id, line.id)}
                csrf={props.csrf}
                label={t.t("webhooks.sendAgain")}
                secondary
              />
            ),
          },
        ]}
      />
    </AdminLayout>
  );
}
