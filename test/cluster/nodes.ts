/**
 * App nodes for cluster tests: each a real context and app listening on its own loopback port,
 * with its worker and scheduler running, all on one PostgreSQL database and one Redis (nginx goes
 * in front of them with test/support/nginx.ts).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { loadConfig } from "../../src/config.ts";
import { type AppContext, createContext } from "../../src/context.ts";
import { buildApp } from "../../src/http/app.ts";

export interface AppNode {
  ctx: AppContext;
  app: FastifyInstance;
  origin: string;
  stop(): Promise<void>;
}

/** What every node of one cluster shares. */
export interface ClusterSettings {
  databaseUrl: string;
  smtpUrl: string;
  redisKeyPrefix: string;
  secret: string;
}

export function clusterSettings(databaseUrl: string, smtpUrl: string): ClusterSettings {
  return {
    databaseUrl,
    smtpUrl,
    redisKeyPrefix: `juntos-cluster-${randomBytes(6).toString("hex")}:`,
    secret: randomBytes(32).toString("base64url"),
  };
}

/** A node's environment: the cluster's shared settings, a data directory of its own, and `env`. */
export function nodeEnvironment(
  settings: ClusterSettings,
  env: Record<string, string> = {},
): Record<string, string> {
  return {
    DATA_DIR: mkdtempSync(join(tmpdir(), "juntos-node-")),
    DATABASE_URL: settings.databaseUrl,
    SMTP_URL: settings.smtpUrl,
    REDIS_URL: "redis://127.0.0.1:6379",
    REDIS_KEY_PREFIX: settings.redisKeyPrefix,
    JUNTOS_SECRET: settings.secret,
    TRUST_PROXY: "true",
    SEED_DEMO: "false",
    LOG_LEVEL: "silent",
    BASE_URL: "http://juntos.test",
    ...env,
  };
}

export async function startNode(
  settings: ClusterSettings,
  env: Record<string, string> = {},
): Promise<AppNode> {
  const config = loadConfig(nodeEnvironment(settings, env));
  const ctx = await createContext(config);
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: "127.0.0.1" });
  ctx.worker.start();
  ctx.scheduler.start();
  return {
    ctx,
    app,
    origin: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    async stop() {
      await app.close();
      await ctx.close();
    },
  };
}
