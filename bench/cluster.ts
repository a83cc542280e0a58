/**
 * PostgreSQL + Redis with 1, 2 and 4 Juntos nodes behind nginx (deploy/nginx/juntos.conf, run by
 * test/support/nginx.ts): how the action page and the durable sign scale with nodes, what nginx
 * itself costs (one node also measured directly), each node's peak memory, and where the CPU goes
 * (each node, nginx, PostgreSQL's backends, autocannon), so that the rate of a bigger machine can
 * be predicted from the CPU one request costs each of them.
 *
 * Four nodes (`node --import tsx src/main.ts`) share one database and one Redis, with one secret
 * and TRUST_PROXY; three nginx put the first 1, 2 and 4 of them behind an address each. All the
 * setups alternate slices in one measurement, so a noisy neighbour weighs on them alike. Nothing
 * is frozen between slices: the nodes serve every setup, and an nginx without traffic idles. As
 * in the other scenarios, loopback is exempt from the per-address limits: nginx overwrites
 * X-Forwarded-For with its client's address, 127.0.0.1, which the nodes trust.
 *
 *   npx tsx bench/cluster.ts                 the settings of `npm run bench`
 *   npx tsx bench/cluster.ts --seconds 4     shorter slices (warm-up 1 s), for a quick check
 *
 * `npm run bench` runs it after its other scenarios (benchCluster).
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Nginx, startNginx } from "../test/support/nginx.ts";
import type { ServerProcess } from "./lib/children.ts";
import { type ProcessGroups, peakResidentBytes, postgresBackends, withChildren } from "./lib/cpu.ts";
import { countRows, createPostgresDatabase } from "./lib/databases.ts";
import { rawRequest } from "./lib/http.ts";
import { actionPath, formHeaders, formToken, signingBody, startJuntosServer } from "./lib/juntos.ts";
import { type Figure, type LoadSettings, measure, type Target } from "./lib/load.ts";
import { checkTarget, type TargetResult, targetTable } from "./lib/report.ts";
import { settings as benchSettings, runBench, workDir } from "./lib/session.ts";

const clusterSizes = [1, 2, 4] as const;
/** The core count the closing note predicts a rate for. */
const predictedCores = 16;

/** One row of the tables: a setup (N nodes behind nginx, or one node directly) and its figure. */
export interface ClusterRow {
  nodes: number;
  nginx: boolean;
  figure: Figure;
}

export interface ClusterRun {
  page: ClusterRow[];
  sign: ClusterRow[];
  /** Each node's peak resident memory (VmHWM) after all the loads, in MB. */
  peakRssMb: (number | null)[];
  durability: { acknowledged: number; rows: number };
  target: TargetResult;
}

const setupName = (row: Pick<ClusterRow, "nodes" | "nginx">) =>
  row.nginx ? `${row.nodes} node${row.nodes === 1 ? "" : "s"} behind nginx` : "1 node, direct";

/** nginx still running: SIGTERMed when the bench process exits, so an interrupted run leaves none. */
const runningNginx = new Set<Nginx>();
process.on("exit", () => {
  for (const { pid } of runningNginx) if (pid) process.kill(pid, "SIGTERM");
});

/** nginx in front of `nodes`, as autocannon's server, and its processes (master and worker). */
async function startNginxFor(nodes: ServerProcess[]) {
  const nginx = await startNginx(nodes.map((node) => node.origin));
  runningNginx.add(nginx);
  const pids = withChildren(nginx.pid!);
  const server: ServerProcess = {
    name: `nginx in front of ${nodes.length} node(s)`,
    origin: nginx.origin,
    // The worker, which the connections reach (the master only watches it).
    pid: pids[1],
    assertRunning: () => {
      for (const node of nodes) node.assertRunning();
    },
    pause() {},
    resume() {},
    async stop() {
      await nginx.stop();
      runningNginx.delete(nginx);
    },
  };
  return { server, pids };
}

