/**
 * The building blocks every organizer page uses: the confirmation step, empty states, tables that
 * stack on a phone, and times in the organization's time zone.
 */
import type { ComponentChildren } from "preact";
import type { Translator } from "../../i18n/translator.ts";
import { Csrf } from "../form.tsx";
import { AdminLayout, type AdminPageProps } from "./admin-layout.tsx";

/** What a confirmation page asks, and where "Cancel" goes back to. */
export interface ConfirmQuestion {
  title: string;
  /** Says what will happen, in words the organizer can check (names, counts). */
  body: string;
  confirmLabel: string;
  cancelHref: string;
  /** Whether it can be undone afterwards; said on the page. */
  undoable?: boolean;
}

/**
 * Asks before a destructive change. The same form is posted again with confirm=yes, so it works
 * the same with or without JavaScript.
 */
export function ConfirmView(
  props: AdminPageProps & { question: ConfirmQuestion; action: string; fields: Record<string, string> },
) {
  const { t, question } = props;
  return (
    <AdminLayout {...props} title={question.title}>
      <h1>{question.title}</h1>
      <p>{question.body}</p>
      <p class="note">{t.t(question.undoable ? "confirm.undoable" : "confirm.permanent")}</p>
      <form method="post" action={props.action}>
        <Csrf token={props.csrf} />
        {Object.entries(props.fields).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" class="danger">
          {question.confirmLabel}
        </button>{" "}
        <a href={question.cancelHref}>{t.t("confirm.cancel")}</a>
      </form>
    </AdminLayout>
  );
}

/** What an empty list says instead of a blank table: what it means and what to do next. */
export function EmptyState(props: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <p>
        <strong>{props.title}</strong>
      </p>
      {props.children}
    </div>
  );
}

export interface Column<Row> {
  label: string;
  cell: (row: Row) => ComponentChildren;
}

/**
 * A table that stays a table on a desktop and becomes one card per row on a phone, each value
 * labelled: nothing hidden behind a sideways scroll.
 */
export function DataTable<Row>(props: { caption?: string; columns: Column<Row>[]; rows: Row[] }) {
  return (
    <table class="data">
      {props.caption ? <caption>{props.caption}</caption> : null}
      <thead>
        <tr>
          {props.columns.map((column) => (
            <th scope="col">{column.label}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr>
            {props.columns.map((column) => (
              <td data-label={column.label}>{column.cell(row)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** Formats an instant in a time zone, naming the zone ("Dec 1, 2026, 9:03 AM PST"). */
export function formatInstant(t: Translator, iso: string, timeZone: string): string {
  const key = `${t.locale} ${timeZone}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(t.locale, {
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "numeric",
      minute: "2-digit",
      timeZone,
      timeZoneName: "short",
    });
    timeFormats.set(key, format);
  }
  return format.format(new Date(iso));
}

/** An instant shown in the organization's time zone; the machine-readable value stays ISO 8601. */
export function DateTime(props: { t: Translator; iso: string; timeZone: string }) {
  return <time dateTime={props.iso}>{formatInstant(props.t, props.iso, props.timeZone)}</time>;
}
