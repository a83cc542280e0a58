/**
 * Per-network limits on public writes. Keys are IPv4 addresses or IPv6 /64 prefixes, so one
 * phone cannot dodge the limit by rotating its interface id. In-memory for one node.
 */
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export function networkKey(ip: string): string {
  if (!ip.includes(":")) return ip;
  if (ip.startsWith("::ffff:") && ip.includes(".")) return ip.slice(7);
  return ipv6Groups(ip).slice(0, 4).join(":");
}

/**
 * The eight groups of an IPv6 address with `::` expanded and leading zeros dropped, so that
 * "2001:db8::1" and "2001:db8:0:0:ffff::2" share their /64 ("2001:db8:0:0").
 */
function ipv6Groups(ip: string): string[] {
  const address = ip.toLowerCase().split("%")[0] ?? "";
  const [head = "", tail] = address.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  // A trailing dotted IPv4 part stands for two groups.
  const width = (groups: string[]) => groups.length + (groups.at(-1)?.includes(".") ? 1 : 0);
  const missing = tail === undefined ? 0 : Math.max(0, 8 - width(left) - width(right));
  return [...left, ...Array<string>(missing).fill("0"), ...right].map((group) =>
    group.replace(/^0+(?=.)/, ""),
  );
}

export function isLoopback(ip: string): boolean {
  return ip === "::1" || ip.startsWith("127.") || ip.startsWith("::ffff:127.");
}

export class SigningRateLimit {
  private readonly limiter: RateLimiterMemory;

  /** Defaults allow a busy community meeting on one Wi-Fi while stopping a script. */
  constructor(points = 30, durationSeconds = 600) {
    this.limiter = new RateLimiterMemory({ points, duration: durationSeconds });
  }

  /** Consumes one signing for this network; false once the network is over its limit. */
  async allow(ip: string): Promise<boolean> {
    try {
      await this.limiter.consume(networkKey(ip));
      return true;
    } catch (error) {
      if (error instanceof RateLimiterRes) return false;
      throw error;
    }
  }
}
