/**
 * The API's pages of an action's confirmed signatures read one index range (action_id, status, id)
 * (migration 026) on both engines, without statistics: the count, the `LIMIT 1 OFFSET` boundary of
 * a bare `page=N` and the seek never test a table row's status, nor sort.
 */
import { CompiledQuery, type KyselyPlugin } from "kysely";
import { describe, expect, it } from "vitest";
import { eachTestContext, type TestContext } from "../../../test/support/app.ts";
import { createAction, createOrganization, insertBulkSignatures } from "../../../test/support/fixtures.ts";
import {
  confirmedSignatureBoundary,
  countConfirmedSignatures,
  seekConfirmedSignatures,
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

describe("an action's confirmed signatures, as the API pages them", () => {
  it("are counted, skipped and sought on (action_id, status, id) alone", async () => {
    const org = await createOrganization(ctx);
    const action = await createAction(ctx, org);
    await insertBulkSignatures(ctx.database.db, action.id, 30);
    const compiled: CompiledQuery[] = [];
    const { db } = ctx.database;
    const recording: KyselyPlugin = {
      transformQuery(args) {
        compiled.push(db.getExecutor().compileQuery(args.node, args.queryId));
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const recorded = db.withPlugin(recording);
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
