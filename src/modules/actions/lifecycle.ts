/**
 * Goals, end dates and outcomes: the rules of an action's life past its publication. Pure, no I/O.
 * The status machine itself is stepLifecycle in actions.ts; here is what moves an action along it
 * by the clock (its end) and what its page says on the way (goal reached, closing date, outcome).
 */
import type { Locale } from "../../i18n/locale.ts";
import type { FieldErrorMap } from "../forms.ts";
import { isUnreadable } from "../text.ts";
import type { ActionStatus, Lifecycle } from "./actions.ts";

export const outcomes = ["victory", "delivered", "closed"] as const;
/** What came of a closed action, as its page says: it won, its signatures were delivered, or it just closed. */
export type Outcome = (typeof outcomes)[number];

export function isOutcome(value: unknown): value is Outcome {
  return typeof value === "string" && (outcomes as readonly string[]).includes(value);
}

/** The longest outcome note, in characters: a sentence or two, not an update. */
export const outcomeNoteLimit = 500;

/** The largest goal the editor takes (nine digits). */
export const maxGoal = 999_999_999;

/** Whether signing has ended by the clock: an end that is set and not in the future. */
export function signingEnded(endsAt: string | null, now: Date): boolean {
  return endsAt !== null && Date.parse(endsAt) <= now.getTime();
}

/**
 * The status the public sees: a published action past its end is closed already, before the
 * periodic task has written it (so no signature is taken, and no page says "open", in between).
 */
export function effectiveStatus(
  action: { status: ActionStatus; endsAt: string | null },
  now: Date,
): ActionStatus {
  return action.status === "published" && signingEnded(action.endsAt, now) ? "closed" : action.status;
}

/** Whether a count has reached its goal (an action without a goal, 0, never has). */
export function goalReached(count: number, goal: number): boolean {
  return goal > 0 && count >= goal;
}

/** Round steps a next goal is suggested on: 1, 2, 2.5, 5 × powers of ten. */
const roundSteps = [1, 2, 2.5, 5];

/**
 * The next goal to suggest once a goal is reached: the first round number (1, 2, 2.5 or 5 times a
 * power of ten) at or above 1.5 × the count and above the count, so a sponsor at 1,234 is offered
 * 2,000 and one at 10,000 is offered 20,000.
 */
export function suggestNextGoal(count: number): number {
  const target = Math.max(Math.ceil(count * 1.5), count + 1, 10);
  for (let power = 1; power <= 1e9; power *= 10) {
    for (const step of roundSteps) {
      const candidate = step * power;
      if (Number.isInteger(candidate) && candidate >= target) return Math.min(candidate, maxGoal);
    }
  }
  return maxGoal;
}

/** The posted next goal: a whole number above the current count, else a field error. */
export function validateNextGoal(
  typed: string,
  count: number,
): { ok: true; goal: number } | { ok: false; errors: FieldErrorMap } {
  const value = typed.trim().replace(/[,.\s]/g, "");
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1)
    return { ok: false, errors: { goal: { key: "field.goal.invalid" } } };
  const goal = Number(value);
  if (goal <= count)
    return { ok: false, errors: { goal: { key: "field.goal.notAboveCount", params: { count } } } };
  return { ok: true, goal };
}

/** The outcome form as posted: the outcome and its note in each language. */
export interface OutcomeValues {
  outcome: string;
  note_en: string;
  note_es: string;
}

export interface OutcomeChoice {
  outcome: Outcome;
  note: Record<Locale, string>;
}

/** The outcome chosen when closing or later; a choice that is none of ours reads as "closed". */
export function validateOutcome(
  values: OutcomeValues,
): { ok: true; choice: OutcomeChoice } | { ok: false; errors: FieldErrorMap } {
  const errors: FieldErrorMap = {};
  const note = { en: values.note_en.trim(), es: values.note_es.trim() };
  for (const locale of ["en", "es"] as const) {
    const field = `note_${locale}`;
    if (isUnreadable(note[locale])) errors[field] = { key: "field.unreadable" };
    else if (note[locale].length > outcomeNoteLimit)
      errors[field] = { key: "field.tooLong", params: { max: outcomeNoteLimit } };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, choice: { outcome: isOutcome(values.outcome) ? values.outcome : "closed", note } };
}

/** The note a closed page shows in `locale`: its own, else the English one. */
export function outcomeNote(notes: Record<Locale, string>, locale: Locale): string {
  return notes[locale] || notes.en;
}

/** Whether the outcome may be changed from here: on a closed action that is not archived. */
export function outcomeChangeable(lifecycle: Lifecycle): boolean {
  return lifecycle.status === "closed" && !lifecycle.archived;
}

// --- Wall-clock times in an organization's time zone -------------------------------------------

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    zoneFormats.set(timeZone, format);
  }
  return format;
}

/** The wall clock of `timeZone` at `instant`, as milliseconds of a UTC date with the same fields. */
function wallClock(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of zoneFormat(timeZone).formatToParts(new Date(instant)))
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

/**
 * The instant a wall-clock date and time (`2026-11-03`, `17:00`) names in `timeZone`, or null for
 * one that does not exist (a bad date).
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as number[];
  const wall = Date.UTC(year!, month! - 1, day!, hour!, minute!);
  const check = new Date(wall);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month! - 1 || hour! > 23 || minute! > 59)
    return null;
  // The zone's offset near that wall time, then again at the instant it gives (a clock change
  // between the two moves it).
  const offset = wallClock(wall, timeZone) - wall;
  const instant = wall - offset;
  const offsetThen = wallClock(instant, timeZone) - instant;
  return new Date(offsetThen === offset ? instant : wall - offsetThen);
}

/** The date and time (`2026-11-03`, `17:00`) an instant shows in `timeZone`: the editor's fields. */
export function zonedFields(iso: string, timeZone: string): { date: string; time: string } {
  const wall = new Date(wallClock(Date.parse(iso), timeZone)).toISOString();
  return { date: wall.slice(0, 10), time: wall.slice(11, 16) };
}
