/**
 * Frozen: targets get columns for how to reach them (issue 13 fills them), and target rows
 * without a name — left by the old one-line-per-target field — are dropped: they showed on the
 * public page as a bare ", Title".
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ["office", "email", "postal_address"]) {
    await db.schema.alterTable("action_targets").addColumn(column, "text").execute();
  }
  await db.deleteFrom("action_targets").where("name", "=", "").execute();
}
