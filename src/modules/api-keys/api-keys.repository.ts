/** The only SQL for api_keys. */
import type { Executor } from "../../db/database.ts";
import {
  type ApiCaller,
  type ApiKeyListItem,
  confirmsAtOnce,
  defaultSignatureConfirmation,
  type SignatureConfirmation,
} from "./api-keys.ts";

export async function insertApiKey(
  db: Executor,
  key: {
    organizationId: number;
    name: string;
    secretHash: string;
    prefix: string;
    trusted: boolean;
    createdBy: number;
    now: string;
  },
): Promise<number> {
  const row = await db
    .insertInto("api_keys")
    .values({
      organization_id: key.organizationId,
      name: key.name,
      secret_hash: key.secretHash,
      prefix: key.prefix,
      trusted: key.trusted ? 1 : 0,
      signature_confirmation: defaultSignatureConfirmation(key.trusted),
      created_by: key.createdBy,
      created_at: key.now,
      revoked_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The organization's keys, newest first, revoked ones kept for the record. */
export async function listApiKeys(db: Executor, organizationId: number): Promise<ApiKeyListItem[]> {
  const rows = await db
    .selectFrom("api_keys")
    .leftJoin("accounts", "accounts.id", "api_keys.created_by")
    .select([
      "api_keys.id",
      "api_keys.name",
      "api_keys.prefix",
      "api_keys.trusted",
      "api_keys.signature_confirmation as signatureConfirmation",
      "api_keys.created_at as createdAt",
      "api_keys.revoked_at as revokedAt",
      "accounts.name as createdByName",
    ])
    .where("api_keys.organization_id", "=", organizationId)
    .orderBy("api_keys.id", "desc")
    .execute();
  return rows.map((row) => ({ ...row, trusted: row.trusted === 1 }));
}

export async function findApiKey(
  db: Executor,
  organizationId: number,
  id: number,
): Promise<ApiKeyListItem | undefined> {
  return (await listApiKeys(db, organizationId)).find((key) => key.id === id);
}

/** Marks the key revoked; false when it was already (or is not the organization's). */
export async function revokeApiKey(db: Executor, organizationId: number, id: number, now: string) {
  const result = await db
    .updateTable("api_keys")
    .set({ revoked_at: now })
    .where("id", "=", id)
    .where("organization_id", "=", organizationId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Sets how the key's signatures are confirmed; false when it is revoked (or not the organization's). */
export async function setSignatureConfirmation(
  db: Executor,
  organizationId: number,
  id: number,
  confirmation: SignatureConfirmation,
): Promise<boolean> {
  const result = await db
    .updateTable("api_keys")
    .set({ signature_confirmation: confirmation })
    .where("id", "=", id)
    .where("organization_id", "=", organizationId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The key with this digest, live or revoked: one probe of the unique index. */
export async function findKeyByHash(
  db: Executor,
  secretHash: string,
): Promise<(ApiCaller & { revoked: boolean }) | undefined> {
  const row = await db
    .selectFrom("api_keys")
    .select(["id", "organization_id", "trusted", "signature_confirmation", "revoked_at"])
    .where("secret_hash", "=", secretHash)
    .executeTakeFirst();
  return (
    row && {
      keyId: row.id,
      organizationId: row.organization_id,
      trusted: row.trusted === 1,
      confirmsSignatures: confirmsAtOnce({
        trusted: row.trusted === 1,
        signatureConfirmation: row.signature_confirmation,
      }),
      revoked: row.revoked_at !== null,
    }
  );
}
