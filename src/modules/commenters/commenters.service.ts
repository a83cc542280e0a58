/**
 * Signing in to comment: with a Juntos account, an OpenID Connect provider (the organizers'
 * OidcLogin, reused) or an OAuth 2.0 provider (OAuthLogin). No table: the identity lives in a
 * sealed first-party cookie until it expires or the commenter signs out, and the flow's secrets
 * in another one for ten minutes. `identify` is what the comments module calls.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { Locale } from "../../i18n/locale.ts";
import type { AccountsService } from "../accounts/accounts.service.ts";
import type { OidcLogin } from "../accounts/oidc.ts";
import type { Clock } from "../clock.ts";
import {
  CommenterProviderError,
  CommenterSignInCancelledError,
  CommenterSignInExpiredError,
  CommenterSignOutRefusedError,
} from "./commenters.errors.ts";
import {
  type CommenterIdentity,
  type CookieSource,
  commenterCookie,
  commenterLifetimeMs,
  cookieValue,
  identityFromProfile,
  juntosProvider,
  type SignedInCommenter,
  type SignInChoice,
  signInFlowLifetimeMs,
} from "./commenters.ts";
import type { OAuthLogin } from "./oauth.ts";
import type { Sealer } from "./sealed-value.ts";

/** The sealed commenter cookie's content. */
interface CommenterSession {
  /** Random per sign-in: the sign-out token is bound to it. */
  readonly sid: string;
  readonly expiresAt: number;
  readonly identity: CommenterIdentity;
}

/** The sealed flow cookie's content: which form to return to and the checks for the answer. */
interface SignInFlow {
  readonly provider: string;
  readonly slug: string;
  /** The comment whose reply page the sign-in started from; null from the action's own form. */
  readonly replyTo: number | null;
  /** A page of the action to come back to instead of the comment form (signInReturn), or null. */
  readonly back: string | null;
  readonly locale: Locale;
  readonly state: string;
  readonly nonce: string | null;
  readonly codeVerifier: string | null;
  readonly expiresAt: number;
}

const sessionPurpose = "commenter-session";
const flowPurpose = "commenter-sign-in-flow";
const signOutPurpose = "commenter-sign-out";
const commentPurpose = "commenter-comment";

/** Where a sign-in started, and so where it comes back to. */
export interface SignInReturn {
  readonly slug: string;
  readonly replyTo: number | null;
  /** A page of the action to come back to instead of the comment form, or null. */
  readonly back: string | null;
}

/** A new sign-in: the commenter cookie's value and who it names. */
export interface CommenterSignIn {
  readonly cookie: string;
  readonly identity: CommenterIdentity;
}

export class CommentersService {
  constructor(
    private readonly deps: {
      sealer: Sealer;
      clock: Clock;
      log: Logger;
      oidc: OidcLogin;
      oauth: OAuthLogin;
      accounts: AccountsService;
    },
  ) {}

  /** The comment form's sign-in choices: the Juntos account first, then OIDC, then OAuth providers. */
  choices(): SignInChoice[] {
    return [
      { id: juntosProvider, label: null },
      ...this.deps.oidc.providers.map(({ id, label }) => ({ id, label })),
      ...this.deps.oauth.providers.map(({ id, label }) => ({ id, label })),
    ];
  }

  /** Whether `provider` is an external provider (OIDC or OAuth) configured for signing in. */
  offersExternal(provider: string): boolean {
    return this.deps.oidc.find(provider) !== undefined || this.deps.oauth.find(provider) !== undefined;
  }

  /**
   * The commenter this browser is signed in as, from the commenter cookie; null without one, or
   * when it is expired, forged, changed, or from a provider no longer configured. No I/O.
   */
  identify(cookies: CookieSource): CommenterIdentity | null {
    return this.session(cookies)?.identity ?? null;
  }

  /** The commenter and the tokens of the sign-out form and of the comment form (CommenterBox, CommentForm). */
  signedIn(cookies: CookieSource): SignedInCommenter | null {
    const session = this.session(cookies);
    if (!session) return null;
    return {
      identity: session.identity,
      signOutToken: this.deps.sealer.token(signOutPurpose, session.sid),
      commentToken: this.deps.sealer.token(commentPurpose, session.sid),
    };
  }

  /**
   * Who a posted comment is from: the signed-in commenter when the form carries their comment
   * token; null (a guest) without a valid commenter cookie or without that token.
   */
  postingAs(cookies: CookieSource, commentToken: unknown): SignedInCommenter | null {
    const commenter = this.signedIn(cookies);
    return commenter && commenter.commentToken === commentToken ? commenter : null;
  }

  /**
   * A sign-out form is honoured only with the token of the commenter signed in, so another site
   * cannot sign people out; without a commenter cookie there is nothing to refuse.
   */
  checkSignOut(cookies: CookieSource, token: unknown): void {
    const commenter = this.signedIn(cookies);
    if (commenter && commenter.signOutToken !== token) throw new CommenterSignOutRefusedError();
  }

  /**
   * The commenter cookie for the Juntos account signed in with `sessionToken` (the organizer
   * session cookie); null when there is no such session, so the caller sends the person to sign in.
   */
  async signInWithAccount(sessionToken: string | undefined): Promise<CommenterSignIn | null> {
    if (!sessionToken) return null;
    const account = await this.deps.accounts.findSessionAccount(sessionToken);
    if (!account) return null;
    const identity = identityFromProfile(juntosProvider, {
      subject: String(account.id),
      displayName: account.name,
      profileUrl: null,
      email: account.email,
      emailVerified: account.emailVerified,
    });
    // An account without a name to show (possible after an OIDC sign-in that gave none).
    if (!identity) throw new CommenterProviderError("the account has no name to show");
    return { cookie: this.sealSession(identity), identity };
  }

