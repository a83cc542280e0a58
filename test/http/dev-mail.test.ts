import { describe, expect, it } from "vitest";
import { createTestApp } from "../support/app.ts";
import { insertActionRows } from "../support/fixtures.ts";

describe("the development mailbox", () => {
  it("shows mail kept locally when no SMTP server is set and BASE_URL is this machine", async () => {
    const t = await createTestApp({ BASE_URL: "http://localhost:3000", DEV_MAILBOX: "" });
    try {
      const action = await insertActionRows(t.ctx.database.db);
      const empty = await t.app.inject("/en/dev/mail");
      expect(empty.statusCode).toBe(200);
      expect(empty.body).toContain("Development mailbox");
      expect(empty.body).toContain("No mail yet.");
      expect(empty.headers["content-security-policy"]).toContain("default-src 'none'");
      const redirect = await t.app.inject("/dev/mail");
      expect(redirect.statusCode).toBe(302);
      expect(redirect.headers.location).toBe("/en/dev/mail");

      const signed = await t.app.inject({
        method: "POST",
        url: `/es/a/${action.slug}/sign`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({
          ts: t.ctx.formTokens.issue(Date.now() - 10_000),
          name: "Ana Gómez",
          email: "ana@example.org",
          postal_code: "28013",
        }).toString(),
      });
      expect(signed.statusCode).toBe(303);
      await t.ctx.worker.drain();

      const list = await t.app.inject("/es/dev/mail");
      expect(list.body).toContain("Buzón de desarrollo");
      expect(list.body).toContain("ana@example.org");
      const itemPath = /href="(\/es\/dev\/mail\/\d+)"/.exec(list.body)?.[1];
      expect(itemPath).toBeDefined();
      const item = await t.app.inject(itemPath!);
      expect(item.statusCode).toBe(200);
      expect(item.body).toContain("Confirme su firma: ES Stop the thing");
      expect(item.body).toMatch(
        new RegExp(`<a href="http://localhost:3000/es/a/${action.slug}/confirm/\\d+-[\\w-]{32}">`),
      );

      for (const missing of ["/en/dev/mail/999999", "/en/dev/mail/abc", "/en/dev/mail/-1"]) {
        expect((await t.app.inject(missing)).statusCode, missing).toBe(404);
      }
    } finally {
      await t.close();
    }
  });

  it("is served on a public BASE_URL only when DEV_MAILBOX=true says so", async () => {
    const t = await createTestApp({ BASE_URL: "https://staging.example.org", DEV_MAILBOX: "true" });
    try {
      expect((await t.app.inject("/en/dev/mail")).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it.each([
    ["an SMTP server is set", { SMTP_URL: "smtp://127.0.0.1:9" }],
    ["running in production", { NODE_ENV: "production", SMTP_URL: "smtp://127.0.0.1:9" }],
    ["BASE_URL is a public address", { BASE_URL: "https://act.example.org", DEV_MAILBOX: "" }],
    ["DEV_MAILBOX=false on this machine", { BASE_URL: "http://127.0.0.1:3000", DEV_MAILBOX: "false" }],
  ])("does not exist when %s", async (_why, env) => {
    const t = await createTestApp(env);
    try {
      for (const path of ["/dev/mail", "/en/dev/mail", "/es/dev/mail", "/en/dev/mail/1"]) {
        const response = await t.app.inject(path);
        expect(response.statusCode, path).toBe(404);
        expect(response.body, path).toMatch(/<h1>(Page not found|Página no encontrada)<\/h1>/);
      }
    } finally {
      await t.close();
    }
  });
});
