/**
 * App nodes for cluster tests: each a real context and app listening on its own loopback port,
 * with its worker and scheduler running, all on one PostgreSQL database and one Redis; and nginx
 * in front of them, run from deploy/nginx/juntos.conf with their ports put in.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
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

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface Nginx {
  origin: string;
  stop(): Promise<void>;
}

/** nginx with the shipped configuration, its upstream servers replaced by `nodes`. */
export async function startNginx(nodes: AppNode[]): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), "juntos-nginx-"));
  for (const temp of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(dir, temp));
  const port = await freePort();
  const servers = nodes
    .map((node) => `    server ${new URL(node.origin).host} max_fails=3 fail_timeout=10s;`)
    .join("\n");
  const shipped = readFileSync(new URL("../../deploy/nginx/juntos.conf", import.meta.url), "utf8");
  const site = shipped
    .replace(/^ {4}server 127\.0\.0\.1:\d+ .*\n(?: {4}server 127\.0\.0\.1:\d+ .*\n)*/m, `${servers}\n`)
    .replace(/^ {4}listen 80;$/m, `    listen 127.0.0.1:${port};`);
  if (site === shipped || !site.includes(`listen 127.0.0.1:${port};`))
    throw new Error("deploy/nginx/juntos.conf changed shape");
  writeFileSync(join(dir, "juntos.conf"), site);
  const asRoot = process.getuid?.() === 0 ? "user root;\n" : "";
  writeFileSync(
    join(dir, "nginx.conf"),
    `${asRoot}worker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\n` +
      "events { worker_connections 1024; }\n" +
      `http {\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;\n` +
      `  fastcgi_temp_path ${dir}/fastcgi;\n  uwsgi_temp_path ${dir}/uwsgi;\n  scgi_temp_path ${dir}/scgi;\n` +
      `  include ${dir}/juntos.conf;\n}\n`,
  );
  const binary = existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
  const nginx: ChildProcess = spawn(binary, ["-p", dir, "-c", join(dir, "nginx.conf"), "-g", "daemon off;"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  nginx.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const origin = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (nginx.exitCode !== null) throw new Error(`nginx stopped: ${stderr}`);
    try {
      await fetch(`${origin}/healthz`);
      break;
    } catch {
      if (attempt > 100) throw new Error(`nginx did not answer: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    origin,
    async stop() {
      if (nginx.exitCode !== null) return;
      const exited = new Promise((resolve) => nginx.once("exit", resolve));
      nginx.kill("SIGTERM");
      await exited;
    },
  };
}
