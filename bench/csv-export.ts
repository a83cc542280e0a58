/**
 * Memory of the streaming CSV export: 10,000 and 100,000 signatures exported through the real
 * route of a listening server. The server runs in a child process that samples its own RSS every
 * 50 ms while this process downloads the file as it streams, counting bytes and lines only.
 * Flat memory means the server's peak above its pre-export RSS does not grow with the rows.
 *
 *   npx tsx bench/csv-export.ts                 SQLite
 *   npx tsx bench/csv-export.ts --postgres      SQLite, then PostgreSQL on 127.0.0.1:5432
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { sql } from "kysely";
import { loadConfig } from "../src/config.ts";
import { createContext } from "../src/context.ts";
import { buildApp } from "../src/http/app.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  insertBulkSignatures,
} from "../test/support/fixtures.ts";
import { createPostgresDatabase, dropPostgresDatabases } from "./lib/databases.ts";
import { signIn } from "./lib/organizer.ts";

type Engine = "sqlite" | "postgres";
const sizes = [10_000, 100_000];
const sampleEveryMs = 50;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** What the server child tells the parent. */
type ServerMessage =
  | {
      kind: "ready";
      base: string;
      email: string;
      password: string;
      warmUpPath: string;
      exportPath: string;
      fixtureMs: number;
    }
  | { kind: "started" }
  | {
      kind: "stopped";
      rssBefore: number;
      peakRss: number;
      kernelPeakRss: number | null;
      samples: number;
      maxLoopDelayMs: number;
      /** Live heap after a full GC, minus the same before the export: what the export kept. */
      heapRetained: number;
    };
type ParentMessage = { kind: "start" } | { kind: "stop" } | { kind: "exit" };

/**
 * The kernel's own record of the process's peak RSS (Linux), reset just before the export: a
 * cross-check that 50 ms sampling missed no short peak. Null where /proc is not available.
 */
const kernelPeak = {
  reset(): boolean {
    try {
      writeFileSync("/proc/self/clear_refs", "5");
      return true;
    } catch {
      return false;
    }
  },
  read(): number | null {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  },
};

/** The child: a real server on a fresh database holding one action with `rows` signatures. */
async function serve(engine: Engine, rows: number): Promise<void> {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const send = (message: ServerMessage) => process.send!(message);
  const dataDir = mkdtempSync(join(tmpdir(), "juntos-bench-csv-"));
  const databaseUrl =
    engine === "sqlite" ? `sqlite:${join(dataDir, "bench.sqlite")}` : await createPostgresDatabase("csv");
  const ctx = await createContext(
    loadConfig({
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      SEED_DEMO: "false",
      LOG_LEVEL: "silent",
      BASE_URL: "http://127.0.0.1",
    }),
  );
  const app = await buildApp(ctx);
  const base = await app.listen({ port: 0, host: "127.0.0.1" });

  const fixtureStart = performance.now();
  const organizer = await createAccount(ctx, { name: "Bench Organizer" });
  const org = await createOrganization(ctx, [{ account: organizer, role: "organizer" }]);
  const warmUp = await createAction(ctx, org);
  const action = await createAction(ctx, org);
  await insertBulkSignatures(ctx.database.db, warmUp.id, 1_000);
  await insertBulkSignatures(ctx.database.db, action.id, rows);
  // As autovacuum would soon after a load like this; without statistics PostgreSQL plans blind.
  if (engine === "postgres") await sql`analyze`.execute(ctx.database.db);
  const csvPath = (id: number) => `/en/admin/o/${org.slug}/actions/${id}/signatures.csv`;

  let stopMeasuring: (() => ServerMessage) | undefined;
  process.on("message", async (message: ParentMessage) => {
    if (message.kind === "start") {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const kernelPeakReset = kernelPeak.reset();
      const heapBefore = process.memoryUsage().heapUsed;
      const rssBefore = process.memoryUsage.rss();
      let peakRss = rssBefore;
      let samples = 0;
      const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, process.memoryUsage.rss());
        samples++;
      }, sampleEveryMs);
      // How long other requests (signing) could have waited while the export ran.
      const loopDelay = monitorEventLoopDelay({ resolution: 5 });
      loopDelay.enable();
      stopMeasuring = () => {
        clearInterval(sampler);
        loopDelay.disable();
        peakRss = Math.max(peakRss, process.memoryUsage.rss());
        const kernelPeakRss = kernelPeakReset ? kernelPeak.read() : null;
        gc();
        const heapRetained = process.memoryUsage().heapUsed - heapBefore;
        const maxLoopDelayMs = loopDelay.max / 1e6;
        return { kind: "stopped", rssBefore, peakRss, kernelPeakRss, samples, maxLoopDelayMs, heapRetained };
      };
      send({ kind: "started" });
    } else if (message.kind === "stop" && stopMeasuring) {
      send(stopMeasuring());
    } else if (message.kind === "exit") {
      await app.close();
      await ctx.close();
      await dropPostgresDatabases();
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    }
  });
  send({
    kind: "ready",
    base,
    email: organizer.email,
    password: organizer.password,
    warmUpPath: csvPath(warmUp.id),
    exportPath: csvPath(action.id),
    fixtureMs: performance.now() - fixtureStart,
  });
}

