/**
 * `npm run bench`: loads the real server (src/main.ts) on SQLite and PostgreSQL with autocannon
 * over loopback, measures bare Fastify baselines on the same machine in the same run, checks the
 * gzip size of the action page and that every acknowledged signature is stored, then prints a
 * summary with PASS/FAIL per target and writes bench/results/latest.json.
 *
 * Targets are reported, never enforced by the exit code: a miss is a finding, not a crash.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { demoFacts } from "../src/demo/demo-action.ts";
import { slugify } from "../src/modules/organizations/organizations.ts";
import { type ApiSignaturesRun, apiFigures, benchApiSignatures } from "./api-signatures.ts";
import { benchCluster } from "./cluster.ts";
import { benchDeliveryPdf } from "./delivery-pdf.ts";
import { repoRoot, type ServerProcess, startServer } from "./lib/children.ts";
import { seedApprovedComments } from "./lib/comments.ts";
import { countRows, createPostgresDatabase } from "./lib/databases.ts";
import { rawRequest } from "./lib/http.ts";
import { actionPath, formHeaders, signingBody, startJuntosServer } from "./lib/juntos.ts";
import { type Figure, measure, type Target } from "./lib/load.ts";
import { fsyncMicros } from "./lib/machine.ts";
import { checkTarget, formatFigure, summaryTable, type TargetResult, targetTable } from "./lib/report.ts";
import { runBench, settings, workDir } from "./lib/session.ts";
import { benchOrganizerLoad } from "./organizer-load.ts";
import { benchOrganizers } from "./organizers.ts";

const gzipBudgetBytes = 14 * 1024;
/** A co-sponsor of the demo action: its referral code is its slug. */
const partnerCode = slugify(demoFacts.cosponsors[0]!);
/** The page a partner's link opens: its notice and one consent box per receiving organization. */
const partnerPath = `${actionPath}?ref=${partnerCode}`;
/** What browsers send: the page is then compressed for each request. */
const browserEncodings = "gzip, deflate, br";

type Engine = "sqlite" | "postgres";

interface Durability {
  /** 303 answers received, warm-up and the first check included. */
  acknowledged: number;
  /** Rows counted after the server was killed. */
  rows: number;
}

interface JuntosRun {
  engine: Engine;
  pageBytes: number;
  gzipBytes: number;
  page: Figure;
  /** The same page asked for as a browser does, compressed (informational, no baseline). */
  browserPage: Figure | null;
  /** The page through a partner's link, gzipped. */
  partnerGzipBytes: number;
  sign: Figure;
  /** Signing through a partner's link with both consent boxes ticked, alternating with `sign`. */
  partnerSign: Figure;
  durability: Durability;
  /** Confirmation mails the outbox worker had stored when the server was killed. */
  mailsStored: number;
}

interface Baselines {
  page: Figure;
  insert: Figure;
  insertDurability: Durability;
  /** SQLite only: bare Fastify group-committing with multi-row inserts, the ceiling on this disk. */
  groupInsert: Figure | null;
}

function print(figure: Figure): void {
  console.log(`  ${formatFigure(figure)}`);
}

/** Kills the server (SIGKILL: acknowledged work must not depend on a clean exit) and counts rows. */
async function killAndCount(server: ServerProcess, database: string, table: string, acknowledged: number) {
  await server.stop();
  const rows = await countRows(database, table);
  console.log(`  ${server.name}: ${rows} ${table} rows after SIGKILL, ${acknowledged} acknowledged with 303`);
  return { acknowledged, rows };
}

