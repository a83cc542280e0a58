/**
 * An invisible proof of work (ALTCHA) for the comment form. Our own origin hands out challenges
 * signed with a key derived from the app secret, each with an expiry; a small script of ours solves
 * one in the browser (SHA-256 through crypto.subtle) and the form carries the solution in a hidden
 * field. A verified solution is one signal among others, never a gate: a form without one
 * (JavaScript off, an old browser, a script) is still taken, and held for a moderator.
 *
 * The challenges are deterministic (ALTCHA's `counter` mode): the solution's key is signed into
 * the challenge, so checking one costs us an HMAC while finding it costs the browser the drawn
 * number of hashes.
 */
import { hkdfSync } from "node:crypto";
import { type Challenge, createChallenge, randomInt, type Solution, verifySolution } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";

export type { Challenge };

export type ProofCheck = "verified" | "missing" | "invalid" | "expired" | "replayed";

/**
 * Challenges whose solution was used, remembered until they expire so that one solution serves
 * one form only. Asynchronous, so that a store shared by several nodes can take its place.
 */
export interface SpentChallenges {
  /** Marks the challenge spent until `expiresAtMs`; false when it already was. */
  spend(id: string, expiresAtMs: number, nowMs: number): Promise<boolean>;
}

/** Spent challenges in this node's memory. */
export class MemorySpentChallenges implements SpentChallenges {
  /** Challenge id → when it expires, in the order they were spent. */
  private readonly spent = new Map<string, number>();

  /**
   * Bounded: when full, the oldest goes first. Pushing one out takes that many freshly solved
   * challenges, far more work than the replay it would allow.
   */
  constructor(private readonly maxEntries = 100_000) {}

  async spend(id: string, expiresAtMs: number, nowMs: number): Promise<boolean> {
    // Every challenge lives as long, so the ones spent first expire (about) first.
    for (const [spentId, expiry] of this.spent) {
      if (expiry > nowMs) break;
      this.spent.delete(spentId);
    }
    if (this.spent.has(id)) return false;
    if (this.spent.size >= this.maxEntries) this.spent.delete(this.spent.keys().next().value!);
    this.spent.set(id, expiresAtMs);
    return true;
  }
}

export interface ProofOfWorkOptions {
  secret: string;
  spent?: SpentChallenges;
  /** How long a challenge stays good: long enough to write a long comment after opening the form. */
  lifetimeMs?: number;
  /** The number of hashes a solution takes, drawn per challenge between these. */
  work?: { min: number; max: number };
}

/**
 * Tens of milliseconds of hashing in a phone's browser, unnoticed while the person types, and
 * the same again for every post a script wants to make.
 */
const defaultWork = { min: 5_000, max: 25_000 };
const defaultLifetimeMs = 60 * 60 * 1000;
/** A solution is about 600 characters of base64; anything much longer is not one of ours. */
const maxFieldLength = 2_000;

interface Payload {
  challenge: Challenge;
  solution: Solution;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The hidden field's value (base64 of the JSON of challenge and solution, as ALTCHA sends it), if it is one. */
function readPayload(field: string): Payload | null {
  if (field.length > maxFieldLength || !/^[A-Za-z0-9+/]+=*$/.test(field)) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(field, "base64").toString("utf8"));
  } catch {
    return null;
  }
  if (!isObject(payload) || !isObject(payload.challenge) || !isObject(payload.solution)) return null;
  const { parameters, signature } = payload.challenge;
  if (!isObject(parameters) || typeof signature !== "string") return null;
  if (typeof parameters.nonce !== "string" || typeof parameters.expiresAt !== "number") return null;
  return payload as unknown as Payload;
}

const deriveSecret = (secret: string, purpose: string) =>
  Buffer.from(hkdfSync("sha256", secret, "juntos", `altcha: ${purpose}`, 32)).toString("hex");

export class ProofOfWork {
  private readonly challengeSecret: string;
  private readonly solutionSecret: string;
  private readonly spent: SpentChallenges;
  private readonly lifetimeMs: number;
  private readonly work: { min: number; max: number };

  constructor(options: ProofOfWorkOptions) {
    this.challengeSecret = deriveSecret(options.secret, "challenges");
    this.solutionSecret = deriveSecret(options.secret, "solutions");
    this.spent = options.spent ?? new MemorySpentChallenges();
    this.lifetimeMs = options.lifetimeMs ?? defaultLifetimeMs;
    this.work = options.work ?? defaultWork;
  }

  /** A fresh challenge, good for the lifetime from `now`. */
  challenge(now: number = Date.now()): Promise<Challenge> {
    return createChallenge({
      algorithm: "SHA-256",
      cost: 1,
      counter: randomInt(this.work.max, this.work.min),
      deriveKey,
      expiresAt: new Date(now + this.lifetimeMs),
      hmacSignatureSecret: this.challengeSecret,
      hmacKeySignatureSecret: this.solutionSecret,
    });
  }

  /** What the form's hidden field proves; a verified solution is spent by this check. */
  async check(field: unknown, now: number = Date.now()): Promise<ProofCheck> {
    if (typeof field !== "string" || field === "") return "missing";
    const payload = readPayload(field);
    if (!payload) return "invalid";
    const expiresAtMs = (payload.challenge.parameters.expiresAt ?? 0) * 1000;
    if (!(expiresAtMs > now)) return "expired";
    const result = await verifySolution({
      challenge: payload.challenge,
      solution: payload.solution,
      deriveKey,
      hmacSignatureSecret: this.challengeSecret,
      hmacKeySignatureSecret: this.solutionSecret,
      // Parameters not ours in shape make verifySolution throw: that is no solution either.
    }).catch(() => null);
    if (result?.expired) return "expired";
    if (!result?.verified) return "invalid";
    const spent = await this.spent.spend(payload.challenge.parameters.nonce, expiresAtMs, now);
    return spent ? "verified" : "replayed";
  }
}
