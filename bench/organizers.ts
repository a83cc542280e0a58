/**
 * Organizers at a million signatures (issue 14), on each engine: the demo action gets 1,000,000
 * confirmed signatures written straight into the stopped server's database (then ANALYZE on
 * PostgreSQL, no VACUUM), and each admin page of the action is asked for one request at a time
 * as a signed-in organizer: the dashboard, the signatures list's first page, a page 990,000
 * signatures deep through its cursor, an exact search by one address, and a text search that
 * matches nothing (the most a bounded search reads). Median and p95 of each, against the 100 ms
 * target; and the public action page's req/s with the demo's signatures only and with the
 * million, whose cost must not grow with the count.
 *
 * Alone: `npx tsx bench/organizers.ts [sqlite|postgres]…` (BENCH_SECONDS shortens the public
 * page's load; BENCH_SIGNATURES changes the million).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerProcess } from "./lib/children.ts";
import { createPostgresDatabase } from "./lib/databases.ts";
import { rawRequest } from "./lib/http.ts";
import { actionPath, startJuntosServer } from "./lib/juntos.ts";
import { type Figure, type LoadSettings, measure } from "./lib/load.ts";
import { addOrganizer, signIn } from "./lib/organizer.ts";
import { formatFigure } from "./lib/report.ts";
import { runBench, settings, workDir } from "./lib/session.ts";
import { analyzeDatabase, seedConfirmedSignatures, signatureIdFromNewest } from "./lib/signatures.ts";

type Engine = "sqlite" | "postgres";

const signatureCount = Number(process.env.BENCH_SIGNATURES ?? 1_000_000);
/** How far down the list the deep page starts: page 19,801 of 50 newest first, at the million. */
const deepOffset = Math.max(0, signatureCount - 10_000);
const warmUpRounds = 10;
const measuredRounds = 40;
/** The target for every admin page of the action. */
const targetMs = 100;

export interface PageLatency {
  page: string;
  path: string;
  medianMs: number;
  p95Ms: number;
  pass: boolean;
}

export interface OrganizersRun {
  engine: Engine;
  signatures: number;
  seedSeconds: number;
  pages: PageLatency[];
  publicPage: { before: Figure; after: Figure; ratio: number };
}

const slug = actionPath.split("/").pop()!;

/** A page and the text that shows it answered in full. */
interface AdminPage {
  page: string;
  path: string;
  expect: string;
}

/**
 * One request at a time (each page's own latency, not a queue's), the pages taken in turn round
 * after round, so that a noisy moment of a shared machine, or the server warming up, falls on all
 * of them alike rather than on whichever is measured first.
 */
async function latencies(server: ServerProcess, cookie: string, pages: AdminPage[]): Promise<PageLatency[]> {
  const times = pages.map(() => [] as number[]);
  for (let round = 0; round < warmUpRounds + measuredRounds; round++) {
    for (const [i, { path, expect }] of pages.entries()) {
      const started = performance.now();
      const response = await rawRequest(server.origin + path, { headers: { cookie } });
      const ms = performance.now() - started;
      if (response.status !== 200 || !response.body.toString().includes(expect))
        throw new Error(`${path} answered ${response.status} without "${expect}"`);
      if (round >= warmUpRounds) times[i]!.push(ms);
    }
  }
  return pages.map(({ page, path }, i) => {
    const sorted = times[i]!.sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
    const medianMs = Math.round(at(0.5) * 10) / 10;
    const p95Ms = Math.round(at(0.95) * 10) / 10;
    return { page, path, medianMs, p95Ms, pass: p95Ms <= targetMs };
  });
}

/** The public action page under load, as the bench's other pages are measured. */
async function publicPage(server: ServerProcess, engine: Engine, label: string, load: LoadSettings) {
  const [figure] = await measure(
    [{ label: `Juntos ${engine}: action page, ${label}`, server, path: actionPath, expectedStatus: 200 }],
    load,
  );
  console.log(`  ${formatFigure(figure)}`);
  return figure;
}

