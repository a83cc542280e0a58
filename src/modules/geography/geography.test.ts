/** The ZIP-to-county table and the counts as they may be shown ("fewer than 5" under 5). */
import { describe, expect, it } from "vitest";
import { figuresFrom, fiveDigitZip, shadeOf, ZipCounties } from "./geography.ts";

const table = ZipCounties.shippedTable();

describe("the ZIP-to-county table", () => {
  it("knows ZIPs of several states and counties, by their FIPS codes and names", () => {
    expect(table.place("94110")).toEqual({
      stateFips: "06",
      stateName: "California",
      countyFips: "06075",
      countyName: "San Francisco",
    });
    expect(table.place("95112")).toMatchObject({ countyFips: "06085", countyName: "Santa Clara" });
    expect(table.place("22201")).toEqual({
      stateFips: "51",
      stateName: "Virginia",
      countyFips: "51013",
      countyName: "Arlington",
    });
    expect(table.place("20001")).toMatchObject({ stateName: "District of Columbia", countyFips: "11001" });
    expect(table.place("60601")).toMatchObject({ stateName: "Illinois", countyName: "Cook" });
    expect(table.place("10001")).toMatchObject({ stateName: "New York", countyFips: "36061" });
    expect(table.place("00601")).toMatchObject({ stateName: "Puerto Rico", countyName: "Adjuntas" });
  });

  it("puts a ZIP that spans counties in the one the data names as primary", () => {
    // 00601 lies 98.7% in Adjuntas and 1.3% in Utuado; 36053 59% in Barbour, 41% in Bullock.
    expect(table.place("00601")?.countyFips).toBe("72001");
    expect(table.place("36053")).toMatchObject({ stateName: "Alabama", countyName: "Barbour" });
  });

  it("maps a ZIP+4 by its first five digits", () => {
    for (const code of ["94110-1234", "941101234", "94110 1234", " 94110 "]) {
      expect(fiveDigitZip(code)).toBe("94110");
      expect(table.place(code)?.countyName).toBe("San Francisco");
    }
  });

  it("leaves unknown and non-US codes unknown, never a guess", () => {
    for (const code of [
      "00000",
      "99999",
      "09001",
      "SW1A 1AA",
      "H2X 1Y4",
      "75008 Paris",
      "1234",
      "94110-12",
      "9411O",
      "",
    ]) {
      expect(table.place(code)).toBeUndefined();
    }
  });
});

describe("the counts as they may be shown", () => {
  const figures = figuresFrom(
    [
      { postalCode: "94110", count: 4 },
      { postalCode: "94103-0001", count: 3 }, // San Francisco too: 7 in all
      { postalCode: "95112", count: 2 }, // Santa Clara
      { postalCode: "94022", count: 1 }, // Santa Clara: 3 in all
      { postalCode: "22201", count: 4 }, // Arlington, the only one in Virginia
      { postalCode: "10001", count: 1 },
      { postalCode: "SW1A 1AA", count: 2 },
      { postalCode: "00000", count: 1 },
    ],
    table,
  );

  it("sums ZIPs into counties and states, and shows a count under 5 only as fewer than 5", () => {
    expect(figures.total).toBe(18);
    expect(figures.unknown).toEqual({ fewerThan: 5 });
    expect(figures.states.map((s) => [s.stateName, s.count])).toEqual([
      ["California", { exact: 10 }],
      ["New York", { fewerThan: 5 }],
      ["Virginia", { fewerThan: 5 }],
    ]);
    expect(figures.states[0]?.counties.map((c) => [c.countyName, c.count, c.shade])).toEqual([
      ["San Francisco", { exact: 7 }, 1],
      ["Santa Clara", { fewerThan: 5 }, 0],
    ]);
    // Nothing in the figures carries a small number: not a count, not an order.
    expect(JSON.stringify(figures)).not.toMatch(/"exact":[0-4]\b/);
  });

  it("shows the public each count at or above 5 only to its nearest 5, so no subtraction finds a small one", () => {
    const rows = [
      { postalCode: "22201", count: 6 }, // Arlington
      { postalCode: "22030", count: 1 }, // Fairfax
      { postalCode: "23219", count: 1 }, // Richmond: Virginia 8 in all
    ];
    const organizers = figuresFrom(rows, table);
    expect(organizers.states.map((s) => s.count)).toEqual([{ exact: 8 }]);
    const shown = figuresFrom(rows, table, "public");
    expect(shown.states.map((s) => s.count)).toEqual([{ about: 10 }]);
    expect(shown.states[0]?.counties.map((c) => [c.countyName, c.count])).toEqual([
      ["Arlington", { about: 5 }],
      ["Fairfax", { fewerThan: 5 }],
      ["Richmond", { fewerThan: 5 }],
    ]);
    expect(JSON.stringify(shown)).not.toMatch(/"exact"/);
  });

  it("orders counts under 5 by name, so the order does not tell them apart", () => {
    const tied = figuresFrom(
      [
        { postalCode: "22201", count: 1 }, // Virginia
        { postalCode: "60601", count: 4 }, // Illinois
      ],
      table,
    );
    expect(tied.states.map((s) => s.stateName)).toEqual(["Illinois", "Virginia"]);
    const swapped = figuresFrom(
      [
        { postalCode: "22201", count: 4 },
        { postalCode: "60601", count: 1 },
      ],
      table,
    );
    expect(swapped).toEqual(tied);
  });

  it("shades a county by bucket: fewer than 5, 5–24, 25–99, 100–499, 500 or more", () => {
    expect([1, 4, 5, 24, 25, 99, 100, 499, 500, 10_000].map(shadeOf)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  });
});

describe("anonymized signatures (migration 032)", () => {
  it("count in the county they kept, with those still holding their ZIP; an unknown county stays unknown", () => {
    const kept = figuresFrom([{ postalCode: "94110", count: 3 }], table);
    const mixed = figuresFrom(
      [
        { postalCode: "94110", count: 1 },
        { postalCode: "", countyFips: "06075", count: 2 },
        { postalCode: "", countyFips: null, count: 4 },
      ],
      table,
    );
    expect(mixed.states).toEqual(kept.states);
    expect(mixed.total).toBe(7);
    expect(mixed.unknown).toEqual({ fewerThan: 5 });
    expect(table.county("51013")).toMatchObject({ countyName: "Arlington", stateName: "Virginia" });
    expect(table.county("99999")).toBeUndefined();
  });
});
