/**
 * API keys of an organization: its owners make and revoke them in the admin; the API asks who a
 * secret speaks for on every request, from the table, so a revoked key is refused at once on
 * every node.
 */
import { type Db, nowIso } from "../../db/database.ts";
import { recordChange } from "../audit/audit.service.ts";
import type { FieldErrorMap } from "../forms.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import { ApiKeyNotFoundError, ApiKeyUntrustedError } from "./api-keys.errors.ts";
import * as repo from "./api-keys.repository.ts";
import {
  type ApiCaller,
  type ApiKeyFormValues,
  type ApiKeyListItem,
  hashApiKeySecret,
  newApiKeySecret,
  type SignatureConfirmation,
  validateApiKeyForm,
} from "./api-keys.ts";

export type CreatedApiKey =
  | { ok: true; key: ApiKeyListItem; secret: string }
  | { ok: false; errors: FieldErrorMap };

export class ApiKeysService {
  constructor(private readonly db: Db) {}

  async list(access: OrganizationAccess): Promise<ApiKeyListItem[]> {
    access.require("api.manage");
    return repo.listApiKeys(this.db, access.organization.id);
  }

  async find(access: OrganizationAccess, id: number): Promise<ApiKeyListItem> {
    access.require("api.manage");
    const key = await repo.findApiKey(this.db, access.organization.id, id);
    if (!key) throw new ApiKeyNotFoundError(String(id));
    return key;
  }

  /** Makes a key; its secret is in the answer and nowhere else, ever. */
  async create(access: OrganizationAccess, values: ApiKeyFormValues): Promise<CreatedApiKey> {
    access.require("api.manage");
    const checked = validateApiKeyForm(values);
    if (!checked.ok) return checked;
    const { name, trusted } = checked.value;
    const { secret, hash, prefix } = newApiKeySecret();
    const id = await this.db.transaction().execute(async (trx) => {
      const now = nowIso();
      const keyId = await repo.insertApiKey(trx, {
        organizationId: access.organization.id,
        name,
        secretHash: hash,
        prefix,
        trusted,
        createdBy: access.actor.accountId,
        now,
      });
      await recordChange(
        trx,
        access,
        { event: "api_key.created", subject: `api_key:${keyId}`, detail: { name, prefix, trusted } },
        now,
      );
      return keyId;
    });
    return { ok: true, key: await this.find(access, id), secret };
  }

  /** Revokes the key (again is a no-op): the next request with it is refused. */
  async revoke(access: OrganizationAccess, id: number): Promise<ApiKeyListItem> {
    const key = await this.find(access, id);
    await this.db.transaction().execute(async (trx) => {
      const now = nowIso();
      if (!(await repo.revokeApiKey(trx, access.organization.id, id, now))) return;
      await recordChange(
        trx,
        access,
        {
          event: "api_key.revoked",
          subject: `api_key:${id}`,
          detail: { name: key.name, prefix: key.prefix },
        },
        now,
      );
    });
    return key;
  }

  /**
   * Sets whether the signatures the key records are confirmed at once or by the signer's email;
   * at once only for a trusted key. Setting what it already is, or a revoked key, changes nothing.
   */
  async setSignatureConfirmation(
    access: OrganizationAccess,
    id: number,
    confirmation: SignatureConfirmation,
  ): Promise<ApiKeyListItem> {
    const key = await this.find(access, id);
    if (confirmation === "immediate" && !key.trusted) throw new ApiKeyUntrustedError(String(id));
    if (key.signatureConfirmation === confirmation) return key;
    const changed = await this.db.transaction().execute(async (trx) => {
      const now = nowIso();
      if (!(await repo.setSignatureConfirmation(trx, access.organization.id, id, confirmation))) return false;
      await recordChange(
        trx,
        access,
        {
          event: `api_key.signatures_${confirmation}`,
          subject: `api_key:${id}`,
          detail: { name: key.name, prefix: key.prefix },
        },
        now,
      );
      return true;
    });
    return changed ? { ...key, signatureConfirmation: confirmation } : key;
  }

  /** Who a presented secret speaks for: unknown, revoked (a known key refused), or live. */
  async authenticate(
    secret: string,
  ): Promise<{ status: "unknown" } | { status: "revoked" } | { status: "live"; caller: ApiCaller }> {
    const key = await repo.findKeyByHash(this.db, hashApiKeySecret(secret));
    if (!key) return { status: "unknown" };
    if (key.revoked) return { status: "revoked" };
    const { revoked: _, ...caller } = key;
    return { status: "live", caller };
  }
}
