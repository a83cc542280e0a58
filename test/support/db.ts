/** A fresh, migrated database for one test. */
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { dropAllSideBySide, postgresAdminUrl, postgresUrlFor, testEngine } from "./engine.ts";

export interface TestDatabase {
  engine: "sqlite" | "postgres";
  /** DATABASE_URL for loadConfig. */
  url: string;
  drop(): Promise<void>;
}

/**
 * On PostgreSQL the copy for the next test is made while this one runs (creating a database is
 * most of a short test's time there); the one left over at the end goes with the run's teardown.
 */
let nextPostgres: Promise<TestDatabase> | undefined;

export async function freshDatabase(): Promise<TestDatabase> {
  const engine = testEngine();
  if (engine === "sqlite") {
    const file = join(mkdtempSync(join(tmpdir(), "juntos-db-")), "test.sqlite");
    copyFileSync(inject("sqliteTemplate"), file);
    return { engine, url: `sqlite:${file}`, drop: async () => {} };
  }
  const ready = nextPostgres ?? copyPostgresTemplate();
  nextPostgres = copyPostgresTemplate();
  // A failure is reported to the test that awaits this copy, not as an unhandled rejection now.
  nextPostgres.catch(() => {});
  return ready;
}

/**
 * A drop costs PostgreSQL a checkpoint (half a second here while tests write), which the next test
 * would wait for. So drops wait in batches behind the tests: a batch's drops run side by side and
 * share their checkpoints, one batch at a time per worker; the run's teardown drops what is left.
 */
const dropBatchSize = 20;
const pendingDrops: string[] = [];
let dropping: Promise<void> = Promise.resolve();

function dropLater(name: string): void {
  pendingDrops.push(name);
  if (pendingDrops.length < dropBatchSize) return;
  const batch = pendingDrops.splice(0);
  dropping = dropping.then(() => dropAllSideBySide(batch)).catch(() => {});
}

async function copyPostgresTemplate(): Promise<TestDatabase> {
  const prefix = inject("postgresPrefix");
  const name = `${prefix}${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${prefix}template`);
  await admin.end();
  return {
    engine: "postgres",
    url: postgresUrlFor(name),
    async drop() {
      dropLater(name);
    },
  };
}
