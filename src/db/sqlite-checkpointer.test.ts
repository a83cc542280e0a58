import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openSqlite } from "./sqlite.ts";
import { SqliteCheckpointer } from "./sqlite-checkpointer.ts";

/** A fresh database file with about 2 MB written: far past the 1,000 pages of SQLite's own checkpoint. */
function databaseWithWrites(intervalMs: number) {
  const file = join(mkdtempSync(join(tmpdir(), "juntos-checkpoint-")), "db.sqlite");
  const sqlite = openSqlite(file);
  const checkpointer = new SqliteCheckpointer(sqlite, file, { intervalMs });
  sqlite.exec("create table notes (body text not null)");
  const insert = sqlite.prepare("insert into notes (body) values (?)");
  sqlite.transaction(() => {
    for (let i = 0; i < 500; i++) insert.run("x".repeat(4000));
  })();
  return { file, sqlite, checkpointer };
}

describe("SqliteCheckpointer", () => {
  it("leaves checkpoints to its thread: the connection itself never copies the log back", async () => {
    const { file, sqlite, checkpointer } = databaseWithWrites(60_000);
    expect(sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    expect(statSync(file).size).toBeLessThan(100_000);
    // Stopping checkpoints once more.
    await checkpointer.stop();
    expect(statSync(file).size).toBeGreaterThan(2_000_000);
    sqlite.close();
  });

  it("copies the log into the database file from its thread while the app goes on", async () => {
    const { file, sqlite, checkpointer } = databaseWithWrites(20);
    await expect.poll(() => statSync(file).size, { timeout: 3000 }).toBeGreaterThan(2_000_000);
    expect(sqlite.prepare("select count(*) as n from notes").get()).toEqual({ n: 500 });
    await checkpointer.stop();
    sqlite.close();
  });
});
