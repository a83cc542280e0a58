/**
 * One bench process: its load settings, its scratch directory, and a run that always stops its servers, drops its
 * PostgreSQL databases and removes the directory, interrupted or not.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { killAllServers } from "./children.ts";
import { dropPostgresDatabases } from "./databases.ts";
import type { LoadSettings } from "./load.ts";

/**
 * 50 connections: enough concurrent signers for group-commit batches to form and to keep a
 * single-threaded server busy while autocannon shares the 2 cores, without queueing so deep that
 * latency only measures the queue. Ours and its baseline always run with the same settings.
 */
export const settings: LoadSettings = { connections: 50, warmupSeconds: 3, seconds: 10, rounds: 5 };

export const workDir = mkdtempSync(join(tmpdir(), "juntos-bench-"));

let cleaned = false;
async function cleanUp(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  killAllServers();
  await dropPostgresDatabases().catch((error) => console.error(`Could not drop bench databases: ${error}`));
  rmSync(workDir, { recursive: true, force: true });
}

export async function runBench(main: () => Promise<void>): Promise<void> {
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.on(signal, () => {
      console.error(`\nStopped by ${signal}; cleaning up.`);
      cleanUp().finally(() => process.exit(130));
    });
  try {
    await main();
  } catch (error) {
    console.error(`\nBench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    await cleanUp();
  }
}
