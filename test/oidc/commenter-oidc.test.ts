/**
 * Signing in to comment with an OpenID Connect provider from OIDC_PROVIDERS (the organizers'
 * configuration and OidcLogin): a real oidc-provider on loopback, the app through app.inject.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { agedFormToken, createTestApp, type TestApp } from "../support/app.ts";
import { Browser as AppBrowser } from "../support/browser-session.ts";
import { insertActionRows } from "../support/fixtures.ts";
import { Browser as ProviderBrowser, startTestProvider, type TestProvider } from "./provider.ts";

const appOrigin = "http://juntos.test";
const callbackPath = "/en/comment-sign-in/testid/callback";

let provider: TestProvider;
let t: TestApp;
let slug: string;

beforeAll(async () => {
  provider = await startTestProvider(appOrigin + callbackPath);
});
afterAll(async () => {
  await provider.close();
});
beforeEach(async () => {
  t = await createTestApp({
    OIDC_PROVIDERS: JSON.stringify([
      {
        id: "testid",
        label: "Test ID",
        issuer: provider.origin,
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
      },
    ]),
  });
  slug = (await insertActionRows(t.ctx.database.db)).slug;
});
afterEach(async () => {
  await t.close();
});

describe("signing in to comment with an OpenID Connect provider", () => {
  it("runs the code flow with state, nonce and PKCE and returns to the discussion as the provider's person", async () => {
    const app = new AppBrowser(t.app);
    const start = await app.get(`/en/a/${slug}/comment-sign-in/testid`);
    expect(start.statusCode).toBe(302);
    const authorization = new URL(String(start.headers.location));
    expect(authorization.origin).toBe(provider.origin);
    expect(Object.fromEntries(authorization.searchParams)).toMatchObject({
      redirect_uri: appOrigin + callbackPath,
      scope: "openid email profile",
      code_challenge_method: "S256",
    });
    for (const check of ["state", "nonce", "code_challenge"]) {
      expect(authorization.searchParams.get(check)).toMatch(/^[\w-]{40,}$/);
    }

    const callback = await new ProviderBrowser().authorize(authorization, appOrigin, { login: "ana" });
    expect(callback.pathname).toBe(callbackPath);
    const response = await app.get(callback.pathname + callback.search);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/en/a/${slug}/comments/new#leave-a-reply`);
    expect(t.ctx.commenters.identify({ juntos_commenter: app.cookie("juntos_commenter") })).toEqual({
      provider: "testid",
      subject: "ana",
      displayName: "Ana Example",
      profileUrl: null,
      email: "ana@example.org",
      emailVerified: true,
    });
    // A commenter is not an organizer: no account was made and no organizer session began.
    expect(await t.ctx.database.db.selectFrom("accounts").select("id").execute()).toEqual([]);
    expect(app.cookie("juntos_session")).toBeUndefined();

    // The form it lands on posts as the provider's person, recording the provider.
    const form = await app.get(`/en/a/${slug}/comments/new`);
    expect(form.body).toContain("Ana Example");
    expect(form.body).toContain("through Test ID");
    expect(form.body).not.toContain("ana@example.org");
    const token = /name="commenter" value="([^"]+)"/.exec(form.body)?.[1] ?? "";
    const posted = await app.post(
      `/en/a/${slug}/comments`,
      { commenter: token, body: "Through my own provider.", ts: agedFormToken(t.ctx) },
      { csrf: null },
    );
    expect(posted.statusCode).toBe(200);
    expect(
      await t.ctx.database.db
        .selectFrom("comments")
        .select(["name", "email", "author_kind", "account_id", "sign_in_provider"])
        .execute(),
    ).toEqual([
      {
        name: "Ana Example",
        email: "ana@example.org",
        author_kind: "guest",
        account_id: null,
        sign_in_provider: "testid",
      },
    ]);
  });

  it("refuses an ID token made for another nonce, and a cancelled sign-in", async () => {
    const app = new AppBrowser(t.app);
    const start = await app.get(`/en/a/${slug}/comment-sign-in/testid`);
    const authorization = new URL(String(start.headers.location));
    authorization.searchParams.set("nonce", "a-nonce-the-app-never-issued");
    const forged = await new ProviderBrowser().authorize(authorization, appOrigin, { login: "ana" });
    const refused = await app.get(forged.pathname + forged.search);
    expect(refused.statusCode).toBe(502);
    expect(refused.body).toContain("Signing in did not work");
    expect(app.cookie("juntos_commenter")).toBeUndefined();

    const again = new AppBrowser(t.app);
    const second = await again.get(`/en/a/${slug}/comment-sign-in/testid`);
    const cancelled = await new ProviderBrowser().authorize(
      new URL(String(second.headers.location)),
      appOrigin,
      {
        cancel: true,
      },
    );
    const response = await again.get(cancelled.pathname + cancelled.search);
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain("You did not sign in");
    expect(again.cookie("juntos_commenter")).toBeUndefined();
  });
});
