/** The only SQL for signature_count_deltas, and the recount of an action against it. */
import { sql } from "kysely";
import { countRows } from "../../db/count.ts";
import { type Executor, isPostgres } from "../../db/database.ts";

export async function addDelta(db: Executor, actionId: number, delta: number): Promise<void> {
  await db.insertInto("signature_count_deltas").values({ action_id: actionId, delta }).execute();
}

/**
 * Takes up to `limit` waiting deltas and adds their sums to the actions' counts, in one
 * transaction; returns the actions whose counts changed. On PostgreSQL the rows are taken `FOR
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
        .returning(["signature_count_deltas.action_id as actionId", "signature_count_deltas.delta as delta"])
        .execute()
    : await db
        .deleteFrom("signature_count_deltas")
        .where("id", "in", db.selectFrom("signature_count_deltas").select("id").orderBy("id").limit(limit))
        .returning(["action_id as actionId", "delta"])
        .execute();
  const sums = new Map<number, number>();
  for (const { actionId, delta } of taken) sums.set(actionId, (sums.get(actionId) ?? 0) + delta);
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
