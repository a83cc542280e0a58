/**
 * Loopback stand-ins for the two OAuth 2.0 providers the model page offered, speaking their real
 * endpoint paths and JSON: WordPress.com (`/oauth2/authorize`, `/oauth2/token`, `/rest/v1.1/me`)
 * and Facebook (`/v19.0/dialog/oauth`, `/v19.0/oauth/access_token`, Graph `/me?fields=…` with
 * `appsecret_proof`). Each checks what the real one checks (client, secret, redirect URI bound
 * to the code, one use per code, bearer token) and can be told to refuse consent or to fail.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type LoopbackServer, loopbackServer } from "../oidc/provider.ts";

export interface StandInUser {
  /** The WordPress.com `ID` (a number) or the Facebook app-scoped `id` (a string of digits). */
  id: number | string;
  name: string;
  email: string;
  /** WordPress.com only. */
  username?: string;
  profileUrl?: string;
  emailVerified?: boolean;
}

/** What the next answers do; tests set these, each stand-in starts well behaved. */
export interface Faults {
  /** The person presses "Deny" / "Cancel" on the consent page. */
  deny: boolean;
  /** The token endpoint answers this status (with the provider's error JSON) instead of a token. */
  tokenStatus: number | null;
  /** The user endpoint answers this status instead of the profile. */
  userStatus: number | null;
  /** The user endpoint answers this body (e.g. not JSON) with 200. */
  userBody: string | null;
}

export interface OAuthStandIn extends LoopbackServer {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Who is signed in at the provider and consents. */
  user: StandInUser;
  faults: Faults;
  /** Every request, as "METHOD /path" without the query. */
  readonly calls: string[];
  /** The last authorization request's query, as the provider received it. */
  lastAuthorization: Record<string, string> | null;
  /** The last token request's parameters. */
  lastTokenRequest: Record<string, string> | null;
  /** Visits `authorizationUrl` as the browser and returns where the provider sends it back to. */
  authorize(authorizationUrl: string): Promise<URL>;
}

interface Grant {
  redirectUri: string;
  user: StandInUser;
}

const noFaults = (): Faults => ({ deny: false, tokenStatus: null, userStatus: null, userBody: null });

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
  response.end(typeof body === "string" ? body : JSON.stringify(body));
}

async function formBody(request: IncomingMessage): Promise<URLSearchParams> {
  let text = "";
  for await (const chunk of request) text += chunk;
  return new URLSearchParams(text);
}

function bearer(request: IncomingMessage, query: URLSearchParams): string | null {
  const header = request.headers.authorization ?? "";
  const match = /^Bearer (\S+)$/i.exec(header);
  return match?.[1] ?? query.get("access_token");
}

interface Dialect {
  authorizePath: string;
  tokenPath: string;
  userPath: string;
  /** The callback query for a denial, as the provider words it. */
  denial(state: string): Record<string, string>;
  /** Appended to the callback URL (Facebook adds `#_=_`). */
  fragment: string;
  tokenError(response: ServerResponse, status: number, message: string): void;
  tokenSuccess(token: string): unknown;
  /** Answers the user endpoint for a valid token; may refuse on its own rules. */
  user(
    response: ServerResponse,
    query: URLSearchParams,
    token: string,
    user: StandInUser,
    secret: string,
  ): void;
  userUnauthorized(response: ServerResponse): void;
}

async function startStandIn(dialect: Dialect, defaultUser: StandInUser): Promise<OAuthStandIn> {
  const clientId = randomBytes(6).toString("hex");
  const clientSecret = randomBytes(24).toString("base64url");
  const codes = new Map<string, Grant>();
  const tokens = new Map<string, StandInUser>();

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", standIn.origin);
    standIn.calls.push(`${request.method} ${url.pathname}`);
    if (url.pathname === dialect.authorizePath && request.method === "GET") {
      const query = Object.fromEntries(url.searchParams);
      standIn.lastAuthorization = query;
      const { client_id, redirect_uri, state } = query;
      if (client_id !== clientId || !redirect_uri) {
        response
          .writeHead(400, { "content-type": "text/html" })
          .end("<p>Invalid client_id or redirect_uri.</p>");
        return;
      }
      const back = new URL(redirect_uri);
      const answer = standIn.faults.deny
        ? dialect.denial(state ?? "")
        : { code: newCode(redirect_uri), state };
      for (const [key, value] of Object.entries(answer))
        if (value !== undefined) back.searchParams.set(key, value);
      response.writeHead(302, { location: back.href + dialect.fragment }).end();
      return;
    }
    if (url.pathname === dialect.tokenPath && (request.method === "POST" || request.method === "GET")) {
      const params = request.method === "POST" ? await formBody(request) : url.searchParams;
      standIn.lastTokenRequest = Object.fromEntries(params);
      if (standIn.faults.tokenStatus !== null) {
        dialect.tokenError(response, standIn.faults.tokenStatus, "The service is temporarily unavailable.");
        return;
      }
      const grant = codes.get(params.get("code") ?? "");
      codes.delete(params.get("code") ?? "");
      if (params.get("client_id") !== clientId || params.get("client_secret") !== clientSecret) {
        dialect.tokenError(response, 400, "Invalid client credentials.");
      } else if (!grant || grant.redirectUri !== params.get("redirect_uri")) {
        dialect.tokenError(response, 400, "Invalid authorization code or redirect_uri.");
      } else {
        const token = randomBytes(24).toString("base64url");
        tokens.set(token, grant.user);
        sendJson(response, 200, dialect.tokenSuccess(token));
      }
      return;
    }
    if (url.pathname === dialect.userPath && request.method === "GET") {
      if (standIn.faults.userStatus !== null) {
        sendJson(response, standIn.faults.userStatus, { error: "internal_error" });
        return;
      }
      if (standIn.faults.userBody !== null) {
        response.writeHead(200, { "content-type": "application/json" }).end(standIn.faults.userBody);
        return;
      }
      const token = bearer(request, url.searchParams);
      const user = token ? tokens.get(token) : undefined;
      if (!token || !user) dialect.userUnauthorized(response);
      else dialect.user(response, url.searchParams, token, user, clientSecret);
      return;
    }
    sendJson(response, 404, { error: "not_found" });
  };

  const newCode = (redirectUri: string) => {
    const code = randomBytes(16).toString("base64url");
    codes.set(code, { redirectUri, user: standIn.user });
    return code;
  };

  const server = await loopbackServer(() => (request, response) => {
    handle(request, response).catch((error: Error) => sendJson(response, 500, { error: error.message }));
  });
  const standIn: OAuthStandIn = {
    ...server,
    clientId,
    clientSecret,
    user: defaultUser,
    faults: noFaults(),
    calls: [],
    lastAuthorization: null,
    lastTokenRequest: null,
    async authorize(authorizationUrl: string): Promise<URL> {
      const response = await fetch(authorizationUrl, { redirect: "manual" });
      const location = response.headers.get("location");
      if (response.status !== 302 || !location) {
        throw new Error(`the provider did not send the browser back (${response.status})`);
      }
      return new URL(location);
    },
  };
  return standIn;
}

