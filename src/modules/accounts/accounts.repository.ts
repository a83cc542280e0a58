/** The only SQL for accounts, sessions, one-time tokens and external identities. */
import { countRows } from "../../db/count.ts";
import type { Executor } from "../../db/database.ts";
import type { TokenPurpose } from "../../db/schema.ts";
import type { Locale } from "../../i18n/locale.ts";

export interface Account {
  id: number;
  email: string;
  name: string;
  passwordHash: string | null;
  emailVerified: boolean;
  isPlatformAdmin: boolean;
  locale: Locale;
}

const accountColumns = [
  "id",
  "email",
  "name",
  "password_hash as passwordHash",
  "email_verified_at",
  "is_platform_admin",
  "locale",
] as const;

type AccountRow = {
  id: number;
  email: string;
  name: string;
  passwordHash: string | null;
  email_verified_at: string | null;
  is_platform_admin: number;
  locale: Locale;
};

function toAccount({ email_verified_at, is_platform_admin, ...row }: AccountRow): Account {
  return { ...row, emailVerified: email_verified_at !== null, isPlatformAdmin: is_platform_admin === 1 };
}

export async function findAccountByEmail(db: Executor, emailKey: string): Promise<Account | undefined> {
  const row = await db
    .selectFrom("accounts")
    .select(accountColumns)
    .where("email_canonical", "=", emailKey)
    .executeTakeFirst();
  return row && toAccount(row);
}

export async function findAccountById(db: Executor, id: number): Promise<Account | undefined> {
  const row = await db.selectFrom("accounts").select(accountColumns).where("id", "=", id).executeTakeFirst();
  return row && toAccount(row);
}

export interface NewAccount {
  email: string;
  emailKey: string;
  name: string;
  passwordHash: string | null;
  verified: boolean;
  platformAdmin: boolean;
  locale: Locale;
  now: string;
}

export async function insertAccount(db: Executor, a: NewAccount): Promise<number> {
  const row = await db
    .insertInto("accounts")
    .values({
      email: a.email,
      email_canonical: a.emailKey,
      name: a.name,
      password_hash: a.passwordHash,
      email_verified_at: a.verified ? a.now : null,
      is_platform_admin: a.platformAdmin ? 1 : 0,
      locale: a.locale,
      created_at: a.now,
      updated_at: a.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function countAccounts(db: Executor): Promise<number> {
  return countRows(db.selectFrom("accounts"));
}

export async function updateAccount(
  db: Executor,
  id: number,
  changes: {
    passwordHash?: string | null;
    verifiedAt?: string;
    platformAdmin?: boolean;
    name?: string;
    email?: { email: string; emailKey: string };
    now: string;
  },
): Promise<void> {
  await db
    .updateTable("accounts")
    .set({
      updated_at: changes.now,
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.email !== undefined
        ? { email: changes.email.email, email_canonical: changes.email.emailKey }
        : {}),
      ...(changes.passwordHash !== undefined ? { password_hash: changes.passwordHash } : {}),
      ...(changes.verifiedAt !== undefined ? { email_verified_at: changes.verifiedAt } : {}),
      ...(changes.platformAdmin !== undefined ? { is_platform_admin: changes.platformAdmin ? 1 : 0 } : {}),
    })
    .where("id", "=", id)
    .execute();
}

export async function insertSession(
  db: Executor,
  tokenHash: string,
  accountId: number,
  now: string,
  expiresAt: string,
) {
  await db
    .insertInto("sessions")
    .values({ token_hash: tokenHash, account_id: accountId, created_at: now, expires_at: expiresAt })
    .execute();
}

export async function findSessionAccount(
  db: Executor,
  tokenHash: string,
  now: string,
): Promise<Account | undefined> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("accounts", "accounts.id", "sessions.account_id")
    .select([
      "accounts.id",
      "accounts.email",
      "accounts.name",
      "accounts.password_hash as passwordHash",
      "accounts.email_verified_at",
      "accounts.is_platform_admin",
      "accounts.locale",
    ])
    .where("sessions.token_hash", "=", tokenHash)
    .where("sessions.expires_at", ">", now)
    .executeTakeFirst();
  return row && toAccount(row);
}

export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom("sessions").where("token_hash", "=", tokenHash).execute();
}

/** Ends every session of an account, but the one whose token hash is `keep`. */
export async function deleteSessionsOf(db: Executor, accountId: number, keep?: string): Promise<void> {
  await db
    .deleteFrom("sessions")
    .where("account_id", "=", accountId)
    .$if(keep !== undefined, (qb) => qb.where("token_hash", "!=", keep!))
    .execute();
}

