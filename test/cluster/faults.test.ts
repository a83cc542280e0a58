/**
 * Faults under load, loopback only: PostgreSQL and Redis cut off mid-load (every connection
 * dropped and new ones refused for a while, through a TCP proxy in front of the real servers, as a
 * restart does), and a node killed with SIGKILL mid-load. Juntos answers 503 meanwhile, never a
 * 500, never crashes, recovers by itself; no acknowledged signature is lost or duplicated.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.ts";
import { freshDatabase, type TestDatabase } from "../support/db.ts";
import { insertActionRows } from "../support/fixtures.ts";
import { startSmtp, type TestSmtp } from "../support/smtp-server.ts";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.ts";
import { type AppNode, type ClusterSettings, clusterSettings, nodeEnvironment, startNode } from "./nodes.ts";

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let smtp: TestSmtp;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  smtp = await startSmtp();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await smtp?.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The database's URL with its host and port swapped for the proxy's. */
function throughProxy(url: string, proxy: TcpProxy): string {
  const parsed = new URL(url);
  parsed.host = `127.0.0.1:${proxy.port}`;
  return parsed.toString();
}

interface Answer {
  email: string;
  status: number | "no answer";
}

/** Signing forms from `loops` clients one after another until `ms` have passed; each a new signer. */
async function signUnderLoad(
  origin: string,
  slug: string,
  formToken: () => string,
  options: { loops: number; ms: number; tag: string },
): Promise<Answer[]> {
  const answers: Answer[] = [];
  const until = Date.now() + options.ms;
  let next = 0;
  await Promise.all(
    Array.from({ length: options.loops }, async () => {
      while (Date.now() < until) {
        const n = next++;
        const email = `${options.tag}${n}@example.org`;
        try {
          const response = await fetch(`${origin}/en/a/${slug}/sign`, {
            method: "POST",
            redirect: "manual",
            headers: {
              "content-type": "application/x-www-form-urlencoded",
              "x-forwarded-for": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
            },
            body: new URLSearchParams({ ts: formToken(), name: "Ana Ruiz", email, postal_code: "94110" }),
          });
          await response.arrayBuffer();
          answers.push({ email, status: response.status });
        } catch {
          answers.push({ email, status: "no answer" });
          await pause(50);
        }
      }
    }),
  );
  return answers;
}

/** Signers stored for the action, read straight from PostgreSQL (not through any proxy). */
async function storedSigners(databaseUrl: string, actionId: number): Promise<string[]> {
  const handle = openDatabase({ engine: "postgres", url: databaseUrl });
  try {
    const rows = await handle.db
      .selectFrom("signatures")
      .innerJoin("people", "people.id", "signatures.person_id")
      .select("people.email")
      .where("signatures.action_id", "=", actionId)
      .execute();
    return rows.map((row) => row.email);
  } finally {
    await handle.close();
  }
}

function expectNothingLost(answers: Answer[], stored: string[]): void {
  const acknowledged = answers.filter((answer) => answer.status === 303).map((answer) => answer.email);
  expect(acknowledged.length).toBeGreaterThan(0);
  expect(new Set(stored).size).toBe(stored.length);
  const storedSet = new Set(stored);
  const lost = acknowledged.filter((email) => !storedSet.has(email));
  expect(lost).toEqual([]);
}

async function prepare(): Promise<{ database: TestDatabase; settings: ClusterSettings }> {
  const database = await freshDatabase();
  cleanups.push(() => database.drop());
  return { database, settings: clusterSettings(database.url, smtp.url) };
}

describe("PostgreSQL cut off mid-load", () => {
  it("answers 503 (never 500), is not ready meanwhile, recovers by itself and loses nothing", async () => {
    const { database, settings } = await prepare();
    const proxy = await startTcpProxy("127.0.0.1", Number(new URL(database.url).port || 5432));
    cleanups.push(() => proxy.close());
    const node: AppNode = await startNode({ ...settings, databaseUrl: throughProxy(database.url, proxy) });
    cleanups.push(() => node.stop());
    const action = await insertActionRows(node.ctx.database.db);
    await fetch(`${node.origin}/en/a/${action.slug}`);

    const load = signUnderLoad(
      node.origin,
      action.slug,
      () => node.ctx.formTokens.issue(Date.now() - 10_000),
      {
        loops: 6,
        ms: 7_000,
        tag: "pg",
      },
    );
    await pause(1_500);
    proxy.cut();
    await pause(1_000);
    const duringOutage = await fetch(`${node.origin}/readyz`);
    await pause(1_500);
    proxy.restore();
    const answers = await load;

    expect(duringOutage.status).toBe(503);
    const statuses = new Set(answers.map((answer) => answer.status));
    expect([...statuses].filter((status) => status !== 303 && status !== 503)).toEqual([]);
    expect(statuses.has(503)).toBe(true);
    // Recovered: the last answers of the run are acknowledgements again, and the node is ready.
    expect(answers.slice(-6).every((answer) => answer.status === 303)).toBe(true);
    expect((await fetch(`${node.origin}/readyz`)).status).toBe(200);
    expectNothingLost(answers, await storedSigners(database.url, action.id));
    expect(unhandled).toEqual([]);
  });
});

