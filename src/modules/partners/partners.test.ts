import { describe, expect, it } from "vitest";
import { leaderboard, partnerNumbers, referralLinks } from "./partners.ts";

describe("the partner leaderboard", () => {
  const partners = [
    { organizationId: 1, name: "Zeta Union" },
    { organizationId: 2, name: "Ñandú Coop" },
    { organizationId: 3, name: "alpha Center" },
  ];

  it("ranks by confirmed signatures, then by name in the reader's language, and ends with the rest", () => {
    const rows = leaderboard(
      partners,
      new Map<number | null, number>([
        [1, 40],
        [null, 10],
        [9, 5],
      ]),
      [
        { organizationId: 1, signatures: 12, confirmed: 10 },
        { organizationId: 3, signatures: 2, confirmed: 1 },
        { organizationId: 2, signatures: 1, confirmed: 1 },
        { organizationId: null, signatures: 30, confirmed: 20 },
        // A former partner's code: counted with the rest, so the rows add up.
        { organizationId: 9, signatures: 4, confirmed: 4 },
      ],
      "es",
    );
    expect(rows.map((row) => row.partner?.name ?? null)).toEqual([
      "Zeta Union",
      "alpha Center",
      "Ñandú Coop",
      null,
    ]);
    expect(rows[0]).toMatchObject({ clicks: 40, signatures: 12, confirmed: 10, conversion: 0.25 });
    expect(rows[1]).toMatchObject({ clicks: 0, signatures: 2, confirmed: 1, conversion: null });
    expect(rows[3]).toMatchObject({ clicks: 15, signatures: 34, confirmed: 24, conversion: 1.6 });
  });

  it("lists every partner, with zeros where nothing came, and the rest even with no signature", () => {
    const rows = leaderboard(partners.slice(0, 1), new Map(), [], "en");
    expect(rows).toEqual([
      { partner: partners[0], clicks: 0, signatures: 0, confirmed: 0, conversion: null },
      { partner: null, clicks: 0, signatures: 0, confirmed: 0, conversion: null },
    ]);
  });

  it("has no conversion without clicks", () => {
    expect(partnerNumbers(0, { signatures: 3, confirmed: 3 }).conversion).toBeNull();
    expect(partnerNumbers(4, { signatures: 3, confirmed: 1 }).conversion).toBe(0.25);
  });
});

describe("a partner's referral links", () => {
  it("lead to the action page in each language with the partner's code", () => {
    expect(referralLinks("https://juntos.example", "optoutnow", "day-labor")).toEqual([
      { locale: "en", href: "https://juntos.example/en/a/optoutnow?ref=day-labor" },
      { locale: "es", href: "https://juntos.example/es/a/optoutnow?ref=day-labor" },
    ]);
  });
});
