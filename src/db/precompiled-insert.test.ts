import { describe, expect, it } from "vitest";
import { eachTestContext } from "../../test/support/app.ts";
import type { Db, Executor } from "./database.ts";
import { PrecompiledInsert } from "./precompiled-insert.ts";

let db: Db;
eachTestContext((fresh) => {
  db = fresh.database.db;
});

interface Org {
  slug: string;
  name: string;
}

function insertOrganizations(parameters: (org: Org) => unknown[]) {
  let builds = 0;
  const insert = new PrecompiledInsert((executor: Executor, orgs: readonly Org[]) => {
    builds++;
    return executor
      .insertInto("organizations")
      .values(orgs.map((org) => ({ slug: org.slug, name: org.name, created_at: "2010-06-01T00:00:00.000Z" })))
      .returning(["slug", "name"]);
  }, parameters);
  return { insert, builds: () => builds };
}

describe("PrecompiledInsert", () => {
  it("compiles once per row count and stores each batch's own values", async () => {
    const { insert, builds } = insertOrganizations((org) => [org.slug, org.name, "2010-06-01T00:00:00.000Z"]);
    const first = await insert.execute(db, [
      { slug: "a", name: "Alpha" },
      { slug: "b", name: "Beta" },
    ]);
    const second = await insert.execute(db, [
      { slug: "c", name: "Gamma" },
      { slug: "d", name: "Delta" },
    ]);
    await db.transaction().execute((trx) => insert.execute(trx, [{ slug: "e", name: "Epsilon" }]));
    expect(builds()).toBe(2);
    expect([...first, ...second].map((row) => row.name)).toEqual(["Alpha", "Beta", "Gamma", "Delta"]);
    const stored = await db.selectFrom("organizations").select(["slug", "name"]).orderBy("slug").execute();
    expect(stored).toEqual([
      { slug: "a", name: "Alpha" },
      { slug: "b", name: "Beta" },
      { slug: "c", name: "Gamma" },
      { slug: "d", name: "Delta" },
      { slug: "e", name: "Epsilon" },
    ]);
  });

  it("refuses parameters listed in another order than the query's columns", async () => {
    const { insert } = insertOrganizations((org) => [org.name, org.slug, "2010-06-01T00:00:00.000Z"]);
    await expect(insert.execute(db, [{ slug: "a", name: "Alpha" }])).rejects.toThrow(
      "parameters do not match the query",
    );
    expect(await db.selectFrom("organizations").select("slug").execute()).toEqual([]);
  });
});
