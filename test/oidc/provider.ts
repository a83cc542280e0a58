/**
 * A real OpenID Connect provider (oidc-provider) on loopback, with its development login and
 * consent pages, and a cookie-keeping client that walks through them as a browser would.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

/** People the provider knows, by login name (which is also their subject). */
export const providerUsers: Record<string, { email: string; email_verified: boolean; name: string }> = {
  ana: { email: "ana@example.org", email_verified: true, name: "Ana Example" },
  bea: { email: "Bea@Example.org", email_verified: true, name: "Bea Example" },
  carl: { email: "carl@example.org", email_verified: false, name: "Carl Unverified" },
};

export interface LoopbackServer {
  origin: string;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 whose origin is known before its handler is. */
export async function loopbackServer(
  handler: () => (request: IncomingMessage, response: ServerResponse) => void,
): Promise<LoopbackServer> {
  const server: Server = createServer((request, response) => handler()(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export interface TestProvider extends LoopbackServer {
  clientId: string;
  clientSecret: string;
}

/** A provider whose one client may come back to `redirectUris` (one address, or several). */
export async function startTestProvider(redirectUris: string | readonly string[]): Promise<TestProvider> {
  const clientId = "juntos";
  const clientSecret = randomBytes(24).toString("base64url");
  let provider: Provider | undefined;
  const server = await loopbackServer(() => provider!.callback());
  const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  provider = new Provider(server.origin, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUris].flat() }],
    jwks: { keys: [{ ...signingKey, kid: "test", alg: "RS256", use: "sig" }] },
    cookies: { keys: [randomBytes(24).toString("base64url")] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    findAccount: (_ctx, id) =>
      providerUsers[id] ? { accountId: id, claims: () => ({ sub: id, ...providerUsers[id] }) } : undefined,
  });
  // Its development login pages import a web font from Google; a browser test walking through
  // them must load nothing from a third party.
  provider.use(async (ctx, next) => {
    await next();
    if (typeof ctx.body === "string") ctx.body = ctx.body.replace(/@import url\(https:[^)]*\);/g, "");
  });
  return { ...server, clientId, clientSecret };
}

/** A browser's cookie jar per host and port, and fetch that never follows redirects by itself. */
export class Browser {
  private readonly jars = new Map<string, Map<string, string>>();

  cookie(origin: string, name: string): string | undefined {
    return this.jar(origin).get(name);
  }

  setCookie(origin: string, name: string, value: string | undefined): void {
    if (value === undefined) this.jar(origin).delete(name);
    else this.jar(origin).set(name, value);
  }

  async fetch(url: URL | string, form?: Record<string, string>): Promise<Response> {
    const target = new URL(url);
    const jar = this.jar(target.origin);
    const headers: Record<string, string> = {
      cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; "),
    };
    if (form) headers["content-type"] = "application/x-www-form-urlencoded";
    const response = await fetch(target, {
      method: form ? "POST" : "GET",
      headers,
      body: form ? new URLSearchParams(form).toString() : undefined,
      redirect: "manual",
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const name = pair.slice(0, pair.indexOf("="));
      const expired = attributes.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
      this.setCookie(target.origin, name, expired ? undefined : pair.slice(name.length + 1));
    }
    return response;
  }

  /**
   * Follows the provider's redirects and answers its login and consent pages as `login` (or
   * presses Cancel), until the provider sends the browser back to `returnOrigin`.
   */
  async authorize(
    authorizationUrl: URL,
    returnOrigin: string,
    options: { login: string } | { cancel: true },
  ): Promise<URL> {
    let url = authorizationUrl;
    let response = await this.fetch(url);
    for (let step = 0; step < 12; step++) {
      const location = response.headers.get("location");
      if (location) {
        url = new URL(location, url);
        if (url.origin === returnOrigin) return url;
        response = await this.fetch(url);
        continue;
      }
      const page = await response.text();
      const action = /<form[^>]* action="([^"]+)"/.exec(page)?.[1];
      const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
      if (!action || !prompt)
        throw new Error(`unexpected provider page (${response.status}): ${page.slice(0, 300)}`);
      if ("cancel" in options) {
        const cancel = /<a href="([^"]+)">\[ Cancel \]/.exec(page)?.[1];
        if (!cancel) throw new Error("no Cancel link on the provider page");
        url = new URL(cancel, url);
        response = await this.fetch(url);
        continue;
      }
      url = new URL(action, url);
      response = await this.fetch(url, { prompt, login: options.login, password: "any" });
    }
    throw new Error("the provider never sent the browser back");
  }

  private jar(origin: string): Map<string, string> {
    let jar = this.jars.get(origin);
    if (!jar) {
      jar = new Map();
      this.jars.set(origin, jar);
    }
    return jar;
  }
}