async function startJuntos(engine: Engine) {
  const dataDir = join(workDir, `juntos-${engine}`);
  mkdirSync(dataDir);
  const databaseUrl = engine === "postgres" ? await createPostgresDatabase("juntos") : undefined;
  const server = await startJuntosServer(`Juntos (${engine})`, dataDir, databaseUrl);
  const pageUrl = server.origin + actionPath;
  const plain = await rawRequest(pageUrl);
  if (plain.status !== 200 || plain.headers["content-encoding"])
    throw new Error(`${pageUrl} answered ${plain.status} ${plain.headers["content-encoding"] ?? ""}`);
  const token = /name="ts" value="([^"]+)"/.exec(plain.body.toString())?.[1];
  if (!token) throw new Error(`${pageUrl} has no form token`);
  const gzipped = await rawRequest(pageUrl, { headers: { "accept-encoding": "gzip" } });
  if (gzipped.headers["content-encoding"] !== "gzip" || gunzipSync(gzipped.body).length !== plain.body.length)
    throw new Error(`${pageUrl} did not answer a gzip body of the same page`);
  const partnerPage = await rawRequest(server.origin + partnerPath, {
    headers: { "accept-encoding": "gzip", referer: "https://news.example.org/story" },
  });
  const partnerHtml = gunzipSync(partnerPage.body).toString();
  if (
    !partnerHtml.includes(`name="ref" value="${partnerCode}"`) ||
    !partnerHtml.includes('name="consent_partner"')
  )
    throw new Error(`${partnerPath} does not credit the partner ${partnerCode}`);
  const nextBody = signingBody(engine, token);
  const nextPartnerBody = signingBody(`${engine}-partner`, token, {
    ref: partnerCode,
    via: "news.example.org",
    source: "bench",
    consent: "yes",
    consent_partner: "yes",
  });
  const first = await rawRequest(`${pageUrl}/sign`, {
    method: "POST",
    headers: formHeaders,
    body: nextBody(),
  });
  if (first.status !== 303) throw new Error(`${pageUrl}/sign answered ${first.status}, not 303`);
  console.log(
    `\nJuntos on ${engine}: action page ${plain.body.length} B, ${gzipped.body.length} B with ` +
      `Accept-Encoding: gzip (${partnerPage.body.length} B through a partner's link, with ` +
      `${demoFacts.cosponsors.length} co-sponsors); one test signature answered 303`,
  );
  return {
    engine,
    server,
    database: databaseUrl ?? join(dataDir, "juntos.sqlite"),
    devMailFile: join(dataDir, "dev-mail.sqlite"),
    pageBytes: plain.body.length,
    pageBody: plain.body,
    gzipBytes: gzipped.body.length,
    partnerGzipBytes: partnerPage.body.length,
    page: {
      label: `Juntos ${engine}: action page`,
      server,
      path: actionPath,
      expectedStatus: 200,
    } satisfies Target,
    browserPage: {
      label: `Juntos ${engine}: action page, br/gzip`,
      server,
      path: actionPath,
      headers: { "accept-encoding": browserEncodings },
      expectedStatus: 200,
    } satisfies Target,
    sign: {
      label: `Juntos ${engine}: durable sign`,
      server,
      path: `${actionPath}/sign`,
      method: "POST",
      headers: formHeaders,
      body: nextBody,
      expectedStatus: 303,
    } satisfies Target,
    partnerSign: {
      label: `Juntos ${engine}: durable sign, partner link`,
      server,
      path: `${actionPath}/sign`,
      method: "POST",
      headers: formHeaders,
      body: nextPartnerBody,
      expectedStatus: 303,
    } satisfies Target,
  };
}

async function startBareInsert(engine: Engine) {
  const database =
    engine === "postgres" ? await createPostgresDatabase("bare") : join(workDir, "bare-insert.sqlite");
  const server = await startServer({
    name: `bare ${engine} insert`,
    entry: "bench/servers/bare-insert.ts",
    env: { BARE_DB: engine === "postgres" ? database : `sqlite:${database}` },
  });
  const target: Target = {
    label: `bare ${engine} insert, 1 tx/request`,
    server,
    path: "/sign",
    method: "POST",
    headers: formHeaders,
    body: signingBody(`bare-${engine}`, "unused"),
    expectedStatus: 303,
  };
  return { server, database, target };
}

/**
 * The ceiling a durable signing can reach on this disk (SQLite): bare Fastify that commits the
 * requests of one event-loop turn together, one multi-row insert, 303 after the commit.
 */
