/**
 * Limits on public writes: in memory for one node, or shared by every node through Redis
 * (REDIS_URL), where keys are kept only as HMACs, so no address or email is stored there either. Addresses are
 * counted by the part one subscriber controls (an IPv4 address, an IPv6 /64: one phone cannot dodge
 * the limit by rotating its interface id) and, where a form asks for it, also by the wider network
 * around it (IPv4 /24, IPv6 /64), so that a script spreading over neighbouring addresses still meets
 * a limit.
 */
import { createHmac } from "node:crypto";
import type { Redis } from "ioredis";
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";

export function networkKey(ip: string): string {
  if (!ip.includes(":")) return ip;
  if (ip.startsWith("::ffff:") && ip.includes(".")) return ip.slice(7);
  return ipv6Groups(ip).slice(0, 4).join(":");
}

/**
 * The network an address belongs to: its IPv4 /24, or its IPv6 /64 (for IPv6 that is already what
 * `networkKey` counts, since a /64 is what one subscriber gets).
 */
export function networkBlockKey(ip: string): string {
  const key = networkKey(ip);
  if (key.includes(":")) return key;
  return `${key.split(".").slice(0, 3).join(".")}/24`;
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

/** So many points per key in a sliding window of so many seconds. */
export interface RateRule {
  points: number;
  durationSeconds: number;
}

/** Whether one more is allowed now; when not, how long until it will be (for `Retry-After`). */
export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Where limiters keep their counts: this process's memory, or Redis for every node. */
export interface RateLimitStore {
  /** A limiter under `name`: the same name on every node is the same counts. */
  limiter(name: string, rule: RateRule): RateLimiterAbstract;
}

export const inMemory: RateLimitStore = {
  limiter: (_name, rule) => new RateLimiterMemory({ points: rule.points, duration: rule.durationSeconds }),
};

/** RateLimiterRedis whose keys are HMACs of the caller's keys (addresses, emails). */
class HashedKeyRedisLimiter extends RateLimiterRedis {
  constructor(
    options: ConstructorParameters<typeof RateLimiterRedis>[0],
    private readonly secret: string,
  ) {
    super(options);
  }

  override getKey(key: string | number): string {
    return super.getKey(
      createHmac("sha256", this.secret).update(String(key)).digest("base64url").slice(0, 22),
    );
  }
}

/**
 * Counts in Redis, shared by every node. While Redis cannot answer (down, restarting), each node
 * falls back to its own memory at once (the insurance limiter) instead of failing or waiting:
 * limits hold per node until Redis is back.
 */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(
    private readonly redis: Redis,
    private readonly options: { keyPrefix: string; secret: string },
  ) {}

  limiter(name: string, rule: RateRule): RateLimiterAbstract {
    return new HashedKeyRedisLimiter(
      {
        storeClient: this.redis,
        keyPrefix: `${this.options.keyPrefix}rl:${name}`,
        points: rule.points,
        duration: rule.durationSeconds,
        rejectIfRedisNotReady: true,
        insuranceLimiter: inMemory.limiter(name, rule) as RateLimiterMemory,
      },
      this.options.secret,
    );
  }
}

/** Points per key (an email address, a network). */
export class KeyedRateLimit {
  private readonly limiter: RateLimiterAbstract;

  constructor(rule: RateRule, store: RateLimitStore = inMemory, name = "keyed") {
    this.limiter = store.limiter(name, rule);
  }

  /** Takes one point from `key`. */
  async consume(key: string): Promise<RateVerdict> {
    try {
      await this.limiter.consume(key);
      return { allowed: true };
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
    }
  }
}

/**
 * A limit per client address (`networkKey`), and optionally a looser one per network around it
 * (`networkBlockKey`) that many neighbours share: a school behind one /24 still comments, a script
 * walking through the /24 does not.
 */
export class NetworkRateLimit {
  private readonly perAddress: KeyedRateLimit;
  private readonly perNetwork: KeyedRateLimit | null;

  constructor(
    perAddress: RateRule,
    perNetwork?: RateRule | null,
    store: RateLimitStore = inMemory,
    name = "network",
  ) {
    this.perAddress = new KeyedRateLimit(perAddress, store, `${name}:address`);
    this.perNetwork = perNetwork ? new KeyedRateLimit(perNetwork, store, `${name}:block`) : null;
  }

  /** Takes one point for this address (and its network); a refusal by the address spares the network's. */
  async consume(ip: string): Promise<RateVerdict> {
    const address = await this.perAddress.consume(networkKey(ip));
    if (!address.allowed || !this.perNetwork) return address;
    return this.perNetwork.consume(networkBlockKey(ip));
  }
}
