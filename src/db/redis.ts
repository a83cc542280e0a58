/**
 * The Redis connection every node shares (REDIS_URL). Commands never queue while it is down: they
 * fail at once, and their callers fall back (rate limits to this node's memory), so a Redis
 * restart costs no request its answer. It reconnects by itself; the outage is logged once, not
 * once per retry.
 */
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { compactError } from "../modules/operations/error-log.ts";

export function openRedis(url: string, log: Logger): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let down = false;
  redis.on("error", (error) => {
    if (down) return;
    down = true;
    log.warn(
      { err: compactError(error) },
      "Redis unreachable; limits fall back to this node until it is back",
    );
  });
  redis.on("ready", () => {
    if (down) log.warn("Redis reachable again");
    down = false;
  });
  return redis;
}
