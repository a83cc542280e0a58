/**
 * How much a flood of forged password-reset links slows a real sign-in: the real app listens on
 * loopback in a child process (SQLite in a temporary directory); this process signs a real
 * account in alone, then again while 300 concurrent POSTs with fake reset tokens (and a valid
 * new password) are in flight. Loopback is one network, so every POST counts against one limit.
 *
 * With --register the flood is 300 registrations of new addresses instead, each of which
 * hashes a password: what the per-network limit and the hashing queue leave of it.
 *
 *   npx tsx bench/login-under-fake-tokens.ts [--register]
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../src/config.ts";
import { createContext } from "../src/context.ts";
import { buildApp } from "../src/http/app.ts";
import { createAccount } from "../test/support/fixtures.ts";
import { rawRequest } from "./lib/http.ts";

type Ready = { base: string; email: string; password: string };

/** The child: the real app on loopback with one account, until the parent disconnects. */
async function serve(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "juntos-bench-fake-tokens-"));
  const config = loadConfig({
    DATA_DIR: dataDir,
    SEED_DEMO: "false",
    LOG_LEVEL: "silent",
    BASE_URL: "http://127.0.0.1",
  });
  const ctx = await createContext(config);
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  const account = await createAccount(ctx);
  process.send!({
    base: `http://127.0.0.1:${address.port}`,
    email: account.email,
    password: account.password,
  });
  process.on("disconnect", async () => {
    await app.close();
    await ctx.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
}

const floodSize = 300;

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ["--serve"], { stdio: "inherit" });
  const { base, email, password } = await new Promise<Ready>((resolve) => child.once("message", resolve));
  /** A visitor's CSRF cookie and token, taken from the sign-in page. */
  async function visitor(): Promise<{ cookie: string; csrf: string }> {
    const page = await rawRequest(`${base}/en/account/login`);
    const setCookie = page.headers["set-cookie"];
    const cookie = (Array.isArray(setCookie) ? setCookie : [String(setCookie)])
      .map((c) => c.split(";")[0])
      .join("; ");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body.toString())?.[1];
    if (!csrf) throw new Error("no CSRF token on the sign-in page");
    return { cookie, csrf };
  }

  function postForm(path: string, who: { cookie: string; csrf: string }, fields: Record<string, string>) {
    const body = new URLSearchParams({ ...fields, _csrf: who.csrf }).toString();
    return rawRequest(base + path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: who.cookie },
      body,
    });
  }

  const signer = await visitor();
  async function timedLogin(): Promise<number> {
    const started = performance.now();
    const response = await postForm("/en/account/login", signer, {
      email,
      password,
    });
    if (response.status !== 303) throw new Error(`sign-in answered ${response.status}`);
    return performance.now() - started;
  }

  // Warm up the routes and argon2, then the sign-in alone.
  for (let i = 0; i < 3; i++) await timedLogin();
  const alone: number[] = [];
  for (let i = 0; i < 5; i++) alone.push(await timedLogin());

  const attacker = await visitor();
  const statuses = new Map<number, number>();
  const floodStarted = performance.now();
  const registering = process.argv.includes("--register");
  const what = registering ? "registration" : "fake-token reset";
  const flood = Array.from({ length: floodSize }, (_, i) =>
    (registering
      ? postForm("/en/account/register", attacker, {
          name: "Flood",
          email: `flood-${i}@example.org`,
          password: "a perfectly valid new password",
        })
      : postForm(`/en/account/reset/${1000 + i}-${"A".repeat(32)}`, attacker, {
          password: "a perfectly valid new password",
        })
    ).then((response) => statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)),
  );
  // Let the flood reach the server before the real sign-in starts.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const underFlood = await timedLogin();
  await Promise.all(flood);
  const floodMs = performance.now() - floodStarted;

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(`sign-in alone (median of 5): ${median(alone).toFixed(0)} ms`);
  console.log(`sign-in during ${floodSize} concurrent ${what} POSTs: ${underFlood.toFixed(0)} ms`);
  console.log(
    `the flood took ${floodMs.toFixed(0)} ms; its answers: ${[...statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${count} × ${status}`)
      .join(", ")}`,
  );

  child.disconnect();
}

if (process.argv.includes("--serve")) await serve();
else await main();
