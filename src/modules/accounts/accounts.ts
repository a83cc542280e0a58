/** Organizer accounts: pure rules for passwords, emailed one-time links and sessions. */
import { createHash, randomBytes } from "node:crypto";
import type { TokenPurpose } from "../../db/schema.ts";
import { readSignedId, signId } from "../signed-id.ts";

export const passwordLimits = { min: 10, max: 200 } as const;

/** Account emails are compared case-insensitively; provider aliases are not merged for accounts. */
export function accountEmailKey(email: string): string {
  return email.trim().toLowerCase();
}

export function passwordProblem(password: string): "field.password.short" | "field.tooLong" | undefined {
  if (password.length < passwordLimits.min) return "field.password.short";
  if (password.length > passwordLimits.max) return "field.tooLong";
  return undefined;
}

/** How long each kind of emailed link stays valid. */
export const tokenLifetimeMs: Record<TokenPurpose, number> = {
  setup: 7 * 24 * 3600_000,
  verify_email: 3 * 24 * 3600_000,
  reset_password: 3600_000,
  magic_link: 15 * 60_000,
  invitation: 14 * 24 * 3600_000,
};

export const sessionLifetimeMs = 30 * 24 * 3600_000;

/**
 * One-time links are `<row id>-<HMAC of purpose and id>`: only the server secret can make one,
 * so neither the tokens table nor the outbox holds anything that works as a link.
 */
export function oneTimeToken(secret: string, purpose: TokenPurpose, id: number): string {
  return signId(secret, `account-token:${purpose}`, id);
}

export function readOneTimeToken(secret: string, purpose: TokenPurpose, token: string): number | null {
  return readSignedId(secret, `account-token:${purpose}`, token);
}

/** A new session cookie value; only its hash is stored, so a leaked table opens no session. */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