export async function benchOrganizers(engine: Engine, load: LoadSettings): Promise<OrganizersRun> {
  const dataDir = join(workDir, `juntos-organizers-${engine}`);
  mkdirSync(dataDir);
  const databaseUrl = engine === "postgres" ? await createPostgresDatabase("organizers") : undefined;
  const database = databaseUrl ?? join(dataDir, "juntos.sqlite");
  console.log(`\nJuntos on ${engine}, organizers at ${signatureCount.toLocaleString("en-US")} signatures`);
  // Migrated and seeded with the demo here; its action page is measured before the load.
  const organizer = await addOrganizer(dataDir, databaseUrl, slug);
  const empty = await startJuntosServer(`Juntos (${engine}, demo only)`, dataDir, databaseUrl);
  const before = await publicPage(empty, engine, "demo signatures only", load);
  await empty.stop();

  const seedStarted = performance.now();
  const seeded = await seedConfirmedSignatures(database, slug, signatureCount);
  await analyzeDatabase(database);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  console.log(
    `  ${seeded.confirmed.toLocaleString("en-US")} confirmed signatures on action ${seeded.actionId}, ` +
      `written in ${seedSeconds.toFixed(1)} s${engine === "postgres" ? " (with ANALYZE, no VACUUM)" : ""}`,
  );
  const deepCursor = await signatureIdFromNewest(database, seeded.actionId, deepOffset);

  const server = await startJuntosServer(`Juntos (${engine}, a million)`, dataDir, databaseUrl);
  const cookie = await signIn(server.origin, organizer.email, organizer.password);
  const admin = `/en/admin/o/${organizer.organizationSlug}/actions/${seeded.actionId}`;
  const list = `${admin}/signatures`;
  // seedConfirmedSignatures names its signers api-signer-<n>@bench.example, n from 0.
  const someone = `api-signer-${Math.floor(signatureCount / 2)}@bench.example`;
  const pages = await latencies(server, cookie, [
    { page: "dashboard", path: admin, expect: "people have signed" },
    { page: "signatures, newest page", path: list, expect: "Older" },
    {
      page: `signatures, ${deepOffset.toLocaleString("en-US")} deep (cursor)`,
      path: `${list}?before=${deepCursor}`,
      expect: "Newer",
    },
    {
      page: "search, one whole address (exact)",
      path: `${list}?q=${encodeURIComponent(someone)}`,
      expect: someone,
    },
    {
      page: "search, text matching nothing (bounded)",
      path: `${list}?q=nobody-matches-this`,
      expect: "0 matches shown",
    },
  ]);
  for (const result of pages)
    console.log(
      `  ${result.page.padEnd(44)} median ${String(result.medianMs).padStart(6)} ms  p95 ${String(result.p95Ms).padStart(6)} ms` +
        `  ${result.pass ? "≤" : ">"} ${targetMs} ms`,
    );
  const after = await publicPage(
    server,
    engine,
    `${signatureCount.toLocaleString("en-US")} more signatures`,
    load,
  );
  await server.stop();
  const ratio = after.requestsPerSecond / before.requestsPerSecond;
  console.log(`  action page req/s with the signatures over without: ${ratio.toFixed(2)} (target ≈ 1)`);
  return { engine, signatures: seeded.confirmed, seedSeconds, pages, publicPage: { before, after, ratio } };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const engines = process.argv.slice(2).filter((a): a is Engine => a === "sqlite" || a === "postgres");
  const seconds = Number(process.env.BENCH_SECONDS ?? settings.seconds);
  const load = { ...settings, seconds, warmupSeconds: Math.min(settings.warmupSeconds, seconds) };
  await runBench(async () => {
    for (const engine of engines.length > 0 ? engines : (["sqlite", "postgres"] as const))
      await benchOrganizers(engine, load);
  });
}
