import { describe, expect, it } from "vitest";
import { distinctTagNames, normalizeTagDescription, normalizeTagName, tagNameKey } from "./tags.ts";

describe("normalizeTagName", () => {
  it("trims, makes each run of whitespace one space and composes accents", () => {
    expect(normalizeTagName("  transit \t riders\n")).toBe("transit riders");
    expect(normalizeTagName("cafe\u0301")).toBe("café");
  });

  it("takes 1 to 80 characters, counted as code points rather than UTF-16 units", () => {
    expect(normalizeTagName("")).toBeNull();
    expect(normalizeTagName("   ")).toBeNull();
    expect(normalizeTagName("a".repeat(80))).toBe("a".repeat(80));
    expect(normalizeTagName("a".repeat(81))).toBeNull();
    // 80 buses are 160 UTF-16 units, and 80 characters.
    expect(normalizeTagName("🚌".repeat(80))).toBe("🚌".repeat(80));
    expect(normalizeTagName("🚌".repeat(81))).toBeNull();
  });

  it("refuses unreadable text", () => {
    expect(normalizeTagName("bad\u0000tag")).toBeNull();
    expect(normalizeTagName("bad\ufffdtag")).toBeNull();
  });
});

describe("normalizeTagDescription", () => {
  it("trims, defaults to empty and caps at 1,000 characters", () => {
    expect(normalizeTagDescription(undefined)).toBe("");
    expect(normalizeTagDescription("  riders of route 9 ")).toBe("riders of route 9");
    expect(normalizeTagDescription("d".repeat(1000))).toBe("d".repeat(1000));
    expect(normalizeTagDescription("d".repeat(1001))).toBeNull();
    expect(normalizeTagDescription("\u0007")).toBeNull();
  });
});

describe("tagNameKey", () => {
  it("is case-insensitive beyond ASCII but keeps accents", () => {
    expect(tagNameKey("Volunteer")).toBe(tagNameKey("VOLUNTEER"));
    expect(tagNameKey("Éxito")).toBe(tagNameKey("éxito"));
    expect(tagNameKey("papa")).not.toBe(tagNameKey("papá"));
  });
});

describe("distinctTagNames", () => {
  it("names each tag once, in its first spelling", () => {
    expect(distinctTagNames([" Transit", "transit", "TRANSIT ", "housing"])).toEqual(["Transit", "housing"]);
    expect(distinctTagNames([])).toEqual([]);
  });

  it("is null when one name is not valid", () => {
    expect(distinctTagNames(["transit", " "])).toBeNull();
    expect(distinctTagNames(["x".repeat(81)])).toBeNull();
  });
});
