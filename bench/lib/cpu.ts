/**
 * CPU accounting from /proc (Linux): how much CPU the server under test used per request, and
 * how busy the rest of the machine was meanwhile, so a noisy neighbour shows in the figures;
 * optionally the same for named groups of processes (nginx, PostgreSQL's backends, each node of a
 * cluster). Elsewhere the figures are simply absent.
 */
import { readdirSync, readFileSync } from "node:fs";
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

/** Every process's id, parent and command line (arguments joined by spaces). */
function processTable(): { pid: number; ppid: number; command: string }[] {
  const table = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
      table.push({ pid: Number(entry), ppid, command });
    } catch {
      // The process ended while the table was read.
    }
  }
  return table;
}

/** `pid` and its direct children (nginx's master and its workers). */
export function withChildren(pid: number): number[] {
  return [pid, ...processTable().flatMap((p) => (p.ppid === pid ? [p.pid] : []))];
}

/** The PostgreSQL backends connected to `database`, found by their process title. */
export function postgresBackends(database: string): number[] {
  return processTable().flatMap((p) =>
    p.command.startsWith("postgres:") && p.command.includes(` ${database} `) ? [p.pid] : [],
  );
}

/** The most resident memory the process has had (VmHWM), in bytes. */
export function peakResidentBytes(pid: number): number | null {
  try {
    const kib = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kib === undefined ? null : Number(kib) * 1024;
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
  /** Each process group's CPU (counted in `othersPercent` too unless it holds the server). */
  groups: Record<string, { percent: number; microsPerRequest: number }>;
}

/**
 * Named groups of processes whose CPU is counted as well, each listed again at every start and
 * stop: PostgreSQL's backends come and go. One that appears during an interval counts from zero.
 */
export type ProcessGroups = Readonly<Record<string, () => number[]>>;

function groupSeconds(list: () => number[]): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const pid of list()) {
    const used = processSeconds(pid);
    if (used !== null) seconds.set(pid, used);
  }
  return seconds;
}

/** Adds up CPU use over several measured intervals of one server. */
export class CpuMeter {
  private wall = 0;
  private server = 0;
  private others = 0;
  private loadGenerator = 0;
  private available = true;
  private readonly groupTotals = new Map<string, number>();
  private started:
    | {
        wall: number;
        server: number | null;
        machine: number | null;
        own: number;
        groups: Map<string, Map<number, number>>;
      }
    | undefined;

  constructor(
    private readonly serverPid: number | undefined,
    private readonly groups: ProcessGroups = {},
  ) {}

  start(): void {
    this.started = {
      wall: performance.now(),
      server: this.serverPid === undefined ? null : processSeconds(this.serverPid),
      machine: machineBusySeconds(),
      own: ownSeconds(),
      groups: new Map(Object.entries(this.groups).map(([name, list]) => [name, groupSeconds(list)])),
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
    for (const [name, list] of Object.entries(this.groups)) {
      const before = started.groups.get(name);
      let used = 0;
      for (const [pid, seconds] of groupSeconds(list)) used += seconds - (before?.get(pid) ?? 0);
      this.groupTotals.set(name, (this.groupTotals.get(name) ?? 0) + used);
    }
  }

  share(requests: number): CpuShare | null {
    if (!this.available || this.wall === 0) return null;
    return {
      serverPercent: Math.round((100 * this.server) / this.wall),
      serverMicrosPerRequest: requests === 0 ? 0 : Math.round((this.server * 1e6) / requests),
      loadGeneratorPercent: Math.round((100 * this.loadGenerator) / this.wall),
      othersPercent: Math.max(0, Math.round((100 * this.others) / (this.wall * cpus().length))),
      groups: Object.fromEntries(
        [...this.groupTotals].map(([name, seconds]) => [
          name,
          {
            percent: Math.round((100 * seconds) / this.wall),
            microsPerRequest: requests === 0 ? 0 : Math.round((seconds * 1e6) / requests),
          },
        ]),
      ),
    };
  }
}