interface Download {
  bytes: number;
  lines: number;
  encoding: string;
}

/** Reads the download as it arrives, as a browser would ask for it, keeping only counts. */
async function download(url: string, cookie: string): Promise<Download> {
  const response = await fetch(url, { headers: { cookie, "accept-encoding": "gzip, deflate, br" } });
  if (response.status !== 200 || !response.body) throw new Error(`export answered ${response.status}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body) {
    bytes += chunk.byteLength;
    for (const byte of chunk) if (byte === 10) lines++;
  }
  return { bytes, lines, encoding: response.headers.get("content-encoding") ?? "identity" };
}

class ServerChild {
  private readonly waiting = new Map<ServerMessage["kind"], (message: ServerMessage) => void>();
  private constructor(private readonly child: ChildProcess) {
    child.on("message", (message: ServerMessage) => this.waiting.get(message.kind)?.(message));
  }

  static start(engine: Engine, rows: number): ServerChild {
    return new ServerChild(
      fork(fileURLToPath(import.meta.url), ["--serve", engine, String(rows)], { stdio: "inherit" }),
    );
  }

  next<K extends ServerMessage["kind"]>(kind: K): Promise<Extract<ServerMessage, { kind: K }>> {
    return new Promise((resolve, reject) => {
      this.child.once("exit", (code) => reject(new Error(`the server child exited (${code})`)));
      this.waiting.set(kind, resolve as (message: ServerMessage) => void);
    });
  }

  send(message: ParentMessage): void {
    this.child.send(message);
  }

  async exit(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.send({ kind: "exit" });
    await exited;
  }
}

interface Measurement extends Download {
  rows: number;
  fixtureMs: number;
  exportMs: number;
  server: Extract<ServerMessage, { kind: "stopped" }>;
}

async function measure(engine: Engine, rows: number): Promise<Measurement> {
  const child = ServerChild.start(engine, rows);
  try {
    const ready = await child.next("ready");
    const cookie = await signIn(ready.base, ready.email, ready.password);
    // The first export loads and compiles the code path; measure the second.
    await download(ready.base + ready.warmUpPath, cookie);
    child.send({ kind: "start" });
    await child.next("started");
    const start = performance.now();
    const result = await download(ready.base + ready.exportPath, cookie);
    const exportMs = performance.now() - start;
    child.send({ kind: "stop" });
    const server = await child.next("stopped");
    if (result.lines !== rows + 1) throw new Error(`expected ${rows + 1} lines, got ${result.lines}`);
    return { ...result, rows, fixtureMs: ready.fixtureMs, exportMs, server };
  } finally {
    await child.exit();
  }
}

function report(engine: string, m: Measurement): void {
  const { rssBefore, peakRss, kernelPeakRss, samples, maxLoopDelayMs, heapRetained } = m.server;
  const kernel = kernelPeakRss === null ? "" : `; kernel peak − before ${mb(kernelPeakRss - rssBefore)} MB`;
  console.log(
    `${engine.padEnd(8)} ${String(m.rows).padStart(7)} rows  export ${(m.exportMs / 1000).toFixed(2)} s` +
      `  ${mb(m.bytes)} MB in ${m.lines} lines (${m.encoding})` +
      `  server RSS before ${mb(rssBefore)} MB, peak ${mb(peakRss)} MB, peak − before ${mb(peakRss - rssBefore)} MB` +
      ` (${samples} samples${kernel}), heap retained after GC ${mb(heapRetained)} MB` +
      `  event loop max delay ${maxLoopDelayMs.toFixed(0)} ms  (fixture ${(m.fixtureMs / 1000).toFixed(1)} s)`,
  );
}

async function main(): Promise<void> {
  const engines: Engine[] = process.argv.includes("--postgres") ? ["sqlite", "postgres"] : ["sqlite"];
  console.log(`CSV export memory, Node ${process.version}, server RSS sampled every ${sampleEveryMs} ms`);
  for (const engine of engines) {
    const results: Measurement[] = [];
    for (const rows of sizes) {
      const m = await measure(engine, rows);
      report(engine, m);
      results.push(m);
    }
    const [small, large] = results as [Measurement, Measurement];
    const growth = (m: Measurement) => mb(m.server.peakRss - m.server.rssBefore);
    console.log(
      `${engine.padEnd(8)} rows ×${large.rows / small.rows}: server peak − before ${growth(small)} MB → ${growth(large)} MB,` +
        ` export time ×${(large.exportMs / small.exportMs).toFixed(1)}`,
    );
  }
}

const serveAt = process.argv.indexOf("--serve");
const run =
  serveAt === -1 ? main() : serve(process.argv[serveAt + 1] as Engine, Number(process.argv[serveAt + 2]));
run.catch((error) => {
  console.error(error);
  process.exit(1);
});
