/**
 * Which networks reported which comment lately, kept in memory only (no address is ever
 * written): a guest reports a comment once per network (an IPv4 address or an IPv6 /64) per window
 * on this node. Signed-in readers are told apart by who they are instead, in the database.
 */
import { networkKey } from "../abuse/rate-limits.ts";
import { type Clock, systemClock } from "../clock.ts";

export class GuestReportMemory {
  /** "<comment> <network>" → until when a report from there counts as a repeat. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly windowMs = 24 * 60 * 60 * 1000,
    private readonly maxEntries = 100_000,
  ) {}

  /** True the first time this network reports this comment within the window; remembers it. */
  firstReport(commentId: number, address: string): boolean {
    const now = this.clock.now().getTime();
    const key = `${commentId} ${networkKey(address)}`;
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return false;
    this.seen.delete(key);
    if (this.seen.size >= this.maxEntries) this.forgetOldest(now);
    this.seen.set(key, now + this.windowMs);
    return true;
  }

  /** Expired entries go; if the memory is still full, the oldest tenth (a Map keeps insertion order). */
  private forgetOldest(now: number): void {
    for (const [key, until] of this.seen) if (until <= now) this.seen.delete(key);
    let excess = this.seen.size - Math.floor(this.maxEntries * 0.9);
    for (const key of this.seen.keys()) {
      if (excess-- <= 0) break;
      this.seen.delete(key);
    }
  }
}
