/**
 * Servers under test run as child processes (`node --import tsx <entry>`), so the bench's own
 * load generator never shares their event loop. Every child is tracked until it exits, so a
 * failing or interrupted bench still stops them all.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";

export const repoRoot = new URL("../../", import.meta.url).pathname;

/** Set BENCH_CPU_PROF=1 to write a V8 CPU profile per server to bench/results/profiles. */
const cpuProfile = process.env.BENCH_CPU_PROF === "1";

export interface ServerProcess {
  readonly name: string;
  readonly origin: string;
  readonly pid: number | undefined;
  /** Throws if the process has ended: a server that dies under load must not pass for a slow one. */
  assertRunning(): void;
  /** Freezes the process (SIGSTOP) so it uses no CPU while another server is measured. */
  pause(): void;
  resume(): void;
  /** Stops the server with SIGKILL, the harshest way to lose unsaved work. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** A port the OS has just handed out on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

export async function startServer(options: {
  name: string;
  entry: string;
  env: Record<string, string>;
}): Promise<ServerProcess> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const args = ["--import", "tsx"];
  if (cpuProfile) args.push("--cpu-prof", "--cpu-prof-dir", `${repoRoot}bench/results/profiles`);
  const child = spawn(process.execPath, [...args, options.entry], {
    cwd: repoRoot,
    // A clean environment: nothing from the caller's shell (DATABASE_URL, PORT…) leaks in.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...options.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.on("error", (error) => keep(Buffer.from(`\n${error.message}`)));
  const exited = new Promise<void>((resolve) =>
    child.on("exit", () => {
      running.delete(child);
      resolve();
    }),
  );
  // "close" comes after the output streams end, so a crash's last words are in `output`.
  const closed = new Promise<void>((resolve) => child.on("close", () => resolve()));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await closed;
      throw new Error(
        `${options.name} exited (${child.exitCode ?? child.signalCode}) before listening:\n${output}`,
      );
    }
    if (Date.now() > deadline) throw new Error(`${options.name} did not answer within 30 s:\n${output}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    name: options.name,
    origin,
    pid: child.pid,
    assertRunning() {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(
          `${options.name} ended (${child.exitCode ?? child.signalCode}) during the load:\n${output}`,
        );
    },
    pause: () => child.kill("SIGSTOP"),
    resume: () => child.kill("SIGCONT"),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGCONT");
      // A profile is written only on a normal exit, so profiling runs stop with SIGTERM.
      child.kill(cpuProfile ? "SIGTERM" : "SIGKILL");
      await exited;
    },
  };
}

/** Last-resort cleanup for an interrupted or failed bench. */
export function killAllServers(): void {
  for (const child of running) child.kill("SIGKILL");
}