describe("Redis cut off mid-load", () => {
  it("keeps signing (limits fall back to each node), and shares limits again once it is back", async () => {
    const { database, settings } = await prepare();
    const proxy = await startTcpProxy("127.0.0.1", 6379);
    cleanups.push(() => proxy.close());
    const node = await startNode(settings, { REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
    cleanups.push(() => node.stop());
    const action = await insertActionRows(node.ctx.database.db);

    const load = signUnderLoad(
      node.origin,
      action.slug,
      () => node.ctx.formTokens.issue(Date.now() - 10_000),
      {
        loops: 6,
        ms: 5_000,
        tag: "redis",
      },
    );
    await pause(1_500);
    proxy.cut();
    await pause(2_000);
    proxy.restore();
    const answers = await load;

    expect(answers.every((answer) => answer.status === 303)).toBe(true);
    expectNothingLost(answers, await storedSigners(database.url, action.id));
    // Back on Redis: a second node sees the first's count for one address.
    const other = await startNode(settings, { REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
    cleanups.push(() => other.stop());
    await pause(1_000);
    const ip = "203.0.113.99";
    const post = (origin: string) =>
      fetch(`${origin}/en/a/no-such-action/sign`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
        body: "name=Ana",
      });
    for (let i = 0; i < 30; i++) expect((await post(node.origin)).status).toBe(404);
    expect((await post(other.origin)).status).toBe(429);
    expect(unhandled).toEqual([]);
  });
});

describe("a node killed with SIGKILL mid-load", () => {
  it("loses no acknowledged signature, duplicates none, and another node sends its mail", async () => {
    const { database, settings } = await prepare();
    const survivor = await startNode(settings, { OUTBOX_LEASE_SECONDS: "5" });
    cleanups.push(() => survivor.stop());
    const action = await insertActionRows(survivor.ctx.database.db);
    const victim = await startProcessNode(settings, { OUTBOX_LEASE_SECONDS: "5" });
    cleanups.push(async () => {
      victim.process.kill("SIGKILL");
    });

    const load = signUnderLoad(
      victim.origin,
      action.slug,
      () => survivor.ctx.formTokens.issue(Date.now() - 10_000),
      {
        loops: 8,
        ms: 3_000,
        tag: "kill",
      },
    );
    await pause(1_500);
    victim.process.kill("SIGKILL");
    const answers = await load;

    expect(answers.some((answer) => answer.status === "no answer")).toBe(true);
    const stored = await storedSigners(database.url, action.id);
    expectNothingLost(answers, stored);
    // Every stored signer (acknowledged or not: a commit can beat the kill to the answer) gets
    // their confirmation mail, from the survivor once the victim's leases ran out.
    const mailed = (email: string) =>
      smtp.received.filter((mail) => JSON.stringify(mail.to).includes(email)).length;
    const started = Date.now();
    while (stored.some((email) => mailed(email) === 0)) {
      expect(Date.now() - started).toBeLessThan(20_000);
      await pause(200);
    }
    expect(unhandled).toEqual([]);
  });
});

/**
 * A node in a process of its own, to be killed for real: node itself with tsx's loader (the tsx
 * command would run the server in a child process, which a SIGKILL to tsx leaves running).
 */
async function startProcessNode(
  settings: ClusterSettings,
  env: Record<string, string>,
): Promise<{ process: ChildProcess; origin: string }> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "test",
      PORT: String(port),
      HOST: "127.0.0.1",
      ...nodeEnvironment(settings, env),
    },
    stdio: "ignore",
  });
  const origin = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`the node exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) break;
    } catch {
      if (attempt > 300) throw new Error("the node did not start");
    }
    await pause(100);
  }
  return { process: child, origin };
}
