/**
 * Organizers against the public: the demo action with 1,000,000 confirmed signatures (issue 14).
 * Measures, on one engine, the sponsor's CSV export of them all through the real route (time,
 * and the server's RSS before and at its peak, the kernel's own peak record), then the public
 * action page's req/s idle, while one organizer repeats the signatures page's substring search,
 * and while one organizer repeats the export: the ratios to idle are the figures of the issue
 * (target ≥ 0.8).
 *
 * Alone: `npx tsx bench/organizer-load.ts [sqlite|postgres]…`; BENCH_SIGNATURES (1,000,000) and
 * BENCH_SECONDS (measured seconds per scenario, 10) make it shorter.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { loadConfig } from "../src/config.ts";
import { createContext } from "../src/context.ts";
import * as organizations from "../src/modules/organizations/organizations.repository.ts";
import { createAccount } from "../test/support/fixtures.ts";
import type { ServerProcess } from "./lib/children.ts";
import { createPostgresDatabase } from "./lib/databases.ts";
import { rawRequest } from "./lib/http.ts";
import { actionPath, startJuntosServer } from "./lib/juntos.ts";
import { type Figure, type LoadSettings, measure } from "./lib/load.ts";
import { formatFigure } from "./lib/report.ts";
import { runBench, settings, workDir } from "./lib/session.ts";
import { seedConfirmedSignatures, vacuumSignatures } from "./lib/signatures.ts";

type Engine = "sqlite" | "postgres";

const signatureCount = Number(process.env.BENCH_SIGNATURES ?? 1_000_000);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
/** A substring of one seeded email (api-signer-424242@bench.example): no index can answer it. */
const searchText = "signer-424242";

export interface OrganizerLoadRun {
  engine: Engine;
  signatures: number;
  export: { seconds: number; bytes: number; rssBeforeMb: number; peakRssMb: number; kernelPeakRssMb: number };
  idle: Figure;
  searching: { figure: Figure; ratio: number; searches: number; meanSearchMs: number };
  exporting: { figure: Figure; ratio: number; exports: number; meanExportMs: number };
}

/** The server's resident memory now and the kernel's peak record since the last reset (Linux). */
const memoryOf = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]) * 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
};

