/**
 * Rate limits shared by two nodes through a real Redis (127.0.0.1:6379): a limit reached through
 * node A holds on node B; Redis keeps no address; and with Redis unreachable each node keeps
 * answering and limiting on its own.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { agedFormToken, createTestApp, type TestApp } from "../support/app.ts";

const redisUrl = "redis://127.0.0.1:6379";
const keyPrefix = `juntos-test-${randomBytes(6).toString("hex")}:`;
const secret = randomBytes(32).toString("base64url");
let redis: Redis;
const nodes: TestApp[] = [];

beforeAll(() => {
  redis = new Redis(redisUrl);
});
afterEach(async () => {
  for (const node of nodes.splice(0)) await node.close();
});
afterAll(async () => {
  const keys = await redis.keys(`${keyPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

async function node(url = redisUrl): Promise<TestApp> {
  const app = await createTestApp({ REDIS_URL: url, REDIS_KEY_PREFIX: keyPrefix, JUNTOS_SECRET: secret });
  nodes.push(app);
  return app;
}

/** A node counts in its own memory until its Redis connection is up: wait for it, as /readyz tells. */
async function connected(app: TestApp): Promise<TestApp> {
  for (let tries = 0; tries < 100; tries++) {
    if ((await app.app.inject("/readyz")).json().checks.redis.ok) return app;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the node never reached Redis");
}

/** A signing POST from one address: the limit is taken before the action is looked up (404). */
function signFrom(app: TestApp, ip: string) {
  return app.app.inject({
    method: "POST",
    url: "/en/a/no-such-action/sign",
    remoteAddress: ip,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: "name=Ana",
  });
}

describe("rate limits across nodes", () => {
  it("a limit reached through node A holds on node B, and Redis holds no address", async () => {
    const a = await connected(await node());
    const b = await connected(await node());
    const ip = "203.0.113.77";
    for (let i = 0; i < 30; i++) expect((await signFrom(a, ip)).statusCode).toBe(404);
    const onB = await signFrom(b, ip);
    expect(onB.statusCode).toBe(429);
    expect(Number(onB.headers["retry-after"])).toBeGreaterThan(0);
    // Another address is not affected on either node.
    expect((await signFrom(b, "203.0.113.78")).statusCode).toBe(404);

    const keys = await redis.keys(`${keyPrefix}*`);
    expect(keys.some((key) => key.startsWith(`${keyPrefix}rl:signing:address:`))).toBe(true);
    for (const key of keys) expect(key).not.toContain("203.0.113");
  });

  it("three requests for one's data per address an hour, counted on every node together", async () => {
    const a = await connected(await node());
    const b = await connected(await node());
    let ip = 10;
    const ask = (app: TestApp, email: string) =>
      app.app.inject({
        method: "POST",
        url: "/en/my-data",
        remoteAddress: `192.0.2.${ip++}`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({ ts: agedFormToken(app.ctx), email }).toString(),
      });
    const mailsTo = async (app: TestApp, email: string) => {
      await app.ctx.worker.drain();
      return app.ctx.devMailbox!.list(50).filter((m) => m.to === email).length;
    };
    for (let i = 0; i < 3; i++) expect((await ask(a, "asked.often@example.org")).statusCode).toBe(303);
    expect(await mailsTo(a, "asked.often@example.org")).toBe(3);
    // The fourth, through node B, gets the same answer and no mail; another address still does.
    expect((await ask(b, "asked.often@example.org")).statusCode).toBe(303);
    expect((await ask(b, "asked.once@example.org")).statusCode).toBe(303);
    expect(await mailsTo(b, "asked.often@example.org")).toBe(0);
    expect(await mailsTo(b, "asked.once@example.org")).toBe(1);
    for (const key of await redis.keys(`${keyPrefix}rl:signer-rights:*`)) expect(key).not.toContain("@");
  });

  it("with Redis unreachable, each node keeps answering and limits on its own", async () => {
    const a = await node("redis://127.0.0.1:1");
    const ip = "198.51.100.9";
    for (let i = 0; i < 30; i++) expect((await signFrom(a, ip)).statusCode).toBe(404);
    expect((await signFrom(a, ip)).statusCode).toBe(429);
    expect((await a.app.inject("/en/")).statusCode).toBe(200);
  });
});
