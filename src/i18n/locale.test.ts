import { describe, expect, it } from "vitest";
import { isLocale, negotiateLocale } from "./locale.ts";

describe("negotiateLocale", () => {
  it.each([
    [undefined, "en"],
    ["", "en"],
    ["es", "es"],
    ["es-MX,es;q=0.9,en;q=0.8", "es"],
    ["ES-419", "es"],
    ["en-US,en;q=0.9,es;q=0.8", "en"],
    ["fr-FR,fr;q=0.9,es;q=0.5,en;q=0.4", "es"],
    ["en;q=0.2, es;q=0.9", "es"],
    ["es;q=0, en;q=0.1", "en"],
    ["es;q=0", "en"],
    ["de, fr", "en"],
    ["*", "en"],
    ["es;q=abc, en;q=0.5", "en"],
    [" es;q=0.7 , en;q=0.6 ", "es"],
    [";;;,,,", "en"],
  ])("picks a language from %j: %s", (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });

  it("keeps header order between equal qualities", () => {
    expect(negotiateLocale("es, en")).toBe("es");
    expect(negotiateLocale("en, es")).toBe("en");
  });

  it("reads only the start of an oversized header", () => {
    expect(negotiateLocale(`${"x-foo;q=0.1,".repeat(100)}es`)).toBe("en");
    expect(negotiateLocale(`es,${"x".repeat(100_000)}`)).toBe("es");
  });
});

describe("isLocale", () => {
  it("knows exactly the supported languages", () => {
    expect(isLocale("en")).toBe(true);
    expect(isLocale("es")).toBe(true);
    expect(isLocale("EN")).toBe(false);
    expect(isLocale("fr")).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});
