import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createTestContext } from "../../test/support/app.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  insertBulkSignatures,
} from "../../test/support/fixtures.ts";
import { type CsvLabels, signatureCsvPage } from "../modules/signatures/signature-csv.ts";
import { signatureExportPage } from "../modules/signatures/signatures.repository.ts";
import { isDatabaseUnavailable } from "./database.ts";
import { ReaderBusyError, ThreadReader } from "./reader.ts";
import { openSqlite } from "./sqlite.ts";

const labels: CsvLabels = {
  header: [],
  status: { pending: "Pending", confirmed: "Confirmed", invalidated: "Invalid" },
  yes: "yes",
  no: "no",
};

/** A context (the test's engine) with one action of `count` bulk signatures. */
async function contextWithSignatures(count: number) {
  const ctx = await createTestContext();
  const organizer = await createAccount(ctx);
  const org = await createOrganization(ctx, [{ account: organizer, role: "organizer" }]);
  const action = await createAction(ctx, org);
  await insertBulkSignatures(ctx.database.db, action.id, count);
  return { ctx, actionId: action.id };
}

describe("the database reader", () => {
  it("returns the rows the query returns on the app's connection, and keyset pages that add up to them", async () => {
    const { ctx, actionId } = await contextWithSignatures(52);
    try {
      const { db, reader } = ctx.database;
      const everything = signatureExportPage(db, actionId, 0, 1000);
      const direct = await everything.execute();
      expect(direct).toHaveLength(52);
      expect(await reader.all(everything)).toEqual(direct);
      const grouped = db
        .selectFrom("signatures")
        .select(["status", (eb) => eb.fn.countAll<number | string>().as("n")])
        .where("action_id", "=", actionId)
        .groupBy("status")
        .orderBy("status");
      expect(await reader.all(grouped)).toEqual(await grouped.execute());

      const pages = [];
      for await (const page of reader.pages({
        page: (afterId) => signatureExportPage(db, actionId, afterId, 10),
        size: 10,
        format: signatureCsvPage,
        options: labels,
      }))
        pages.push(page);
      // Six pages of 10 and one of 2: the same text as the whole read formatted at once.
      expect(pages.map((page) => page.rows)).toEqual([10, 10, 10, 10, 10, 2]);
      expect(pages.map((page) => page.value).join("")).toBe(signatureCsvPage.make(labels)(direct));
    } finally {
      await ctx.close();
      await ctx.dropDatabase();
    }
  });

  it("fails a read with the database's own error", async () => {
    const { ctx, actionId } = await contextWithSignatures(3);
    try {
      const { db, reader } = ctx.database;
      const broken = db
        .selectFrom("signatures")
        .select(sql<number>`no_such_column`.as("x"))
        .where("action_id", "=", actionId);
      const error = await reader.all(broken).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/no_such_column/);
      expect((error as { code?: unknown }).code).toBe(
        ctx.database.engine === "sqlite" ? "SQLITE_ERROR" : "42703",
      );
      // The reader goes on after a failed read.
      expect(await reader.all(signatureExportPage(db, actionId, 0, 10))).toHaveLength(3);
    } finally {
      await ctx.close();
      await ctx.dropDatabase();
    }
  });

  it("ends its thread and connection when the context closes", async () => {
    const { ctx, actionId } = await contextWithSignatures(3);
    const { db, reader, engine } = ctx.database;
    const page = signatureExportPage(db, actionId, 0, 10);
    expect(await reader.all(page)).toHaveLength(3);
    await ctx.close();
    await expect(reader.all(page)).rejects.toThrow(engine === "sqlite" ? /reader is closed/ : /destroy/i);
    if (engine === "sqlite") {
      // SQLite removes the write-ahead log when its last connection closes: the reader's is closed too.
      const file = ctx.config.database.url;
      expect(existsSync(`${file}-wal`)).toBe(false);
    }
    await ctx.dropDatabase();
  });
});

describe("the reader thread", () => {
  function sqliteFile() {
    const file = join(mkdtempSync(join(tmpdir(), "juntos-reader-")), "db.sqlite");
    const sqlite = openSqlite(file);
    sqlite.exec("create table notes (id integer primary key, body text not null)");
    sqlite.prepare("insert into notes (body) values (?), (?)").run("one", "two");
    return { file, sqlite };
  }
  const query = (text: string) => ({
    compile: () => ({ sql: text, parameters: [], query: {} as never, queryId: { queryId: "" } }),
  });

  it("refuses a read past its queue as the database being unavailable (503), and takes reads again after", async () => {
    const { file, sqlite } = sqliteFile();
    const reader = new ThreadReader(file, { maxQueued: 1 });
    try {
      const first = reader.all(query("select body from notes order by id"));
      const refused = await reader.all(query("select 1")).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ReaderBusyError);
      expect(isDatabaseUnavailable(refused)).toBe(true);
      expect(await first).toEqual([{ body: "one" }, { body: "two" }]);
      expect(await reader.all(query("select count(*) as n from notes"))).toEqual([{ n: 2 }]);
    } finally {
      await reader.close();
      sqlite.close();
    }
  });

  it("sees committed rows only, and cannot write", async () => {
    const { file, sqlite } = sqliteFile();
    const reader = new ThreadReader(file);
    try {
      sqlite.exec("begin");
      sqlite.prepare("insert into notes (body) values (?)").run("uncommitted");
      expect(await reader.all(query("select count(*) as n from notes"))).toEqual([{ n: 2 }]);
      sqlite.exec("commit");
      expect(await reader.all(query("select count(*) as n from notes"))).toEqual([{ n: 3 }]);
      await expect(reader.all(query("delete from notes returning id"))).rejects.toThrow(/readonly/);
      expect(sqlite.prepare("select count(*) as n from notes").get()).toEqual({ n: 3 });
    } finally {
      await reader.close();
      sqlite.close();
    }
  });
});