async function startBareGroupInsert() {
  const server = await startServer({
    name: "bare sqlite group insert",
    entry: "bench/servers/bare-group-insert.ts",
    env: { BARE_DB: `sqlite:${join(workDir, "bare-group-insert.sqlite")}` },
  });
  const target: Target = {
    label: "bare sqlite insert, group commit",
    server,
    path: "/sign",
    method: "POST",
    headers: formHeaders,
    body: signingBody("bare-group-sqlite", "unused"),
    expectedStatus: 303,
  };
  return { server, target };
}

async function benchEngine(
  juntos: Awaited<ReturnType<typeof startJuntos>>,
  barePage: Target,
  options: { browserPage: boolean },
): Promise<{ juntos: JuntosRun; baselines: Baselines }> {
  const { engine } = juntos;
  console.log(
    `  GET ${actionPath} vs a bare Fastify page serving the same bytes; no Accept-Encoding, so neither compresses`,
  );
  const [page, bareFigure] = await measure([juntos.page, barePage], settings);
  print(page);
  print(bareFigure);
  let browserPage: Figure | null = null;
  if (options.browserPage) {
    console.log(
      `  GET ${actionPath} with Accept-Encoding: ${browserEncodings}, as browsers ask (no baseline)`,
    );
    [browserPage] = await measure([juntos.browserPage], settings);
    print(browserPage);
  }

  const bare = await startBareInsert(engine);
  const bareGroup = engine === "sqlite" ? await startBareGroupInsert() : null;
  console.log(
    `  POST ${actionPath}/sign (unique email each) vs bare Fastify + ${engine}, one transaction per ` +
      `request, 303 after commit${bareGroup ? " (and group-committed, one multi-row insert per batch)" : ""}; ` +
      `and the same POST through a partner's link (ref, referring host, both consent boxes ticked)`,
  );
  const [sign, insert, partnerSign, groupInsert] = await measure(
    [juntos.sign, bare.target, juntos.partnerSign, ...(bareGroup ? [bareGroup.target] : [])],
    settings,
  );
  print(sign);
  print(insert);
  if (groupInsert) print(groupInsert);
  print(partnerSign);
  await bareGroup?.server.stop();

  const durability = await killAndCount(
    juntos.server,
    juntos.database,
    "signatures",
    1 + sign.warmupExpected + sign.expected + partnerSign.warmupExpected + partnerSign.expected,
  );
  const mailsStored = await countRows(juntos.devMailFile, "dev_mail");
  console.log(`  the outbox worker had stored ${mailsStored} confirmation mails by then`);
  const insertDurability = await killAndCount(
    bare.server,
    bare.database,
    "bare_signatures",
    insert.warmupExpected + insert.expected,
  );
  return {
    juntos: {
      engine,
      pageBytes: juntos.pageBytes,
      gzipBytes: juntos.gzipBytes,
      page,
      browserPage,
      partnerGzipBytes: juntos.partnerGzipBytes,
      sign,
      partnerSign,
      durability,
      mailsStored,
    },
    baselines: { page: bareFigure, insert, insertDurability, groupInsert: groupInsert ?? null },
  };
}

/** Bare Fastify serving exactly `page` (our page's bytes), checked before it is measured. */
async function startBarePage(label: string, page: Buffer): Promise<Target> {
  const file = join(workDir, `bare-page-${page.length}.html`);
  writeFileSync(file, page);
  const server = await startServer({
    name: label,
    entry: "bench/servers/bare-page.ts",
    env: { PAGE_FILE: file },
  });
  const served = await rawRequest(`${server.origin}/page`);
  if (!served.body.equals(page)) throw new Error(`${label} does not serve the same ${page.length} bytes`);
  return { label, server, path: "/page", expectedStatus: 200 };
}

/**
 * The action page with a busy discussion: 200 approved comments on its first page (50 threads of a
 * comment and three replies, the most one page shows), measured against a bare Fastify page of the
 * same bytes, since the comments make the page several times bigger. SQLite, one process.
 */
