/**
 * Signed render timestamps for public forms: a bot that posts without loading the page, or
 * faster than a person can type, is turned back. No cookie and no third party involved.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export type FormTokenCheck = "ok" | "invalid" | "expired" | "too_fast";

export interface FormTokenRules {
  /** Less than this between render and submit is not a person typing. */
  minAgeMs: number;
  /** Older forms are refused so a harvested token cannot be replayed for long. */
  maxAgeMs: number;
}

export const defaultFormTokenRules: FormTokenRules = { minAgeMs: 2_000, maxAgeMs: 24 * 60 * 60 * 1000 };

/**
 * Render times are rounded down to this step, so that under load one token (one HMAC) serves
 * every page rendered in the same quarter second; it only makes a form look a little older.
 */
const stampStepMs = 250;

/**
 * Tokens already verified. Everyone who loads the page in the same quarter second posts the same
 * token, so under a flood most checks are a lookup here instead of an HMAC. Bounded: emptied
 * when full.
 */
const maxVerifiedTokens = 4096;

export class FormTokens {
  private last = { stampMs: Number.NaN, token: "" };
  private readonly verified = new Set<string>();

  constructor(private readonly secret: string) {}

  issue(now: number = Date.now()): string {
    const stampMs = now - (now % stampStepMs);
    if (stampMs !== this.last.stampMs) {
      const stamp = stampMs.toString(36);
      this.last = { stampMs, token: `${stamp}.${this.mac(stamp)}` };
    }
    return this.last.token;
  }

  check(token: unknown, rules: FormTokenRules, now: number = Date.now()): FormTokenCheck {
    if (typeof token !== "string" || token.length > 64) return "invalid";
    const [stamp = "", mac = ""] = token.split(".");
    if (!this.verified.has(token)) {
      const expected = Buffer.from(this.mac(stamp));
      const given = Buffer.from(mac);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "invalid";
      if (this.verified.size >= maxVerifiedTokens) this.verified.clear();
      this.verified.add(token);
    }
    const age = now - Number.parseInt(stamp, 36);
    if (!(age >= 0) || age > rules.maxAgeMs) return "expired";
    if (age < rules.minAgeMs) return "too_fast";
    return "ok";
  }

  private mac(stamp: string): string {
    return createHmac("sha256", this.secret).update(`form:${stamp}`).digest("base64url").slice(0, 22);
  }
}
