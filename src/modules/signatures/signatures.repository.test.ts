/**
 * The API's pages of an action's confirmed signatures read one index range (action_id, status, id)
 * (migration 026) on both engines, without statistics: the count, the `LIMIT 1 OFFSET` boundary of
 * a bare `page=N` and the seek never test a table row's status, nor sort. The organizers' list,
 * searches and dashboard (issue 14) seek on indexes too, at any depth.
 */
import { CompiledQuery, type KyselyPlugin } from "kysely";
import { describe, expect, it } from "vitest";
import { eachTestContext, type TestContext } from "../../../test/support/app.ts";
import { createAction, createOrganization, insertBulkSignatures } from "../../../test/support/fixtures.ts";
import { DirectReader } from "../../db/reader.ts";
import {
  anySignatureBeyond,
  confirmedPerDay,
  confirmedSignatureBoundary,
  countConfirmedSignatures,
  countStatusUpTo,
  findByCanonicalEmail,
  searchFloor,
  searchSignatures,
  seekConfirmedSignatures,
  seekSignatures,
} from "./signatures.repository.ts";

let ctx: TestContext;
eachTestContext((fresh) => {
  ctx = fresh;
});

/** The plan's lines: SQLite's EXPLAIN QUERY PLAN details, PostgreSQL's EXPLAIN with sequential scans off. */
async function plan(query: CompiledQuery): Promise<string[]> {
  const { db, engine } = ctx.database;
  if (engine === "sqlite") {
    const result = await db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
    );
    return result.rows.map((row) => row.detail);
  }
  // A tiny table is read whole, or sorted, whatever the indexes: with both off the planner sorts
  // only when no index gives the order.
  return db.transaction().execute(async (trx) => {
    await trx.executeQuery(CompiledQuery.raw("set local enable_seqscan = off"));
    await trx.executeQuery(CompiledQuery.raw("set local enable_sort = off"));
    const result = await trx.executeQuery<{ "QUERY PLAN": string }>(
      CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]),
    );
    return result.rows.map((row) => row["QUERY PLAN"]);
  });
}

/** A Kysely over the test database that keeps the SQL of every query it runs, in order. */
function recordingDb() {
  const compiled: CompiledQuery[] = [];
  const { db } = ctx.database;
  const recording: KyselyPlugin = {
    transformQuery(args) {
      compiled.push(db.getExecutor().compileQuery(args.node, args.queryId));
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { compiled, recorded: db.withPlugin(recording) };
}

describe("an action's confirmed signatures, as the API pages them", () => {
  it("are counted, skipped and sought on (action_id, status, id) alone", async () => {
    const org = await createOrganization(ctx);
    const action = await createAction(ctx, org);
    await insertBulkSignatures(ctx.database.db, action.id, 30);
    const { compiled, recorded } = recordingDb();
    // 20 of the 30 are confirmed (every third one is pending).
    expect(await countConfirmedSignatures(recorded, action.id, [])).toBe(20);
    const boundary = await confirmedSignatureBoundary(recorded, action.id, [], 10);
    expect(boundary).not.toBeNull();
    const page = await seekConfirmedSignatures(recorded, action.id, [], boundary!, 5);
    expect(page.map((row) => row.status)).toEqual(Array(5).fill("confirmed"));

    // The seek's id subquery is compiled on its own too, before the seek that embeds it.
    expect(compiled).toHaveLength(4);
    const [count, skip, , seek] = compiled;
    for (const query of [count!, skip!, seek!]) {
      const text = (await plan(query)).join("\n");
      expect(text, `${query.sql}\n${text}`).toMatch(
        /using covering index signatures_action_status_id|index (only )?scan using signatures_action_status_id/i,
      );
      // The status is a condition of the index, never a filter on rows read; the seek may sort
      // its page (at most `limit` rows) but the count and the boundary never sort the action's.
      expect(text, text).not.toMatch(/filter: .*status|bitmap|temp b-tree/i);
      if (query !== seek) expect(text, text).not.toMatch(/\bsort\b/i);
    }
  });
});

describe("an action's signatures, as organizers list, search and count them", () => {
  it("seek, probe and count on indexes, and never sort the action's rows", async () => {
    const org = await createOrganization(ctx);
    const action = await createAction(ctx, org);
    // Enough rows that no plan ties with reading the action's whole range (a few rows would).
    await insertBulkSignatures(ctx.database.db, action.id, 3_000);
    const { compiled, recorded } = recordingDb();
    const all = { actionId: action.id, status: null };
    const pending = { actionId: action.id, status: "pending" as const };
    // Each query below, with the index that must answer it.
    const expected: [CompiledQuery, RegExp][] = [];
    const run = async <T>(index: RegExp, query: () => Promise<T>): Promise<T> => {
      const before = compiled.length;
      const result = await query();
      for (const query of compiled.slice(before)) expected.push([query, index]);
      return result;
    };
    const byActionId = /signatures_action_id/;
    const byStatus = /signatures_action_status_id/;
    // The person by the unique email index, then their signature by the unique (action_id, person_id).
    const byEmail =
      /(?=[\s\S]*(people_email_canonical_key|sqlite_autoindex_people_1))(?=[\s\S]*(signatures_one_per_person|sqlite_autoindex_signatures_1))/;
    const newest = await run(byActionId, () => seekSignatures(recorded, all, null, 10));
    expect(newest).toHaveLength(10);
    const middle = newest.at(-1)!.id;
    expect(
      (await run(byActionId, () => seekSignatures(recorded, all, { older: middle }, 5)))[0]!.id,
    ).toBeLessThan(middle);
    const newer = await run(byActionId, () => seekSignatures(recorded, all, { newer: middle }, 5));
    expect(newer.map((row) => row.id)).toEqual([...newer.map((row) => row.id)].sort((a, b) => b - a));
    expect(newer.at(-1)!.id).toBeGreaterThan(middle);
    expect(
      await run(byStatus, () => seekSignatures(recorded, pending, { older: middle }, 5)),
    ).not.toHaveLength(0);
    expect(await run(byActionId, () => anySignatureBeyond(recorded, all, middle, "newer"))).toBe(true);
    expect(await run(byStatus, () => anySignatureBeyond(recorded, pending, middle, "older"))).toBe(true);
    const email = `bulk-${action.id}-7@example.org`;
    expect(await run(byEmail, () => findByCanonicalEmail(recorded, all, email))).toHaveLength(1);
    const floor = await run(byActionId, () => searchFloor(recorded, all, null, 20));
    expect(floor).toBeDefined();
    const found = await run(byActionId, () =>
      // The reader runs the search: here one on the recording database, so its plan is checked too.
      searchSignatures(recorded, new DirectReader(recorded), all, "bulk signer", { before: null, floor }, 50),
    );
    // Only the 20 newest were read: the floor bounds the search.
    expect(found).toHaveLength(20);
    expect(await run(byStatus, () => countStatusUpTo(recorded, action.id, "pending", 5))).toBe(6);
    expect(await run(/signature_days/, () => confirmedPerDay(recorded, action.id, 30))).toEqual([]);

    expect(expected).toHaveLength(12);
    for (const [query, index] of expected) {
      const text = (await plan(query)).join("\n");
      expect(text, `${query.sql}\n${text}`).toMatch(index);
      // No query reads a table whole or sorts more than the rows it returns.
      expect(text, `${query.sql}\n${text}`).not.toMatch(
        /seq scan|scan (signatures|people)\b(?! using)|temp b-tree|\bsort\b/i,
      );
    }
  });
});
