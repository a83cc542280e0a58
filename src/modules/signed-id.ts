/**
 * Links that carry a row id and an HMAC of it under a purpose (`<id>-<mac>`): only the server
 * secret makes one, so no table or outbox row holds anything that works as a link. Every emailed
 * one-time link (account links, signature confirmations) is built and read here.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export function signId(secret: string, purpose: string, id: number): string {
  return `${id}-${mac(secret, purpose, id)}`;
}

/** The id a token signs for `purpose`; null when it is malformed or signed for anything else. */
export function readSignedId(secret: string, purpose: string, token: string): number | null {
  const match = /^(\d{1,15})-([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return null;
  const id = Number(match[1]);
  return timingSafeEqual(Buffer.from(match[2]!), Buffer.from(mac(secret, purpose, id))) ? id : null;
}

function mac(secret: string, purpose: string, id: number): string {
  return createHmac("sha256", secret).update(`${purpose}:${id}`).digest("base64url").slice(0, 32);
}
