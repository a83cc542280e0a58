import type { SelectQueryBuilder } from "kysely";

/** count(*) of a query as a number (PostgreSQL returns bigint counts as strings, SQLite as numbers). */
export async function countRows<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
): Promise<number> {
  const row = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number((row as { n: string | number }).n);
}