/** GETs a path with the organizer's session as a browser would (gzip), counting the bytes only. */
function download(server: ServerProcess, path: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      server.origin + path,
      { headers: { cookie, "accept-encoding": "gzip, deflate, br" } },
      (res) => {
        if (res.statusCode !== 200) reject(new Error(`${path} answered ${res.statusCode}`));
        let bytes = 0;
        res.on("data", (chunk: Buffer) => (bytes += chunk.length));
        res.on("end", () => resolve(bytes));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** Signs in through the real form: the CSRF token from the page, then the session cookie. */
async function signIn(server: ServerProcess, email: string, password: string): Promise<string> {
  const page = await rawRequest(`${server.origin}/en/account/login`);
  const cookies = ([] as string[]).concat(page.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body.toString())?.[1];
  if (!token) throw new Error("no CSRF token on the sign-in page");
  const response = await rawRequest(`${server.origin}/en/account/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; ") },
    body: new URLSearchParams({ email, password, _csrf: token }).toString(),
  });
  const session = ([] as string[])
    .concat(response.headers["set-cookie"] ?? [])
    .find((c) => c.startsWith("juntos_session="));
  if (response.status !== 303 || !session) throw new Error(`sign-in failed with ${response.status}`);
  return session.split(";")[0]!;
}

/** Repeats `work` one at a time until stopped: one organizer clicking again as soon as a page is in. */
function organizerLoop(work: () => Promise<unknown>) {
  let running = true;
  let count = 0;
  let busyMs = 0;
  const loop = (async () => {
    while (running) {
      const start = performance.now();
      await work();
      busyMs += performance.now() - start;
      count++;
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { count, meanMs: count === 0 ? 0 : busyMs / count };
    },
  };
}

/**
 * Migrates the database and loads the demo action, with an organizer of its sponsor made through
 * the fixtures; in this process, while no server runs (a server's start on a busy machine can
 * take longer than the 30 s startServer waits).
 */
async function demoWithOrganizer(dataDir: string, databaseUrl: string) {
  const ctx = await openContext(dataDir, databaseUrl, true);
  try {
    const { db } = ctx.database;
    const org = await db
      .selectFrom("actions")
      .innerJoin("organizations", "organizations.id", "actions.sponsor_organization_id")
      .select(["organizations.id", "organizations.slug"])
      .where("actions.slug", "=", actionPath.split("/").pop()!)
      .executeTakeFirstOrThrow();
    const account = await createAccount(ctx, { name: "Bench Organizer" });
    await organizations.setMembership(db, org.id, account.id, "organizer", new Date().toISOString());
    return { account, orgSlug: org.slug };
  } finally {
    await ctx.close();
  }
}

function openContext(dataDir: string, databaseUrl: string, seedDemo: boolean) {
  return createContext(
    loadConfig({
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      SEED_DEMO: String(seedDemo),
      LOG_LEVEL: "silent",
      BASE_URL: "http://127.0.0.1",
    }),
  );
}

/** As autovacuum would soon after a load like this; without statistics PostgreSQL plans blind. */
async function analyze(dataDir: string, databaseUrl: string) {
  const ctx = await openContext(dataDir, databaseUrl, false);
  try {
    await sql`analyze`.execute(ctx.database.db);
  } finally {
    await ctx.close();
  }
}

export async function benchOrganizerLoad(engine: Engine, load: LoadSettings): Promise<OrganizerLoadRun> {
  const dataDir = join(workDir, `juntos-organizer-${engine}`);
  mkdirSync(dataDir);
  const databaseUrl = engine === "postgres" ? await createPostgresDatabase("organizer") : undefined;
  const database = databaseUrl ?? join(dataDir, "juntos.sqlite");
  const { account, orgSlug } = await demoWithOrganizer(dataDir, databaseUrl ?? `sqlite:${database}`);
  const seedStarted = performance.now();
  const seeded = await seedConfirmedSignatures(database, actionPath.split("/").pop()!, signatureCount);
  await vacuumSignatures(database);
  if (databaseUrl) await analyze(dataDir, databaseUrl);
  console.log(
    `\nJuntos on ${engine}, organizers: the demo action with ${seeded.confirmed} confirmed signatures ` +
      `(written in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s)`,
  );
  const server = await startJuntosServer(`Juntos (${engine}, organizers)`, dataDir, databaseUrl);
  try {
    const cookie = await signIn(server, account.email, account.password);
    const admin = `/en/admin/o/${orgSlug}/actions/${seeded.actionId}`;
    const exportPath = `${admin}/signatures.csv`;
    const searchPath = `${admin}/signatures?q=${searchText}`;
    const pid = server.pid!;

    // The first export loads and compiles the code path (and the thread); the second is measured.
    await download(server, exportPath, cookie);
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    const before = memoryOf(pid);
    let peakRss = before.rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, memoryOf(pid).rss)), 50);
    const exportStarted = performance.now();
    const bytes = await download(server, exportPath, cookie);
    const exportSeconds = (performance.now() - exportStarted) / 1000;
    clearInterval(sampler);
    const after = memoryOf(pid);
    const exported = {
      seconds: exportSeconds,
      bytes,
      rssBeforeMb: Number(mb(before.rss)),
      peakRssMb: Number(mb(Math.max(peakRss, after.rss))),
      kernelPeakRssMb: Number(mb(after.peak)),
    };
    console.log(
      `  export of ${seeded.confirmed} rows: ${exportSeconds.toFixed(2)} s, ${mb(bytes)} MB gzip; server RSS before ` +
        `${exported.rssBeforeMb} MB, peak ${exported.peakRssMb} MB (kernel's peak ${exported.kernelPeakRssMb} MB)`,
    );

    const page = { server, path: actionPath, expectedStatus: 200 };
    const [idle] = await measure([{ ...page, label: `Juntos ${engine}: action page, idle` }] as const, load);
    console.log(`  ${formatFigure(idle)}`);

    const searches = organizerLoop(async () => {
      const response = await rawRequest(server.origin + searchPath, { headers: { cookie } });
      if (response.status !== 200) throw new Error(`the search answered ${response.status}`);
    });
    const [searchingFigure] = await measure(
      [{ ...page, label: `Juntos ${engine}: action page, an organizer searching` }] as const,
      load,
    );
    const searched = await searches.stop();
    console.log(`  ${formatFigure(searchingFigure)}`);

    const exports = organizerLoop(() => download(server, exportPath, cookie));
    const [exportingFigure] = await measure(
      [{ ...page, label: `Juntos ${engine}: action page, an organizer exporting` }] as const,
      load,
    );
    const exportedInLoop = await exports.stop();
    console.log(`  ${formatFigure(exportingFigure)}`);

    const ratio = (figure: Figure) => figure.requestsPerSecond / idle.requestsPerSecond;
    const run: OrganizerLoadRun = {
      engine,
      signatures: seeded.confirmed,
      export: exported,
      idle,
      searching: {
        figure: searchingFigure,
        ratio: ratio(searchingFigure),
        searches: searched.count,
        meanSearchMs: searched.meanMs,
      },
      exporting: {
        figure: exportingFigure,
        ratio: ratio(exportingFigure),
        exports: exportedInLoop.count,
        meanExportMs: exportedInLoop.meanMs,
      },
    };
    console.log(
      `  action page req/s over idle: while searching ${run.searching.ratio.toFixed(2)} (${searched.count} searches, ` +
        `${searched.meanMs.toFixed(0)} ms each), while exporting ${run.exporting.ratio.toFixed(2)} ` +
        `(${exportedInLoop.count} exports, ${(exportedInLoop.meanMs / 1000).toFixed(2)} s each); target ≥ 0.8`,
    );
    return run;
  } finally {
    await server.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const engines = process.argv.slice(2).filter((a): a is Engine => a === "sqlite" || a === "postgres");
  const seconds = Number(process.env.BENCH_SECONDS ?? settings.seconds);
  const load = {
    ...settings,
    seconds,
    rounds: Math.max(1, Math.min(settings.rounds, Math.floor(seconds / 2))),
  };
  await runBench(async () => {
    for (const engine of engines.length > 0 ? engines : (["sqlite", "postgres"] as const))
      await benchOrganizerLoad(engine, load);
  });
}
