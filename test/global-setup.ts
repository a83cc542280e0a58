/**
 * Migrates one template database per run; each test then gets a fresh copy of it
 * (SQLite: a file copy; PostgreSQL: CREATE DATABASE … TEMPLATE).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrations/index.ts";
import { postgresAdminUrl, postgresTemplate, postgresUrlFor, testEngine } from "./engine.ts";

declare module "vitest" {
  export interface ProvidedContext {
    sqliteTemplate: string;
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
    return () => rmSync(dir, { recursive: true, force: true });
  }
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await dropTestDatabases(admin);
  await admin.query(`CREATE DATABASE ${postgresTemplate}`);
  const handle = openDatabase({ engine, url: postgresUrlFor(postgresTemplate) }, 1);
  await migrateToLatest(handle.db, engine);
  await handle.close();
  await admin.end();
  project.provide("sqliteTemplate", "");
  return async () => {
    const cleanup = new pg.Client({ connectionString: postgresAdminUrl });
    await cleanup.connect();
    await dropTestDatabases(cleanup);
    await cleanup.end();
  };
}

async function dropTestDatabases(admin: pg.Client) {
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'juntos_test_%'",
  );
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
}
