/** /healthz, /readyz and /metrics on a real app, on the test engine. */
import { afterEach, describe, expect, it } from "vitest";
import { buildApp } from "../../src/http/app.ts";
import * as outbox from "../../src/modules/outbox/outbox.repository.ts";
import { createTestApp, createTestContext, type TestApp } from "../support/app.ts";
import { ownedAction, sign } from "../support/fixtures.ts";

const token = "metrics-token-of-this-test";
let t: TestApp | undefined;

afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe("health and readiness", () => {
  it("is alive and ready on a working database with nothing waiting", async () => {
    t = await createTestApp();
    const health = await t.app.inject("/healthz");
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ ok: true });
    const ready = await t.app.inject("/readyz");
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      ready: true,
      checks: { database: { ok: true }, outbox: { ok: true, detail: 0 } },
    });
    expect(ready.headers["cache-control"]).toBe("no-store");
  });

  it("is not ready while a due outbox job has waited longer than allowed", async () => {
    t = await createTestApp({ READY_MAX_OUTBOX_LAG_SECONDS: "60" });
    const dueLongAgo = new Date(Date.now() - 10 * 60_000).toISOString();
    await outbox.enqueue(t.ctx.database.db, "account.email", { tokenId: 1 }, dueLongAgo);
    const ready = await t.app.inject("/readyz");
    expect(ready.statusCode).toBe(503);
    expect(ready.headers["retry-after"]).toBe("5");
    const body = ready.json();
    expect(body.ready).toBe(false);
    expect(body.checks.database).toEqual({ ok: true });
    expect(body.checks.outbox.ok).toBe(false);
    expect(body.checks.outbox.detail).toBeGreaterThanOrEqual(599);
  });
});

describe("readiness and Redis", () => {
  it("reports the shared Redis, and stays ready without it: each node then limits on its own", async () => {
    t = await createTestApp({ REDIS_URL: "redis://127.0.0.1:6379" });
    let body = (await t.app.inject("/readyz")).json();
    for (let tries = 0; !body.checks.redis.ok && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      body = (await t.app.inject("/readyz")).json();
    }
    expect(body).toEqual({
      ready: true,
      checks: {
        database: { ok: true },
        outbox: { ok: true, detail: 0 },
        redis: { ok: true, optional: true },
      },
    });
    await t.close();

    t = await createTestApp({ REDIS_URL: "redis://127.0.0.1:1" });
    const unreachable = await t.app.inject("/readyz");
    expect(unreachable.statusCode).toBe(200);
    expect(unreachable.json().ready).toBe(true);
    expect(unreachable.json().checks.redis).toMatchObject({ ok: false, optional: true });
    expect(typeof unreachable.json().checks.redis.detail).toBe("string");
  });
});

describe("readiness without a database", () => {
  it("says not ready, with the reason, instead of failing", async () => {
    const ctx = await createTestContext();
    const app = await buildApp(ctx);
    await ctx.database.close();
    const ready = await app.inject("/readyz");
    expect(ready.statusCode).toBe(503);
    const body = ready.json();
    expect(body.ready).toBe(false);
    expect(body.checks.database.ok).toBe(false);
    expect(typeof body.checks.database.detail).toBe("string");
    expect(body.checks.outbox).toBeUndefined();
    expect((await app.inject("/healthz")).statusCode).toBe(200);
    await app.close();
    ctx.operations.close();
    await ctx.dropDatabase();
  });
});

describe("metrics", () => {
  it("are not served without a token configured", async () => {
    t = await createTestApp();
    const response = await t.app.inject({ url: "/metrics", headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(404);
  });

  it("refuse a missing or wrong token", async () => {
    t = await createTestApp({ METRICS_TOKEN: token });
    for (const authorization of [undefined, "Bearer wrong", `Basic ${token}`, `Bearer ${token}x`]) {
      const response = await t.app.inject({
        url: "/metrics",
        headers: authorization ? { authorization } : {},
      });
      expect(response.statusCode, String(authorization)).toBe(401);
      expect(response.body).not.toContain("juntos_");
    }
  });

  it("count requests by route pattern, group-commit batches, mail and the outbox", async () => {
    t = await createTestApp({ METRICS_TOKEN: token });
    const { action } = await ownedAction(t.ctx);
    await sign(t.ctx, action.slug, [{ name: "Ana Ruiz", email: "ana@example.org" }], false);
    await t.app.inject("/healthz");
    await t.app.inject(`/en/a/${action.slug}`);
    const before = await scrape(t);
    expect(before).toContain('juntos_http_requests_total{method="GET",route="/healthz",status="200"} 1\n');
    expect(before).toContain('juntos_http_requests_total{method="GET",route="/en/a/:slug",status="200"} 1\n');
    expect(before).not.toContain(action.slug);
    expect(before).toMatch(/juntos_group_commit_batch_size_count [1-9]/);
    expect(before).toMatch(/juntos_outbox_pending_jobs [1-9]/);
    expect(before).toMatch(/juntos_process_resident_memory_bytes \d+/);

    await t.ctx.worker.drain();
    const after = await scrape(t);
    expect(after).toContain('juntos_mail_sent_total{template="signature"} 1\n');
    expect(after).toContain("juntos_outbox_pending_jobs 0\n");
    expect(after).toContain("juntos_outbox_oldest_due_seconds 0\n");
  });
});

async function scrape(app: TestApp): Promise<string> {
  const response = await app.app.inject({ url: "/metrics", headers: { authorization: `Bearer ${token}` } });
  expect(response.statusCode).toBe(200);
  expect(response.headers["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
  return response.body;
}
