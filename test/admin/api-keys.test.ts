/**
 * Owners and API keys: made in the admin, the secret shown once and stored hashed (no text of the
 * keys' table, the audit log or the info log holds one), revoked after asking.
 */
import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.ts";
import { type Browser, signIn } from "../support/browser-session.ts";
import { createAccount, createOrganization, type TestOrganization } from "../support/fixtures.ts";

let t: TestApp;
let org: TestOrganization;
let owner: Browser;
/** Every line the app logged, at info level and above. */
let logged: string[];
beforeEach(async () => {
  logged = [];
  const log = pino(
    { level: "info" },
    new Writable({
      write(chunk, _encoding, done) {
        logged.push(String(chunk));
        done();
      },
    }),
  );
  t = await createTestApp({}, { log });
  const account = await createAccount(t.ctx, { name: "Owen Owner" });
  org = await createOrganization(t.ctx, [{ account, role: "owner" }]);
  owner = await signIn(t.app, account.email, account.password);
});
afterEach(async () => {
  await t.close();
});

const page = (locale = "en") => `/${locale}/admin/o/${org.slug}/api-keys`;
const secretIn = (html: string) => /id="api-key-secret"[^>]*value="(juntos_[^"]+)"/.exec(html)?.[1];

describe("API keys in the admin", () => {
  it("shows a new key's secret once, keeps only its hash, and lists it", async () => {
    const empty = await owner.get(page());
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain("No API keys yet.");
    const created = await owner.post(page(), { name: "CRM sync", trusted: "yes" });
    expect(created.statusCode).toBe(200);
    expect(created.headers["cache-control"]).toBe("no-store");
    const secret = secretIn(created.body);
    expect(secret).toMatch(/^juntos_[A-Za-z0-9_-]{43}$/);
    expect(created.body).toContain("Copy the key now");
    const rows = await t.ctx.database.db.selectFrom("api_keys").selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      organization_id: org.id,
      name: "CRM sync",
      trusted: 1,
      secret_hash: createHash("sha256").update(secret!).digest("hex"),
      prefix: secret!.slice(0, 13),
      revoked_at: null,
    });
    expect(JSON.stringify(rows)).not.toContain(secret!);
    const again = await owner.get(page());
    expect(secretIn(again.body)).toBeUndefined();
    expect(again.body).not.toContain(secret!);
    expect(again.body).toContain("CRM sync");
    expect(again.body).toContain(`${secret!.slice(0, 13)}…`);
    expect(again.body).toContain("Active, trusted");
    const audit = await t.ctx.database.db
      .selectFrom("audit_log")
      .select("event")
      .where("organization_id", "=", org.id)
      .execute();
    expect(audit.map((a) => a.event)).toEqual(["api_key.created"]);
    const spanish = await owner.get(page("es"));
    expect(spanish.body).toContain("Claves de API");
  });

  it("sends a nameless key back with its problem", async () => {
    const refused = await owner.post(page(), { name: "  ", trusted: "yes" });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('href="#f-name"');
    expect(await t.ctx.database.db.selectFrom("api_keys").selectAll().execute()).toEqual([]);
  });

  it("asks before revoking, then refuses the key at once, with a notice and an audit entry", async () => {
    const secret = secretIn((await owner.post(page(), { name: "Script" })).body)!;
    const [row] = await t.ctx.database.db.selectFrom("api_keys").select("id").execute();
    const revoke = `${page()}/${row!.id}/revoke`;
    const asked = await owner.post(revoke, {});
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain("Revoke this key?");
    const call = () => t.app.inject({ url: "/api/v1/", headers: { "osdi-api-token": secret } });
    expect((await call()).statusCode).toBe(200);
    const done = await owner.post(revoke, { confirm: "yes" });
    expect(done.statusCode).toBe(303);
    expect((await owner.get(page())).body).toContain("Revoked the key “Script”.");
    expect((await call()).statusCode).toBe(403);
    const audit = await t.ctx.database.db
      .selectFrom("audit_log")
      .select("event")
      .where("organization_id", "=", org.id)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.event)).toEqual(["api_key.created", "api_key.revoked"]);
  });

  it("never stores or logs a secret: every text of the keys' rows and the audit log, and the info log", async () => {
    const secrets = [
      secretIn((await owner.post(page(), { name: "CRM sync", trusted: "yes" })).body)!,
      secretIn((await owner.post(page(), { name: "Script" })).body)!,
      secretIn((await owner.post(page(), { name: "Embed", trusted: "yes" })).body)!,
    ];
    expect(secrets.every((secret) => /^juntos_[A-Za-z0-9_-]{43}$/.test(secret))).toBe(true);
    const { db } = t.ctx.database;
    const ids = (await db.selectFrom("api_keys").select("id").orderBy("id").execute()).map((row) => row.id);
    // Each key is used (well, wrongly, too often), set to confirm by email, one is revoked.
    for (const secret of secrets) {
      for (let i = 0; i < 5; i++)
        await t.app.inject({ url: "/api/v1/petitions", headers: { "osdi-api-token": secret } });
      await t.app.inject({ url: "/api/v1/petitions", headers: { "osdi-api-token": `${secret}x` } });
    }
    expect(
      (await owner.post(`${page()}/${ids[0]}/signature-confirmation`, { confirmation: "email" })).statusCode,
    ).toBe(303);
    expect((await owner.post(`${page()}/${ids[2]}/revoke`, { confirm: "yes" })).statusCode).toBe(303);

    // Every text column of every row, whatever columns the tables have now or later.
    const texts: string[] = [];
    for (const table of ["api_keys", "audit_log"] as const) {
      const columns = (await db.introspection.getTables()).find((found) => found.name === table)!.columns;
      const rows = (await db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
      expect(rows.length, table).toBeGreaterThanOrEqual(3);
      for (const row of rows)
        for (const { name } of columns) if (typeof row[name] === "string") texts.push(row[name] as string);
    }
    expect(texts.some((text) => text.startsWith("juntos_"))).toBe(true);
    // Only the shown prefix is kept: no stretch of the rest of a secret, 12 characters or more. The
    // app writes no request lines at info level today; a logger added later is held to this too.
    const stretches = secrets.flatMap((secret) => {
      const rest = secret.slice(13);
      return Array.from({ length: rest.length - 11 }, (_, i) => rest.slice(i, i + 12));
    });
    for (const text of [...texts, ...logged])
      for (const stretch of stretches) expect(text, "a stored or logged text").not.toContain(stretch);
    expect(texts.join("\n")).toContain(createHash("sha256").update(secrets[0]!).digest("hex"));
  });
});