export interface TokenRow {
  id: number;
  purpose: TokenPurpose;
  email: string | null;
  accountId: number | null;
  data: string | null;
  expiresAt: string;
  usedAt: string | null;
  organizationId: number | null;
  invitedBy: number | null;
}

export async function insertToken(
  db: Executor,
  t: {
    purpose: TokenPurpose;
    email: string | null;
    accountId: number | null;
    data: unknown;
    now: string;
    expiresAt: string;
    organizationId?: number;
    invitedBy?: number;
  },
): Promise<number> {
  const row = await db
    .insertInto("account_tokens")
    .values({
      purpose: t.purpose,
      email: t.email,
      account_id: t.accountId,
      data: t.data === undefined ? null : JSON.stringify(t.data),
      expires_at: t.expiresAt,
      created_at: t.now,
      used_at: null,
      organization_id: t.organizationId ?? null,
      invited_by: t.invitedBy ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findToken(db: Executor, id: number): Promise<TokenRow | undefined> {
  return db
    .selectFrom("account_tokens")
    .select([
      "id",
      "purpose",
      "email",
      "account_id as accountId",
      "data",
      "expires_at as expiresAt",
      "used_at as usedAt",
      "organization_id as organizationId",
      "invited_by as invitedBy",
    ])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Marks a token used; false if it was already used, so a link works exactly once. */
export async function useToken(db: Executor, id: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable("account_tokens")
    .set({ used_at: now })
    .where("id", "=", id)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks every still-open token of a purpose used, e.g. other setup links once setup is done. */
export async function useOpenTokens(db: Executor, purpose: TokenPurpose, now: string): Promise<void> {
  await db
    .updateTable("account_tokens")
    .set({ used_at: now })
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .execute();
}

/** Ends an account's still-open links of the given purposes, e.g. every sign-in link once its password is reset. */
export async function useOpenTokensOf(
  db: Executor,
  accountId: number,
  purposes: TokenPurpose[],
  now: string,
): Promise<void> {
  await db
    .updateTable("account_tokens")
    .set({ used_at: now })
    .where("account_id", "=", accountId)
    .where("purpose", "in", purposes)
    .where("used_at", "is", null)
    .execute();
}

export interface OpenInvitation {
  id: number;
  email: string;
  data: string | null;
  invitedBy: number | null;
  invitedByName: string | null;
  createdAt: string;
  expiresAt: string;
}

/** An organization's invitations that can still be accepted, newest first. */
export async function listOpenInvitations(
  db: Executor,
  organizationId: number,
  now: string,
): Promise<OpenInvitation[]> {
  const rows = await db
    .selectFrom("account_tokens")
    .leftJoin("accounts", "accounts.id", "account_tokens.invited_by")
    .select([
      "account_tokens.id",
      "account_tokens.email",
      "account_tokens.data",
      "account_tokens.invited_by as invitedBy",
      "accounts.name as invitedByName",
      "account_tokens.created_at as createdAt",
      "account_tokens.expires_at as expiresAt",
    ])
    .where("account_tokens.purpose", "=", "invitation")
    .where("account_tokens.organization_id", "=", organizationId)
    .where("account_tokens.used_at", "is", null)
    .where("account_tokens.expires_at", ">", now)
    .orderBy("account_tokens.id", "desc")
    .execute();
  return rows.map((row) => ({ ...row, email: row.email ?? "" }));
}

/** Ends the given open invitations of an organization (revoked, replaced or their inviter's right gone). */
export async function endInvitations(
  db: Executor,
  organizationId: number,
  ids: number[],
  now: string,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable("account_tokens")
    .set({ used_at: now })
    .where("purpose", "=", "invitation")
    .where("organization_id", "=", organizationId)
    .where("id", "in", ids)
    .where("used_at", "is", null)
    .execute();
}

export async function findIdentity(
  db: Executor,
  provider: string,
  subject: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom("oidc_identities")
    .select("account_id")
    .where("provider", "=", provider)
    .where("subject", "=", subject)
    .executeTakeFirst();
  return row?.account_id;
}

export async function insertIdentity(
  db: Executor,
  provider: string,
  subject: string,
  accountId: number,
  now: string,
) {
  await db
    .insertInto("oidc_identities")
    .values({ provider, subject, account_id: accountId, created_at: now })
    .onConflict((oc) => oc.columns(["provider", "subject"]).doNothing())
    .execute();
}
