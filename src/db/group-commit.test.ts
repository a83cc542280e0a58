import { describe, expect, it } from "vitest";
import { eachTestContext, type TestContext } from "../../test/support/app.ts";
import type { Db, Trx } from "./database.ts";
import { GroupCommitter } from "./group-commit.ts";

let ctx: TestContext;
let db: Db;
eachTestContext((fresh) => {
  ctx = fresh;
  db = fresh.database.db;
});

function insertOrganization(trx: Trx, slug: string) {
  return trx
    .insertInto("organizations")
    .values({ slug, name: slug, created_at: new Date().toISOString() })
    .returning("id")
    .executeTakeFirstOrThrow();
}

async function organizationSlugs(): Promise<string[]> {
  const rows = await db.selectFrom("organizations").select("slug").orderBy("slug").execute();
  return rows.map((row) => row.slug);
}

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

describe("GroupCommitter", () => {
  it("runs units that arrive together in one transaction", async () => {
    const committer = new GroupCommitter(db);
    const seen: Trx[] = [];
    await Promise.all(
      ["a", "b", "c"].map((slug) =>
        committer.run(async (trx) => {
          seen.push(trx);
          await insertOrganization(trx, slug);
        }),
      ),
    );
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(1);
    expect(await organizationSlugs()).toEqual(["a", "b", "c"]);
  });

  it("answers each unit only after the whole transaction has committed", async () => {
    const committer = new GroupCommitter(db);
    const slowStarted = deferred();
    const slowMayFinish = deferred();
    let fastAnswered = false;
    const fast = committer
      .run((trx) => insertOrganization(trx, "fast"))
      .then((row) => {
        fastAnswered = true;
        return row;
      });
    const slow = committer.run(async (trx) => {
      slowStarted.release();
      await slowMayFinish.promise;
      return insertOrganization(trx, "slow");
    });
    await slowStarted.promise;
    // The fast unit's work is done, but its transaction has not committed yet.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fastAnswered).toBe(false);
    slowMayFinish.release();
    const [fastRow, slowRow] = await Promise.all([fast, slow]);
    expect(fastRow.id).not.toBe(slowRow.id);
    // Once answered, the rows are visible to everyone.
    expect(await organizationSlugs()).toEqual(["fast", "slow"]);
  });

  it("rejects only a failing unit; the rest of its batch commits", async () => {
    await db
      .insertInto("organizations")
      .values({ slug: "taken", name: "taken", created_at: new Date().toISOString() })
      .execute();
    const committer = new GroupCommitter(db);
    const results = await Promise.allSettled([
      committer.run((trx) => insertOrganization(trx, "first")),
      committer.run(async (trx) => {
        await insertOrganization(trx, "half-done");
        // A real constraint violation from the database, after a write of its own.
        return insertOrganization(trx, "taken");
      }),
      committer.run(async () => {
        throw new Error("refused by a rule");
      }),
      committer.run((trx) => insertOrganization(trx, "last")),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      "fulfilled",
      "rejected",
      "rejected",
      "fulfilled",
    ]);
    expect((results[2] as PromiseRejectedResult).reason).toEqual(new Error("refused by a rule"));
    // Each surviving unit's row is stored exactly once; the failed unit left nothing behind.
    expect(await organizationSlugs()).toEqual(["first", "last", "taken"]);
  });

  it("keeps batches to maxBatch units and still answers every unit", async () => {
    const committer = new GroupCommitter(db, { maxBatch: 2 });
    const seen: Trx[] = [];
    const slugs = ["u1", "u2", "u3", "u4", "u5"];
    await Promise.all(
      slugs.map((slug) =>
        committer.run(async (trx) => {
          seen.push(trx);
          await insertOrganization(trx, slug);
        }),
      ),
    );
    expect(new Set(seen).size).toBe(3);
    expect(await organizationSlugs()).toEqual(slugs);
  });

  it("commits batches side by side when the engine allows concurrency", async () => {
    const committer = new GroupCommitter(db, {
      maxBatch: 10,
      concurrency: ctx.database.engine === "postgres" ? 4 : 1,
    });
    const slugs = Array.from({ length: 60 }, (_, i) => `org-${String(i).padStart(2, "0")}`);
    const ids = await Promise.all(slugs.map((slug) => committer.run((trx) => insertOrganization(trx, slug))));
    expect(new Set(ids.map((row) => row.id)).size).toBe(60);
    expect(await organizationSlugs()).toEqual(slugs);
  });

  it("keeps working for units that arrive after a failure", async () => {
    const committer = new GroupCommitter(db);
    await expect(
      committer.run(async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await committer.run((trx) => insertOrganization(trx, "after"));
    expect(await organizationSlugs()).toEqual(["after"]);
  });

  it("hands the items of a batch write to one call per transaction, each unit getting its own result", async () => {
    const committer = new GroupCommitter(db);
    const calls: string[][] = [];
    const insertMany = async (trx: Trx, slugs: readonly string[]) => {
      calls.push([...slugs]);
      const rows = await trx
        .insertInto("organizations")
        .values(slugs.map((slug) => ({ slug, name: slug, created_at: new Date().toISOString() })))
        .returning(["id", "slug"])
        .execute();
      return slugs.map((slug) => rows.find((row) => row.slug === slug)!.id);
    };
    const alone: Trx[] = [];
    const [a, , b, c] = await Promise.all([
      committer.runBatched(insertMany, "a"),
      committer.run(async (trx) => {
        alone.push(trx);
        await insertOrganization(trx, "single");
      }),
      committer.runBatched(insertMany, "b"),
      committer.runBatched(insertMany, "c"),
    ]);
    expect(calls).toEqual([["a", "b", "c"]]);
    expect(alone).toHaveLength(1);
    const stored = await db.selectFrom("organizations").select(["id", "slug"]).orderBy("slug").execute();
    expect(stored.map((row) => row.slug)).toEqual(["a", "b", "c", "single"]);
    expect([a, b, c]).toEqual(stored.slice(0, 3).map((row) => row.id));
  });

  it("retries the items of a failed batch write one by one, so only the bad one fails", async () => {
    await db
      .insertInto("organizations")
      .values({ slug: "taken", name: "taken", created_at: new Date().toISOString() })
      .execute();
    const committer = new GroupCommitter(db);
    const calls: string[][] = [];
    const insertMany = async (trx: Trx, slugs: readonly string[]) => {
      calls.push([...slugs]);
      await trx
        .insertInto("organizations")
        .values(slugs.map((slug) => ({ slug, name: slug, created_at: new Date().toISOString() })))
        .execute();
      return slugs.map(() => "stored");
    };
    const results = await Promise.allSettled(
      ["x", "taken", "y"].map((slug) => committer.runBatched(insertMany, slug)),
    );
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(calls).toEqual([["x", "taken", "y"], ["x"], ["taken"], ["y"]]);
    expect(await organizationSlugs()).toEqual(["taken", "x", "y"]);
  });

  it("fails the whole batch, then each unit alone, when a batch write miscounts its results", async () => {
    const committer = new GroupCommitter(db);
    const miscounting = async (_trx: Trx, items: readonly string[]) => (items.length > 1 ? ["one"] : ["ok"]);
    const results = await Promise.all(["p", "q"].map((item) => committer.runBatched(miscounting, item)));
    expect(results).toEqual(["ok", "ok"]);
  });
});
