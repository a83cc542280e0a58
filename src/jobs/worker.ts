/**
 * Runs outbox jobs in the app process: at-least-once, with exponential backoff, and a lease so
 * several app nodes can share one database. Handlers must be safe to run twice.
 *
 * Its writes (claims, done and failed marks) go through the group committer, so under load they
 * share the signatures' commits instead of paying an fsync each.
 */
import type { Logger } from "pino";
import { nowIso } from "../db/database.ts";
import type { GroupCommitter } from "../db/group-commit.ts";
import { type Clock, systemClock } from "../modules/clock.ts";
import * as outbox from "../modules/outbox/outbox.repository.ts";
import type { ClaimedJob, OutboxJobs, OutboxKind } from "../modules/outbox/outbox.ts";
import { attemptsAllowed, outboxLeaseMs, retryDelayMs } from "../modules/outbox/outbox.ts";

export type Handlers = { [K in OutboxKind]: (payload: OutboxJobs[K]) => Promise<void> };

export interface WorkerOptions {
  pollMs?: number;
  /** Most jobs claimed at once. */
  batchSize?: number;
  /**
   * Most jobs handed over in memory (`accept`) run at once: one mail-row query, one message to
   * the mail thread and one done mark each time. A batch must finish well within the lease.
   */
  acceptedBatchSize?: number;
  leaseMs?: number;
  /** What "now" is for due jobs, leases and backoff. */
  clock?: Clock;
}

/** Jobs handed over in memory beyond this are left to be claimed once their lease runs out. */
const maxAcceptedJobs = 5_000;

export class OutboxWorker {
  /** Jobs this node wrote already leased to itself, to run without a claim (see `accept`). */
  private accepted: { job: ClaimedJob; at: number }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly acceptedBatchSize: number;
  private readonly leaseMs: number;
  private readonly clock: Clock;

  constructor(
    private readonly committer: GroupCommitter,
    private readonly handlers: Handlers,
    private readonly log: Logger,
    options: WorkerOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.batchSize = options.batchSize ?? 50;
    this.acceptedBatchSize = options.acceptedBatchSize ?? this.batchSize;
    this.leaseMs = options.leaseMs ?? outboxLeaseMs;
    this.clock = options.clock ?? systemClock;
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  /**
   * Takes jobs this node has just committed with a lease of its own (`outbox.enqueueMany` with
   * `leasedUntil`), so they run without another write to claim them, and asks for a run.
   */
  accept(jobs: ClaimedJob[]): void {
    const at = this.clock.now().getTime();
    for (const job of jobs) if (this.accepted.length < maxAcceptedJobs) this.accepted.push({ job, at });
    this.wake();
  }

  /** Asks for a run as soon as possible, e.g. right after a commit that wrote jobs. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.drain()
      .then(
        () => undefined,
        (error) => this.log.error({ err: error }, "outbox run failed"),
      )
      .finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.wake();
        } else this.timer = setTimeout(() => this.wake(), this.pollMs);
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Runs due jobs until none are left; returns how many ran (succeeded or failed). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const { jobs, accepted } = await this.nextJobs();
      total += await this.run(jobs);
      if (!accepted && jobs.length < this.batchSize) return total;
    }
  }

  /** Runs one batch: accepted jobs first, else jobs claimed from the database. */
  async runOnce(): Promise<number> {
    return this.run((await this.nextJobs()).jobs);
  }

  private async nextJobs(): Promise<{ jobs: ClaimedJob[]; accepted: boolean }> {
    // A job that waited here for half its lease is left to the claim that follows its lease.
    // Entries are in arrival order, so the stale ones are at the front.
    const now = this.clock.now().getTime();
    const fresh = now - this.leaseMs / 2;
    const firstFresh = this.accepted.findIndex((entry) => entry.at > fresh);
    this.accepted.splice(0, firstFresh === -1 ? this.accepted.length : firstFresh);
    const taken = this.accepted.splice(0, this.acceptedBatchSize);
    if (taken.length > 0) return { jobs: taken.map((entry) => entry.job), accepted: true };
    const jobs = await this.committer.run((trx) =>
      outbox.claimDue(trx, nowIso(new Date(now)), nowIso(new Date(now + this.leaseMs)), this.batchSize),
    );
    return { jobs, accepted: false };
  }

  private async run(jobs: ClaimedJob[]): Promise<number> {
    // Jobs run side by side (their mail crosses to the mail thread as one message), and the
    // finished ones are marked done together: a few writes per batch, not per job.
    const done: number[] = [];
    await Promise.all(
      jobs.map(async (job) => {
        try {
          const handler = this.handlers[job.kind as OutboxKind];
          if (!handler) throw new Error(`no handler for outbox kind ${job.kind}`);
          await handler(JSON.parse(job.payload));
          done.push(job.id);
        } catch (error) {
          const attempts = job.attempts + 1;
          const dead = attempts >= attemptsAllowed(job.kind);
          this.log.warn({ jobId: job.id, kind: job.kind, attempts, dead, err: error }, "outbox job failed");
          const failure = {
            attempts,
            dead,
            error: error instanceof Error ? error.message : String(error),
            runAfter: nowIso(new Date(this.clock.now().getTime() + retryDelayMs(attempts))),
          };
          await this.committer.run((trx) => outbox.markFailed(trx, job.id, failure));
        }
      }),
    );
    if (done.length > 0) await this.committer.run((trx) => outbox.markDone(trx, done));
    return jobs.length;
  }
}