  /**
   * Starts a sign-in with an external provider from the comment form `at` names: where to send
   * the browser and the flow cookie's value.
   */
  async begin(
    provider: string,
    at: SignInReturn & { locale: Locale; redirectUri: string },
  ): Promise<{ url: URL; flow: string }> {
    const { url, checks } = await this.external(provider, "begin", async () => {
      const oidc = this.deps.oidc.find(provider);
      if (oidc) {
        const { url, pending } = await this.deps.oidc.begin(oidc, at.redirectUri);
        return { url, checks: pending };
      }
      const oauth = this.deps.oauth.find(provider);
      if (!oauth) throw new Error("no such provider");
      const { url, pending } = await this.deps.oauth.begin(oauth, at.redirectUri);
      return { url, checks: { ...pending, nonce: null } };
    });
    const flow: SignInFlow = {
      provider,
      slug: at.slug,
      replyTo: at.replyTo,
      back: at.back,
      locale: at.locale,
      state: checks.state,
      nonce: checks.nonce,
      codeVerifier: checks.codeVerifier,
      expiresAt: this.now() + signInFlowLifetimeMs,
    };
    return { url, flow: this.deps.sealer.seal(flowPurpose, flow) };
  }

  /**
   * Completes a sign-in from the provider's answer at `callbackUrl` with the flow cookie's value:
   * the flow must be this browser's, for this provider and language, unexpired, with the same
   * `state`; then the code is redeemed and the profile read.
   */
  async finish(
    provider: string,
    at: { callbackUrl: URL; flow: string | undefined; locale: Locale },
  ): Promise<CommenterSignIn & SignInReturn> {
    const flow = this.deps.sealer.open(flowPurpose, at.flow) as SignInFlow | undefined;
    const refuse = (reason: string) => {
      this.deps.log.warn({ provider, reason }, "commenter sign-in refused");
      return new CommenterSignInExpiredError(reason);
    };
    if (!flow) throw refuse(at.flow === undefined ? "no flow cookie" : "flow cookie not sealed here");
    if (flow.provider !== provider || flow.locale !== at.locale)
      throw refuse("flow cookie for another provider");
    if (flow.expiresAt <= this.now()) throw refuse("flow cookie expired");
    const answer = at.callbackUrl.searchParams;
    // Checked before the error: only the browser that started a sign-in learns how it ended.
    if (answer.get("state") !== flow.state) throw refuse("state mismatch");
    const error = answer.get("error");
    if (error === "access_denied") throw new CommenterSignInCancelledError();
    if (error !== null)
      throw this.providerFailed(provider, "finish", new Error(`provider answered error=${error}`));
    const profile = await this.external(provider, "finish", async () => {
      const oidc = this.deps.oidc.find(provider);
      if (oidc) {
        if (flow.nonce === null || flow.codeVerifier === null)
          throw new Error("flow cookie lacks OIDC checks");
        const checks = { state: flow.state, nonce: flow.nonce, codeVerifier: flow.codeVerifier };
        const person = await this.deps.oidc.finish(oidc, at.callbackUrl, checks);
        return { ...person, displayName: person.name, profileUrl: null };
      }
      const oauth = this.deps.oauth.find(provider);
      if (!oauth) throw new Error("no such provider");
      return this.deps.oauth.finish(oauth, at.callbackUrl, {
        state: flow.state,
        codeVerifier: flow.codeVerifier,
      });
    });
    const identity = identityFromProfile(provider, profile);
    if (!identity)
      throw this.providerFailed(provider, "profile", new Error("no stable id or no name to show"));
    // `?? null`: a flow cookie sealed before replies or other pages could start a sign-in.
    return {
      cookie: this.sealSession(identity),
      slug: flow.slug,
      replyTo: flow.replyTo ?? null,
      back: flow.back ?? null,
      identity,
    };
  }

  private sealSession(identity: CommenterIdentity): string {
    const session: CommenterSession = {
      sid: randomBytes(16).toString("base64url"),
      expiresAt: this.now() + commenterLifetimeMs,
      identity,
    };
    return this.deps.sealer.seal(sessionPurpose, session);
  }

  private session(cookies: CookieSource): CommenterSession | null {
    const session = this.deps.sealer.open(sessionPurpose, cookieValue(cookies, commenterCookie)) as
      | CommenterSession
      | undefined;
    if (!session || session.expiresAt <= this.now()) return null;
    const { provider } = session.identity;
    if (provider !== juntosProvider && !this.offersExternal(provider)) return null;
    return session;
  }

  /** Runs one exchange with a provider; whatever fails there is logged and becomes CommenterProviderError. */
  private async external<T>(provider: string, step: string, exchange: () => Promise<T>): Promise<T> {
    try {
      return await exchange();
    } catch (error) {
      throw this.providerFailed(provider, step, error);
    }
  }

  private providerFailed(provider: string, step: string, error: unknown): CommenterProviderError {
    const { name, message, code, cause } = error as Error & { code?: string };
    const oauth = error as { error?: string; error_description?: string };
    // Names and codes of the failed check; compared values and profiles (personal data) stay out.
    const detail = cause instanceof Error ? cause.message : undefined;
    this.deps.log.warn(
      {
        provider,
        step,
        reason: { name, code, message, detail, error: oauth.error, description: oauth.error_description },
      },
      "commenter sign-in failed",
    );
    return new CommenterProviderError(message);
  }

  private now(): number {
    return this.deps.clock.now().getTime();
  }
}
