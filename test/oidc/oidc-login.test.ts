import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { nowIso } from "../../src/db/database.ts";
import { insertAccount } from "../../src/modules/accounts/accounts.repository.ts";
import { accountEmailKey } from "../../src/modules/accounts/accounts.ts";
import { createTestApp, type TestApp } from "../support/app.ts";
import {
  Browser,
  type LoopbackServer,
  loopbackServer,
  startTestProvider,
  type TestProvider,
} from "./provider.ts";

const providerId = "testid";
const flowCookie = "juntos_oidc";
const sessionCookie = "juntos_session";

let appServer: LoopbackServer;
let provider: TestProvider;
let t: TestApp;

beforeAll(async () => {
  // One address for every test's app, so that the provider's registered redirect URI holds.
  appServer = await loopbackServer(() => (request, response) => t.app.routing(request, response));
  provider = await startTestProvider(`${appServer.origin}/auth/oidc/${providerId}/callback`);
});
afterAll(async () => {
  await appServer.close();
  await provider.close();
});
beforeEach(async () => {
  t = await createTestApp({
    BASE_URL: appServer.origin,
    OIDC_PROVIDERS: JSON.stringify([
      {
        id: providerId,
        label: "Test ID",
        issuer: provider.origin,
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
      },
      // Nothing listens on the discard port: a provider that is down.
      { id: "offline", label: "Offline ID", issuer: "http://127.0.0.1:9", clientId: "x", clientSecret: "y" },
    ]),
  });
});
afterEach(async () => {
  await t.close();
});

const app = (path: string) => `${appServer.origin}${path}`;

/** Starts a sign-in at the app; returns where the app sends the browser. */
async function start(browser: Browser, query = "lang=en"): Promise<URL> {
  const response = await browser.fetch(app(`/auth/oidc/${providerId}?${query}`));
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location") ?? "");
}

async function signedInAccountId(browser: Browser): Promise<number | undefined> {
  const token = browser.cookie(appServer.origin, sessionCookie);
  return token ? (await t.ctx.accounts.findSessionAccount(token))?.id : undefined;
}

/** The JSON a signed flow cookie carries (value, then "." and its signature, URL-encoded). */
function flowInCookie(value: string): Record<string, string> {
  return JSON.parse(decodeURIComponent(value).replace(/\.[^.]+$/, ""));
}

async function expectRejected(browser: Browser, response: Response): Promise<void> {
  expect(response.status).toBe(401);
  expect(await response.text()).toContain("Signing in with that provider did not work");
  expect(response.headers.getSetCookie().join("\n")).not.toContain(sessionCookie);
  expect(browser.cookie(appServer.origin, flowCookie)).toBeUndefined();
  expect((await browser.fetch(app("/en/admin"))).status).toBe(303);
}

