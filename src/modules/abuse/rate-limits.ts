/**
 * Per-network limits on public writes. Keys are IPv4 addresses or IPv6 /64 prefixes, so one
 * phone cannot dodge the limit by rotating its interface id. In-memory for one node.
 */
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export function networkKey(ip: string): string {
  if (!ip.includes(":")) return ip;
  if (ip.startsWith("::ffff:")) return ip.slice(7);
  return ip.split(":").slice(0, 4).join(":");
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
