/**
 * The plans of the queries behind one API signatures page, as the repository writes them: its
 * count, boundary and seek run once through a Kysely that records their SQL, then each is
 * explained (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite), so the bench shows
 * which index answered.
 */
import SQLite from "better-sqlite3";
import { type CompiledQuery, type Dialect, Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import type { Database } from "../../src/db/schema.ts";
import * as signatures from "../../src/modules/signatures/signatures.repository.ts";

export interface QueryPlan {
  query: "count" | "boundary" | "seek";
  lines: string[];
}

export async function signaturePagePlans(
  database: string,
  actionId: number,
  skip: number,
  limit: number,
): Promise<QueryPlan[]> {
  const postgres = database.startsWith("postgres://");
  const pool = postgres ? new pg.Pool({ connectionString: database, max: 1 }) : null;
  const sqlite = postgres ? null : new SQLite(database, { fileMustExist: true, readonly: true });
  const recorded: CompiledQuery[] = [];
  const dialect: Dialect = pool ? new PostgresDialect({ pool }) : new SqliteDialect({ database: sqlite! });
  const db = new Kysely<Database>({
    dialect,
    log: (event) => {
      recorded.push(event.query);
    },
  });
  try {
    await signatures.countConfirmedSignatures(db, actionId, []);
    const afterId = (await signatures.confirmedSignatureBoundary(db, actionId, [], skip)) ?? 0;
    await signatures.seekConfirmedSignatures(db, actionId, [], afterId, limit);
    const names = ["count", "boundary", "seek"] as const;
    const plans: QueryPlan[] = [];
    for (const [i, query] of recorded.entries()) {
      const values = [...query.parameters];
      const lines = pool
        ? (
            await pool.query(`explain (analyze, costs off, timing off, summary off) ${query.sql}`, values)
          ).rows.map((row: Record<string, string>) => row["QUERY PLAN"]!)
        : (sqlite!.prepare(`explain query plan ${query.sql}`).all(values) as { detail: string }[]).map(
            (row) => row.detail,
          );
      plans.push({ query: names[i]!, lines });
    }
    return plans;
  } finally {
    await db.destroy();
  }
}
