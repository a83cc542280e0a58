/**
 * API keys: an organization's credential for the OSDI API (`OSDI-API-Token`). The secret is shown
 * once when the key is made; only its digest is kept, so a leaked table opens nothing.
 */
import { createHash, randomBytes } from "node:crypto";
import type { FieldErrorMap } from "../forms.ts";
import { ForbiddenError } from "../organizations/organizations.errors.ts";
import type { Permission } from "../organizations/policy.ts";

/** Tells our keys apart from other tools' in a config file or a leaked log. */
const secretPrefix = "juntos_";
/** How much of the secret the admin shows, to tell keys apart without revealing them. */
const shownLength = secretPrefix.length + 6;
export const maxKeyNameLength = 80;

/**
 * How signatures recorded with a key are confirmed: at once (the organization vouches for its own
 * supporter), or by the signer following the emailed link, as on the form.
 */
export type SignatureConfirmation = "immediate" | "email";

/** A new key confirms at once only when it is trusted. */
export const defaultSignatureConfirmation = (trusted: boolean): SignatureConfirmation =>
  trusted ? "immediate" : "email";

/** Whether a key's signatures are confirmed at once: never for an untrusted key, whatever its setting. */
export const confirmsAtOnce = (key: { trusted: boolean; signatureConfirmation: SignatureConfirmation }) =>
  key.trusted && key.signatureConfirmation === "immediate";

export interface ApiKeyListItem {
  id: number;
  name: string;
  prefix: string;
  trusted: boolean;
  signatureConfirmation: SignatureConfirmation;
  createdAt: string;
  createdByName: string | null;
  revokedAt: string | null;
}

/** Who a request's key speaks for, once it is known to be live. */
export interface ApiCaller {
  keyId: number;
  organizationId: number;
  trusted: boolean;
  /** Signatures it records are confirmed at once (`confirmsAtOnce`), else pending until the signer's email. */
  confirmsSignatures: boolean;
}

export interface ApiKeyFormValues {
  name: string;
  trusted: boolean;
}

export function newApiKeySecret(): { secret: string; hash: string; prefix: string } {
  const secret = secretPrefix + randomBytes(32).toString("base64url");
  return { secret, hash: hashApiKeySecret(secret), prefix: secret.slice(0, shownLength) };
}

export function hashApiKeySecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function validateApiKeyForm(
  values: ApiKeyFormValues,
): { ok: true; value: ApiKeyFormValues } | { ok: false; errors: FieldErrorMap } {
  const name = values.name.trim();
  if (name === "") return { ok: false, errors: { name: { key: "field.required" } } };
  if (name.length > maxKeyNameLength)
    return {
      ok: false,
      errors: { name: { key: "apiKeys.name.tooLong", params: { max: maxKeyNameLength } } },
    };
  return { ok: true, value: { name, trusted: values.trusted } };
}

/**
 * What a key may do: keys have no roles; a key acts for its organization, within what the API
 * offers (its actions), never its members, keys or webhooks.
 */
const apiKeyGrants: readonly Permission[] = ["organization.view", "actions.view", "actions.edit"];

/** A key's standing in its organization, shaped like a member's access for the services it calls. */
export class ApiKeyAccess {
  readonly actor = { accountId: null, isPlatformAdmin: false } as const;
  readonly organization: { id: number };
  /** The audit log names the key behind each change. */
  readonly via: { apiKeyId: number };

  constructor(caller: ApiCaller) {
    this.organization = { id: caller.organizationId };
    this.via = { apiKeyId: caller.keyId };
  }

  can(permission: Permission): boolean {
    return apiKeyGrants.includes(permission);
  }

  require(permission: Permission): void {
    if (!this.can(permission)) throw new ForbiddenError(permission);
  }
}
