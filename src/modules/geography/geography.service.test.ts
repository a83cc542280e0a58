/** The grouped read and the per-action cache: one query per action a minute, whatever its size. */
import { describe, expect, it } from "vitest";
import { createTestContext } from "../../../test/support/app.ts";
import { ManualClock } from "../../../test/support/clock.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  insertBulkSignatures,
  sign,
} from "../../../test/support/fixtures.ts";
import { confirmedCountsByPostalCode } from "./geography.repository.ts";

describe("the geography service", () => {
  it("counts confirmed signatures per postal code in one grouped query, and reuses them for a minute", async () => {
    const clock = new ManualClock();
    const ctx = await createTestContext({}, { clock });
    try {
      const owner = await createAccount(ctx);
      const org = await createOrganization(ctx, [{ account: owner, role: "owner" }]);
      const action = await createAction(ctx, org);
      // 1,200 rows: postal codes 10000–11199, every third pending.
      await insertBulkSignatures(ctx.database.db, action.id, 1200);
      const rows = await confirmedCountsByPostalCode(ctx.database.db, action.id);
      expect(rows.length).toBe(800);
      expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(800);
      expect(rows.find((row) => row.postalCode === "10002")).toBeUndefined(); // pending

      const access = await ctx.organizations.access(
        { accountId: owner.id, isPlatformAdmin: false },
        org.slug,
      );
      const first = await ctx.geography.adminPage(access, action.id, "en");
      expect(first.geography.figures.total).toBe(800);
      expect(first.geography.figures.states.map((s) => s.stateName)).toContain("New York");

      await sign(
        ctx,
        action.slug,
        [{ name: "Late Signer", email: "late@example.org", postalCode: "22201" }],
        true,
      );
      const cached = await ctx.geography.adminPage(access, action.id, "en");
      expect(cached.geography).toBe(first.geography);
      clock.advance(61_000);
      const fresh = await ctx.geography.adminPage(access, action.id, "en");
      expect(fresh.geography.figures.total).toBe(801);
      expect(fresh.geography.figures.states.map((s) => s.stateName)).toContain("Virginia");
    } finally {
      await ctx.close();
      await ctx.dropDatabase();
    }
  });
});
