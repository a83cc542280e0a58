/**
 * What an operator's tools ask of a node: is it alive, is it ready for traffic (database, outbox
 * lag), and its metrics. Readiness and metrics read the database with a time limit, so a stalled
 * database makes them answer "not ready" instead of hanging the probe.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Db } from "../../db/database.ts";
import type { Mailer } from "../mail/mail.ts";
import type { OutboxBacklog, OutboxService } from "../outbox/outbox.service.ts";
import { type GaugeSample, MetricsRegistry } from "./metrics.ts";
import * as operations from "./operations.repository.ts";

export interface ReadinessCheck {
  ok: boolean;
  /** Why not, or a figure (the outbox lag in seconds). */
  detail?: string | number;
  /** Reported, but a failure does not make the node unready (Redis: see `readiness`). */
  optional?: true;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, ReadinessCheck>;
}

export interface OperationsOptions {
  db: Db;
  outbox: OutboxService;
  /** Due mail and webhooks waiting longer than this make the node "not ready". */
  maxOutboxLagSeconds: number;
  /** How long a probe waits for the database. */
  probeTimeoutMs?: number;
  /** The shared Redis (REDIS_URL), when nodes share one. */
  redis?: { ping(): Promise<unknown> } | null;
}

const secondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const batchBuckets = [1, 2, 5, 10, 20, 50, 100, 200, 500];

function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export class OperationsService {
  readonly metrics = new MetricsRegistry();
  private readonly requests = this.metrics.counter(
    "juntos_http_requests_total",
    "HTTP requests answered, by method, route pattern and status.",
  );
  private readonly requestSeconds = this.metrics.histogram(
    "juntos_http_request_duration_seconds",
    "Time from a request's arrival to its answer, by method and route pattern.",
    secondsBuckets,
  );
  private readonly batchSizes = this.metrics.histogram(
    "juntos_group_commit_batch_size",
    "Units of work committed together in one group-commit transaction.",
    batchBuckets,
  );
  private readonly mailSent = this.metrics.counter(
    "juntos_mail_sent_total",
    "Mails handed to SMTP or the dev mailbox.",
  );
  private readonly mailFailed = this.metrics.counter(
    "juntos_mail_failed_total",
    "Mails that could not be sent.",
  );
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });
  private readonly probeTimeoutMs: number;

  constructor(private readonly options: OperationsOptions) {
    this.probeTimeoutMs = options.probeTimeoutMs ?? 2_000;
    this.loopDelay.enable();
    this.metrics.gauge(
      "juntos_outbox_pending_jobs",
      "Outbox jobs waiting to run (mail, webhooks).",
      this.backlogGauge((backlog) => backlog.pending),
    );
    this.metrics.gauge(
      "juntos_outbox_dead_jobs",
      "Outbox jobs that failed every attempt.",
      this.backlogGauge((backlog) => backlog.dead),
    );
    this.metrics.gauge(
      "juntos_outbox_oldest_due_seconds",
      "How long the longest-waiting due outbox job has waited.",
      this.backlogGauge((backlog) => backlog.oldestDueSeconds),
    );
    this.metrics.gauge("juntos_process_resident_memory_bytes", "Resident memory of this node.", async () => [
      { value: process.memoryUsage.rss() },
    ]);
    this.metrics.gauge(
      "juntos_event_loop_delay_p99_seconds",
      "99th percentile of the event loop's delay since the last scrape.",
      async () => {
        const p99 = this.loopDelay.percentile(99) / 1e9;
        this.loopDelay.reset();
        return [{ value: Number.isFinite(p99) ? p99 : 0 }];
      },
    );
  }

  recordRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.requestSeconds.observe(seconds, { method, route });
  }

  recordBatch(units: number): void {
    this.batchSizes.observe(units);
  }

  /** The mailer, counting what it sent and what failed. */
  countingMail(mailer: Mailer): Mailer {
    return {
      send: async (request) => {
        try {
          await mailer.send(request);
        } catch (error) {
          this.mailFailed.inc({ template: request.template });
          throw error;
        }
        this.mailSent.inc({ template: request.template });
      },
      close: () => mailer.close(),
    };
  }

  async readiness(): Promise<Readiness> {
    const checks: Record<string, ReadinessCheck> = {};
    try {
      await withinTime(operations.ping(this.options.db), this.probeTimeoutMs);
      checks.database = { ok: true };
    } catch (error) {
      checks.database = { ok: false, detail: (error as Error).message };
    }
    if (checks.database.ok) {
      try {
        const { oldestDueSeconds } = await withinTime(this.options.outbox.backlog(), this.probeTimeoutMs);
        const lag = Math.round(oldestDueSeconds);
        checks.outbox = { ok: lag <= this.options.maxOutboxLagSeconds, detail: lag };
      } catch (error) {
        checks.outbox = { ok: false, detail: (error as Error).message };
      }
    }
    const { redis } = this.options;
    if (redis) {
      // Without Redis each node limits on its own and keeps serving, so its loss is shown to the
      // operator but takes no node out of the balancer: all of them would go at once.
      try {
        await withinTime(redis.ping(), this.probeTimeoutMs);
        checks.redis = { ok: true, optional: true };
      } catch (error) {
        checks.redis = { ok: false, optional: true, detail: (error as Error).message };
      }
    }
    return { ready: Object.values(checks).every((check) => check.ok || check.optional), checks };
  }

  async render(): Promise<string> {
    this.scrapeBacklog = withinTime(this.options.outbox.backlog(), this.probeTimeoutMs).catch(() => null);
    return this.metrics.render();
  }

  close(): void {
    this.loopDelay.disable();
  }

  /** One backlog read per scrape, shared by its three gauges; null when the database did not answer. */
  private scrapeBacklog: Promise<OutboxBacklog | null> = Promise.resolve(null);

  /** A backlog gauge: no sample when the database did not answer (the other metrics still come). */
  private backlogGauge(read: (backlog: OutboxBacklog) => number): () => Promise<GaugeSample[]> {
    return async () => {
      const backlog = await this.scrapeBacklog;
      return backlog === null ? [] : [{ value: read(backlog) }];
    };
  }
}
