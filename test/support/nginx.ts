/**
 * nginx run from the shipped deploy/nginx/juntos.conf, its upstream servers replaced by the given
 * origins and its listen address by a free loopback port: the cluster tests and the cluster bench
 * put their nodes behind the very file operators deploy.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Nginx {
  origin: string;
  /** The master process; its worker is its child. */
  pid: number | undefined;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** nginx with the shipped configuration in front of `upstreams` (origins such as http://127.0.0.1:3001). */
export async function startNginx(upstreams: string[]): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), "juntos-nginx-"));
  for (const temp of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(dir, temp));
  const port = await freePort();
  const servers = upstreams
    .map((origin) => `    server ${new URL(origin).host} max_fails=3 fail_timeout=10s;`)
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
    pid: nginx.pid,
    async stop() {
      if (nginx.exitCode !== null) return;
      const exited = new Promise((resolve) => nginx.once("exit", resolve));
      nginx.kill("SIGTERM");
      await exited;
    },
  };
}
