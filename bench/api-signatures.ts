/**
 * The API's scenarios, on one engine: a petition with 100,000 confirmed signatures, whose
 * `GET /api/v1/petitions/{id}/signatures` deep pages (a bare `page=N` as Parsons asks, the last
 * page, and the `next` cursor our links carry) are measured against its first page; and the
 * signature helper's POST rate against the signing form's on the same server.
 *
 * Part of `npm run bench`; alone: `npx tsx bench/api-signatures.ts [sqlite|postgres]…`.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerProcess } from "./lib/children.ts";
import { createPostgresDatabase } from "./lib/databases.ts";
import { rawRequest } from "./lib/http.ts";
import {
  actionPath,
  formHeaders,
  formToken,
  newEmail,
  signingBody,
  startJuntosServer,
} from "./lib/juntos.ts";
import { type Figure, type LoadSettings, measure, type Target } from "./lib/load.ts";
import { type QueryPlan, signaturePagePlans } from "./lib/plans.ts";
import { formatFigure, summaryTable } from "./lib/report.ts";
import { runBench, settings, workDir } from "./lib/session.ts";
import { seedApiKeys, seedConfirmedSignatures, vacuumSignatures } from "./lib/signatures.ts";

type Engine = "sqlite" | "postgres";

const signatureCount = 100_000;
/** The API's largest page, which Parsons and Action Network's own clients ask for. */
const perPage = 25;
/** A bare page deep in the list: its boundary skips 74,975 confirmed signatures. */
const deepPage = 3000;
/**
 * The API allows 4 requests a second per key. The load takes the keys in turn, so each is used
 * once every `keyCount` requests: under 2 a second per key up to 4,000 requests a second.
 */
const keyCount = 2000;
const jsonHeaders = { "content-type": "application/json" };

/**
 * Reads need no concurrent batch to form (signing does, for its group commit): 10 connections keep
 * the one server thread busy, with a queue short enough that latency is the page's own cost.
 */
function readSettings(settings: LoadSettings): LoadSettings {
  return { ...settings, connections: 10 };
}

export interface ApiSignaturesRun {
  engine: Engine;
  confirmedSignatures: number;
  deepPage: number;
  lastPage: number;
  plans: QueryPlan[];
  first: Figure;
  deep: Figure;
  last: Figure;
  cursor: Figure;
  /** Requests per second of each deep page over the first page's: 1 when depth costs nothing. */
  ratios: { deep: number; last: number; cursor: number };
  /** Null when the server has no signature helper yet (its POST answered 404). */
  helper: { post: Figure; formSign: Figure; ratio: number } | null;
}

function print(figure: Figure): void {
  console.log(`  ${formatFigure(figure)}`);
}

/** What the scenario reads of a collection page. */
interface ApiPage {
  total_records: number;
  total_pages: number;
  _links: { next?: { href: string } };
  _embedded: Record<string, unknown[]>;
}

