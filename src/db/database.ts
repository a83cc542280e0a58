/**
 * Opens SQLite (embedded default) or PostgreSQL from one config value and hands out a Kysely
 * instance typed by our schema. Dialect differences live here and in migrations/dialect.ts.
 */
import type SQLite from "better-sqlite3";
import {
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  type SqliteDatabase,
  SqliteDialect,
  type Transaction,
} from "kysely";
import pg from "pg";
import type { DatabaseEngine } from "../config.ts";
import { DirectReader, type Reader, readerBusyCode, ThreadReader } from "./reader.ts";
import type { Database } from "./schema.ts";
import { openSqlite } from "./sqlite.ts";
import { SqliteCheckpointer } from "./sqlite-checkpointer.ts";

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Repositories take either the database or an open transaction. */
export type Executor = Db | Trx;

export interface DatabaseHandle {
  readonly db: Db;
  readonly engine: DatabaseEngine;
  /** Slow organizer reads, off the event loop on SQLite (reader.ts). */
  readonly reader: Reader;
  close(): Promise<void>;
}

/**
 * better-sqlite3 with its prepared statements kept. Kysely prepares every query anew, which was
 * about an eighth of the CPU of a signing under load. Kysely runs one query at a time on SQLite,
 * so a statement is never used twice at once (we use no streaming queries, which would keep one busy).
 */
function withStatementCache(sqlite: SQLite.Database, maxStatements = 1000): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= maxStatements) statements.clear();
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

export interface OpenOptions {
  poolSize?: number;
  /**
   * Called when a PostgreSQL connection breaks, idle or checked out (server restart, admin
   * termination, network). The pool drops that connection and opens a new one when needed;
   * without a listener, pg would crash the process.
   */
  onConnectionError?: (error: Error) => void;
  /** Called if SQLite's checkpoint thread fails (the connection then checkpoints by itself). */
  onCheckpointError?: (error: Error) => void;
}

const unreachableSocketCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
]);
/** node-postgres' own words when a connection dies or none can be had. */
const lostConnection =
  /^Connection terminated|^timeout exceeded when trying to connect|is not queryable|^Client was closed|^Cannot use a pool after calling end/;

/**
 * The database cannot be reached or cannot take the work right now (down, restarting, out of
 * connections; on SQLite, locked past its busy timeout; too many slow reads waiting for the
 * reader): the request is answered "try again shortly" (503), not as a bug. PostgreSQL's SQLSTATE
 * class 08 is connection exceptions; 57P01-03 are shutdowns and "cannot connect now"; 53300 is
 * too many connections.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    if (code.startsWith("08") || ["57P01", "57P02", "57P03", "53300"].includes(code)) return true;
    if (unreachableSocketCodes.has(code) || code === "SQLITE_BUSY" || code === readerBusyCode) return true;
  }
  return lostConnection.test(error.message);
}

/** For the few statements PostgreSQL can do better than SQLite can do at all (row locks that skip). */
export function isPostgres(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export function openDatabase(
  database: { engine: DatabaseEngine; url: string },
  options: OpenOptions = {},
): DatabaseHandle {
  if (database.engine === "sqlite") {
    const sqlite = openSqlite(database.url);
    // An in-memory database has no log to checkpoint (and no file another connection could open).
    const checkpointer =
      database.url === ":memory:"
        ? undefined
        : new SqliteCheckpointer(sqlite, database.url, { onError: options.onCheckpointError });
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    const reader = database.url === ":memory:" ? new DirectReader(db) : new ThreadReader(database.url);
    return {
      db,
      engine: "sqlite",
      reader,
      close: async () => {
        await reader.close();
        await checkpointer?.stop();
        await db.destroy();
      },
    };
  }
  const pool = new pg.Pool({ connectionString: database.url, max: options.poolSize ?? 10 });
  const onConnectionError = options.onConnectionError ?? (() => {});
  pool.on("error", onConnectionError);
  // A connection lost while checked out (between a transaction's statements) is emitted on its
  // client, where the pool listens only while it is idle: unheard, it would crash the process.
  // The statement in progress fails on its own and the pool drops the client when it is released.
  pool.on("connect", (client) => client.on("error", onConnectionError));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: "postgres", reader: new DirectReader(db), close: () => db.destroy() };
}

/** Current time in the stored timestamp format. */
export function nowIso(date: Date = new Date()): string {
  return date.toISOString();
}
