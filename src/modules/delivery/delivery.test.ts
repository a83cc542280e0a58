import { describe, expect, it } from "vitest";
import { ZipCounties } from "../geography/geography.ts";
import {
  type DeliverySigner,
  deliveryPlan,
  initials,
  maxCodesPerRead,
  plainParagraphs,
  readBatches,
  signerLine,
  signerPages,
} from "./delivery.ts";

const table = ZipCounties.parse(
  [
    "06001\tAlameda County\t94601 94602",
    "06075\tSan Francisco County\t94110",
    "51013\tArlington County\t22201",
  ].join("\n"),
);

describe("how the letter names a signer", () => {
  it("gives initials, any script, hyphenated parts kept", () => {
    expect(initials("María José Pérez")).toBe("M. J. P.");
    expect(initials("  jean-luc   picard ")).toBe("J.-L. P.");
    expect(initials("Ñandú Ýlva")).toBe("Ñ. Ý.");
    expect(initials("李 小龍")).toBe("李. 小.");
    expect(initials("123 !!")).toBe("");
  });

  it("shows name and city only with consent, initials otherwise", () => {
    expect(signerLine({ name: "Ana López", publicName: true, city: "Oakland" })).toBe("Ana López, Oakland");
    expect(signerLine({ name: "Ana López", publicName: true, city: null })).toBe("Ana López");
    expect(signerLine({ name: "Ana López", publicName: false, city: "Oakland" })).toBe("A. L.");
  });

  it("reads Markdown as plain paragraphs", () => {
    expect(plainParagraphs("Dear **Secretary**,\n\nPlease [act](https://x.org)\nnow.\n\n- one")).toEqual([
      "Dear Secretary,",
      "Please act now.",
      "one",
    ]);
  });
});

describe("the letter's plan", () => {
  it("groups postal codes by state and county name, unknown codes last, and counts them", () => {
    const plan = deliveryPlan(
      [
        { postalCode: "94110", count: 2 },
        { postalCode: "22201-1234", count: 1 },
        { postalCode: "94602", count: 3 },
        { postalCode: "SW1A 1AA", count: 4 },
        { postalCode: "94601", count: 1 },
        { postalCode: "00000", count: 1 },
      ],
      table,
    );
    expect(plan.total).toBe(12);
    expect(plan.groups.map((g) => [g.stateName, g.countyName, g.count])).toEqual([
      ["California", "Alameda County", 4],
      ["California", "San Francisco County", 2],
      ["Virginia", "Arlington County", 1],
      [null, null, 5],
    ]);
    expect(plan.groups[0]!.postalCodes.map((c) => c.postalCode)).toEqual(["94601", "94602"]);
  });

  it("cuts a group's codes into reads of about a page, a big code alone", () => {
    const group = {
      stateName: "California",
      countyName: "Alameda County",
      count: 0,
      postalCodes: [
        { postalCode: "a", count: 400 },
        { postalCode: "b", count: 500 },
        { postalCode: "c", count: 200 },
        { postalCode: "d", count: 5000 },
        { postalCode: "e", count: 1 },
      ],
    };
    expect(readBatches(group, 1000)).toEqual([["a", "b"], ["c"], ["d"], ["e"]]);
    const many = {
      ...group,
      postalCodes: Array.from({ length: 1200 }, (_, i) => ({ postalCode: `${i}`, count: 0 })),
    };
    expect(readBatches(many, 1000).map((b) => b.length)).toEqual([maxCodesPerRead, maxCodesPerRead, 200]);
  });

  it("reads signers a page at a time by keyset, never more than a page held", async () => {
    // 2,500 signers in one ZIP and 3 in another: the big one is paged after (postal code, id).
    const rows: DeliverySigner[] = [
      ...Array.from({ length: 2500 }, (_, i) => ({
        id: i + 1,
        postalCode: "94110",
        name: `S ${i}`,
        publicName: false,
        city: null,
      })),
      ...[1, 2, 3].map((i) => ({
        id: 5000 + i,
        postalCode: "22201",
        name: `V ${i}`,
        publicName: true,
        city: "X",
      })),
    ];
    const plan = deliveryPlan(
      [
        { postalCode: "94110", count: 2500 },
        { postalCode: "22201", count: 3 },
      ],
      table,
    );
    const reads: { codes: readonly string[]; after: unknown; returned: number }[] = [];
    const seen: number[] = [];
    for await (const page of signerPages(
      plan,
      async (codes, after, limit) => {
        const matching = rows
          .filter((r) => codes.includes(r.postalCode))
          .filter(
            (r) =>
              !after ||
              r.postalCode > after.postalCode ||
              (r.postalCode === after.postalCode && r.id > after.id),
          )
          .slice(0, limit);
        reads.push({ codes, after, returned: matching.length });
        return matching;
      },
      1000,
    )) {
      expect(page.signers.length).toBeLessThanOrEqual(1000);
      seen.push(...page.signers.map((s) => s.id));
    }
    expect(seen).toHaveLength(2503);
    expect(new Set(seen).size).toBe(2503);
    expect(reads.map((r) => r.returned)).toEqual([1000, 1000, 500, 3]);
    expect(reads[1]!.after).toEqual({ postalCode: "94110", id: 1000 });
  });
});
