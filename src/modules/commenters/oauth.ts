/**
 * Sign-in through OAuth 2.0 providers that are not OpenID Connect (WordPress.com, Facebook, or a
 * custom one): the authorization code flow with `state` always and PKCE where the provider takes
 * it, the code redeemed with the client secret, then the user endpoint read with the access token.
 * openid-client does the protocol checks, with endpoints from the configuration (no discovery).
 */
import { createHmac } from "node:crypto";
import * as client from "openid-client";
import type { OAuthProviderConfig } from "../../config.ts";
import { type ProviderProfile, readProviderProfile } from "./oauth-presets.ts";

/** What the browser keeps between leaving for the provider and coming back. */
export interface PendingOAuthSignIn {
  readonly state: string;
  readonly codeVerifier: string | null;
}

/** A user endpoint answer larger than this is not a profile. */
const maxProfileBytes = 64 * 1024;

export class OAuthLogin {
  private readonly configurations = new Map<string, client.Configuration>();

  constructor(readonly providers: readonly OAuthProviderConfig[]) {}

  find(id: string): OAuthProviderConfig | undefined {
    return this.providers.find((provider) => provider.id === id);
  }

  /** The provider's authorization URL for a new sign-in, and the secrets to check its answer with. */
  async begin(
    provider: OAuthProviderConfig,
    redirectUri: string,
  ): Promise<{ url: URL; pending: PendingOAuthSignIn }> {
    const pending = {
      state: client.randomState(),
      codeVerifier: provider.pkce ? client.randomPKCECodeVerifier() : null,
    };
    const parameters: Record<string, string> = {
      redirect_uri: redirectUri,
      response_type: "code",
      state: pending.state,
    };
    if (provider.scope !== "") parameters.scope = provider.scope;
    if (pending.codeVerifier) {
      parameters.code_challenge = await client.calculatePKCECodeChallenge(pending.codeVerifier);
      parameters.code_challenge_method = "S256";
    }
    return { url: client.buildAuthorizationUrl(this.configuration(provider), parameters), pending };
  }

  /**
   * Checks the answer at `callbackUrl` (state, error), redeems the code and reads the profile.
   * Throws on any mismatch or unreadable answer.
   */
  async finish(
    provider: OAuthProviderConfig,
    callbackUrl: URL,
    pending: PendingOAuthSignIn,
  ): Promise<ProviderProfile> {
    const configuration = this.configuration(provider);
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      expectedState: pending.state,
      pkceCodeVerifier: pending.codeVerifier ?? undefined,
    });
    const userUrl = new URL(provider.userUrl);
    if (provider.preset === "facebook") {
      // Proves the token was redeemed by this app; required when the app turns on "Require App Secret".
      const proof = createHmac("sha256", provider.clientSecret).update(tokens.access_token).digest("hex");
      userUrl.searchParams.set("appsecret_proof", proof);
    }
    const response = await client.fetchProtectedResource(configuration, tokens.access_token, userUrl, "GET");
    if (!response.ok) throw new Error(`the user endpoint answered ${response.status}`);
    const body = await response.text();
    if (body.length > maxProfileBytes) throw new Error("the user endpoint answered too much");
    const json: unknown = JSON.parse(body);
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      throw new Error("the user endpoint answered no JSON object");
    }
    return readProviderProfile(provider.preset, json as Record<string, unknown>, provider.fields);
  }

  private configuration(provider: OAuthProviderConfig): client.Configuration {
    let configuration = this.configurations.get(provider.id);
    if (!configuration) {
      const authorize = new URL(provider.authorizeUrl);
      configuration = new client.Configuration(
        // No discovery and no issuer identifier for plain OAuth; the authorize origin stands for it.
        {
          issuer: authorize.origin,
          authorization_endpoint: provider.authorizeUrl,
          token_endpoint: provider.tokenUrl,
        },
        provider.clientId,
        undefined,
        // WordPress.com and Facebook take the secret in the token request's body.
        client.ClientSecretPost(provider.clientSecret),
      );
      configuration.timeout = 10;
      // config.ts allows plain HTTP only on this machine or outside production.
      const endpoints = [provider.authorizeUrl, provider.tokenUrl, provider.userUrl];
      if (endpoints.some((url) => url.startsWith("http:"))) client.allowInsecureRequests(configuration);
      this.configurations.set(provider.id, configuration);
    }
    return configuration;
  }
}
