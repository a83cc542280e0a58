/**
 * No client IP address is stored anywhere: a visitor follows a short link, signs and confirms from
 * a distinctive address, and then every column of every table is searched for that address in
 * any form we can think of. Runs on both engines like every storage test.
 */
import { createHash } from "node:crypto";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { agedFormToken, createTestApp, type TestApp } from "../support/app.ts";
import { createAccount, createAction, createOrganization } from "../support/fixtures.ts";

let t: TestApp;
beforeEach(async () => {
  // Behind a proxy, the address the app sees is the one X-Forwarded-For names.
  t = await createTestApp({ TRUST_PROXY: "true" });
});
afterEach(async () => {
  await t.close();
});

/** Loopback addresses no other part of a test run uses. */
const remoteAddress = "127.83.119.201";
const forwardedFor = "127.61.204.37";

/** The ways an IPv4 address could end up written down. */
function formsOf(address: string): string[] {
  const octets = address.split(".").map(Number);
  const hex = octets.map((o) => o.toString(16).padStart(2, "0")).join("");
  const integer = octets.reduce((n, o) => n * 256 + o, 0);
  const digest = (algorithm: string) => createHash(algorithm).update(address).digest("hex");
  return [
    address,
    [...octets].reverse().join("."),
    hex,
    `${hex.slice(0, 4)}:${hex.slice(4)}`,
    String(integer),
    Buffer.from(octets).toString("base64"),
    digest("md5"),
    digest("sha1"),
    digest("sha256"),
  ];
}

/** Every table and its columns, from the engine's own catalog. */
async function tablesAndColumns(): Promise<Map<string, string[]>> {
  const { db, engine } = t.ctx.database;
  const tables = new Map<string, string[]>();
  if (engine === "sqlite") {
    const names = await sql<{ name: string }>`
      select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
    for (const { name } of names.rows) {
      const columns = await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(db);
      tables.set(
        name,
        columns.rows.map((c) => c.name),
      );
    }
  } else {
    const columns = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() order by table_name, ordinal_position`.execute(db);
    for (const { table_name, column_name } of columns.rows)
      tables.set(table_name, [...(tables.get(table_name) ?? []), column_name]);
  }
  return tables;
}

/** Where each form of the addresses appears: "table.column: form". */
async function findAddresses(
  addresses: string[],
): Promise<{ found: string[]; cells: number; tables: string[] }> {
  const forms = addresses.flatMap(formsOf).map((form) => form.toLowerCase());
  const found: string[] = [];
  let cells = 0;
  const tables = await tablesAndColumns();
  for (const [table, columns] of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
      t.ctx.database.db,
    );
    for (const row of rows.rows)
      for (const column of columns) {
        const value = row[column];
        if (value === null || value === undefined) continue;
        cells++;
        const text = Buffer.isBuffer(value)
          ? `${value.toString("hex")} ${value.toString("latin1")}`.toLowerCase()
          : String(value instanceof Date ? value.toISOString() : value).toLowerCase();
        for (const form of forms) if (text.includes(form)) found.push(`${table}.${column}: ${form}`);
      }
  }
  return { found, cells, tables: [...tables.keys()] };
}

describe("client addresses", () => {
  it("are stored nowhere after following a short link, signing and confirming from one", async () => {
    const account = await createAccount(t.ctx);
    const org = await createOrganization(t.ctx, [{ account, role: "organizer" }]);
    const access = await t.ctx.organizations.access(
      { accountId: account.id, isPlatformAdmin: false },
      org.slug,
    );
    const action = await createAction(t.ctx, org);
    await t.ctx.shortlinks.create(access, action.id, { slug: "from-here", source: "street" });
    const visitor = {
      "x-forwarded-for": forwardedFor,
      "user-agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) Mobile/15E148 Safari/604.1",
      referer: `http://${remoteAddress}/from/${forwardedFor}`,
    };

    const followed = await t.app.inject({ url: "/From-Here", remoteAddress, headers: visitor });
    expect(followed.statusCode).toBe(302);
    const page = await t.app.inject({ url: followed.headers.location!, remoteAddress, headers: visitor });
    expect(page.statusCode).toBe(200);
    const signed = await t.app.inject({
      method: "POST",
      url: `/en/a/${action.slug}/sign`,
      remoteAddress,
      headers: { ...visitor, "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({
        ts: agedFormToken(t.ctx),
        name: "Ana Ruiz",
        email: "ana@example.org",
        postal_code: "94110",
        source: "street",
      }).toString(),
    });
    expect(signed.statusCode).toBe(303);
    await t.ctx.worker.drain();
    const mail = (await t.ctx.devMailbox!.list()).find((m) => m.to === "ana@example.org");
    const confirm = new URL(/https?:\/\/\S+\/confirm\/\S+/.exec(mail!.text)![0]).pathname;
    const confirmed = await t.app.inject({ method: "POST", url: confirm, remoteAddress, headers: visitor });
    expect(confirmed.statusCode).toBe(303);
    await t.ctx.shortlinks.flushClicks();
    await t.ctx.worker.drain();

    // The visit was recorded (so the search looked where it would be), without the address.
    const clicks = await t.ctx.database.db.selectFrom("shortlink_clicks").selectAll().execute();
    expect(clicks).toMatchObject([{ referrer_host: "", device: "phone", count: 1 }]);
    const signature = await t.ctx.database.db
      .selectFrom("signatures")
      .select(["status", "source"])
      .executeTakeFirstOrThrow();
    expect(signature).toEqual({ status: "confirmed", source: "street" });

    const search = await findAddresses([remoteAddress, forwardedFor]);
    expect(search.tables).toEqual(
      expect.arrayContaining(["shortlink_clicks", "shortlinks", "signatures", "outbox"]),
    );
    expect(search.cells).toBeGreaterThan(100);
    expect(search.found).toEqual([]);
  });

  it("would be found by that search in any of those forms", async () => {
    const planted = formsOf(forwardedFor).join(" ");
    await t.ctx.database.db
      .insertInto("audit_log")
      .values({
        account_id: null,
        organization_id: null,
        event: "test.planted",
        subject: "planted",
        detail: planted.toUpperCase(),
        created_at: new Date().toISOString(),
      })
      .execute();
    const search = await findAddresses([forwardedFor]);
    expect(search.found).toEqual(
      formsOf(forwardedFor).map((form) => `audit_log.detail: ${form.toLowerCase()}`),
    );
  });
});
