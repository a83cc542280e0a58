/**
 * Frozen: an action's end and outcome. `ends_at` (an ISO instant, UTC; null: no end) closes
 * signing automatically once it passes; `outcome` is what a closed action's page says came of it
 * (victory, delivered, closed; null until it first closes), with an optional short note in each
 * language. `action_goal_changes` keeps each goal the sponsor moved past: the progress bar
 * follows the new goal, the history stays.
 */
import { type Kysely, sql } from "kysely";
import type { DatabaseEngine } from "../../config.ts";
import { withId } from "./dialect.ts";

export async function up(db: Kysely<any>, engine: DatabaseEngine): Promise<void> {
  await db.schema.alterTable("actions").addColumn("ends_at", "text").execute();
  await db.schema.alterTable("actions").addColumn("outcome", "text").execute();
  await db.schema
    .alterTable("actions")
    .addColumn("outcome_note_en", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema
    .alterTable("actions")
    .addColumn("outcome_note_es", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  // The end-date task asks for published actions whose end passed: an index of the actions with
  // an end only, by status then end (`ends_at <= ?` implies the index's condition on both engines).
  await db.schema
    .createIndex("actions_status_ends_at")
    .on("actions")
    .columns(["status", "ends_at"])
    .where(sql.ref("ends_at"), "is not", null)
    .execute();
  await withId(engine, db.schema.createTable("action_goal_changes"))
    .addColumn("action_id", "integer", (c) => c.notNull().references("actions.id").onDelete("cascade"))
    .addColumn("from_goal", "integer", (c) => c.notNull())
    .addColumn("to_goal", "integer", (c) => c.notNull())
    .addColumn("signature_count", "integer", (c) => c.notNull())
    .addColumn("changed_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("action_goal_changes_action")
    .on("action_goal_changes")
    .columns(["action_id", "id"])
    .execute();
}
