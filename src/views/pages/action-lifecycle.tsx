/** What an action page says about its goal, its end and, once closed, its outcome. */
import type { Translator } from "../../i18n/translator.ts";
import type { ActionPage } from "../../modules/actions/actions.ts";
import { goalReached } from "../../modules/actions/lifecycle.ts";

/**
 * The count sentence above the progress bar: it says when the goal is reached. A per-request
 * slot of the cached page (action-page-cache.ts), so it follows every confirmation.
 */
export function countSentence(t: Translator, action: Pick<ActionPage, "signatureCount" | "goal">): string {
  const count = action.signatureCount;
  return t.t(goalReached(count, action.goal) ? "action.goalReached" : "action.signatures", { count });
}

const endFormats = new Map<string, Intl.DateTimeFormat>();

/** "November 3, 2026 at 5:00 PM EST": the end in the sponsor's time zone, the zone named. */
export function formatEnd(t: Translator, iso: string, timeZone: string): string {
  const key = `${t.locale} ${timeZone}`;
  let format = endFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(t.locale, {
      dateStyle: "long",
      timeStyle: "short",
      timeZone,
    });
    endFormats.set(key, format);
  }
  const zone = new Intl.DateTimeFormat(t.locale, { timeZone, timeZoneName: "short" })
    .formatToParts(new Date(iso))
    .find((part) => part.type === "timeZoneName")?.value;
  return `${format.format(new Date(iso))}${zone ? ` ${zone}` : ""}`;
}

/** "Signing closes on …" while the action is open and has an end. */
export function ClosesOn({ t, action }: { t: Translator; action: ActionPage }) {
  if (!action.ends) return null;
  return (
    <p class="note">
      <time dateTime={action.ends.at}>
        {t.t("action.closesOn", { date: formatEnd(t, action.ends.at, action.ends.timeZone) })}
      </time>
    </p>
  );
}

/** A closed action's outcome, with the sponsor's note when there is one. */
export function ClosedOutcome({ t, action }: { t: Translator; action: ActionPage }) {
  const outcome = action.archived ? "closed" : (action.outcome ?? "closed");
  const sentence =
    outcome === "victory"
      ? t.t("outcome.public.victory")
      : outcome === "delivered"
        ? t.t("outcome.public.delivered")
        : t.t("action.closed");
  return (
    <div class={`outcome outcome-${outcome}`}>
      <p role="status">{outcome === "closed" ? sentence : <strong>{sentence}</strong>}</p>
      {action.outcomeNote && !action.archived ? <p>{action.outcomeNote}</p> : null}
    </div>
  );
}