async function startCluster() {
  const databaseUrl = await createPostgresDatabase("cluster");
  const database = new URL(databaseUrl).pathname.slice(1);
  const shared = {
    REDIS_URL: "redis://127.0.0.1:6379",
    REDIS_KEY_PREFIX: `juntos-bench-${randomBytes(6).toString("hex")}:`,
    JUNTOS_SECRET: randomBytes(32).toString("base64url"),
    TRUST_PROXY: "true",
  };
  const nodes: ServerProcess[] = [];
  // One after another: the first migrates and loads the demo action, the others find them there.
  for (let i = 1; i <= Math.max(...clusterSizes); i++) {
    const dataDir = join(workDir, `cluster-node-${i}`);
    mkdirSync(dataDir);
    nodes.push(
      await startJuntosServer(`Juntos node ${i} (PostgreSQL + Redis)`, dataDir, databaseUrl, shared),
    );
  }
  const nginxes = new Map<number, Awaited<ReturnType<typeof startNginxFor>>>();
  for (const size of clusterSizes) nginxes.set(size, await startNginxFor(nodes.slice(0, size)));
  return { databaseUrl, database, nodes, nginxes };
}

type Cluster = Awaited<ReturnType<typeof startCluster>>;

/** Every setup of the cluster, the direct node first, with the processes whose CPU it reports. */
function setups(cluster: Cluster) {
  const nodeGroups: ProcessGroups = Object.fromEntries(
    cluster.nodes.map((node, i) => [`node ${i + 1}`, () => [node.pid!]]),
  );
  const postgres = () => postgresBackends(cluster.database);
  // The node itself answers the direct setup: its CPU is the "server" figure and in its group.
  const direct: ServerProcess = { ...cluster.nodes[0]!, pause() {}, resume() {} };
  return [
    { nodes: 1, nginx: false, server: direct, cpuGroups: { ...nodeGroups, PostgreSQL: postgres } },
    ...clusterSizes.map((size) => {
      const { server, pids } = cluster.nginxes.get(size)!;
      return {
        nodes: size,
        nginx: true,
        server,
        cpuGroups: { ...nodeGroups, nginx: () => pids, PostgreSQL: postgres } as ProcessGroups,
      };
    }),
  ];
}

const nodesCpu = (figure: Figure, field: "percent" | "microsPerRequest") =>
  Object.entries(figure.cpu?.groups ?? {})
    .filter(([name]) => name.startsWith("node "))
    .reduce((sum, [, group]) => sum + group[field], 0);

function groupCpu(figure: Figure, name: string): { percent: number; microsPerRequest: number } {
  return figure.cpu?.groups[name] ?? { percent: 0, microsPerRequest: 0 };
}

