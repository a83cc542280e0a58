/**
 * A task a capability wants run every so often (purges now; retention and recounts later).
 * src/jobs/schedule.ts runs each one at most once per period across all app nodes.
 */
export interface PeriodicTask {
  /** Stable name: it keys the task's lease row, so renaming a task starts its schedule afresh. */
  readonly name: string;
  readonly everyMs: number;
  /** Does one period's work as of `now` (the scheduler's clock); safe to run again. */
  run(now: Date): Promise<void>;
}
