import { solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";
import { describe, expect, it } from "vitest";
import { encodeProof, solve } from "../../../test/support/proof-of-work.ts";
import { MemorySpentChallenges, ProofOfWork } from "./proof-of-work.ts";

const secret = "k".repeat(32);
const hour = 60 * 60 * 1000;

async function solved(pow: ProofOfWork, now?: number) {
  const challenge = await pow.challenge(now);
  return { challenge, solution: solve(challenge), field: encodeProof(challenge, solve(challenge)) };
}

describe("ProofOfWork", () => {
  it("issues signed SHA-256 challenges that expire in an hour, each asking its own number of hashes", async () => {
    const now = Date.now();
    const pow = new ProofOfWork({ secret });
    const challenges = await Promise.all([1, 2, 3, 4].map(() => pow.challenge(now)));
    for (const { parameters, signature } of challenges) {
      expect(parameters).toMatchObject({
        algorithm: "SHA-256",
        cost: 1,
        expiresAt: Math.floor((now + hour) / 1000),
      });
      expect(signature).toMatch(/^[0-9a-f]{64}$/);
      expect(parameters.keySignature).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(new Set(challenges.map((c) => c.parameters.nonce)).size).toBe(4);
    const counters = challenges.map((challenge) => solve(challenge).counter);
    for (const counter of counters) {
      expect(counter).toBeGreaterThanOrEqual(5_000);
      expect(counter).toBeLessThanOrEqual(25_000);
    }
  });

  it("verifies a solution once; the same solution again is a replay", async () => {
    const pow = new ProofOfWork({ secret });
    const { field } = await solved(pow);
    expect(await pow.check(field)).toBe("verified");
    expect(await pow.check(field)).toBe("replayed");
    expect(await pow.check((await solved(pow)).field)).toBe("verified");
  });

  it("takes what ALTCHA's own solver finds", async () => {
    const pow = new ProofOfWork({ secret, work: { min: 50, max: 100 } });
    const challenge = await pow.challenge();
    const solution = await solveChallenge({ challenge, deriveKey });
    expect(solution).not.toBeNull();
    expect(await pow.check(encodeProof(challenge, solution!))).toBe("verified");
  });

  it("calls a solution expired once its challenge's hour is over, and never spends it", async () => {
    const pow = new ProofOfWork({ secret });
    const now = Date.now();
    const { field } = await solved(pow, now - 2 * hour);
    expect(await pow.check(field)).toBe("expired");
    const fresh = (await solved(pow, now)).field;
    expect(await pow.check(fresh, now + hour + 1)).toBe("expired");
    expect(await pow.check(fresh, now)).toBe("verified");
  });

  it("refuses solutions that are wrong, forged or signed with another secret", async () => {
    const pow = new ProofOfWork({ secret });
    const { challenge, solution } = await solved(pow);
    const otherSecret = await solved(new ProofOfWork({ secret: "z".repeat(32) }));
    const later = challenge.parameters.expiresAt! + 24 * 3600;
    const forgeries = {
      // The key is the work (its signature is in the challenge); the counter only helps find it.
      "another key": encodeProof(challenge, { ...solution, derivedKey: "00".repeat(32) }),
      "no key": encodeProof(challenge, { counter: solution.counter } as typeof solution),
      "a longer expiry": encodeProof(
        { ...challenge, parameters: { ...challenge.parameters, expiresAt: later } },
        solution,
      ),
      "an easier prefix": encodeProof(
        { ...challenge, parameters: { ...challenge.parameters, keyPrefix: solution.derivedKey.slice(0, 2) } },
        solution,
      ),
      "no signature": encodeProof({ parameters: challenge.parameters }, solution),
      "another secret": otherSecret.field,
    };
    for (const [what, field] of Object.entries(forgeries))
      expect(await pow.check(field), what).toBe("invalid");
    // None of them spent the real challenge.
    expect(await pow.check(encodeProof(challenge, solution))).toBe("verified");
  });

  it.each([
    ["not base64", "%%%"],
    ["base64 of no JSON", Buffer.from("hello").toString("base64")],
    [
      "JSON of another shape",
      Buffer.from(JSON.stringify({ challenge: "x", solution: 1 })).toString("base64"),
    ],
    [
      "JSON without parameters",
      Buffer.from(JSON.stringify({ challenge: {}, solution: {} })).toString("base64"),
    ],
    ["markup", '"><script>alert(1)</script>'],
    ["far too long", "A".repeat(5_000)],
  ])("refuses a field that is %s", async (_what, field) => {
    expect(await new ProofOfWork({ secret }).check(field)).toBe("invalid");
  });

  it.each([
    ["absent", undefined],
    ["empty", ""],
    ["repeated (an array)", ["a", "b"]],
    ["a number", 7],
  ])("calls a field that is %s missing", async (_what, field) => {
    expect(await new ProofOfWork({ secret }).check(field)).toBe("missing");
  });
});

describe("MemorySpentChallenges", () => {
  it("remembers a spent challenge until it expires", async () => {
    const spent = new MemorySpentChallenges();
    expect(await spent.spend("a", 2_000, 1_000)).toBe(true);
    expect(await spent.spend("a", 2_000, 1_500)).toBe(false);
    // Expired, it is forgotten; a replay then fails the expiry check instead.
    expect(await spent.spend("a", 4_000, 2_000)).toBe(true);
  });

  it("keeps at most its limit, letting the oldest go first", async () => {
    const spent = new MemorySpentChallenges(2);
    for (const id of ["a", "b", "c"]) expect(await spent.spend(id, 10_000, 0)).toBe(true);
    expect(await spent.spend("c", 10_000, 0)).toBe(false);
    expect(await spent.spend("b", 10_000, 0)).toBe(false);
    expect(await spent.spend("a", 10_000, 0)).toBe(true);
  });
});