async function benchDiscussion(): Promise<DiscussionRun> {
  const dataDir = join(workDir, "juntos-discussion");
  mkdirSync(dataDir);
  const database = join(dataDir, "juntos.sqlite");
  // The first start migrates and seeds the demo; the comments are written while no server runs,
  // and the second start renders the page with them.
  await (await startJuntosServer("Juntos (SQLite, seeding)", dataDir)).stop();
  const comments = seedApprovedComments(database, actionPath.split("/").pop()!, 50, 3);
  const server = await startJuntosServer("Juntos (SQLite, 200 comments)", dataDir);
  const plain = await rawRequest(server.origin + actionPath);
  const shown = plain.body.toString().match(/ id="comment-\d+"/g)?.length ?? 0;
  if (plain.status !== 200 || shown !== comments)
    throw new Error(`${actionPath} answered ${plain.status} showing ${shown} of ${comments} comments`);
  const gzipped = await rawRequest(server.origin + actionPath, { headers: { "accept-encoding": "gzip" } });
  const bareTarget = await startBarePage("bare Fastify page (same bytes)", plain.body);
  const bare = bareTarget.server;
  console.log(
    `\nJuntos on SQLite with ${comments} approved comments: action page ${plain.body.length} B, ` +
      `${gzipped.body.length} B gzipped\n  GET ${actionPath} vs a bare Fastify page serving the same bytes, uncompressed`,
  );
  const [page, barePage] = await measure(
    [
      { label: `Juntos sqlite: page, ${comments} comments`, server, path: actionPath, expectedStatus: 200 },
      bareTarget,
    ],
    settings,
  );
  print(page);
  print(barePage);
  await server.stop();
  await bare.stop();
  return { comments, pageBytes: plain.body.length, gzipBytes: gzipped.body.length, page, barePage };
}

interface DiscussionRun {
  comments: number;
  pageBytes: number;
  gzipBytes: number;
  page: Figure;
  barePage: Figure;
}

function apiRatioLines(run: ApiSignaturesRun): string {
  const engine = run.engine === "sqlite" ? "SQLite" : "PostgreSQL";
  const helper = run.helper
    ? `${run.helper.ratio.toFixed(2)}`
    : "skipped (no signature helper on this server: its POST answered 404)";
  return (
    `  ${engine} API signatures, req/s over page 1's (target ≈ 1): page ${run.deepPage} ` +
    `${run.ratios.deep.toFixed(2)}, last page ${run.ratios.last.toFixed(2)}, next link ${run.ratios.cursor.toFixed(2)}\n` +
    `  ${engine} API signature helper POST / form sign POST: ${helper}`
  );
}

