/** Deferred signature counts (PostgreSQL's default), on both engines. */
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createTestApp, createTestContext, type TestApp } from "../../../test/support/app.ts";
import { insertActionRows, sign } from "../../../test/support/fixtures.ts";
import { openDatabase } from "../../db/database.ts";
import * as actions from "../actions/actions.repository.ts";
import * as counts from "./signature-counts.repository.ts";
import { SignatureCounts } from "./signature-counts.ts";

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function deferred(): Promise<TestApp> {
  t = await createTestApp({ SIGNATURE_COUNTS: "deferred", SIGNATURE_COUNT_DELAY_MS: "1000" });
  return t;
}

const waitingDeltas = (app: TestApp) =>
  app.ctx.database.db.selectFrom("signature_count_deltas").selectAll().execute();

const signers = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ({ name: `Signer ${i}`, email: `${tag}${i}@example.org` }));

describe("deferred signature counts", () => {
  it("leave the action's row alone while confirming, and add the confirmations shortly after", async () => {
    const app = await deferred();
    const action = await insertActionRows(app.ctx.database.db);
    await sign(app.ctx, action.slug, signers(3, "a"), true);
    // Nothing flushed yet: the confirmations wait as deltas (their timer is a second away).
    const waiting = await waitingDeltas(app);
    expect(waiting.map((row) => [row.action_id, row.delta])).toEqual([
      [action.id, 1],
      [action.id, 1],
      [action.id, 1],
    ]);
    expect(await actions.signatureCount(app.ctx.database.db, action.id)).toBe(0);

    const started = Date.now();
    for (;;) {
      const page = await app.app.inject(`/en/a/${action.slug}`);
      if (/<p class="count" id="take-action">3 /.test(page.body)) break;
      expect(Date.now() - started).toBeLessThan(3_000);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(await waitingDeltas(app)).toEqual([]);
    expect(await actions.signatureCount(app.ctx.database.db, action.id)).toBe(3);
  });

  it("apply each delta once when two nodes flush at the same moment", async () => {
    const app = await deferred();
    const db = app.ctx.database.db;
    const first = await insertActionRows(db);
    const second = await insertActionRows(db);
    const day = (i: number) => `2026-01-0${1 + (i % 2)}`;
    for (let i = 0; i < 300; i++) await counts.addDelta(db, i % 3 === 0 ? second.id : first.id, 1, day(i));
    await counts.addDelta(db, first.id, -2, day(0));
    // A second node: its own connection (pool) on the same database.
    const other = openDatabase(app.ctx.config.database);
    try {
      const silent = pino({ level: "silent" });
      const nodes = [db, other.db, db, other.db].map(
        (handle) =>
          new SignatureCounts({
            db: handle,
            mode: "deferred",
            delayMs: 10,
            onCounted: () => {},
            log: silent,
          }),
      );
      await Promise.all(nodes.map((node) => node.flush()));
    } finally {
      await other.close();
    }
    expect(await actions.signatureCount(db, first.id)).toBe(200 - 2);
    expect(await actions.signatureCount(db, second.id)).toBe(100);
    expect(await waitingDeltas(app)).toEqual([]);
    const days = await db
      .selectFrom("signature_days")
      .select(["action_id", "day", "confirmed"])
      .orderBy("action_id")
      .orderBy("day")
      .execute();
    expect(days).toEqual([
      { action_id: first.id, day: "2026-01-01", confirmed: 100 - 2 },
      { action_id: first.id, day: "2026-01-02", confirmed: 100 },
      { action_id: second.id, day: "2026-01-01", confirmed: 50 },
      { action_id: second.id, day: "2026-01-02", confirmed: 50 },
    ]);
  });

  it("are repaired by the reconcile, which leaves waiting deltas to their flush", async () => {
    const app = await deferred();
    const db = app.ctx.database.db;
    const action = await insertActionRows(db);
    await sign(app.ctx, action.slug, signers(3, "r"), true);
    await app.ctx.signatureCounts.flush();
    // Drift (a bug, a hand edit), and one confirmation not yet flushed.
    await db.updateTable("actions").set({ signature_count: 42 }).where("id", "=", action.id).execute();
    await sign(app.ctx, action.slug, signers(1, "late"), true);

    expect(await app.ctx.signatureCounts.reconcile()).toBe(1);
    expect(await actions.signatureCount(db, action.id)).toBe(3);
    await app.ctx.signatureCounts.flush();
    expect(await actions.signatureCount(db, action.id)).toBe(4);
    expect(await app.ctx.signatureCounts.reconcile()).toBe(0);
  });

  it("are flushed when the node closes", async () => {
    const ctx = await createTestContext({ SIGNATURE_COUNTS: "deferred", SIGNATURE_COUNT_DELAY_MS: "1000" });
    const action = await insertActionRows(ctx.database.db);
    await sign(ctx, action.slug, signers(2, "c"), true);
    const other = openDatabase(ctx.config.database);
    try {
      await ctx.close();
      expect(await actions.signatureCount(other.db, action.id)).toBe(2);
    } finally {
      await other.close();
      await ctx.dropDatabase();
    }
  });
});
