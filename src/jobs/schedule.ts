/**
 * Runs periodic tasks (declared beside their capability, collected in registry.ts) at most once
 * per period across every app node sharing the database: before running a task, a node takes its
 * lease for the period (task-leases.repository.ts); a node that loses skips the task until the
 * next period. A task that fails or dies with its node simply waits for the next period, so tasks
 * must be safe to run again (purges are).
 */
import type { Logger } from "pino";
import { type Db, nowIso } from "../db/database.ts";
import { type Clock, systemClock } from "../modules/clock.ts";
import type { PeriodicTask } from "../modules/periodic-task.ts";
import { takeLease } from "./task-leases.repository.ts";

export interface SchedulerOptions {
  clock?: Clock;
  /** How often to look for due tasks; a task runs at most this late after its period starts. */
  tickMs?: number;
}

export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private readonly clock: Clock;
  private readonly tickMs: number;

  constructor(
    private readonly db: Db,
    private readonly tasks: readonly PeriodicTask[],
    private readonly log: Logger,
    options: SchedulerOptions = {},
  ) {
    const names = tasks.map((task) => task.name);
    const twice = names.filter((name, index) => names.indexOf(name) !== index);
    if (twice.length > 0) throw new Error(`periodic tasks declared twice: ${twice.join(", ")}`);
    this.clock = options.clock ?? systemClock;
    this.tickMs = options.tickMs ?? 60_000;
  }

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.running = this.runDue().finally(() => {
        this.running = undefined;
        if (this.timer) this.timer = setTimeout(tick, this.tickMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Runs, one after another, each task whose lease this node took now; returns their names. */
  async runDue(): Promise<string[]> {
    const ran: string[] = [];
    for (const task of this.tasks) {
      const now = this.clock.now();
      try {
        const until = new Date(now.getTime() + task.everyMs);
        if (!(await takeLease(this.db, task.name, nowIso(now), nowIso(until)))) continue;
        ran.push(task.name);
        await task.run(now);
      } catch (error) {
        this.log.error({ err: error, task: task.name }, "periodic task failed");
      }
    }
    return ran;
  }
}
