/**
 * CPU accounting from /proc (Linux): how much CPU the server under test used per request, and
 * how busy the rest of the machine was meanwhile, so a noisy neighbour shows in the figures.
 * Elsewhere the figures are simply absent.
 */
import { readFileSync } from "node:fs";
import { cpus } from "node:os";

/** /proc reports times in USER_HZ, which Linux fixes at 100 per second. */
const ticksPerSecond = 100;

function processSeconds(pid: number): number | null {
  try {
    // After the command name (which may hold spaces), utime and stime are the 12th and 13th fields.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return null;
  }
}

function machineBusySeconds(): number | null {
  try {
    const [, ...values] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = values.map(Number);
    return (user + nice + system + irq + softirq + steal) / ticksPerSecond;
  } catch {
    return null;
  }
}

function ownSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

export interface CpuShare {
  /** Server CPU time as a share of one core. */
  serverPercent: number;
  serverMicrosPerRequest: number;
  /**
   * The bench process itself (autocannon runs in it) as a share of one core. Near 100 %, the load
   * generator, not the server, sets the rate.
   */
  loadGeneratorPercent: number;
  /** CPU used by every other process (PostgreSQL included) as a share of the whole machine. */
  othersPercent: number;
}

/** Adds up CPU use over several measured intervals of one server. */
export class CpuMeter {
  private wall = 0;
  private server = 0;
  private others = 0;
  private loadGenerator = 0;
  private available = true;
  private started: { wall: number; server: number | null; machine: number | null; own: number } | undefined;

  constructor(private readonly serverPid: number | undefined) {}

  start(): void {
    this.started = {
      wall: performance.now(),
      server: this.serverPid === undefined ? null : processSeconds(this.serverPid),
      machine: machineBusySeconds(),
      own: ownSeconds(),
    };
  }

  stop(): void {
    const started = this.started;
    if (!started) return;
    const server = this.serverPid === undefined ? null : processSeconds(this.serverPid);
    const machine = machineBusySeconds();
    if (started.server === null || server === null || started.machine === null || machine === null) {
      this.available = false;
      return;
    }
    this.wall += (performance.now() - started.wall) / 1000;
    this.server += server - started.server;
    const own = ownSeconds() - started.own;
    this.loadGenerator += own;
    this.others += machine - started.machine - (server - started.server) - own;
  }

  share(requests: number): CpuShare | null {
    if (!this.available || this.wall === 0) return null;
    return {
      serverPercent: Math.round((100 * this.server) / this.wall),
      serverMicrosPerRequest: requests === 0 ? 0 : Math.round((this.server * 1e6) / requests),
      loadGeneratorPercent: Math.round((100 * this.loadGenerator) / this.wall),
      othersPercent: Math.max(0, Math.round((100 * this.others) / (this.wall * cpus().length))),
    };
  }
}
