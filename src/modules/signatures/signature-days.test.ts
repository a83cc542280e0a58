/**
 * The per-day totals the dashboard charts (signature_days, migration 034) are kept as signatures
 * change, never recounted: after every kind of change they must equal a recount of the confirmed
 * signatures by UTC day of confirmation, in both count modes, on both engines.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createTestContext, type TestContext } from "../../../test/support/app.ts";
import { createAccount, createAction, createOrganization, sign } from "../../../test/support/fixtures.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import { canonicalEmail } from "../people/people.ts";
import { confirmationToken } from "./signatures.ts";

let ctx: TestContext | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await ctx?.close();
  await ctx?.dropDatabase();
  ctx = undefined;
});

/** The kept totals, days with none left out, as the dashboard reads them. */
async function kept(c: TestContext, actionId: number) {
  const rows = await c.database.db
    .selectFrom("signature_days")
    .select(["day", "confirmed"])
    .where("action_id", "=", actionId)
    .where("confirmed", "!=", 0)
    .orderBy("day")
    .execute();
  return rows.map((row) => [row.day, row.confirmed]);
}

/** The same totals recounted from the signatures themselves. */
async function recounted(c: TestContext, actionId: number) {
  const rows = await c.database.db
    .selectFrom("signatures")
    .select((eb) => [
      eb.fn<string>("substr", ["confirmed_at", eb.val(1), eb.val(10)]).as("day"),
      eb.fn.countAll<string | number>().as("n"),
    ])
    .where("action_id", "=", actionId)
    .where("status", "=", "confirmed")
    .groupBy("day")
    .orderBy("day")
    .execute();
  return rows.map((row) => [row.day, Number(row.n)]);
}

describe.each(["immediate", "deferred"] as const)("kept per-day totals (%s counts)", (mode) => {
  it("equal a recount after confirmations, invalidations, restores, removals and anonymization", async () => {
    const c = await createTestContext({ SIGNATURE_COUNTS: mode, SIGNATURE_COUNT_DELAY_MS: "1000" });
    ctx = c;
    const owner = await createAccount(c);
    const org = await createOrganization(c, [{ account: owner, role: "owner" }]);
    const access: OrganizationAccess = await c.organizations.access(
      { accountId: owner.id, isPlatformAdmin: false },
      org.slug,
    );
    const action = await createAction(c, org);
    const people = Array.from({ length: 6 }, (_, i) => ({
      name: `Day Signer ${i}`,
      email: `day${i}@example.org`,
    }));
    const ids = await sign(c, action.slug, people, false);
    /** Settles the counts as the dashboard would eventually see them, then compares. */
    const check = async (step: string) => {
      await c.signatureCounts.flush();
      const totals = await kept(c, action.id);
      expect(totals, step).toEqual(await recounted(c, action.id));
      const dashboard = await c.signatureAdmin.dashboard(access, action.id);
      expect(
        dashboard.perDay.map((d) => [d.day, d.count]),
        step,
      ).toEqual(totals);
      expect(dashboard.signatureCount, step).toBe(totals.reduce((sum, [, n]) => sum + Number(n), 0));
    };

    // Confirmations on three days, only the date faked.
    vi.useFakeTimers({ toFake: ["Date"] });
    const days = ["2025-05-01", "2025-05-01", "2025-05-02", "2025-05-03", "2025-05-03"];
    for (const [i, day] of days.entries()) {
      vi.setSystemTime(new Date(`${day}T23:59:00.000Z`));
      await c.signatures.confirm(confirmationToken(c.config.secret, ids[i]!));
    }
    // Confirming twice counts once.
    await c.signatures.confirm(confirmationToken(c.config.secret, ids[0]!));
    vi.useRealTimers();
    await check("confirmed");
    expect(await kept(c, action.id)).toEqual([
      ["2025-05-01", 2],
      ["2025-05-02", 1],
      ["2025-05-03", 2],
    ]);

    await c.signatureAdmin.setValid(access, action.id, ids[2]!, false);
    await c.signatureAdmin.setValid(access, action.id, ids[5]!, false); // pending: no day moves
    await check("invalidated");
    expect(await kept(c, action.id)).toEqual([
      ["2025-05-01", 2],
      ["2025-05-03", 2],
    ]);
    await c.signatureAdmin.setValid(access, action.id, ids[2]!, true);
    await check("restored");

    // A signer removes their signature through their emailed link.
    await c.signerRights.request(people[3]!.email, canonicalEmail(people[3]!.email), "en");
    await c.worker.drain();
    const mail = c.devMailbox!.list(500).find((m) => m.to === people[3]!.email);
    const token = /\/my-data\/link\/([\w-]+)/.exec(mail?.text ?? "")?.[1];
    expect(await c.signerRights.use(token!)).toMatchObject({ state: "removed_signature" });
    await check("removed");
    expect(await kept(c, action.id)).toEqual([
      ["2025-05-01", 2],
      ["2025-05-02", 1],
      ["2025-05-03", 1],
    ]);

    await c.editor.takeStep(access, action.id, "close");
    expect(await c.signerRights.anonymizeDue(new Date(Date.now() + 400 * 86_400_000))).toMatchObject({
      actions: 1,
    });
    await check("anonymized");
    expect(await kept(c, action.id)).toEqual([
      ["2025-05-01", 2],
      ["2025-05-02", 1],
      ["2025-05-03", 1],
    ]);
  });
});
