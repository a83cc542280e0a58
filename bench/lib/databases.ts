/** Throwaway databases for the bench: created fresh, counted after the load, always dropped. */
import SQLite from "better-sqlite3";
import pg from "pg";

const adminUrl = "postgres://postgres@127.0.0.1:5432/postgres";
const created = new Set<string>();

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty PostgreSQL database and returns its URL. */
export async function createPostgresDatabase(purpose: string): Promise<string> {
  const name = `juntos_bench_${purpose}_${process.pid}_${Date.now().toString(36)}`;
  await admin((client) => client.query(`create database ${name}`));
  created.add(name);
  return `postgres://postgres@127.0.0.1:5432/${name}`;
}

export async function dropPostgresDatabases(): Promise<void> {
  for (const name of created) {
    await admin((client) => client.query(`drop database if exists ${name} with (force)`));
    created.delete(name);
  }
}

/** Rows in `table` of a SQLite file or PostgreSQL URL, read after the server has stopped. */
export async function countRows(database: string, table: string): Promise<number> {
  if (database.startsWith("postgres://")) {
    const client = new pg.Client({ connectionString: database });
    await client.connect();
    try {
      const result = await client.query<{ n: string }>(`select count(*) as n from ${table}`);
      return Number(result.rows[0]?.n);
    } finally {
      await client.end();
    }
  }
  const sqlite = new SQLite(database, { fileMustExist: true });
  try {
    return (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}
