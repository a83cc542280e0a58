/**
 * Where a text is still held: every table and every text column, listed from the database's own
 * catalog (sqlite_master + pragma table_info on SQLite, information_schema.columns on PostgreSQL),
 * so a table or column added later is scanned without anyone remembering to add it here.
 */
import { sql } from "kysely";
import type { DatabaseEngine } from "../../src/config.ts";
import type { Db } from "../../src/db/database.ts";

export interface TextColumn {
  table: string;
  column: string;
}

export async function textColumns(db: Db, engine: DatabaseEngine): Promise<TextColumn[]> {
  if (engine === "postgres") {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema()
        and data_type in ('text', 'character varying', 'character', 'json', 'jsonb')
      order by table_name, column_name`.execute(db);
    return rows.map((r) => ({ table: r.table_name, column: r.column_name }));
  }
  const { rows: tables } = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(
    db,
  );
  const columns: TextColumn[] = [];
  for (const { name } of tables) {
    const { rows } = await sql<{
      name: string;
      type: string;
    }>`select name, type from pragma_table_info(${name})`.execute(db);
    // SQLite's affinity rules: a declared type naming CHAR, CLOB or TEXT is text; none at all holds anything.
    for (const column of rows)
      if (/char|clob|text/i.test(column.type) || column.type === "")
        columns.push({ table: name, column: column.name });
  }
  return columns;
}

/** Every (table, column, needle) where a column still contains one of the needles, in any case. */
export async function findTexts(
  db: Db,
  engine: DatabaseEngine,
  needles: readonly string[],
): Promise<{ table: string; column: string; needle: string }[]> {
  const found: { table: string; column: string; needle: string }[] = [];
  for (const { table, column } of await textColumns(db, engine)) {
    const text =
      engine === "postgres" ? sql`lower(${sql.ref(column)}::text)` : sql`lower(${sql.ref(column)})`;
    for (const needle of needles) {
      const { rows } = await sql<{ n: number | string }>`
        select count(*) as n from ${sql.table(table)} where ${text} like ${`%${needle.toLowerCase()}%`}`.execute(
        db,
      );
      if (Number(rows[0]?.n ?? 0) > 0) found.push({ table, column, needle });
    }
  }
  return found;
}
