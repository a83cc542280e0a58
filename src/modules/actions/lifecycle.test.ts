import { describe, expect, it } from "vitest";
import { actionForm } from "../../../test/support/fixtures.ts";
import { type ActionFormContext, draftToValues, readActionForm, validateActionForm } from "./action-form.ts";
import {
  effectiveStatus,
  goalReached,
  outcomeChangeable,
  signingEnded,
  suggestNextGoal,
  validateNextGoal,
  validateOutcome,
  zonedFields,
  zonedInstant,
} from "./lifecycle.ts";

describe("goals", () => {
  it("is reached at the goal, never without one", () => {
    expect(goalReached(499, 500)).toBe(false);
    expect(goalReached(500, 500)).toBe(true);
    expect(goalReached(501, 500)).toBe(true);
    expect(goalReached(10, 0)).toBe(false);
  });

  it("suggests the next round number at or above 1.5 × the count", () => {
    expect(suggestNextGoal(500)).toBe(1000);
    expect(suggestNextGoal(1234)).toBe(2000);
    expect(suggestNextGoal(1500)).toBe(2500);
    expect(suggestNextGoal(10_000)).toBe(20_000);
    expect(suggestNextGoal(40_000)).toBe(100_000);
    expect(suggestNextGoal(3)).toBe(10);
    for (const count of [1, 7, 99, 100, 333, 999, 12_345, 250_000, 3_999_999]) {
      const next = suggestNextGoal(count);
      expect(next, String(count)).toBeGreaterThan(count);
      expect(next, String(count)).toBeGreaterThanOrEqual(count * 1.5);
    }
  });

  it("takes a next goal only above the count, as a whole number", () => {
    expect(validateNextGoal("2000", 1500)).toEqual({ ok: true, goal: 2000 });
    expect(validateNextGoal("2,000", 1500)).toEqual({ ok: true, goal: 2000 });
    expect(validateNextGoal("1500", 1500)).toEqual({
      ok: false,
      errors: { goal: { key: "field.goal.notAboveCount", params: { count: 1500 } } },
    });
    expect(validateNextGoal("1000", 1500).ok).toBe(false);
    for (const bad of ["", "0", "-5", "12.5e3", "lots", "1234567890"])
      expect(validateNextGoal(bad, 10), bad).toEqual({
        ok: false,
        errors: { goal: { key: "field.goal.invalid" } },
      });
  });
});

