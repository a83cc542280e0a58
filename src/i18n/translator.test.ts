import { describe, expect, it } from "vitest";
import { catalogs } from "./catalog.ts";
import type { Message } from "./message.ts";
import { translator } from "./translator.ts";

const en = translator("en");
const es = translator("es");

function placeholders(message: Message): string[] {
  const texts = typeof message === "string" ? [message] : Object.values(message);
  return [...new Set(texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)))].sort();
}

describe("catalogs", () => {
  it("have exactly the same keys in English and Spanish", () => {
    expect(Object.keys(catalogs.es).sort()).toEqual(Object.keys(catalogs.en).sort());
  });

  it("give every plural message the catch-all `other`, in both languages", () => {
    for (const catalog of [catalogs.en, catalogs.es]) {
      for (const [key, message] of Object.entries(catalog) as [string, Message][]) {
        if (typeof message === "string") continue;
        expect(typeof message.other, key).toBe("string");
      }
    }
  });

  it("use the same placeholders and the same message shape in both languages", () => {
    for (const [key, message] of Object.entries(catalogs.en) as [keyof typeof catalogs.en, Message][]) {
      const spanish = catalogs.es[key];
      expect(typeof spanish, key).toBe(typeof message);
      expect(placeholders(spanish), key).toEqual(placeholders(message));
    }
  });

  it("have no empty messages", () => {
    for (const catalog of [catalogs.en, catalogs.es]) {
      for (const [key, message] of Object.entries(catalog) as [string, Message][]) {
        const texts = typeof message === "string" ? [message] : Object.values(message);
        for (const text of texts) expect(text.trim(), key).not.toBe("");
      }
    }
  });
});

describe("translator", () => {
  it("picks English plural forms", () => {
    expect(en.t("action.signatures", { count: 0 })).toBe("0 people have signed");
    expect(en.t("action.signatures", { count: 1 })).toBe("1 person has signed");
    expect(en.t("action.signatures", { count: 2 })).toBe("2 people have signed");
    expect(en.t("action.signatures", { count: 1234567 })).toBe("1,234,567 people have signed");
  });

  it("falls back to `other` for the Spanish `many` category and formats the number", () => {
    expect(new Intl.PluralRules("es").select(1_000_000)).toBe("many");
    expect(es.t("action.signatures", { count: 1_000_000 })).toBe("1.000.000 personas han firmado");
    expect(es.t("action.signatures", { count: 1 })).toBe("1 persona ha firmado");
    expect(es.t("action.signatures", { count: 0 })).toBe("0 personas han firmado");
  });

  it("formats numbers the Spanish way, without grouping four digits", () => {
    expect(es.number(5000)).toBe("5000");
    expect(es.number(12345)).toBe("12.345");
    expect(en.number(5000)).toBe("5,000");
    expect(es.t("action.goal", { goal: 25000 })).toBe("Meta: 25.000");
  });

  it("fills text placeholders as given and leaves unknown ones visible", () => {
    expect(en.t("home.sponsoredBy", { sponsor: "NDLON" })).toBe("Sponsored by NDLON");
    expect(en.t("home.sponsoredBy")).toBe("Sponsored by {sponsor}");
    expect(en.t("home.sponsoredBy", { sponsor: "{count}", count: 3 })).toBe("Sponsored by {count}");
  });

  it("formats action dates in UTC whatever the time zone", () => {
    expect(en.date("2010-10-15")).toBe("October 15, 2010");
    expect(es.date("2010-10-15")).toBe("15 de octubre de 2010");
    expect(en.date("2010-10-15T23:30:00-08:00")).toBe("October 15, 2010");
  });

  it("is cached and frozen per language", () => {
    expect(translator("es")).toBe(es);
    expect(Object.isFrozen(es)).toBe(true);
  });
});
