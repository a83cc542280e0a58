/**
 * Load with autocannon on loopback, comparing servers fairly on a shared, possibly noisy machine:
 * their measurements alternate in short slices (A B B A …), and every server not being measured
 * is frozen (SIGSTOP), so background work left over from its load (the outbox worker after
 * signing) never runs during another's slices.
 */
import autocannon from "autocannon";
import type { ServerProcess } from "./children.ts";
import { CpuMeter, type CpuShare, type ProcessGroups } from "./cpu.ts";

export interface LoadSettings {
  connections: number;
  warmupSeconds: number;
  /** Measured time per server, split into `rounds` slices. */
  seconds: number;
  rounds: number;
}

export interface Target {
  label: string;
  server: ServerProcess;
  path: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** Headers that change with every request (e.g. the next of many API keys), over `headers`. */
  nextHeaders?: () => Record<string, string>;
  /** Builds a fresh body for every request (e.g. a unique email). */
  body?: () => string;
  expectedStatus: number;
  /** Processes whose CPU is reported too, by group (e.g. nginx and PostgreSQL behind the server). */
  cpuGroups?: ProcessGroups;
}

export interface Figure {
  label: string;
  /** Responses per second over all measured slices. */
  requestsPerSecond: number;
  /** Each slice's rate, to show the spread. */
  sliceRequestsPerSecond: number[];
  latencyP50Ms: number;
  latencyP90Ms: number;
  latencyP99Ms: number;
  expectedStatus: number;
  /** Responses with the expected status, measured slices only. */
  expected: number;
  /** Responses with the expected status during warm-up. */
  warmupExpected: number;
  /** Connection errors (timeouts included) and responses outside 2xx/3xx. */
  errors: number;
  /** 2xx/3xx responses that still were not the expected status. */
  unexpected: number;
  statusCounts: Record<string, number>;
  bytesPerResponse: number;
  totalBytes: number;
  seconds: number;
  /** Absent where /proc is not readable. */
  cpu: CpuShare | null;
}

interface Tally {
  statusCounts: Record<string, number>;
  errors: number;
  bytes: number;
  seconds: number;
  latencies: number[];
  sliceRates: number[];
}

const emptyTally = (): Tally => ({
  statusCounts: {},
  errors: 0,
  bytes: 0,
  seconds: 0,
  latencies: [],
  sliceRates: [],
});

async function slice(target: Target, connections: number, seconds: number, tally: Tally): Promise<void> {
  const { body, nextHeaders } = target;
  const options: autocannon.Options = {
    url: target.server.origin,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: target.method ?? "GET",
        path: target.path,
        headers: target.headers ?? {},
        ...(body || nextHeaders
          ? {
              setupRequest: (request) => ({
                ...request,
                ...(nextHeaders ? { headers: { ...request.headers, ...nextHeaders() } } : {}),
                ...(body ? { body: body() } : {}),
              }),
            }
          : {}),
      },
    ],
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on("response", (_client, _status, _bytes, responseTime) => tally.latencies.push(responseTime));
  });
  let responses = 0;
  for (const [status, stat] of Object.entries(result.statusCodeStats ?? {})) {
    tally.statusCounts[status] = (tally.statusCounts[status] ?? 0) + (stat.count ?? 0);
    responses += stat.count ?? 0;
  }
  tally.errors += result.errors;
  tally.bytes += result.throughput.total;
  tally.seconds += result.duration;
  tally.sliceRates.push(responses / result.duration);
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 100) / 100;
}

function figure(target: Target, tally: Tally, warmup: Tally, cpu: CpuMeter): Figure {
  let outside = 0;
  let unexpected = 0;
  let responses = 0;
  for (const [status, count] of Object.entries(tally.statusCounts)) {
    const code = Number(status);
    responses += count;
    if (code < 200 || code >= 400) outside += count;
    else if (code !== target.expectedStatus) unexpected += count;
  }
  const sorted = Float64Array.from(tally.latencies).sort();
  const expectedKey = String(target.expectedStatus);
  return {
    label: target.label,
    requestsPerSecond: responses / tally.seconds,
    sliceRequestsPerSecond: tally.sliceRates.map(Math.round),
    latencyP50Ms: percentile(sorted, 50),
    latencyP90Ms: percentile(sorted, 90),
    latencyP99Ms: percentile(sorted, 99),
    expectedStatus: target.expectedStatus,
    expected: tally.statusCounts[expectedKey] ?? 0,
    warmupExpected: warmup.statusCounts[expectedKey] ?? 0,
    errors: tally.errors + outside,
    unexpected,
    statusCounts: tally.statusCounts,
    bytesPerResponse: responses === 0 ? 0 : Math.round(tally.bytes / responses),
    totalBytes: tally.bytes,
    seconds: tally.seconds,
    cpu: cpu.share(responses),
  };
}

/**
 * Warms each target, then measures them in alternating slices (forward, then backward order);
 * every other target's server is frozen meanwhile. Returns one figure per target, in order.
 */
export async function measure<const T extends readonly Target[]>(
  targets: T,
  settings: LoadSettings,
): Promise<{ -readonly [K in keyof T]: Figure }> {
  const sides = targets.map((target) => ({
    target,
    tally: emptyTally(),
    warmup: emptyTally(),
    cpu: new CpuMeter(target.server.pid, target.cpuGroups),
  }));
  const sliceSeconds = settings.seconds / settings.rounds;
  const alone = async (side: (typeof sides)[number], run: () => Promise<void>) => {
    const others = new Set(
      sides.map((s) => s.target.server).filter((server) => server !== side.target.server),
    );
    for (const server of others) server.pause();
    try {
      await run();
    } finally {
      for (const server of others) server.resume();
    }
    side.target.server.assertRunning();
  };
  for (const side of sides)
    await alone(side, () => slice(side.target, settings.connections, settings.warmupSeconds, side.warmup));
  for (let round = 0; round < settings.rounds; round++) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      await alone(side, async () => {
        side.cpu.start();
        await slice(side.target, settings.connections, sliceSeconds, side.tally);
        side.cpu.stop();
      });
    }
  }
  return sides.map((side) => figure(side.target, side.tally, side.warmup, side.cpu)) as {
    -readonly [K in keyof T]: Figure;
  };
}