describe("sign-in with an external OpenID Connect provider", () => {
  it("asks the provider for a code with PKCE, state and nonce, remembered in a short-lived signed cookie", async () => {
    const browser = new Browser();
    const response = await browser.fetch(app(`/auth/oidc/${providerId}?lang=es&next=/es/account`));
    expect(response.status).toBe(302);
    const url = new URL(response.headers.get("location") ?? "");
    expect(url.origin).toBe(provider.origin);
    const query = Object.fromEntries(url.searchParams);
    expect(query).toMatchObject({
      client_id: provider.clientId,
      response_type: "code",
      scope: "openid email profile",
      redirect_uri: app(`/auth/oidc/${providerId}/callback`),
      code_challenge_method: "S256",
    });
    for (const param of ["state", "nonce", "code_challenge"]) expect(query[param]).toMatch(/^[\w-]{40,}$/);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith(`${flowCookie}=`)) ?? "";
    expect(cookie).toMatch(/; Max-Age=600(;|$)/);
    expect(cookie).toMatch(/; Path=\/auth\/oidc(;|$)/);
    expect(cookie).toMatch(/; HttpOnly(;|$)/);
    expect(cookie).toMatch(/; SameSite=Lax(;|$)/);
    const flow = flowInCookie(cookie.slice(flowCookie.length + 1, cookie.indexOf(";")));
    expect(flow).toMatchObject({ state: query.state, nonce: query.nonce, locale: "es", next: "/es/account" });
    // The PKCE verifier stays with the browser; the provider sees only its hash.
    expect(url.href).not.toContain(flow.codeVerifier);
  });

  it("creates a verified account for a new person, signs in, and reuses it the next time", async () => {
    const browser = new Browser();
    const callback = await browser.authorize(
      await start(browser, "lang=es&next=/es/account"),
      appServer.origin,
      {
        login: "ana",
      },
    );
    expect(callback.pathname).toBe(`/auth/oidc/${providerId}/callback`);
    const response = await browser.fetch(callback);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/es/account");
    expect((await browser.fetch(app("/en/admin"))).status).toBe(200);
    const accountId = await signedInAccountId(browser);
    expect(await t.ctx.accounts.findAccount(accountId!)).toMatchObject({
      email: "ana@example.org",
      name: "Ana Example",
      emailVerified: true,
      locale: "es",
      passwordHash: null,
    });

    const again = new Browser();
    const secondResponse = await again.fetch(
      await again.authorize(await start(again, "lang=en&next=//evil.example/"), appServer.origin, {
        login: "ana",
      }),
    );
    expect(secondResponse.status).toBe(303);
    expect(secondResponse.headers.get("location")).toBe("/en/admin");
    expect(await signedInAccountId(again)).toBe(accountId);
  });

  it("links an existing account with the same verified email", async () => {
    const existingId = await insertAccount(t.ctx.database.db, {
      email: "bea@example.org",
      emailKey: accountEmailKey("bea@example.org"),
      name: "Bea",
      passwordHash: null,
      verified: false,
      platformAdmin: false,
      locale: "en",
      now: nowIso(),
    });
    const browser = new Browser();
    const response = await browser.fetch(
      await browser.authorize(await start(browser), appServer.origin, { login: "bea" }),
    );
    expect(response.status).toBe(303);
    expect(await signedInAccountId(browser)).toBe(existingId);
  });

  it("refuses a new person whose email the provider has not verified", async () => {
    const browser = new Browser();
    const response = await browser.fetch(
      await browser.authorize(await start(browser), appServer.origin, { login: "carl" }),
    );
    await expectRejected(browser, response);
    const accounts = await t.ctx.database.db.selectFrom("accounts").select("email").execute();
    expect(accounts).toEqual([]);
  });

  it("explains, rather than failing with a server error, when the provider cannot be reached", async () => {
    const response = await new Browser().fetch(app("/auth/oidc/offline?lang=en"));
    expect(response.status).toBe(401);
    expect(await response.text()).toContain("Signing in with that provider did not work");
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it("answers 404 for a provider that is not configured", async () => {
    const browser = new Browser();
    expect((await browser.fetch(app("/auth/oidc/nobody?lang=en"))).status).toBe(404);
    expect((await browser.fetch(app("/auth/oidc/nobody/callback?code=x&state=y"))).status).toBe(404);
  });
});

describe("a tampered or replayed sign-in is refused without a session", () => {
  /** Runs a flow up to the provider's answer, without delivering it to the app yet. */
  async function answered(browser: Browser, login = "ana"): Promise<{ callback: URL; cookie: string }> {
    const callback = await browser.authorize(await start(browser), appServer.origin, { login });
    return { callback, cookie: browser.cookie(appServer.origin, flowCookie)! };
  }

  /** The untouched answer with its own cookie still signs in: only the tampering was refused. */
  async function expectOriginalStillWorks(browser: Browser, original: { callback: URL; cookie: string }) {
    browser.setCookie(appServer.origin, flowCookie, original.cookie);
    expect((await browser.fetch(original.callback)).status).toBe(303);
    expect(await signedInAccountId(browser)).toBeDefined();
  }

  it("refuses a changed state", async () => {
    const browser = new Browser();
    const original = await answered(browser);
    const tampered = new URL(original.callback);
    tampered.searchParams.set("state", "forged-state-value");
    await expectRejected(browser, await browser.fetch(tampered));
    await expectOriginalStillWorks(browser, original);
  });

  it("refuses a changed code", async () => {
    const browser = new Browser();
    const original = await answered(browser);
    const tampered = new URL(original.callback);
    tampered.searchParams.set("code", `${tampered.searchParams.get("code")}x`);
    await expectRejected(browser, await browser.fetch(tampered));
    await expectOriginalStillWorks(browser, original);
  });

  it("refuses a missing cookie and a tampered one", async () => {
    const browser = new Browser();
    const original = await answered(browser);
    browser.setCookie(appServer.origin, flowCookie, undefined);
    await expectRejected(browser, await browser.fetch(original.callback));

    const signature = decodeURIComponent(original.cookie).split(".").at(-1);
    const forged = JSON.stringify({ ...flowInCookie(original.cookie), next: "/en/account" });
    browser.setCookie(appServer.origin, flowCookie, encodeURIComponent(`${forged}.${signature}`));
    await expectRejected(browser, await browser.fetch(original.callback));

    await expectOriginalStillWorks(browser, original);
  });

  it("refuses an ID token made for another nonce", async () => {
    const browser = new Browser();
    const authorizationUrl = await start(browser);
    authorizationUrl.searchParams.set("nonce", "a-nonce-the-app-never-issued");
    const callback = await browser.authorize(authorizationUrl, appServer.origin, { login: "ana" });
    await expectRejected(browser, await browser.fetch(callback));
  });

  it("refuses one flow's answer delivered with another flow's cookie", async () => {
    const browser = new Browser();
    const flowA = await answered(browser);
    const flowB = await answered(browser);
    // As delivered: A's state does not match B's.
    browser.setCookie(appServer.origin, flowCookie, flowB.cookie);
    await expectRejected(browser, await browser.fetch(flowA.callback));
    // Even with B's state copied in, A's code was bound to A's PKCE verifier and nonce.
    const spliced = new URL(flowA.callback);
    spliced.searchParams.set("state", flowB.callback.searchParams.get("state")!);
    browser.setCookie(appServer.origin, flowCookie, flowB.cookie);
    await expectRejected(browser, await browser.fetch(spliced));
    await expectOriginalStillWorks(browser, flowB);
  });

  it("refuses the provider's error answer when the person cancels", async () => {
    const browser = new Browser();
    const callback = await browser.authorize(await start(browser), appServer.origin, { cancel: true });
    expect(callback.searchParams.get("error")).toBe("access_denied");
    await expectRejected(browser, await browser.fetch(callback));
  });
});