export const wordpressUser: StandInUser = {
  id: 48151623,
  name: "Ana Ejemplo",
  username: "anaejemplo",
  email: "ana.wp@example.org",
  emailVerified: true,
  profileUrl: "https://gravatar.com/anaejemplo",
};

/** WordPress.com: https://developer.wordpress.com/docs/oauth2/ and the REST API's /me. */
export function startWordPressStandIn(): Promise<OAuthStandIn> {
  return startStandIn(
    {
      authorizePath: "/oauth2/authorize",
      tokenPath: "/oauth2/token",
      userPath: "/rest/v1.1/me",
      denial: (state) => ({ error: "access_denied", state }),
      fragment: "",
      tokenError: (response, status, message) =>
        sendJson(response, status, {
          error: status >= 500 ? "server_error" : "invalid_request",
          error_description: message,
        }),
      tokenSuccess: (token) => ({
        access_token: token,
        token_type: "bearer",
        blog_id: "0",
        blog_url: null,
        scope: "auth",
      }),
      user: (response, _query, _token, user) =>
        sendJson(response, 200, {
          ID: user.id,
          display_name: user.name,
          username: user.username ?? "",
          email: user.email,
          primary_blog: 0,
          primary_blog_url: "",
          language: "en",
          locale_variant: "",
          token_site_id: false,
          token_scope: ["auth"],
          avatar_URL: "https://0.gravatar.com/avatar/0000000000000000?s=96&d=identicon",
          profile_URL: user.profileUrl ?? "",
          verified: true,
          email_verified: user.emailVerified ?? false,
          date: "2012-03-04T05:06:07+00:00",
          site_count: 0,
          visible_site_count: 0,
          has_unseen_notes: false,
          newest_note_type: "",
          phone_account: false,
          meta: { links: { self: "https://public-api.wordpress.com/rest/v1.1/me" } },
          is_valid_google_apps_country: true,
          logout_URL: "https://wordpress.com/wp-login.php?action=logout",
        }),
      userUnauthorized: (response) =>
        sendJson(response, 403, {
          error: "authorization_required",
          message: "An active access token must be used to query information about the current user.",
        }),
    },
    wordpressUser,
  );
}

export const facebookUser: StandInUser = {
  id: "10229876543210123",
  name: "Bea Exemplo",
  email: "bea.fb@example.org",
};

const graphError = (message: string, type: string, code: number) => ({
  error: { message, type, code, fbtrace_id: "AbCdEfGhIjK" },
});

/** Facebook Login's manual flow and the Graph API's /me, as of Graph v19.0. */
export function startFacebookStandIn(): Promise<OAuthStandIn> {
  return startStandIn(
    {
      authorizePath: "/v19.0/dialog/oauth",
      tokenPath: "/v19.0/oauth/access_token",
      userPath: "/me",
      denial: (state) => ({
        error_reason: "user_denied",
        error: "access_denied",
        error_description: "Permissions error.",
        state,
      }),
      // Facebook appends this to every redirect back.
      fragment: "#_=_",
      tokenError: (response, status, message) =>
        sendJson(response, status, graphError(message, "OAuthException", status >= 500 ? 2 : 100)),
      tokenSuccess: (token) => ({ access_token: token, token_type: "bearer", expires_in: 5183944 }),
      user: (response, query, token, user, secret) => {
        // As an app with "Require App Secret" on: a call without the right proof is refused.
        const proof = createHmac("sha256", secret).update(token).digest("hex");
        if (query.get("appsecret_proof") !== proof) {
          sendJson(
            response,
            400,
            graphError("Invalid appsecret_proof provided in the API argument", "GraphMethodException", 100),
          );
          return;
        }
        const all: Record<string, string> = { id: String(user.id), name: user.name, email: user.email };
        // Graph returns only the fields asked for (`id` alone when none are).
        const fields = (query.get("fields") ?? "id").split(",");
        sendJson(response, 200, Object.fromEntries(fields.filter((f) => f in all).map((f) => [f, all[f]])));
      },
      userUnauthorized: (response) =>
        sendJson(
          response,
          400,
          graphError(
            "An active access token must be used to query information about the current user.",
            "OAuthException",
            2500,
          ),
        ),
    },
    facebookUser,
  );
}
