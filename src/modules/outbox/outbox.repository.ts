/** The only SQL for the outbox table. */

import type { ExpressionBuilder } from "kysely";
import { countRows } from "../../db/count.ts";
import { type Executor, isPostgres } from "../../db/database.ts";
import { PrecompiledInsert } from "../../db/precompiled-insert.ts";
import type { Database } from "../../db/schema.ts";
import type { ClaimedJob, OutboxJobs, OutboxKind } from "./outbox.ts";

export async function enqueue<K extends OutboxKind>(
  db: Executor,
  kind: K,
  payload: OutboxJobs[K],
  now: string,
): Promise<void> {
  await enqueueMany(db, kind, [payload], now);
}

interface NewJob {
  kind: OutboxKind;
  payload: string;
  now: string;
  leasedUntil: string | null;
}

const insertJobs = new PrecompiledInsert(
  (db: Executor, jobs: readonly NewJob[]) =>
    db
      .insertInto("outbox")
      .values(
        jobs.map((job) => ({
          kind: job.kind,
          payload: job.payload,
          status: "pending" as const,
          run_after: job.now,
          locked_until: job.leasedUntil,
          created_at: job.now,
        })),
      )
      .returning(["id", "kind", "payload", "attempts"]),
  (job: NewJob) => [job.kind, job.payload, "pending", job.now, job.leasedUntil, job.now],
);

/**
 * Writes several jobs of one kind in one statement. With `leasedUntil` they are written already
 * claimed by the writing node, which runs them itself without claiming them (`OutboxWorker.accept`);
 * if it dies first, any node claims them once the lease has run out.
 */
export async function enqueueMany<K extends OutboxKind>(
  db: Executor,
  kind: K,
  payloads: readonly OutboxJobs[K][],
  now: string,
  leasedUntil: string | null = null,
): Promise<ClaimedJob[]> {
  if (payloads.length === 0) return [];
  const jobs = payloads.map((payload) => ({ kind, payload: JSON.stringify(payload), now, leasedUntil }));
  return insertJobs.execute(db, jobs);
}

/**
 * Claims up to `limit` due jobs by leasing them until `leaseUntil`, in one statement (one write,
 * however many jobs). The lease condition is checked again on each row as it is updated, so when
 * several app nodes poll one PostgreSQL database, a job goes to one of them only; there the rows
 * are picked `FOR UPDATE SKIP LOCKED`, so a node claiming at the same moment as another takes the
 * next jobs instead of waiting for the other's and then finding them gone. (SQLite has one writer:
 * claims never meet.)
 */
export async function claimDue(
  db: Executor,
  now: string,
  leaseUntil: string,
  limit: number,
): Promise<ClaimedJob[]> {
  const claimable = (eb: ExpressionBuilder<Database, "outbox">) =>
    eb.and([
      eb("status", "=", "pending"),
      eb("run_after", "<=", now),
      eb.or([eb("locked_until", "is", null), eb("locked_until", "<", now)]),
    ]);
  const jobs = isPostgres(db)
    ? // A CTE runs its SELECT once; inside `IN (…)` PostgreSQL may run it again per row, and with
      // SKIP LOCKED each run would pass over the rows just leased and lease more than `limit`.
      await db
        .with("picked", (w) =>
          w
            .selectFrom("outbox")
            .select("id")
            .where(claimable)
            .orderBy("id")
            .limit(limit)
            .forUpdate()
            .skipLocked(),
        )
        .updateTable("outbox")
        .set({ locked_until: leaseUntil })
        .from("picked")
        .whereRef("outbox.id", "=", "picked.id")
        .returning(["outbox.id", "outbox.kind", "outbox.payload", "outbox.attempts"])
        .execute()
    : await db
        .updateTable("outbox")
        .set({ locked_until: leaseUntil })
        .where((eb) =>
          eb.and([
            eb("id", "in", db.selectFrom("outbox").select("id").where(claimable).orderBy("id").limit(limit)),
            claimable(eb),
          ]),
        )
        .returning(["id", "kind", "payload", "attempts"])
        .execute();
  return jobs.sort((a, b) => a.id - b.id);
}

/** Marks jobs done in one statement. */
export async function markDone(db: Executor, ids: number[]): Promise<void> {
  await db
    .updateTable("outbox")
    .set({ status: "done", locked_until: null, last_error: null })
    .where("id", "in", ids)
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

/**
 * Deletes up to `limit` done jobs created before `before`, oldest first; returns how many. Done
 * jobs are read in id order through the (status, id) index, so each call touches only the rows
 * it deletes, and small batches keep each write short next to the signers' commits.
 */
export async function deleteDoneBefore(db: Executor, before: string, limit: number): Promise<number> {
  const result = await db
    .deleteFrom("outbox")
    .where(
      "id",
      "in",
      db
        .selectFrom("outbox")
        .select("id")
        .where("status", "=", "done")
        .where("created_at", "<", before)
        .orderBy("id")
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Jobs waiting and dead, and when the longest-waiting due job became due (null when none is due). */
export async function backlog(
  db: Executor,
  now: string,
): Promise<{ pending: number; dead: number; oldestDueAt: string | null }> {
  const [pending, dead, oldest] = await Promise.all([
    countByStatus(db, "pending"),
    countByStatus(db, "dead"),
    db
      .selectFrom("outbox")
      .select((eb) => eb.fn.min("run_after").as("oldest"))
      .where("status", "=", "pending")
      .where("run_after", "<=", now)
      .executeTakeFirst(),
  ]);
  return { pending, dead, oldestDueAt: (oldest?.oldest as string | null | undefined) ?? null };
}
