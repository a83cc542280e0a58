/**
 * Memory and time of the delivery letter (issue 13): the PDF of 20,000 and of 100,000 confirmed
 * signatures, generated through DeliveryService.downloadPdf (its keyset reads county by county,
 * pdfkit streaming) into a file. Each size runs in a child process of its own on a fresh
 * database, loaded with multi-row inserts; the child samples its RSS every 20 ms during the
 * generation and reports it with its RSS before. Flat memory: the peak above "before" does not
 * grow with the signatures.
 *
 *   npx tsx bench/delivery-pdf.ts                 SQLite
 *   npx tsx bench/delivery-pdf.ts --postgres      SQLite, then PostgreSQL on 127.0.0.1:5432
 *   npx tsx bench/delivery-pdf.ts --sizes 20000,100000,200000
 *
 * `npm run bench` runs it on SQLite after its load tests (benchDeliveryPdf).
 */
import { fork } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { sql } from "kysely";
import { loadConfig } from "../src/config.ts";
import { createContext } from "../src/context.ts";
import type { Db } from "../src/db/database.ts";
import { createAccount, createAction, createOrganization } from "../test/support/fixtures.ts";
import { createPostgresDatabase, dropPostgresDatabases } from "./lib/databases.ts";

type Engine = "sqlite" | "postgres";
export const deliverySizes = [20_000, 100_000];
const sampleEveryMs = 20;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

export interface DeliveryPdfRun {
  engine: Engine;
  signatures: number;
  loadMs: number;
  generateMs: number;
  pdfBytes: number;
  rssBefore: number;
  peakRss: number;
  samples: number;
  maxLoopDelayMs: number;
  /** Live heap after a full GC, minus the same before: what the generation kept. */
  heapRetained: number;
  /** V8's heap size before and at its peak: it grows for garbage between collections. */
  heapTotalBefore: number;
  peakHeapTotal: number;
}

/** Real ZIP codes in several counties of CA, VA, NY, TX and IL, and some no table knows. */
const zips = [
  "94110",
  "94103",
  "95112",
  "94301",
  "90012",
  "94612",
  "22201",
  "22030",
  "23219",
  "10001",
  "77002",
  "60601",
];
const firstNames = [
  "Ana",
  "María José",
  "Jean-Luc",
  "Thanh",
  "Rosa",
  "Zoë",
  "Kim",
  "Nora",
  "Oluwaseun",
  "Siobhán",
];
const lastNames = [
  "López",
  "Pérez",
  "Nguyen",
  "Parks",
  "Ñúñez",
  "Lee",
  "Ephron",
  "Adeyemi",
  "O'Brien",
  "Müller",
];

/** `count` confirmed signatures on the action, 1,000 rows a statement. */
async function load(db: Db, actionId: number, count: number): Promise<void> {
  const now = new Date().toISOString();
  const batch = 1000;
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    await db.transaction().execute(async (trx) => {
      const people = await trx
        .insertInto("people")
        .values(
          Array.from({ length: size }, (_, i) => {
            const email = `pdf-${actionId}-${start + i}@example.org`;
            return {
              email,
              email_canonical: email,
              name: "x",
              postal_code: "x",
              locale: "en" as const,
              created_at: now,
              updated_at: now,
            };
          }),
        )
        .returning("id")
        .execute();
      await trx
        .insertInto("signatures")
        .values(
          people.map(({ id }, i) => {
            const n = start + i;
            const name = `${firstNames[n % firstNames.length]} ${lastNames[(n >> 3) % lastNames.length]} ${n}`;
            const postal = n % 17 === 0 ? `SW${n % 9} 1AA` : (zips[n % zips.length] ?? "94110");
            const publicName = n % 4 === 0 ? 1 : 0;
            return {
              action_id: actionId,
              person_id: id,
              name,
              postal_code: postal,
              search: name.toLowerCase(),
              status: "confirmed" as const,
              comment: null,
              consent_sponsor: 0,
              source: null,
              locale: "en" as const,
              created_at: now,
              confirmed_at: now,
              public_name: publicName,
              city: publicName ? "Springfield" : null,
            };
          }),
        )
        .execute();
    });
  }
  await db.updateTable("actions").set({ signature_count: count }).where("id", "=", actionId).execute();
}