describe("the end date", () => {
  const end = "2026-06-01T21:00:00.000Z";

  it("ends signing at its moment, not before", () => {
    expect(signingEnded(null, new Date())).toBe(false);
    expect(signingEnded(end, new Date("2026-06-01T20:59:59.999Z"))).toBe(false);
    expect(signingEnded(end, new Date(end))).toBe(true);
  });

  it("shows a published action past its end as closed, and changes nothing else", () => {
    const after = new Date("2026-06-02T00:00:00Z");
    const before = new Date("2026-05-01T00:00:00Z");
    expect(effectiveStatus({ status: "published", endsAt: end }, after)).toBe("closed");
    expect(effectiveStatus({ status: "published", endsAt: end }, before)).toBe("published");
    expect(effectiveStatus({ status: "published", endsAt: null }, after)).toBe("published");
    expect(effectiveStatus({ status: "draft", endsAt: end }, after)).toBe("draft");
    expect(effectiveStatus({ status: "closed", endsAt: end }, before)).toBe("closed");
  });

  it("reads a wall-clock time in the organization's zone, both sides of a clock change", () => {
    expect(zonedInstant("2026-06-01", "17:00", "America/New_York")?.toISOString()).toBe(end);
    expect(zonedInstant("2026-01-15", "17:00", "America/New_York")?.toISOString()).toBe(
      "2026-01-15T22:00:00.000Z",
    );
    expect(zonedInstant("2026-11-03", "09:30", "America/Los_Angeles")?.toISOString()).toBe(
      "2026-11-03T17:30:00.000Z",
    );
    expect(zonedInstant("2026-06-01", "17:00", "UTC")?.toISOString()).toBe("2026-06-01T17:00:00.000Z");
    expect(zonedInstant("2026-02-30", "17:00", "UTC")).toBeNull();
    expect(zonedInstant("2026-06-01", "25:00", "UTC")).toBeNull();
    expect(zonedFields(end, "America/New_York")).toEqual({ date: "2026-06-01", time: "17:00" });
    expect(zonedFields(end, "UTC")).toEqual({ date: "2026-06-01", time: "21:00" });
  });

  it("is optional in the editor; a date alone ends at the end of that day; it round-trips", () => {
    const context = {
      timeZone: "America/New_York",
      now: new Date("2026-01-01T00:00:00Z"),
      storedEndsAt: null,
    };
    const none = validateActionForm(readActionForm(actionForm()), context);
    expect(none.ok && none.draft.endsAt).toBeNull();
    const dayOnly = validateActionForm(readActionForm(actionForm({ end_date: "2026-06-01" })), context);
    expect(dayOnly.ok && dayOnly.draft.endsAt).toBe("2026-06-02T03:59:00.000Z");
    const timed = validateActionForm(
      readActionForm(actionForm({ end_date: "2026-06-01", end_time: "17:00" })),
      context,
    );
    if (!timed.ok) throw new Error("refused");
    expect(timed.draft.endsAt).toBe(end);
    const values = draftToValues(timed.draft, "America/New_York");
    expect([values.end_date, values.end_time]).toEqual(["2026-06-01", "17:00"]);
  });

  it("refuses a bad time, a time without a date, and a new end already past (a stored one stays)", () => {
    const context: ActionFormContext = {
      timeZone: "UTC",
      now: new Date("2026-07-01T00:00:00Z"),
      storedEndsAt: null,
    };
    const errors = (fields: Record<string, string>, ctx = context) => {
      const result = validateActionForm(readActionForm(actionForm(fields)), ctx);
      return result.ok ? {} : result.errors;
    };
    expect(errors({ end_date: "2026-08-01", end_time: "5pm" })).toEqual({
      end_time: { key: "field.endsAt.time" },
    });
    expect(errors({ end_time: "17:00" })).toEqual({ end_date: { key: "field.endsAt.dateMissing" } });
    expect(errors({ end_date: "2026-06-01", end_time: "17:00" })).toEqual({
      end_date: { key: "field.endsAt.past" },
    });
    expect(
      errors(
        { end_date: "2026-06-01", end_time: "17:00" },
        { ...context, storedEndsAt: "2026-06-01T17:00:00.000Z" },
      ),
    ).toEqual({});
    expect(errors({ end_date: "2026-13-01" })).toEqual({ end_date: { key: "field.date.invalid" } });
  });
});

describe("the outcome", () => {
  it("changes only on a closed action that is not archived", () => {
    expect(outcomeChangeable({ status: "closed", archived: false })).toBe(true);
    expect(outcomeChangeable({ status: "closed", archived: true })).toBe(false);
    expect(outcomeChangeable({ status: "published", archived: false })).toBe(false);
    expect(outcomeChangeable({ status: "draft", archived: false })).toBe(false);
  });

  it("is one of ours (anything else reads as closed), with short notes in each language", () => {
    expect(validateOutcome({ outcome: "victory", note_en: " We won! ", note_es: "" })).toEqual({
      ok: true,
      choice: { outcome: "victory", note: { en: "We won!", es: "" } },
    });
    expect(validateOutcome({ outcome: "surrender", note_en: "", note_es: "" })).toEqual({
      ok: true,
      choice: { outcome: "closed", note: { en: "", es: "" } },
    });
    expect(validateOutcome({ outcome: "delivered", note_en: "x".repeat(501), note_es: "" })).toEqual({
      ok: false,
      errors: { note_en: { key: "field.tooLong", params: { max: 500 } } },
    });
  });
});
