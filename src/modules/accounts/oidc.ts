/**
 * Sign-in through external OpenID Connect providers configured by the operator: the
 * authorization code flow with state, nonce and PKCE (openid-client does the protocol checks).
 */
import * as client from "openid-client";
import type { OidcProviderConfig } from "../../config.ts";

/** What the browser keeps between leaving for the provider and coming back. */
export interface PendingSignIn {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/** The verified facts a provider states about the person who signed in. */
export interface ExternalIdentity {
  readonly subject: string;
  readonly email: string;
  readonly emailVerified: boolean;
  readonly name: string;
}

const loopbackHost = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;
const nameMaxLength = 100;

export class OidcLogin {
  /** Discovery runs once per provider; a failed one is forgotten so that the next sign-in retries. */
  private readonly configurations = new Map<string, Promise<client.Configuration>>();

  constructor(
    readonly providers: readonly OidcProviderConfig[],
    private readonly options: { production: boolean },
  ) {}

  find(id: string): OidcProviderConfig | undefined {
    return this.providers.find((provider) => provider.id === id);
  }

  /** The provider's authorization URL for a new sign-in, and the secrets to check its answer with. */
  async begin(
    provider: OidcProviderConfig,
    redirectUri: string,
  ): Promise<{ url: URL; pending: PendingSignIn }> {
    const configuration = await this.configuration(provider);
    const pending = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: "openid email profile",
      response_type: "code",
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: "S256",
    });
    return { url, pending };
  }

  /**
   * Checks the provider's answer at `callbackUrl` (state, issuer), redeems the code (PKCE,
   * client secret), checks the ID token (signature, audience, nonce) and reads the identity.
   * Throws on any mismatch.
   */
  async finish(
    provider: OidcProviderConfig,
    callbackUrl: URL,
    pending: PendingSignIn,
  ): Promise<ExternalIdentity> {
    const configuration = await this.configuration(provider);
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      pkceCodeVerifier: pending.codeVerifier,
    });
    const idToken = tokens.claims();
    if (!idToken) throw new Error("the provider returned no ID token");
    // Many providers put email and name only in the UserInfo response, not in the ID token.
    const profile =
      typeof idToken.email === "string" || !configuration.serverMetadata().userinfo_endpoint
        ? idToken
        : await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
    if (typeof profile.email !== "string" || profile.email === "") {
      throw new Error("the provider stated no email address");
    }
    return {
      subject: idToken.sub,
      email: profile.email,
      // Some providers send the flag as a string.
      emailVerified: profile.email_verified === true || profile.email_verified === "true",
      name: typeof profile.name === "string" ? profile.name.trim().slice(0, nameMaxLength) : "",
    };
  }

  private configuration(provider: OidcProviderConfig): Promise<client.Configuration> {
    let configuration = this.configurations.get(provider.id);
    if (!configuration) {
      const issuer = new URL(provider.issuer);
      // Plain HTTP only for a provider on this machine, or anywhere outside production.
      const plainHttp =
        issuer.protocol === "http:" && (loopbackHost.test(issuer.hostname) || !this.options.production);
      configuration = client.discovery(
        issuer,
        provider.clientId,
        undefined,
        // The default method of OpenID Connect Discovery, so every provider supports it.
        client.ClientSecretBasic(provider.clientSecret),
        { execute: plainHttp ? [client.allowInsecureRequests] : [], timeout: 10 },
      );
      configuration.catch(() => this.configurations.delete(provider.id));
      this.configurations.set(provider.id, configuration);
    }
    return configuration;
  }
}
