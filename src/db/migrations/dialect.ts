/** The one place where migrations differ between SQLite and PostgreSQL. */
import type { ColumnDefinitionBuilder, CreateTableBuilder } from "kysely";
import type { DatabaseEngine } from "../../config.ts";

/** Adds an auto-incrementing integer primary key named `id`. */
export function withId<T extends string>(
  engine: DatabaseEngine,
  table: CreateTableBuilder<T, never>,
): CreateTableBuilder<T, "id"> {
  return engine === "sqlite"
    ? table.addColumn("id", "integer", (col: ColumnDefinitionBuilder) => col.primaryKey().autoIncrement())
    : table.addColumn("id", "serial", (col: ColumnDefinitionBuilder) => col.primaryKey());
}

/** The column type for raw bytes (uploaded images). */
export function binaryType(engine: DatabaseEngine): "blob" | "bytea" {
  return engine === "sqlite" ? "blob" : "bytea";
}
