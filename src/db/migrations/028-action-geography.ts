/**
 * Frozen: whether the public may see where an action's signers are (its county map and table).
 * Organizers always see it; the sponsor opens it to the public. Off for every existing action.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("actions")
    .addColumn("show_geography", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}
