/**
 * Migrates one template database per run; each test then gets a fresh copy of it
 * (SQLite: a file copy; PostgreSQL: CREATE DATABASE … TEMPLATE).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrations/index.ts";
import {
  dropAllSideBySide,
  postgresAdminUrl,
  postgresRunPrefix,
  postgresUrlFor,
  testEngine,
} from "./engine.ts";

declare module "vitest" {
  export interface ProvidedContext {
    sqliteTemplate: string;
    /** Prefix of this run's PostgreSQL databases; the template is `${prefix}template`. */
    postgresPrefix: string;
  }
}

export default async function setup(project: TestProject) {
  const engine = testEngine();
  if (engine === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "juntos-test-"));
    const file = join(dir, "template.sqlite");
    const handle = openDatabase({ engine, url: file });
    await migrateToLatest(handle.db, engine);
    await handle.close();
    project.provide("sqliteTemplate", file);
    project.provide("postgresPrefix", "");
    return () => rmSync(dir, { recursive: true, force: true });
  }
  const prefix = `${postgresRunPrefix}${process.pid}_`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await dropTestDatabases(admin, (name) => name.startsWith(prefix) || isLeftoverOfDeadRun(name));
  await admin.query(`CREATE DATABASE ${prefix}template`);
  const handle = openDatabase({ engine, url: postgresUrlFor(`${prefix}template`) }, { poolSize: 1 });
  await migrateToLatest(handle.db, engine);
  await handle.close();
  await admin.end();
  project.provide("sqliteTemplate", "");
  project.provide("postgresPrefix", prefix);
  return async () => {
    const cleanup = new pg.Client({ connectionString: postgresAdminUrl });
    await cleanup.connect();
    await dropTestDatabases(cleanup, (name) => name.startsWith(prefix));
    await cleanup.end();
  };
}

/** Databases left by a run whose process no longer exists (killed before its teardown). */
function isLeftoverOfDeadRun(name: string): boolean {
  const pid = Number(/^juntos_test_(\d+)_/.exec(name)?.[1]);
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

async function dropTestDatabases(admin: pg.Client, belongs: (name: string) => boolean) {
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE '${postgresRunPrefix}%'`,
  );
  await dropAllSideBySide(rows.map((row) => row.datname).filter(belongs));
}
