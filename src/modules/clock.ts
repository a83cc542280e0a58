/**
 * The time as the domain sees it. Services and jobs that compare times (expiry, leases, backoff,
 * periodic tasks) ask a Clock instead of `Date.now()`, so a test can move time instead of waiting.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
