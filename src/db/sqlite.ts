/**
 * How Juntos opens the SQLite files it reads and writes (the app's database and the dev mailbox;
 * the checkpoint thread's connection only checkpoints). Kept apart from database.ts so the mail
 * thread can open the dev mailbox without loading Kysely and pg.
 */
import SQLite from "better-sqlite3";

export function openSqlite(file: string): SQLite.Database {
  const sqlite = new SQLite(file);
  // WAL + synchronous=FULL: a committed transaction survives power loss, which is what
  // "acknowledged" means for a signature. busy_timeout covers the CLI writing alongside the server.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  // Under a flood the log grows while checkpoints trail the writes (~40 MB/s at full speed on the
  // bench); once it restarts, SQLite cuts it back to this size instead of keeping it at its peak.
  sqlite.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  return sqlite;
}
