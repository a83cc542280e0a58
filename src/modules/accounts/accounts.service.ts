/**
 * Sign-in and account use cases. Answers never reveal whether an email has an account: the
 * same page follows, and the mail says what applies.
 */
import { hash } from "@node-rs/argon2";
import { type RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import { type Db, type Executor, nowIso } from "../../db/database.ts";
import type { Role, TokenPurpose } from "../../db/schema.ts";
import type { Locale } from "../../i18n/locale.ts";
import { inMemory, type RateLimitStore } from "../abuse/rate-limits.ts";
import { type Clock, systemClock } from "../clock.ts";
import * as outbox from "../outbox/outbox.repository.ts";
import { hasErrors, identityErrors } from "./account-form.ts";
import {
  EmailNotVerifiedError,
  InvalidCredentialsError,
  InvalidFormError,
  InvalidLinkError,
  TooManyAttemptsError,
  TooManyRequestsError,
} from "./accounts.errors.ts";
import * as repo from "./accounts.repository.ts";
import {
  accountEmailKey,
  hashSessionToken,
  newSessionToken,
  oneTimeToken,
  readOneTimeToken,
  sessionLifetimeMs,
  tokenLifetimeMs,
} from "./accounts.ts";
import { PasswordHasher } from "./password-hasher.ts";

export type { Account } from "./accounts.repository.ts";

export interface AccountsDeps {
  db: Db;
  secret: string;
  outboxWritten: () => void;
  clock?: Clock;
  /** Where the sign-in and mail limits count (every node's Redis, or this process). */
  rateLimits?: RateLimitStore;
}

export interface NewAccountInput {
  email: string;
  name: string;
  password: string;
  locale: Locale;
}

/** What an emailed one-time link carries: purpose, where it goes and in which language. */
export interface TokenData {
  locale: Locale;
  role?: Role;
  /** verify_email only: the account's email becomes this address once the link is used. */
  changeTo?: string;
}

/** Who a one-time link is for; invitations also name their organization and who sent them. */
export interface TokenTarget {
  accountId: number | null;
  email: string | null;
  data: TokenData;
  organizationId?: number;
  invitedBy?: number;
}

/** An invitation that can still be accepted. */
export interface PendingInvitation {
  id: number;
  email: string;
  role: Role;
  invitedBy: number | null;
  invitedByName: string | null;
  createdAt: string;
  expiresAt: string;
}

// A dummy hash verified for unknown emails so that timing does not tell who has an account.
const dummyHash = hash("not-a-real-password-juntos", { algorithm: 2 });

/**
 * Marks the email confirmed by someone who just proved they read its mailbox. If it had never
 * been confirmed, the password was chosen by whoever registered the address, who may not be its
 * owner ("pre-hijacking"): that password is dropped, so only the mailbox owner can set one.
 */
async function proveMailbox(
  trx: Parameters<typeof repo.updateAccount>[0],
  accountId: number,
  now: string,
): Promise<void> {
  const account = await repo.findAccountById(trx, accountId);
  if (!account) throw new InvalidLinkError();
  if (account.emailVerified) return;
  await repo.updateAccount(trx, accountId, { verifiedAt: now, passwordHash: null, now });
}

/** Takes one point from `key`; false when it has none left. */
async function consumed(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
  try {
    await limiter.consume(key);
    return true;
  } catch (error) {
    if (error instanceof RateLimiterRes) return false;
    throw error;
  }
}

export class AccountsService {
  /**
   * Wrong passwords lock one account from one network: a stranger elsewhere cannot lock its
   * owner out. Across all networks a looser cap still stops a guessing botnet (at 5 per network
   * it would otherwise get thousands of guesses an hour); reaching it takes 20+ networks, and the
   * emailed sign-in link keeps working for the owner throughout.
   */
  private readonly failuresPerAccountAndNetwork: RateLimiterAbstract;
  private readonly failuresPerAccount: RateLimiterAbstract;
  private readonly failuresPerNetwork: RateLimiterAbstract;
  /**
   * Bumped for an account when its password is reset, which starts its failure counts afresh:
   * the keys below include it. Holds only accounts reset since this process started.
   */
  private readonly lockGenerations = new Map<string, number>();
  /**
   * Forms that hash a new password (register, reset, setup, invitation) per network: room for a
   * training session on one Wi-Fi, not for a script. Counted only once a form gets as far as
   * hashing; a forged link is refused before, at the cost of one HMAC.
   */
  private readonly passwordFormsPerNetwork: RateLimiterAbstract;
  /**
   * Forms that send mail (sign-in link, reset, register): 3 of a kind an hour to one address,
   * past which the answer stays the same and nothing is sent, and 30 an hour from one network.
   */
  private readonly mailsPerAddress: RateLimiterAbstract;
  private readonly mailFormsPerNetwork: RateLimiterAbstract;
  readonly passwords = new PasswordHasher();

  private readonly clock: Clock;

  constructor(private readonly deps: AccountsDeps) {
    this.clock = deps.clock ?? systemClock;
    const store = deps.rateLimits ?? inMemory;
    this.failuresPerAccountAndNetwork = store.limiter("login:account-network", {
      points: 5,
      durationSeconds: 15 * 60,
    });
    this.failuresPerAccount = store.limiter("login:account", { points: 100, durationSeconds: 60 * 60 });
    this.failuresPerNetwork = store.limiter("login:network", { points: 30, durationSeconds: 15 * 60 });
    this.passwordFormsPerNetwork = store.limiter("password-forms:network", {
      points: 30,
      durationSeconds: 15 * 60,
    });
    this.mailsPerAddress = store.limiter("account-mail:address", { points: 3, durationSeconds: 60 * 60 });
    this.mailFormsPerNetwork = store.limiter("account-mail:network", {
      points: 30,
      durationSeconds: 60 * 60,
    });
  }

  /** The clock's time as stored: sessions, links and invitations expire by it. */
  private now(): string {
    return nowIso(this.clock.now());
  }

  /**
   * Hashes a password chosen in a form from `networkKey`, within the network's limit and the
   * process's hashing queue. Callers check the form's link and cheap rules first.
   */
  async hashChosenPassword(password: string, networkKey: string): Promise<string> {
    if (!(await consumed(this.passwordFormsPerNetwork, networkKey))) throw new TooManyRequestsError();
    return this.passwords.hash(password);
  }

  /**
   * Whether a form from `networkKey` may send one more mail of `purpose` to `emailKey`. Over the
   * network's limit is refused out loud (that says nothing about any address); over the
   * address's limit is false, and the caller answers as if it had sent.
   */
  private async maySendMail(purpose: string, emailKey: string, networkKey: string): Promise<boolean> {
    if (!(await consumed(this.mailFormsPerNetwork, networkKey))) throw new TooManyRequestsError();
    return consumed(this.mailsPerAddress, `${purpose}:${emailKey}`);
  }

  private get db() {
    return this.deps.db;
  }

  /** Creates an unverified account and mails a verification link; an existing email gets a sign-in link instead. */
  async register(input: NewAccountInput, networkKey: string): Promise<void> {
    const emailKey = accountEmailKey(input.email);
    if (!(await this.maySendMail("register", emailKey, networkKey))) return;
    const passwordHash = await this.hashChosenPassword(input.password, networkKey);
    await this.db.transaction().execute(async (trx) => {
      const now = this.now();
      const existing = await repo.findAccountByEmail(trx, emailKey);
      if (existing) {
        await this.issueToken(trx, "magic_link", {
          accountId: existing.id,
          email: existing.email,
          data: { locale: input.locale },
        });
        return;
      }
      const accountId = await repo.insertAccount(trx, {
        email: input.email.trim(),
        emailKey,
        name: input.name,
        passwordHash,
        verified: false,
        platformAdmin: false,
        locale: input.locale,
        now,
      });
      await this.issueToken(trx, "verify_email", {
        accountId,
        email: input.email.trim(),
        data: { locale: input.locale },
      });
    });
    this.deps.outboxWritten();
  }

  /**
   * Confirms the account's email, or, for a link sent to a new address from the account page,
   * makes that address the account's email (if no other account took it meanwhile).
   */
  async verifyEmail(token: string): Promise<number> {
    return this.consumeToken("verify_email", token, async (trx, row) => {
      const account = row.accountId === null ? undefined : await repo.findAccountById(trx, row.accountId);
      if (!account) throw new InvalidLinkError();
      const now = this.now();
      const { changeTo } = JSON.parse(row.data ?? "{}") as TokenData;
      if (changeTo === undefined) {
        if (accountEmailKey(row.email ?? account.email) !== accountEmailKey(account.email))
          throw new InvalidLinkError();
        await repo.updateAccount(trx, account.id, { verifiedAt: now, now });
        return account.id;
      }
      const emailKey = accountEmailKey(changeTo);
      if (await repo.findAccountByEmail(trx, emailKey)) throw new InvalidLinkError();
      await repo.updateAccount(trx, account.id, {
        email: { email: changeTo, emailKey },
        verifiedAt: now,
        now,
      });
      // Links mailed to the old address no longer open the account.
      await repo.useOpenTokensOf(trx, account.id, ["reset_password", "magic_link", "verify_email"], now);
      return account.id;
    });
  }

  /** Account page: the name shown to the other members. */
  async changeName(accountId: number, name: string): Promise<void> {
    const errors = identityErrors({ name });
    if (hasErrors(errors)) throw new InvalidFormError(errors);
    await repo.updateAccount(this.db, accountId, { name, now: this.now() });
  }

  /**
   * Account page: mails a link to `email`; the account's email changes only when it is used, so
   * the old address stays until the new one is proven. If another account has that address,
   * nothing is sent and the answer is the same (the form must not tell who has an account).
   */
  async requestEmailChange(
    accountId: number,
    email: string,
    locale: Locale,
    networkKey: string,
  ): Promise<void> {
    const errors = identityErrors({ email });
    if (hasErrors(errors)) throw new InvalidFormError(errors);
    const account = await repo.findAccountById(this.db, accountId);
    if (!account) throw new InvalidLinkError();
    const emailKey = accountEmailKey(email);
    if (emailKey === accountEmailKey(account.email))
      throw new InvalidFormError({ email: { key: "account.email.same" } });
    if (!(await this.maySendMail("change_email", emailKey, networkKey))) return;
    await this.db.transaction().execute(async (trx) => {
      if (await repo.findAccountByEmail(trx, emailKey)) return;
      await this.issueToken(trx, "verify_email", {
        accountId,
        email: email.trim(),
        data: { locale, changeTo: email.trim() },
      });
    });
    this.deps.outboxWritten();
  }

  /**
   * Account page: a new password, given the current one (accounts that sign in only by link or
   * an external provider have none to give). A wrong current password counts as a failed
   * sign-in. Every other session ends; `keepSession` (this browser's) stays.
   */
  async changePassword(
    accountId: number,
    input: { current: string; password: string },
    networkKey: string,
    keepSession: string,
  ): Promise<void> {
    const errors = identityErrors({ password: input.password });
    const account = await repo.findAccountById(this.db, accountId);
    if (!account) throw new InvalidLinkError();
    if (account.passwordHash) {
      const limits = this.loginLimits(accountEmailKey(account.email), networkKey);
      await this.checkNotBlocked(limits);
      if (!(await this.passwords.verify(account.passwordHash, input.current))) {
        await Promise.all(limits.map(([limiter, key]) => limiter.penalty(key, 1)));
        errors.current_password = { key: "account.password.wrong" };
      }
    }
    if (hasErrors(errors)) throw new InvalidFormError(errors);
    const passwordHash = await this.hashChosenPassword(input.password, networkKey);
    await this.db.transaction().execute(async (trx) => {
      const now = this.now();
      await repo.updateAccount(trx, accountId, { passwordHash, now });
      await repo.deleteSessionsOf(trx, accountId, hashSessionToken(keepSession));
      await repo.useOpenTokensOf(trx, accountId, ["reset_password", "magic_link"], now);
    });
    await this.clearLoginLocks(accountId);
  }

  /**
   * Password sign-in, limited per account and per network; failures say nothing about which part
   * was wrong. A password only opens an account once its email is confirmed: until then anyone
   * could have registered that address.
   */
  async login(email: string, password: string, networkKey: string): Promise<number> {
    const emailKey = accountEmailKey(email);
    const limits = this.loginLimits(emailKey, networkKey);
    await this.checkNotBlocked(limits);
    const account = await repo.findAccountByEmail(this.db, emailKey);
    const ok = await this.passwords.verify(account?.passwordHash ?? (await dummyHash), password);
    if (!account?.passwordHash || !ok) {
      await Promise.all(limits.map(([limiter, key]) => limiter.penalty(key, 1)));
      throw new InvalidCredentialsError();
    }
    await this.failuresPerAccountAndNetwork.delete(limits[0][1]);
    if (!account.emailVerified) throw new EmailNotVerifiedError();
    return account.id;
  }

  /** Each limiter a password sign-in counts against, with its key; the account-and-network pair first. */
  private loginLimits(emailKey: string, networkKey: string) {
    const account = `${this.lockGenerations.get(emailKey) ?? 0}:${emailKey}`;
    return [
      [this.failuresPerAccountAndNetwork, `${account}|${networkKey}`],
      [this.failuresPerAccount, account],
      [this.failuresPerNetwork, networkKey],
    ] as const;
  }

  private async checkNotBlocked(limits: ReturnType<AccountsService["loginLimits"]>): Promise<void> {
    for (const [limiter, key] of limits) {
      const state = await limiter.get(key);
      // Blocked until the window ends by the clock, whether or not the limiter's cleanup timer has run.
      if (state && state.consumedPoints >= limiter.points && state.msBeforeNext > 0) {
        throw new TooManyAttemptsError(Math.ceil(state.msBeforeNext / 1000));
      }
    }
  }

  /** Mails a sign-in link if the account exists; does nothing visible otherwise. */
  async requestMagicLink(email: string, locale: Locale, networkKey: string): Promise<void> {
    await this.mailTokenToAccount(email, "magic_link", locale, networkKey);
  }

  async requestPasswordReset(email: string, locale: Locale, networkKey: string): Promise<void> {
    await this.mailTokenToAccount(email, "reset_password", locale, networkKey);
  }

  /** A sign-in link proves the mailbox, so it also verifies the email. */
  async signInWithLink(token: string): Promise<number> {
    return this.consumeToken("magic_link", token, async (trx, row) => {
      if (row.accountId === null) throw new InvalidLinkError();
      await proveMailbox(trx, row.accountId, this.now());
      return row.accountId;
    });
  }

  /** Checks a link without using it (what the page behind a GET may do). */
  async checkLink(purpose: TokenPurpose, token: string): Promise<repo.TokenRow> {
    const row = await this.openToken(this.db, purpose, token);
    if (!row) throw new InvalidLinkError();
    return row;
  }

  /** Sets a new password from a reset link, and ends every other session and sign-in link. */
  async resetPassword(token: string, password: string, networkKey: string): Promise<number> {
    await this.checkLink("reset_password", token);
    const passwordHash = await this.hashChosenPassword(password, networkKey);
    const accountId = await this.consumeToken("reset_password", token, async (trx, row) => {
      if (row.accountId === null) throw new InvalidLinkError();
      const now = this.now();
      await repo.updateAccount(trx, row.accountId, { passwordHash, verifiedAt: now, now });
      await repo.deleteSessionsOf(trx, row.accountId);
      // Whoever asked for those links before the reset may not be the one who just proved the mailbox.
      await repo.useOpenTokensOf(trx, row.accountId, ["reset_password", "magic_link"], now);
      return row.accountId;
    });
    await this.clearLoginLocks(accountId);
    return accountId;
  }

  /** The mailbox owner just chose a new password: earlier wrong guesses no longer lock the account. */
  private async clearLoginLocks(accountId: number): Promise<void> {
    const account = await repo.findAccountById(this.db, accountId);
    if (!account) return;
    const emailKey = accountEmailKey(account.email);
    this.lockGenerations.set(emailKey, (this.lockGenerations.get(emailKey) ?? 0) + 1);
  }

  async createSession(accountId: number): Promise<string> {
    const token = newSessionToken();
    const now = this.clock.now().getTime();
    await repo.insertSession(
      this.db,
      hashSessionToken(token),
      accountId,
      nowIso(new Date(now)),
      nowIso(new Date(now + sessionLifetimeMs)),
    );
    return token;
  }

  async findSessionAccount(token: string): Promise<repo.Account | undefined> {
    return repo.findSessionAccount(this.db, hashSessionToken(token), this.now());
  }

  async signOut(token: string): Promise<void> {
    await repo.deleteSession(this.db, hashSessionToken(token));
  }

  async signOutEverywhere(accountId: number): Promise<void> {
    await repo.deleteSessionsOf(this.db, accountId);
  }

  async findAccount(accountId: number, db: Executor = this.db): Promise<repo.Account | undefined> {
    return repo.findAccountById(db, accountId);
  }

  async findAccountByEmail(email: string, db: Executor = this.db): Promise<repo.Account | undefined> {
    return repo.findAccountByEmail(db, accountEmailKey(email));
  }

  /** An account for someone who proved their mailbox by an emailed link (an invitation): verified. */
  async createVerifiedAccount(
    trx: Executor,
    input: { email: string; name: string; passwordHash: string | null; locale: Locale },
  ): Promise<number> {
    return repo.insertAccount(trx, {
      email: input.email,
      emailKey: accountEmailKey(input.email),
      name: input.name,
      passwordHash: input.passwordHash,
      verified: true,
      platformAdmin: false,
      locale: input.locale,
      now: this.now(),
    });
  }

  async pendingInvitations(organizationId: number, db: Executor = this.db): Promise<PendingInvitation[]> {
    const rows = await repo.listOpenInvitations(db, organizationId, this.now());
    return rows.map(({ data, ...row }) => ({
      ...row,
      role: (JSON.parse(data ?? "{}") as TokenData).role ?? "viewer",
    }));
  }

  /** Ends open invitations of an organization inside the caller's transaction. */
  async endInvitations(trx: Executor, organizationId: number, ids: number[]): Promise<void> {
    await repo.endInvitations(trx, organizationId, ids, this.now());
  }

  /**
   * On a fresh install (no accounts yet), returns a new one-time setup link token for the first
   * administrator; null once any account exists.
   */
  async setupTokenForFreshInstall(): Promise<string | null> {
    return this.db.transaction().execute(async (trx) => {
      if ((await repo.countAccounts(trx)) > 0) return null;
      const id = await this.insertTokenRow(trx, "setup", {
        accountId: null,
        email: null,
        data: { locale: "en" },
      });
      return oneTimeToken(this.deps.secret, "setup", id);
    });
  }

  /** Creates the first platform administrator from a setup link, verified, and signs them in. */
  async completeSetup(token: string, input: NewAccountInput, networkKey: string): Promise<number> {
    await this.checkLink("setup", token);
    if ((await repo.countAccounts(this.db)) > 0) throw new InvalidLinkError();
    const passwordHash = await this.hashChosenPassword(input.password, networkKey);
    return this.consumeToken("setup", token, async (trx) => {
      if ((await repo.countAccounts(trx)) > 0) throw new InvalidLinkError();
      // Links printed by earlier starts stop working too: there is an administrator now.
      await repo.useOpenTokens(trx, "setup", this.now());
      return repo.insertAccount(trx, {
        email: input.email.trim(),
        emailKey: accountEmailKey(input.email),
        name: input.name,
        passwordHash,
        verified: true,
        platformAdmin: true,
        locale: input.locale,
        now: this.now(),
      });
    });
  }

  /**
   * From the command line: makes `email` a platform administrator (creating the account if
   * needed) and returns a one-time link token to set its password.
   */
  async createAdmin(email: string, name: string): Promise<string> {
    const emailKey = accountEmailKey(email);
    return this.db.transaction().execute(async (trx) => {
      const now = this.now();
      const existing = await repo.findAccountByEmail(trx, emailKey);
      const accountId =
        existing?.id ??
        (await repo.insertAccount(trx, {
          email: email.trim(),
          emailKey,
          name,
          passwordHash: null,
          verified: false,
          platformAdmin: true,
          locale: "en",
          now,
        }));
      await repo.updateAccount(trx, accountId, { platformAdmin: true, now });
      const id = await this.insertTokenRow(
        trx,
        "reset_password",
        { accountId, email: null, data: { locale: "en" } },
        tokenLifetimeMs.setup,
      );
      return oneTimeToken(this.deps.secret, "reset_password", id);
    });
  }

  /**
   * Signs in through an external OpenID provider: a known identity signs in; otherwise an
   * account with the same verified email is linked, or a new verified account is created.
   */
  async signInWithIdentity(
    provider: string,
    claims: { subject: string; email: string; emailVerified: boolean; name: string; locale: Locale },
  ): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const now = this.now();
      const known = await repo.findIdentity(trx, provider, claims.subject);
      if (known !== undefined) return known;
      if (!claims.emailVerified) throw new InvalidCredentialsError();
      const emailKey = accountEmailKey(claims.email);
      const existing = await repo.findAccountByEmail(trx, emailKey);
      if (existing) await proveMailbox(trx, existing.id, this.now());
      const accountId =
        existing?.id ??
        (await repo.insertAccount(trx, {
          email: claims.email,
          emailKey,
          name: claims.name || claims.email,
          passwordHash: null,
          verified: true,
          platformAdmin: false,
          locale: claims.locale,
          now,
        }));
      await repo.insertIdentity(trx, provider, claims.subject, accountId, now);
      return accountId;
    });
  }

  /** What the account mail for a token needs; undefined once the token cannot be used. */
  async tokenMail(
    tokenId: number,
  ): Promise<{ to: string; purpose: TokenPurpose; token: string; data: TokenData } | undefined> {
    const row = await repo.findToken(this.db, tokenId);
    if (!row || row.usedAt !== null || row.expiresAt <= this.now()) return undefined;
    const account = row.accountId === null ? undefined : await repo.findAccountById(this.db, row.accountId);
    const to = row.email ?? account?.email;
    if (!to) return undefined;
    return {
      to,
      purpose: row.purpose,
      token: oneTimeToken(this.deps.secret, row.purpose, row.id),
      data: JSON.parse(row.data ?? "{}") as TokenData,
    };
  }

  /** Issues an emailed one-time link inside the caller's transaction (the mail goes through the outbox). */
  async issueToken(trx: Executor, purpose: TokenPurpose, target: TokenTarget): Promise<void> {
    const id = await this.insertTokenRow(trx, purpose, target);
    await outbox.enqueue(trx, "account.email", { tokenId: id }, this.now());
  }

  private async insertTokenRow(
    trx: Executor,
    purpose: TokenPurpose,
    target: TokenTarget,
    lifetimeMs = tokenLifetimeMs[purpose],
  ): Promise<number> {
    const now = this.clock.now().getTime();
    return repo.insertToken(trx, {
      purpose,
      email: target.email,
      accountId: target.accountId,
      data: target.data,
      ...(target.organizationId !== undefined ? { organizationId: target.organizationId } : {}),
      ...(target.invitedBy !== undefined ? { invitedBy: target.invitedBy } : {}),
      now: nowIso(new Date(now)),
      expiresAt: nowIso(new Date(now + lifetimeMs)),
    });
  }

  /**
   * Writes the same rows whether or not the address has an account, so neither the answer nor
   * its timing tells: a token (for nobody, when there is no account: it opens nothing and its
   * mail job sends nothing) and its mail job. The address itself is not stored.
   */
  private async mailTokenToAccount(
    email: string,
    purpose: "magic_link" | "reset_password",
    locale: Locale,
    networkKey: string,
  ): Promise<void> {
    const emailKey = accountEmailKey(email);
    if (!(await this.maySendMail(purpose, emailKey, networkKey))) return;
    await this.db.transaction().execute(async (trx) => {
      const account = await repo.findAccountByEmail(trx, emailKey);
      await this.issueToken(trx, purpose, { accountId: account?.id ?? null, email: null, data: { locale } });
    });
    this.deps.outboxWritten();
  }

  private async openToken(db: Parameters<typeof repo.findToken>[0], purpose: TokenPurpose, token: string) {
    const id = readOneTimeToken(this.deps.secret, purpose, token);
    if (id === null) return undefined;
    const row = await repo.findToken(db, id);
    if (!row || row.purpose !== purpose || row.usedAt !== null || row.expiresAt <= this.now())
      return undefined;
    return row;
  }

  /** Uses a one-time link exactly once and runs `use` in the same transaction. */
  async consumeToken<T>(
    purpose: TokenPurpose,
    token: string,
    use: (trx: Parameters<typeof repo.findToken>[0], row: repo.TokenRow) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.openToken(trx, purpose, token);
      if (!row || !(await repo.useToken(trx, row.id, this.now()))) throw new InvalidLinkError();
      return use(trx, row);
    });
  }
}