/** The child: one size on a fresh database; sends its figures to the parent. */
async function child(engine: Engine, signatures: number): Promise<void> {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const dataDir = mkdtempSync(join(tmpdir(), "juntos-bench-pdf-"));
  const databaseUrl =
    engine === "sqlite" ? `sqlite:${join(dataDir, "bench.sqlite")}` : await createPostgresDatabase("pdf");
  const ctx = await createContext(
    loadConfig({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl, SEED_DEMO: "false", LOG_LEVEL: "silent" }),
  );
  try {
    const organizer = await createAccount(ctx, { name: "Bench Organizer" });
    const org = await createOrganization(ctx, [{ account: organizer, role: "organizer" }]);
    const access = await ctx.organizations.access(
      { accountId: organizer.id, isPlatformAdmin: false },
      org.slug,
    );
    const warmUp = await createAction(ctx, org);
    const action = await createAction(ctx, org);
    const loadStart = performance.now();
    await load(ctx.database.db, warmUp.id, 500);
    await load(ctx.database.db, action.id, signatures);
    if (engine === "postgres") await sql`analyze`.execute(ctx.database.db);
    const loadMs = performance.now() - loadStart;
    const file = join(dataDir, "letter.pdf");
    const generate = async (id: number) => {
      const { stream } = await ctx.delivery.downloadPdf(access, id, "en");
      await pipeline(stream, createWriteStream(file));
    };
    // The first letter loads the fonts and compiles the code path; measure the second.
    await generate(warmUp.id);
    gc();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const heapBefore = process.memoryUsage().heapUsed;
    const rssBefore = process.memoryUsage.rss();
    let peakRss = rssBefore;
    let samples = 0;
    const heapTotalBefore = process.memoryUsage().heapTotal;
    let peakHeap = heapTotalBefore;
    const sampler = setInterval(() => {
      const usage = process.memoryUsage();
      peakRss = Math.max(peakRss, usage.rss);
      peakHeap = Math.max(peakHeap, usage.heapTotal);
      samples++;
    }, sampleEveryMs);
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const start = performance.now();
    await generate(action.id);
    const generateMs = performance.now() - start;
    clearInterval(sampler);
    loopDelay.disable();
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    gc();
    const heapRetained = process.memoryUsage().heapUsed - heapBefore;
    const run: DeliveryPdfRun = {
      engine,
      signatures,
      loadMs,
      generateMs,
      pdfBytes: statSync(file).size,
      rssBefore,
      peakRss,
      samples,
      maxLoopDelayMs: loopDelay.max / 1e6,
      heapRetained,
      heapTotalBefore,
      peakHeapTotal: peakHeap,
    };
    process.send!(run);
  } finally {
    await ctx.close();
    await dropPostgresDatabases();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function runChild(engine: Engine, signatures: number): Promise<DeliveryPdfRun> {
  return new Promise((resolve, reject) => {
    const forked = fork(fileURLToPath(import.meta.url), ["--child", engine, String(signatures)], {
      stdio: "inherit",
    });
    let result: DeliveryPdfRun | undefined;
    forked.on("message", (message: DeliveryPdfRun) => (result = message));
    forked.on("exit", (code) =>
      result ? resolve(result) : reject(new Error(`the delivery bench child exited (${code})`)),
    );
  });
}

export function deliveryLine(r: DeliveryPdfRun): string {
  return (
    `${r.engine.padEnd(8)} ${String(r.signatures).padStart(7)} signatures  PDF ${(r.generateMs / 1000).toFixed(2)} s` +
    `, ${mb(r.pdfBytes)} MB  RSS before ${mb(r.rssBefore)} MB, peak ${mb(r.peakRss)} MB, peak − before ` +
    `${mb(r.peakRss - r.rssBefore)} MB (${r.samples} samples); V8 heap ${mb(r.heapTotalBefore)} → peak ` +
    `${mb(r.peakHeapTotal)} MB, retained after GC ${mb(r.heapRetained)} MB` +
    `  event loop max delay ${r.maxLoopDelayMs.toFixed(0)} ms` +
    `  (load ${(r.loadMs / 1000).toFixed(1)} s)`
  );
}

/** Both sizes on one engine, each in its own process; prints a line per size and the comparison. */
export async function benchDeliveryPdf(engine: Engine, sizes = deliverySizes): Promise<DeliveryPdfRun[]> {
  const runs: DeliveryPdfRun[] = [];
  for (const size of sizes) {
    const run = await runChild(engine, size);
    console.log(deliveryLine(run));
    runs.push(run);
  }
  const small = runs[0]!;
  const large = runs[runs.length - 1]!;
  console.log(
    `${engine.padEnd(8)} signatures ×${large.signatures / small.signatures}: peak − before ` +
      `${mb(small.peakRss - small.rssBefore)} MB → ${mb(large.peakRss - large.rssBefore)} MB, ` +
      `time ×${(large.generateMs / small.generateMs).toFixed(1)}`,
  );
  return runs;
}

/** `--sizes 20000,100000,200000` replaces the two sizes. */
function sizesArgument(): number[] | undefined {
  const at = process.argv.indexOf("--sizes");
  return at === -1 ? undefined : (process.argv[at + 1] ?? "").split(",").map(Number);
}

const childAt = process.argv.indexOf("--child");
if (childAt !== -1) {
  child(process.argv[childAt + 1] as Engine, Number(process.argv[childAt + 2])).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  (async () => {
    console.log(`Delivery PDF, Node ${process.version}, RSS sampled every ${sampleEveryMs} ms`);
    for (const engine of process.argv.includes("--postgres")
      ? (["sqlite", "postgres"] as const)
      : (["sqlite"] as const))
      await benchDeliveryPdf(engine, sizesArgument() ?? deliverySizes);
  })().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
