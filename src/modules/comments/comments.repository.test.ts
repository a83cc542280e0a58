/**
 * Every order and language a reader can ask of the discussion reads its page from an index in
 * that order, on both engines: no sort of the action's comments per request.
 */
import { CompiledQuery } from "kysely";
import { describe, expect, it } from "vitest";
import { eachTestContext, type TestContext } from "../../../test/support/app.ts";
import { createAction, createOrganization } from "../../../test/support/fixtures.ts";
import { topLevelPage } from "./comments.repository.ts";
import { type DiscussionView, discussionSorts } from "./comments.ts";

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

describe("the pages of the discussion", () => {
  const views = discussionSorts.flatMap((sort) =>
    [null, "es" as const].map((lang): Pick<DiscussionView, "sort" | "lang"> => ({ sort, lang })),
  );

  it.each(views)("come from an index in their order: %o", async (view) => {
    const action = await createAction(ctx, await createOrganization(ctx));
    const query = topLevelPage(ctx.database.db, action.id, view, 50, 50).compile();
    const lines = await plan(query);
    const text = lines.join("\n");
    // The partial indexes of top-level comments (migration 020), named alike on both engines.
    expect(text, text).toMatch(
      /using (covering )?index comments_top|index scan (backward )?using comments_top/i,
    );
    // SQLite says "USE TEMP B-TREE FOR ORDER BY", PostgreSQL "Sort" or "Incremental Sort".
    expect(text, text).not.toMatch(/temp b-tree|\bsort\b/i);
  });
});
