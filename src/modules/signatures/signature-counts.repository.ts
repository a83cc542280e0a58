/** The only SQL for signature_count_deltas and signature_days, and the recount of an action against them. */
import { sql } from "kysely";
import { countRows } from "../../db/count.ts";
import { type Executor, isPostgres } from "../../db/database.ts";

export async function addDelta(db: Executor, actionId: number, delta: number, day: string): Promise<void> {
  await db.insertInto("signature_count_deltas").values({ action_id: actionId, delta, day }).execute();
}

/** A change to an action's confirmed signatures of one UTC day (YYYY-MM-DD). */
export interface DayChange {
  actionId: number;
  day: string;
  delta: number;
}

/**
 * Adds the changes to their days' rows in one statement (a day first counted gets its row), summed
 * per day first (one statement may not touch a row twice) and in (action, day) order, so two
 * transactions lock the rows in the same order.
 */
export async function addToDays(db: Executor, changes: readonly DayChange[]): Promise<void> {
  const sums = new Map<string, DayChange>();
  for (const { actionId, day, delta } of changes) {
    const key = `${actionId}:${day}`;
    const sum = sums.get(key) ?? { actionId, day, delta: 0 };
    sum.delta += delta;
    sums.set(key, sum);
  }
  if (sums.size === 0) return;
  const rows = [...sums.values()].sort((x, y) => x.actionId - y.actionId || x.day.localeCompare(y.day));
  await db
    .insertInto("signature_days")
    .values(rows.map((c) => ({ action_id: c.actionId, day: c.day, confirmed: c.delta })))
    .onConflict((oc) =>
      oc.columns(["action_id", "day"]).doUpdateSet((eb) => ({
        confirmed: eb("signature_days.confirmed", "+", eb.ref("excluded.confirmed")),
      })),
    )
    .execute();
}

/**
 * Takes up to `limit` waiting deltas and adds their sums to the actions' counts and their days, in
 * one transaction; returns the actions whose counts changed. On PostgreSQL the rows are taken `FOR
 * UPDATE SKIP LOCKED` (two nodes flushing at once take different rows, each applied once) and
 * the actions are updated in id order (two flushes never wait on each other in a cycle).
 */
export async function flushDeltas(db: Executor, limit: number): Promise<number[]> {
  const taken = isPostgres(db)
    ? await db
        .with("picked", (w) =>
          w
            .selectFrom("signature_count_deltas")
            .select("id")
            .orderBy("id")
            .limit(limit)
            .forUpdate()
            .skipLocked(),
        )
        .deleteFrom("signature_count_deltas")
        .using("picked")
        .whereRef("signature_count_deltas.id", "=", "picked.id")
        .returning([
          "signature_count_deltas.action_id as actionId",
          "signature_count_deltas.delta as delta",
          "signature_count_deltas.day as day",
        ])
        .execute()
    : await db
        .deleteFrom("signature_count_deltas")
        .where("id", "in", db.selectFrom("signature_count_deltas").select("id").orderBy("id").limit(limit))
        .returning(["action_id as actionId", "delta", "day"])
        .execute();
  const sums = new Map<number, number>();
  for (const { actionId, delta } of taken) sums.set(actionId, (sums.get(actionId) ?? 0) + delta);
  // Deltas from before migration 034 have no day: its backfill counted them.
  await addToDays(
    db,
    taken.flatMap(({ actionId, delta, day }) => (day === null ? [] : [{ actionId, day, delta }])),
  );
  const actionIds = [...sums.keys()].sort((x, y) => x - y);
  for (const actionId of actionIds) {
    await db
      .updateTable("actions")
      .set((eb) => ({ signature_count: eb("signature_count", "+", sums.get(actionId)!) }))
      .where("id", "=", actionId)
      .execute();
  }
  return actionIds;
}

/**
 * Sets an action's count to its confirmed signatures less the deltas still waiting (which a
 * flush will add), repairing any drift. The action's row is locked first, so a flush in
 * progress either finished before this reads (its deltas gone, its sum in the count) or waits
 * until this is done; run it in a transaction. Returns the count it set.
 */
export async function reconcileCount(trx: Executor, actionId: number): Promise<number> {
  if (isPostgres(trx)) {
    await trx.selectFrom("actions").select("id").where("id", "=", actionId).forUpdate().execute();
  }
  const confirmed = await countRows(
    trx.selectFrom("signatures").where("action_id", "=", actionId).where("status", "=", "confirmed"),
  );
  const waiting = await trx
    .selectFrom("signature_count_deltas")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("delta"), sql<number>`0`).as("sum"))
    .where("action_id", "=", actionId)
    .executeTakeFirst();
  const count = confirmed - Number(waiting?.sum ?? 0);
  await trx.updateTable("actions").set({ signature_count: count }).where("id", "=", actionId).execute();
  return count;
}

/** Actions whose counts a reconcile should check: every one not archived. */
export async function actionsToReconcile(db: Executor): Promise<number[]> {
  const rows = await db
    .selectFrom("actions")
    .select("id")
    .where("archived_at", "is", null)
    .orderBy("id")
    .execute();
  return rows.map((row) => row.id);
}