async function main(): Promise<void> {
  const cpu = cpus();
  const loadBefore = loadavg();
  const fsync = fsyncMicros(workDir);
  console.log(
    `Juntos bench: ${cpu.length} × ${cpu[0]?.model ?? "CPU"}, Node ${process.version}, load average ` +
      `${loadBefore.map((l) => l.toFixed(2)).join(" ")}, 4 KiB write + fdatasync ${fsync} µs (median)\n` +
      `autocannon on loopback, ${settings.connections} connections; per measurement ${settings.warmupSeconds} s ` +
      `warm-up, then ${settings.seconds} s in ${settings.rounds} slices alternating with its baseline ` +
      `(the server not measured is frozen). Load generator and servers share the machine.`,
  );

  // The bare page is our action page's own bytes, which do not depend on the engine.
  const juntosSqlite = await startJuntos("sqlite");
  const { pageBytes } = juntosSqlite;
  const barePage = await startBarePage("bare Fastify page", juntosSqlite.pageBody);
  const barePageServer = barePage.server;

  const sqlite = await benchEngine(
    juntosSqlite,
    { ...barePage, label: "bare Fastify page (vs SQLite)" },
    { browserPage: true },
  );
  const discussion = await benchDiscussion();
  const postgres = await benchEngine(
    await startJuntos("postgres"),
    { ...barePage, label: "bare Fastify page (vs PostgreSQL)" },
    { browserPage: false },
  );
  await barePageServer.stop();
  const api = {
    sqlite: await benchApiSignatures("sqlite", settings),
    postgres: await benchApiSignatures("postgres", settings),
  };
  const loadAfter = loadavg();

  const ratios = {
    sqlitePage: sqlite.juntos.page.requestsPerSecond / sqlite.baselines.page.requestsPerSecond,
    sqliteSign: sqlite.juntos.sign.requestsPerSecond / sqlite.baselines.insert.requestsPerSecond,
    sqliteSignCeiling:
      sqlite.juntos.sign.requestsPerSecond / (sqlite.baselines.groupInsert?.requestsPerSecond ?? Number.NaN),
    postgresPage: postgres.juntos.page.requestsPerSecond / postgres.baselines.page.requestsPerSecond,
    postgresSign: postgres.juntos.sign.requestsPerSecond / postgres.baselines.insert.requestsPerSecond,
    sqlitePartnerSign: sqlite.juntos.partnerSign.requestsPerSecond / sqlite.juntos.sign.requestsPerSecond,
    postgresPartnerSign:
      postgres.juntos.partnerSign.requestsPerSecond / postgres.juntos.sign.requestsPerSecond,
    sqliteDiscussionPage: discussion.page.requestsPerSecond / discussion.barePage.requestsPerSecond,
  };
  const stored = (d: Durability) => d.rows - d.acknowledged;
  const targets: TargetResult[] = [
    checkTarget("SQLite: action page / bare page", ratios.sqlitePage, "≥", 0.6),
    checkTarget("SQLite: durable sign / bare 1-tx insert", ratios.sqliteSign, "≥", 2),
    checkTarget("SQLite: durable sign / bare group-commit insert", ratios.sqliteSignCeiling, "≥", 0.5),
    checkTarget("PostgreSQL: durable sign / bare 1-tx insert", ratios.postgresSign, "≥", 1.5),
    checkTarget("action page gzip size", sqlite.juntos.gzipBytes, "≤", gzipBudgetBytes, " B"),
    checkTarget("SQLite: partner-link sign / plain sign", ratios.sqlitePartnerSign, "≥", 0.9),
    checkTarget(
      `SQLite: page with ${discussion.comments} comments / bare page`,
      ratios.sqliteDiscussionPage,
      "≥",
      0.6,
    ),
    checkTarget(
      `page via a partner link, ${demoFacts.cosponsors.length} co-sponsors, gzip`,
      sqlite.juntos.partnerGzipBytes,
      "≤",
      gzipBudgetBytes,
      " B",
    ),
    checkTarget("SQLite: rows minus 303s after SIGKILL", stored(sqlite.juntos.durability), "≥", 0, " rows"),
    checkTarget(
      "PostgreSQL: rows minus 303s after SIGKILL",
      stored(postgres.juntos.durability),
      "≥",
      0,
      " rows",
    ),
  ];
  for (const run of [api.sqlite, api.postgres]) {
    const engine = run.engine === "sqlite" ? "SQLite" : "PostgreSQL";
    targets.push(
      checkTarget(`${engine}: API signatures page ${run.deepPage} / page 1`, run.ratios.deep, "≥", 0.8),
      checkTarget(`${engine}: API signatures next link / page 1`, run.ratios.cursor, "≥", 0.8),
    );
  }
  const figures = [sqlite, postgres].flatMap(({ juntos, baselines }) => [
    juntos.page,
    baselines.page,
    ...(juntos.browserPage ? [juntos.browserPage] : []),
    juntos.sign,
    baselines.insert,
    ...(baselines.groupInsert ? [baselines.groupInsert] : []),
    juntos.partnerSign,
  ]);
  figures.push(discussion.page, discussion.barePage, ...apiFigures(api.sqlite), ...apiFigures(api.postgres));

  console.log(
    `\nSummary (req/s over all slices; CPU: server's share of one core and µs per request, the load ` +
      `generator's (autocannon, in this process) share of one core, other processes' share of the ` +
      `machine; a load generator near 100% means it, not the server, set the rate)\n${summaryTable(figures)}`,
  );
  console.log(
    `\nRatios\n` +
      `  SQLite action page / bare page:                          ${ratios.sqlitePage.toFixed(2)}  (target ≥ 0.6)\n` +
      `  SQLite durable sign / bare SQLite 1-tx insert:           ${ratios.sqliteSign.toFixed(2)}  (target ≥ 2)\n` +
      `  SQLite durable sign / bare SQLite group-commit insert:   ${ratios.sqliteSignCeiling.toFixed(2)}  (target ≥ 0.5)\n` +
      `  PostgreSQL action page / bare page:                      ${ratios.postgresPage.toFixed(2)}\n` +
      `  PostgreSQL durable sign / bare PostgreSQL 1-tx insert:   ${ratios.postgresSign.toFixed(2)}  (target ≥ 1.5)\n` +
      `  SQLite partner-link sign / plain sign:                   ${ratios.sqlitePartnerSign.toFixed(2)}  (target ≥ 0.9)\n` +
      `  PostgreSQL partner-link sign / plain sign:               ${ratios.postgresPartnerSign.toFixed(2)}\n` +
      `  SQLite page with ${discussion.comments} comments / bare page, same bytes: ${ratios.sqliteDiscussionPage.toFixed(2)}  (target ≥ 0.6)\n` +
      [api.sqlite, api.postgres].map(apiRatioLines).join("\n"),
  );
  console.log(
    `\nAction page gzip: ${sqlite.juntos.gzipBytes} B (budget ${gzipBudgetBytes} B), uncompressed ${pageBytes} B` +
      `\nDurability after SIGKILL: SQLite ${sqlite.juntos.durability.rows} rows for ` +
      `${sqlite.juntos.durability.acknowledged} acknowledged, PostgreSQL ${postgres.juntos.durability.rows} ` +
      `rows for ${postgres.juntos.durability.acknowledged} acknowledged (extra rows: requests in flight when a ` +
      `slice ended were committed, but autocannon had stopped reading their answers)`,
  );
  console.log(`\n${targetTable(targets)}`);
  console.log(`\nLoad average before ${loadBefore[0]?.toFixed(2)}, after ${loadAfter[0]?.toFixed(2)}`);

  // The delivery letter's memory (issue 13): each size in a process of its own, after the load tests.
  console.log("\nDelivery letter (PDF), confirmed signatures by county, SQLite:");
  const delivery = await benchDeliveryPdf("sqlite");
  // 1, 2 and 4 nodes behind nginx on PostgreSQL + Redis (issue 14); it prints its own tables.
  const cluster = await benchCluster(settings);
  // A million signatures on the demo action (issue 14): every admin page's latency, then the
  // export and the public page beside an organizer who searches or exports. Each loads its own.
  const organizers = [await benchOrganizers("sqlite", settings), await benchOrganizers("postgres", settings)];
  const organizerLoad = [
    await benchOrganizerLoad("sqlite", settings),
    await benchOrganizerLoad("postgres", settings),
  ];
  const millionTargets: TargetResult[] = [];
  for (const run of organizers) {
    const engine = run.engine === "sqlite" ? "SQLite" : "PostgreSQL";
    const slowest = Math.max(...run.pages.map((page) => page.p95Ms));
    millionTargets.push(checkTarget(`${engine} 1M: slowest admin page p95`, slowest, "≤", 100, " ms"));
  }
  for (const run of organizerLoad) {
    const engine = run.engine === "sqlite" ? "SQLite" : "PostgreSQL";
    millionTargets.push(
      checkTarget(`${engine} 1M: CSV export`, run.export.seconds, "≤", 3, " s"),
      checkTarget(`${engine} 1M: page while searching / idle`, run.searching.ratio, "≥", 0.8),
      checkTarget(`${engine} 1M: page while exporting / idle`, run.exporting.ratio, "≥", 0.8),
    );
  }
  console.log(`\nA million signatures:\n${targetTable(millionTargets)}`);

  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpu.length,
      model: cpu[0]?.model,
      node: process.version,
      fsyncMicros: fsync,
      loadBefore,
      loadAfter,
    },
    settings: { ...settings, compressed: false, loopback: true },
    juntos: { sqlite: sqlite.juntos, postgres: postgres.juntos, discussion, api, delivery },
    baselines: { sqlite: sqlite.baselines, postgres: postgres.baselines },
    cluster,
    organizers,
    organizerLoad,
    ratios,
    targets: [...targets, cluster.target, ...millionTargets],
  };
  mkdirSync(join(repoRoot, "bench/results"), { recursive: true });
  writeFileSync(join(repoRoot, "bench/results/latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log("Results written to bench/results/latest.json");
}

await runBench(main);
