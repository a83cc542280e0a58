/** Builds a real context and app on a fresh database, as main.ts does, for one test. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { type AppContext, type ContextOverrides, createContext } from "../../src/context.ts";
import { buildApp } from "../../src/http/app.ts";
import { freshDatabase } from "./db.ts";

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  close(): Promise<void>;
}

/** `overrides` swaps a part of the real context, e.g. `{ clock: new ManualClock() }` (test/support/clock.ts). */
export async function createTestContext(
  env: Record<string, string> = {},
  overrides: ContextOverrides = {},
): Promise<AppContext & { dropDatabase(): Promise<void> }> {
  const database = await freshDatabase();
  const config = loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), "juntos-data-")),
    DATABASE_URL: database.url,
    SEED_DEMO: "false",
    LOG_LEVEL: "silent",
    BASE_URL: "http://juntos.test",
    // juntos.test is not loopback: tests that read mail through /dev/mail ask for it explicitly.
    DEV_MAILBOX: "true",
    // Tests read counts right after confirming; the deferred counts (PostgreSQL's default) have
    // their own tests (src/modules/signatures/signature-counts.test.ts) and the cluster tests.
    SIGNATURE_COUNTS: "immediate",
    ...env,
  });
  const ctx = await createContext(config, overrides);
  return Object.assign(ctx, { dropDatabase: () => database.drop() });
}

export type TestContext = Awaited<ReturnType<typeof createTestContext>>;

/** Gives each test of the file a fresh context (and database), closed and dropped after it. */
export function eachTestContext(use: (ctx: TestContext) => void): void {
  let current: TestContext | undefined;
  beforeEach(async () => {
    current = await createTestContext();
    use(current);
  });
  afterEach(async () => {
    await current?.close();
    await current?.dropDatabase();
  });
}

export async function createTestApp(
  env: Record<string, string> = {},
  overrides: ContextOverrides = {},
): Promise<TestApp> {
  const ctx = await createTestContext(env, overrides);
  const app = await buildApp(ctx);
  await app.ready();
  return {
    app,
    ctx,
    async close() {
      await app.close();
      await ctx.close();
      await ctx.dropDatabase();
    },
  };
}

/** The form token a rendered signing form carries (its hidden `ts` field). */
export function formTokenIn(html: string): string | undefined {
  return /name="ts" value="([^"]+)"/.exec(html)?.[1];
}

/** A form token old enough to pass the minimum fill time. */
export function agedFormToken(ctx: AppContext): string {
  return ctx.formTokens.issue(Date.now() - 10_000);
}
