/**
 * A multi-row insert on the signing path that Kysely builds and compiles once per row count (and
 * dialect); later batches of the same size reuse that SQL with their own values. Building the
 * query tree anew for every batch cost as much CPU as running it.
 *
 * The first compilation checks that `parameters` lists each row's values in the order Kysely
 * put them, so a mismatch fails loudly instead of storing values in the wrong columns.
 */
import { type Compilable, CompiledQuery, type DialectAdapter } from "kysely";
import type { Executor } from "./database.ts";

export class PrecompiledInsert<Row, Out> {
  private readonly sqlByDialect = new WeakMap<DialectAdapter, Map<number, string>>();

  constructor(
    private readonly build: (db: Executor, rows: readonly Row[]) => Compilable<Out>,
    private readonly parameters: (row: Row) => readonly unknown[],
  ) {}

  async execute(db: Executor, rows: readonly Row[]): Promise<Out[]> {
    const values = rows.flatMap(this.parameters);
    const adapter = db.getExecutor().adapter;
    let byCount = this.sqlByDialect.get(adapter);
    if (!byCount) {
      byCount = new Map();
      this.sqlByDialect.set(adapter, byCount);
    }
    let text = byCount.get(rows.length);
    if (text === undefined) {
      const compiled = this.build(db, rows).compile();
      const same =
        compiled.parameters.length === values.length &&
        compiled.parameters.every((value, i) => value === values[i]);
      if (!same) throw new Error(`precompiled insert: parameters do not match the query (${compiled.sql})`);
      text = compiled.sql;
      byCount.set(rows.length, text);
    }
    const result = await db.executeQuery(CompiledQuery.raw(text, values));
    return result.rows as Out[];
  }
}
