/** The only SQL for the outbox table. */
import { countRows } from "../../db/count.ts";
import type { Executor } from "../../db/database.ts";
import type { ClaimedJob, OutboxJobs, OutboxKind } from "./outbox.ts";

export async function enqueue<K extends OutboxKind>(
  db: Executor,
  kind: K,
  payload: OutboxJobs[K],
  now: string,
): Promise<void> {
  await db
    .insertInto("outbox")
    .values({ kind, payload: JSON.stringify(payload), status: "pending", run_after: now, created_at: now })
    .execute();
}

/**
 * Claims up to `limit` due jobs by leasing them until `leaseUntil`. The conditional update makes
 * a claim exclusive when several app nodes poll one PostgreSQL database.
 */
export async function claimDue(
  db: Executor,
  now: string,
  leaseUntil: string,
  limit: number,
): Promise<ClaimedJob[]> {
  const due = await db
    .selectFrom("outbox")
    .select(["id", "kind", "payload", "attempts"])
    .where("status", "=", "pending")
    .where("run_after", "<=", now)
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", now)]))
    .orderBy("id")
    .limit(limit)
    .execute();
  const claimed: ClaimedJob[] = [];
  for (const job of due) {
    const result = await db
      .updateTable("outbox")
      .set({ locked_until: leaseUntil })
      .where("id", "=", job.id)
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", now)]))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) claimed.push(job);
  }
  return claimed;
}

export async function markDone(db: Executor, id: number): Promise<void> {
  await db
    .updateTable("outbox")
    .set({ status: "done", locked_until: null, last_error: null })
    .where("id", "=", id)
    .execute();
}

export async function markFailed(
  db: Executor,
  id: number,
  failure: { attempts: number; error: string; runAfter: string; dead: boolean },
): Promise<void> {
  await db
    .updateTable("outbox")
    .set({
      status: failure.dead ? "dead" : "pending",
      attempts: failure.attempts,
      last_error: failure.error.slice(0, 1000),
      run_after: failure.runAfter,
      locked_until: null,
    })
    .where("id", "=", id)
    .execute();
}

export async function countByStatus(db: Executor, status: "pending" | "done" | "dead"): Promise<number> {
  return countRows(db.selectFrom("outbox").where("status", "=", status));
}