function table(title: string, rows: ClusterRow[]): string {
  const base = rows.find((row) => row.nginx && row.nodes === 1)!.figure.requestsPerSecond;
  const headers = [
    title,
    "req/s",
    "×1 node",
    "p50",
    "p90",
    "p99 ms",
    "err",
    "nodes CPU",
    "µs",
    "per node",
    "nginx",
    "µs",
    "PG",
    "µs",
    "loadgen",
  ];
  const cells = rows.map(({ nodes, nginx, figure }) => {
    const perNode = Object.entries(figure.cpu?.groups ?? {})
      .filter(([name]) => name.startsWith("node "))
      .map(([, group]) => group.percent)
      .join("/");
    return [
      setupName({ nodes, nginx }),
      Math.round(figure.requestsPerSecond).toLocaleString("en-US"),
      (figure.requestsPerSecond / base).toFixed(2),
      String(figure.latencyP50Ms),
      String(figure.latencyP90Ms),
      String(figure.latencyP99Ms),
      String(figure.errors + figure.unexpected),
      `${nodesCpu(figure, "percent")}%`,
      String(nodesCpu(figure, "microsPerRequest")),
      perNode,
      nginx ? `${groupCpu(figure, "nginx").percent}%` : "-",
      nginx ? String(groupCpu(figure, "nginx").microsPerRequest) : "-",
      `${groupCpu(figure, "PostgreSQL").percent}%`,
      String(groupCpu(figure, "PostgreSQL").microsPerRequest),
      figure.cpu ? `${figure.cpu.loadGeneratorPercent}%` : "-",
    ];
  });
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

const responses = (figure: Figure) => Object.values(figure.statusCounts).reduce((sum, n) => sum + n, 0);

/** µs of CPU per request over several figures together, weighted by their responses. */
function pooledMicros(figures: Figure[], micros: (figure: Figure) => number): number {
  const requests = figures.reduce((sum, figure) => sum + responses(figure), 0);
  const total = figures.reduce((sum, figure) => sum + micros(figure) * responses(figure), 0);
  return requests === 0 ? 0 : Math.round(total / requests);
}

/**
 * Where the CPU went at the largest size, and the rate `predictedCores` would give if every
 * request cost what it cost here (clients elsewhere, one node per core as docs/deploy.md says).
 * The nodes' and PostgreSQL's costs are pooled over every setup: work a request leaves behind (its
 * confirmation mail, the count) may run during another setup's slice, which a per-setup figure
 * would charge to the wrong one.
 */
function closingNote(name: string, rows: ClusterRow[]): string {
  const { figure } = rows.at(-1)!;
  if (!figure.cpu) return `  ${name}: no CPU figures (/proc not readable)`;
  const figures = rows.map((row) => row.figure);
  const node = pooledMicros(figures, (f) => nodesCpu(f, "microsPerRequest"));
  const postgres = pooledMicros(figures, (f) => groupCpu(f, "PostgreSQL").microsPerRequest);
  const nginx = pooledMicros(
    rows.filter((row) => row.nginx).map((row) => row.figure),
    (f) => groupCpu(f, "nginx").microsPerRequest,
  );
  const busy =
    figure.cpu.serverPercent + figure.cpu.loadGeneratorPercent + figure.cpu.othersPercent * cpus().length;
  const kinds: [string, number][] = [
    ["the nodes", nodesCpu(figure, "percent")],
    ["PostgreSQL", groupCpu(figure, "PostgreSQL").percent],
    ["nginx", groupCpu(figure, "nginx").percent],
    ["autocannon", figure.cpu.loadGeneratorPercent],
  ];
  kinds.push(["processes outside this bench", Math.max(0, busy - kinds.reduce((sum, [, p]) => sum + p, 0))]);
  const [top] = [...kinds].sort((a, b) => b[1] - a[1]);
  const rate = (predictedCores * 1e6) / (node + nginx + postgres);
  const cores = (micros: number) => ((rate * micros) / 1e6).toFixed(1);
  return (
    `  ${name}, ${rows.at(-1)!.nodes} nodes: the machine was ${busy}% busy of ${cpus().length * 100}%: ` +
    `${kinds.map(([kind, percent]) => `${kind} ${percent}%`).join(", ")}; ${top![0]} used the most.\n` +
    `    Per request (all setups pooled) ${node} µs of node CPU, ${postgres} µs of PostgreSQL, ${nginx} µs ` +
    `of nginx: ${predictedCores} cores would take ≈ ${Math.round(rate).toLocaleString("en-US")} req/s ` +
    `(${cores(node)} cores of nodes, ${cores(postgres)} of PostgreSQL, ${cores(nginx)} of nginx), ` +
    "if nothing but CPU limits it."
  );
}

export async function benchCluster(settings: LoadSettings): Promise<ClusterRun> {
  const cluster = await startCluster();
  const all = setups(cluster);
  const token = await formToken(cluster.nodes[0]!);
  for (const { server } of all) {
    const page = await rawRequest(server.origin + actionPath);
    if (page.status !== 200) throw new Error(`${server.name}: ${actionPath} answered ${page.status}`);
  }
  // One signature through the largest nginx: the secret is shared, so a token from node 1 holds.
  const first = await rawRequest(`${all.at(-1)!.server.origin}${actionPath}/sign`, {
    method: "POST",
    headers: formHeaders,
    body: signingBody("cluster-check", token)(),
  });
  if (first.status !== 303) throw new Error(`${actionPath}/sign through nginx answered ${first.status}`);
  console.log(
    `\nPostgreSQL + Redis, ${cluster.nodes.length} Juntos nodes; nginx (deploy/nginx/juntos.conf, one ` +
      `worker) in front of ${clusterSizes.join(", ")} of them; one node also directly. One test ` +
      `signature through nginx answered 303.\n  GET ${actionPath} and POST ${actionPath}/sign ` +
      "(unique email each), every setup alternating",
  );

  const tag = (row: { nodes: number; nginx: boolean }) => `${row.nodes}-${row.nginx ? "nginx" : "direct"}`;
  const pageFigures = await measure(
    all.map(
      (setup): Target => ({
        label: `cluster page: ${setupName(setup)}`,
        server: setup.server,
        path: actionPath,
        expectedStatus: 200,
        cpuGroups: setup.cpuGroups,
      }),
    ),
    settings,
  );
  const signFigures = await measure(
    all.map(
      (setup): Target => ({
        label: `cluster sign: ${setupName(setup)}`,
        server: setup.server,
        path: `${actionPath}/sign`,
        method: "POST",
        headers: formHeaders,
        body: signingBody(`cluster-${tag(setup)}`, token),
        expectedStatus: 303,
        cpuGroups: setup.cpuGroups,
      }),
    ),
    settings,
  );
  const bySetup = (figures: Figure[]) =>
    all.map(({ nodes, nginx }, i): ClusterRow => ({ nodes, nginx, figure: figures[i]! }));
  const page = bySetup(pageFigures);
  const sign = bySetup(signFigures);

  const peakRssMb = cluster.nodes.map((node) => {
    const bytes = peakResidentBytes(node.pid!);
    return bytes === null ? null : Math.round(bytes / 1024 / 1024);
  });
  const acknowledged = 1 + signFigures.reduce((sum, f) => sum + f.warmupExpected + f.expected, 0);
  // SIGKILL: what was acknowledged must not depend on a clean exit.
  for (const node of cluster.nodes) await node.stop();
  for (const { server } of cluster.nginxes.values()) await server.stop();
  const stored = await countRows(cluster.databaseUrl, "signatures");
  const durability = { acknowledged, rows: stored };
  const target = checkTarget(
    "Cluster: rows minus 303s after SIGKILL",
    stored - acknowledged,
    "≥",
    0,
    " rows",
  );

  console.log(
    `\n${table("action page", page)}\n\n${table("durable sign", sign)}\n` +
      "  (×1 node: req/s over 1 node behind nginx; CPU as a share of one core and µs per request; per node: " +
      "each node's share, the idle ones' included; loadgen: autocannon, in the bench process)\n" +
      `  Peak RSS per node (VmHWM): ${peakRssMb.map((mb) => (mb === null ? "?" : `${mb} MB`)).join(", ")}\n` +
      `  nginx's own cost, 1 node: page ${ratio(page)}, sign ${ratio(sign)} of the direct rate\n` +
      `  Durability after SIGKILL of every node: ${stored} signatures rows for ${acknowledged} acknowledged with 303\n` +
      `${closingNote("Action page", page)}\n${closingNote("Durable sign", sign)}\n\n${targetTable([target])}`,
  );
  return { page, sign, peakRssMb, durability, target };
}

/** 1 node behind nginx over the same node directly. */
function ratio(rows: ClusterRow[]): string {
  const direct = rows.find((row) => !row.nginx)!.figure.requestsPerSecond;
  const proxied = rows.find((row) => row.nginx && row.nodes === 1)!.figure.requestsPerSecond;
  return (proxied / direct).toFixed(2);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf("--seconds");
  const seconds = at === -1 ? null : Number(process.argv[at + 1]);
  await runBench(async () => {
    await benchCluster(seconds ? { ...benchSettings, seconds, warmupSeconds: 1 } : benchSettings);
  });
}
