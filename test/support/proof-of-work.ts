/**
 * Solving the comment form's proof of work in a test, as the browser's script would, but with
 * Node's synchronous SHA-256 (a few milliseconds instead of altcha-lib's awaited loop).
 */
import { createHash } from "node:crypto";
import type { AppContext } from "../../src/context.ts";
import type { Challenge } from "../../src/modules/abuse/proof-of-work.ts";

/** The hidden field's value for a solved challenge: base64 of its JSON with the solution. */
export function encodeProof(challenge: Challenge, solution: { counter: number; derivedKey: string }): string {
  return Buffer.from(JSON.stringify({ challenge, solution })).toString("base64");
}

/** The counter whose hash starts with the challenge's prefix (cost 1, SHA-256). */
export function solve(challenge: Challenge): { counter: number; derivedKey: string } {
  const { salt, nonce, keyPrefix, cost, algorithm } = challenge.parameters;
  if (algorithm !== "SHA-256" || cost !== 1) throw new Error(`not a challenge of ours: ${algorithm}/${cost}`);
  const input = Buffer.concat([Buffer.from(salt, "hex"), Buffer.from(nonce, "hex"), Buffer.alloc(4)]);
  for (let counter = 0; counter <= 0xffffffff; counter++) {
    input.writeUInt32BE(counter, input.length - 4);
    const derivedKey = createHash("sha256").update(input).digest("hex");
    if (derivedKey.startsWith(keyPrefix)) return { counter, derivedKey };
  }
  throw new Error("no solution");
}

/** A freshly solved proof for the comment form, as the script would put in its `altcha` field. */
export async function solvedProof(ctx: Pick<AppContext, "proofOfWork">, now?: number): Promise<string> {
  const challenge = await ctx.proofOfWork.challenge(now);
  return encodeProof(challenge, solve(challenge));
}