/** GETs an API path with the given key and returns its HAL body; anything but 200 is a failure. */
async function apiGet(server: ServerProcess, path: string, key: string): Promise<ApiPage> {
  const response = await rawRequest(server.origin + path, { headers: { "osdi-api-token": key } });
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${response.body}`);
  return JSON.parse(response.body.toString());
}

/** An Action Network record_signature_helper body for one more, never-seen person. */
function helperBody(tag: string): () => string {
  return () =>
    JSON.stringify({
      person: {
        given_name: "Bench",
        family_name: "Helper",
        email_addresses: [{ address: newEmail(tag) }],
        postal_addresses: [{ postal_code: "12345" }],
      },
      comments: "Signed through the API",
    });
}

export async function benchApiSignatures(engine: Engine, settings: LoadSettings): Promise<ApiSignaturesRun> {
  const dataDir = join(workDir, `juntos-api-${engine}`);
  mkdirSync(dataDir);
  const databaseUrl = engine === "postgres" ? await createPostgresDatabase("api") : undefined;
  const database = databaseUrl ?? join(dataDir, "juntos.sqlite");
  // The first start migrates and seeds the demo; signatures and keys are written while no server
  // runs, and the second start serves them.
  await (await startJuntosServer(`Juntos (${engine}, seeding)`, dataDir, databaseUrl)).stop();
  const seedStarted = performance.now();
  const seeded = await seedConfirmedSignatures(database, actionPath.split("/").pop()!, signatureCount);
  const keys = await seedApiKeys(database, seeded.organizationId, keyCount, { trusted: true });
  await vacuumSignatures(database);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const plans = await signaturePagePlans(database, seeded.actionId, (deepPage - 1) * perPage, perPage);
  const server = await startJuntosServer(`Juntos (${engine}, API)`, dataDir, databaseUrl);

  let turn = 0;
  const nextKey = () => ({ "osdi-api-token": keys[turn++ % keys.length]! });
  const collection = `/api/v1/petitions/${seeded.actionId}/signatures`;
  const pagePath = (page: number) => `${collection}?page=${page}&per_page=${perPage}`;
  const first = await apiGet(server, pagePath(1), keys[0]!);
  if (first.total_records !== seeded.confirmed)
    throw new Error(`${collection} counts ${first.total_records}, not the ${seeded.confirmed} seeded`);
  const lastPage = first.total_pages;
  const deep = await apiGet(server, pagePath(deepPage), keys[1]!);
  const next = deep._links.next?.href;
  if (deep._embedded["osdi:signatures"]?.length !== perPage || !next)
    throw new Error(`page ${deepPage} of ${collection} is not a full page with a next link`);
  const { pathname, search } = new URL(next);
  const cursorPath = pathname + search;
  console.log(
    `\nJuntos on ${engine}, the API: petition ${seeded.actionId} with ${seeded.confirmed} confirmed ` +
      `signatures and ${keyCount} keys, written in ${seedSeconds.toFixed(1)} s` +
      `${engine === "postgres" ? " (then VACUUM, no ANALYZE)" : ""}; plans of page ${deepPage}'s queries:`,
  );
  for (const plan of plans) console.log(`    ${plan.query}: ${plan.lines.join("\n      ")}`);
  console.log(
    `  GET ${collection}: page 1 vs page ${deepPage} and the last page ${lastPage} (bare page=N, no ` +
      `cursor) and page ${deepPage}'s next link (${cursorPath.slice(collection.length)}); a key per request in turn, ` +
      `${readSettings(settings).connections} connections`,
  );
  const target = (label: string, path: string): Target => ({
    label: `Juntos ${engine}: API signatures, ${label}`,
    server,
    path,
    nextHeaders: nextKey,
    expectedStatus: 200,
  });
  const [firstFigure, deepFigure, lastFigure, cursorFigure] = await measure(
    [
      target("page 1", pagePath(1)),
      target(`page ${deepPage}`, pagePath(deepPage)),
      target(`page ${lastPage} (last)`, pagePath(lastPage)),
      target(`next of page ${deepPage}`, cursorPath),
    ],
    readSettings(settings),
  );
  for (const figure of [firstFigure, deepFigure, lastFigure, cursorFigure]) print(figure);
  const over = (figure: Figure) => figure.requestsPerSecond / firstFigure.requestsPerSecond;
  const ratios = { deep: over(deepFigure), last: over(lastFigure), cursor: over(cursorFigure) };
  console.log(
    `  req/s over page 1's: page ${deepPage} ${ratios.deep.toFixed(2)}, last page ${ratios.last.toFixed(2)}, ` +
      `next link ${ratios.cursor.toFixed(2)} (target ≈ 1)`,
  );

  const helper = await benchHelper(engine, server, collection, nextKey);
  await server.stop();
  return {
    engine,
    confirmedSignatures: seeded.confirmed,
    deepPage,
    lastPage,
    plans,
    first: firstFigure,
    deep: deepFigure,
    last: lastFigure,
    cursor: cursorFigure,
    ratios,
    helper,
  };
}

/**
 * POST /api/v1/petitions/{id}/signatures (record_signature_helper) with trusted keys, a new person
 * each time, against the signing form's POST on the same server. Skipped, saying so, on a server
 * without the helper: the route answers 404 there.
 */
async function benchHelper(
  engine: Engine,
  server: ServerProcess,
  collection: string,
  nextKey: () => Record<string, string>,
): Promise<ApiSignaturesRun["helper"]> {
  const body = helperBody(`helper-${engine}`);
  const probe = await rawRequest(server.origin + collection, {
    method: "POST",
    headers: { ...jsonHeaders, ...nextKey() },
    body: body(),
  });
  if (probe.status === 404) {
    console.log(
      `  POST ${collection} answered 404: this server has no signature helper yet; its POST rate is skipped`,
    );
    return null;
  }
  if (probe.status !== 200) throw new Error(`POST ${collection} answered ${probe.status}: ${probe.body}`);
  console.log(
    `  POST ${collection} (record_signature_helper, trusted keys in turn, a new person each) vs ` +
      `POST ${actionPath}/sign (the form, unique email each)`,
  );
  const [post, formSign] = await measure(
    [
      {
        label: `Juntos ${engine}: API signature helper POST`,
        server,
        path: collection,
        method: "POST",
        headers: jsonHeaders,
        nextHeaders: nextKey,
        body,
        expectedStatus: 200,
      },
      {
        label: `Juntos ${engine}: form sign POST`,
        server,
        path: `${actionPath}/sign`,
        method: "POST",
        headers: formHeaders,
        body: signingBody(`form-${engine}`, await formToken(server)),
        expectedStatus: 303,
      },
    ],
    settings,
  );
  print(post);
  print(formSign);
  const ratio = post.requestsPerSecond / formSign.requestsPerSecond;
  console.log(`  helper POST / form sign: ${ratio.toFixed(2)}`);
  return { post, formSign, ratio };
}

/** The figures of a run, for the bench's summary table. */
export function apiFigures(run: ApiSignaturesRun): Figure[] {
  return [
    run.first,
    run.deep,
    run.last,
    run.cursor,
    ...(run.helper ? [run.helper.post, run.helper.formSign] : []),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const engines = process.argv.slice(2).filter((a): a is Engine => a === "sqlite" || a === "postgres");
  await runBench(async () => {
    const runs: ApiSignaturesRun[] = [];
    for (const engine of engines.length > 0 ? engines : (["sqlite", "postgres"] as const))
      runs.push(await benchApiSignatures(engine, settings));
    console.log(`\nSummary\n${summaryTable(runs.flatMap(apiFigures))}`);
  });
}
