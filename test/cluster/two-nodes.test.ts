/**
 * Two Juntos nodes behind nginx (deploy/nginx/juntos.conf) on one PostgreSQL database and one
 * Redis behave as one system: a rate limit reached through node A holds on node B, a count
 * confirmed on A shows on B within 2 s, and every mail goes out once, whichever node wrote it.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "../support/db.ts";
import { insertActionRows, sign } from "../support/fixtures.ts";
import { type Nginx, startNginx } from "../support/nginx.ts";
import { startSmtp, type TestSmtp } from "../support/smtp-server.ts";
import { type AppNode, type ClusterSettings, clusterSettings, startNode } from "./nodes.ts";

const metricsToken = "cluster-metrics-token-0123456789";
let database: TestDatabase;
let smtp: TestSmtp;
let settings: ClusterSettings;
let a: AppNode;
let b: AppNode;
let nginx: Nginx;
let action: { id: number; slug: string };

beforeAll(async () => {
  database = await freshDatabase();
  smtp = await startSmtp();
  settings = clusterSettings(database.url, smtp.url);
  a = await startNode(settings, { METRICS_TOKEN: metricsToken });
  b = await startNode(settings, { METRICS_TOKEN: metricsToken });
  nginx = await startNginx([a.origin, b.origin]);
  action = await insertActionRows(a.ctx.database.db);
}, 60_000);

afterAll(async () => {
  await nginx?.stop();
  await a?.stop();
  await b?.stop();
  await smtp?.close();
  const redis = new Redis("redis://127.0.0.1:6379");
  const keys = await redis.keys(`${settings.redisKeyPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await database?.drop();
});

/** A signing form as a browser sends it, from `clientIp` (read from X-Forwarded-For: TRUST_PROXY). */
function signForm(origin: string, slug: string, email: string, clientIp: string) {
  return fetch(`${origin}/en/a/${slug}/sign`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": clientIp },
    body: new URLSearchParams({
      ts: a.ctx.formTokens.issue(Date.now() - 10_000),
      name: "Ana Ruiz",
      email,
      postal_code: "94110",
    }),
  });
}

async function shownCount(origin: string): Promise<number> {
  const page = await (await fetch(`${origin}/en/a/${action.slug}`)).text();
  const text = /<p class="count" id="take-action">([^<]*)<\/p>/.exec(page)?.[1] ?? "";
  return Number(/\d[\d,]*/.exec(text)?.[0]?.replaceAll(",", "") ?? Number.NaN);
}

async function signingRequestsServed(node: AppNode): Promise<number> {
  const metrics = await (
    await fetch(`${node.origin}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })
  ).text();
  const line = metrics
    .split("\n")
    .filter((l) => l.startsWith('juntos_http_requests_total{method="POST",route="/en/a/:slug/sign"'));
  return line.reduce((sum, l) => sum + Number(l.split(" ").at(-1)), 0);
}

describe("two nodes behind nginx", () => {
  it("hold one rate limit: 30 signings through node A, and node B refuses the 31st", async () => {
    const ip = "203.0.113.50";
    for (let i = 0; i < 30; i++) {
      expect((await signForm(a.origin, "no-such-action", `limit${i}@example.org`, ip)).status).toBe(404);
    }
    const refused = await signForm(b.origin, "no-such-action", "limit30@example.org", ip);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("show on B, within 2 seconds, a count confirmed on A", async () => {
    expect(await shownCount(b.origin)).toBe(0);
    await sign(a.ctx, action.slug, [{ name: "Rosa Parks", email: "rosa@example.org" }], true);
    const confirmedAt = Date.now();
    while ((await shownCount(b.origin)) !== 1) {
      expect(Date.now() - confirmedAt).toBeLessThan(2_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(Date.now() - confirmedAt).toBeLessThan(2_000);
  });

  it("send every mail once, whichever node took the signature", async () => {
    const emails = Array.from({ length: 20 }, (_, i) => `once${i}@example.org`);
    for (const [i, email] of emails.entries()) {
      const node = i % 2 === 0 ? a : b;
      const answer = await signForm(node.origin, action.slug, email, `198.51.100.${i + 1}`);
      expect(answer.status, email).toBe(303);
    }
    const mailsTo = (email: string) =>
      smtp.received.filter((mail) => mail.to && JSON.stringify(mail.to).includes(email)).length;
    const started = Date.now();
    while (emails.some((email) => mailsTo(email) === 0)) {
      expect(Date.now() - started).toBeLessThan(15_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Long enough for a second send by the other node, if a job could run twice.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const email of emails) expect(mailsTo(email), email).toBe(1);
  });

  it("spread requests through nginx over both nodes, with one limit for the client nginx saw", async () => {
    const before = [await signingRequestsServed(a), await signingRequestsServed(b)];
    const statuses: number[] = [];
    // nginx overwrites X-Forwarded-For with the address it saw (loopback here): one client.
    for (let i = 0; i < 31; i++) {
      statuses.push(
        (await signForm(nginx.origin, "no-such-action", `n${i}@example.org`, "192.0.2.1")).status,
      );
    }
    expect(statuses.slice(0, 30).every((status) => status === 404)).toBe(true);
    expect(statuses[30]).toBe(429);
    const servedByA = (await signingRequestsServed(a)) - before[0]!;
    const servedByB = (await signingRequestsServed(b)) - before[1]!;
    expect(servedByA + servedByB).toBe(31);
    expect(servedByA).toBeGreaterThan(0);
    expect(servedByB).toBeGreaterThan(0);
  });
});
