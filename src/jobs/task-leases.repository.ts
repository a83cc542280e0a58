/** The only SQL for the task_leases table (src/jobs/schedule.ts). */
import type { Executor } from "../db/database.ts";

/**
 * Takes the task for the period that starts `now`: moves its lease to `until` if it ended by
 * `now`, in one conditional statement, and says whether this call moved it. Of several nodes
 * trying at once, one moves it; the others see the lease already past `now` and skip the period.
 */
export async function takeLease(db: Executor, task: string, now: string, until: string): Promise<boolean> {
  await db
    .insertInto("task_leases")
    .values({ task, leased_until: now })
    .onConflict((oc) => oc.column("task").doNothing())
    .execute();
  const result = await db
    .updateTable("task_leases")
    .set({ leased_until: until })
    .where("task", "=", task)
    .where("leased_until", "<=", now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
