/**
 * Signing in to comment through the real routes (app.inject) against loopback stand-ins that
 * speak WordPress.com's and Facebook's endpoints and JSON, and with a Juntos account.
 */
import type { LightMyRequestResponse } from "fastify";
import { renderToString } from "preact-render-to-string";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/translator.ts";
import type { OrganizationAccess } from "../../src/modules/organizations/organizations.service.ts";
import { CommenterBox } from "../../src/views/pages/commenter.tsx";
import { agedFormToken, createTestApp, createTestContext, type TestApp } from "../support/app.ts";
import { Browser } from "../support/browser-session.ts";
import { ManualClock } from "../support/clock.ts";
import { createAccount, createAction, createOrganization, insertActionRows } from "../support/fixtures.ts";
import {
  facebookUser,
  type OAuthStandIn,
  startFacebookStandIn,
  startWordPressStandIn,
  wordpressUser,
} from "../support/oauth-providers.ts";
import { solvedProof } from "../support/proof-of-work.ts";

const commenterCookie = "juntos_commenter";
const flowCookie = "juntos_comment_flow";

let wordpress: OAuthStandIn;
let facebook: OAuthStandIn;
let t: TestApp;
let clock: ManualClock;
let slug: string;

beforeAll(async () => {
  [wordpress, facebook] = await Promise.all([startWordPressStandIn(), startFacebookStandIn()]);
});
afterAll(async () => {
  await Promise.all([wordpress.close(), facebook.close()]);
});
beforeEach(async () => {
  for (const standIn of [wordpress, facebook]) {
    standIn.faults = { deny: false, tokenStatus: null, userStatus: null, userBody: null };
    standIn.calls.length = 0;
  }
  wordpress.user = wordpressUser;
  facebook.user = facebookUser;
  clock = new ManualClock();
  const entry = (id: string, label: string, standIn: OAuthStandIn) => ({
    id,
    label,
    preset: id,
    clientId: standIn.clientId,
    clientSecret: standIn.clientSecret,
    baseUrl: standIn.origin,
  });
  t = await createTestApp(
    {
      OAUTH_PROVIDERS: JSON.stringify([
        entry("wordpress", "WordPress.com", wordpress),
        entry("facebook", "Facebook", facebook),
        // Nothing listens on the discard port: a provider that is down.
        {
          id: "offline",
          label: "Offline",
          preset: "wordpress",
          clientId: "x",
          clientSecret: "y",
          baseUrl: "http://127.0.0.1:9",
        },
      ]),
    },
    { clock },
  );
  slug = (await insertActionRows(t.ctx.database.db)).slug;
});
afterEach(async () => {
  await t.close();
});

function setCookie(response: LightMyRequestResponse, name: string): string | undefined {
  const header = response.headers["set-cookie"];
  const lines = Array.isArray(header) ? header : header ? [header] : [];
  return lines.find((line) => line.startsWith(`${name}=`));
}

/** Starts at the action's sign-in link; returns the provider's authorization URL. */
async function start(browser: Browser, provider: string, locale = "en"): Promise<URL> {
  const response = await browser.get(`/${locale}/a/${slug}/comment-sign-in/${provider}`);
  expect(response.statusCode).toBe(302);
  return new URL(String(response.headers.location));
}

/** Delivers the provider's redirect back to the app, as the browser would follow it. */
function deliver(browser: Browser, callback: URL): Promise<LightMyRequestResponse> {
  expect(callback.origin).toBe("http://juntos.test");
  return browser.get(callback.pathname + callback.search);
}

async function expectRefused(
  browser: Browser,
  response: LightMyRequestResponse,
  status: number,
  text: string,
): Promise<void> {
  expect(response.statusCode).toBe(status);
  expect(response.body).toContain(text);
  expect(setCookie(response, commenterCookie)).toBeUndefined();
  expect(browser.cookie(flowCookie)).toBeUndefined();
  expect(browser.cookie(commenterCookie)).toBeUndefined();
}

describe("signing in to comment with WordPress.com", () => {
  it("sends the browser to the authorize endpoint with state (no PKCE), remembered in a short-lived sealed cookie", async () => {
    const browser = new Browser(t.app);
    const response = await browser.get(`/en/a/${slug}/comment-sign-in/wordpress`);
    expect(response.statusCode).toBe(302);
    expect(response.headers["cache-control"]).toBe("no-store");
    const url = new URL(String(response.headers.location));
    expect(url.origin + url.pathname).toBe(`${wordpress.origin}/oauth2/authorize`);
    const query = Object.fromEntries(url.searchParams);
    expect(query).toEqual({
      client_id: wordpress.clientId,
      redirect_uri: "http://juntos.test/en/comment-sign-in/wordpress/callback",
      response_type: "code",
      scope: "auth",
      state: expect.stringMatching(/^[\w-]{40,}$/),
    });
    const cookie = setCookie(response, flowCookie) ?? "";
    expect(cookie).toMatch(/; Max-Age=600(;|$)/);
    expect(cookie).toMatch(/; Path=\/en\/comment-sign-in(;|$)/);
    expect(cookie).toMatch(/; HttpOnly(;|$)/);
    expect(cookie).toMatch(/; SameSite=Lax(;|$)/);
    // Sealed: neither the state nor the action can be read from it.
    expect(cookie).not.toContain(query.state);
    expect(Buffer.from(browser.cookie(flowCookie) ?? "", "base64url").toString("latin1")).not.toContain(slug);
    // Nothing was asked of the provider yet: the redirect is the browser's navigation.
    expect(wordpress.calls).toEqual([]);
  });

  it("redeems the code with the secret, reads /me and returns to the discussion with the commenter cookie", async () => {
    const browser = new Browser(t.app);
    const callback = await wordpress.authorize((await start(browser, "wordpress")).href);
    expect(callback.searchParams.get("code")).toBeTruthy();
    const response = await deliver(browser, callback);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/en/a/${slug}/comments/new#leave-a-reply`);
    expect(wordpress.calls).toEqual(["GET /oauth2/authorize", "POST /oauth2/token", "GET /rest/v1.1/me"]);
    expect(wordpress.lastTokenRequest).toMatchObject({
      grant_type: "authorization_code",
      client_id: wordpress.clientId,
      client_secret: wordpress.clientSecret,
      redirect_uri: "http://juntos.test/en/comment-sign-in/wordpress/callback",
    });

    const cookie = setCookie(response, commenterCookie) ?? "";
    expect(cookie).toMatch(/; Max-Age=2592000(;|$)/);
    expect(cookie).toMatch(/; Path=\/(;|$)/);
    expect(cookie).toMatch(/; HttpOnly(;|$)/);
    expect(cookie).toMatch(/; SameSite=Lax(;|$)/);
    expect(setCookie(response, flowCookie)).toMatch(/Expires=Thu, 01 Jan 1970/);
    const value = browser.cookie(commenterCookie) ?? "";
    // The email rides in the cookie sealed, unreadable outside the server.
    expect(Buffer.from(value, "base64url").toString("latin1")).not.toContain(wordpressUser.email);

    const expected = {
      provider: "wordpress",
      subject: String(wordpressUser.id),
      displayName: wordpressUser.name,
      profileUrl: wordpressUser.profileUrl,
      email: wordpressUser.email,
      emailVerified: true,
    };
    expect(t.ctx.commenters.identify({ [commenterCookie]: value })).toEqual(expected);
    expect(t.ctx.commenters.identify(`other=1; ${commenterCookie}=${value}`)).toEqual(expected);
  });

  it("refuses an answer whose state is not the one this browser was given, before redeeming anything", async () => {
    const browser = new Browser(t.app);
    const callback = await wordpress.authorize((await start(browser, "wordpress")).href);
    const tampered = new URL(callback);
    tampered.searchParams.set("state", "a-state-this-browser-never-had");
    await expectRefused(browser, await deliver(browser, tampered), 400, "This sign-in cannot be completed");
    expect(wordpress.calls).not.toContain("POST /oauth2/token");
  });

  it("refuses an answer without the flow cookie, with another provider's, or after ten minutes", async () => {
    const browser = new Browser(t.app);
    const callback = await wordpress.authorize((await start(browser, "wordpress")).href);
    const flow = browser.cookie(flowCookie)!;

    const stranger = new Browser(t.app);
    await expectRefused(stranger, await deliver(stranger, callback), 400, "This sign-in cannot be completed");

    // A flow sealed for Facebook, with WordPress's answer (state copied in).
    const other = new Browser(t.app);
    const facebookState = (await start(other, "facebook")).searchParams.get("state")!;
    const spliced = new URL(callback);
    spliced.searchParams.set("state", facebookState);
    await expectRefused(other, await deliver(other, spliced), 400, "This sign-in cannot be completed");

    clock.advance(10 * 60 * 1000 + 1);
    browser.setCookie(flowCookie, flow);
    await expectRefused(browser, await deliver(browser, callback), 400, "This sign-in cannot be completed");
    expect(wordpress.calls).not.toContain("POST /oauth2/token");
  });

  it("explains a refused consent (error=access_denied) in the page's language", async () => {
    wordpress.faults.deny = true;
    const browser = new Browser(t.app);
    const callback = await wordpress.authorize((await start(browser, "wordpress", "es")).href);
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.pathname).toBe("/es/comment-sign-in/wordpress/callback");
    const response = await deliver(browser, callback);
    await expectRefused(browser, response, 401, "No iniciaste sesión");
    expect(response.body).toContain('<html lang="es"');
  });

  it("explains, never with a server error, a token endpoint that fails, a user endpoint that fails or answers no JSON", async () => {
    for (const fault of [
      { tokenStatus: 500 },
      { userStatus: 500 },
      { userBody: "<html>oops</html>" },
      { userBody: "[]" },
    ]) {
      Object.assign(wordpress.faults, { tokenStatus: null, userStatus: null, userBody: null }, fault);
      const browser = new Browser(t.app);
      const callback = await wordpress.authorize((await start(browser, "wordpress")).href);
      await expectRefused(browser, await deliver(browser, callback), 502, "Signing in did not work");
    }
  });

  it("explains a provider that cannot be reached", async () => {
    const browser = new Browser(t.app);
    const authorization = await start(browser, "offline");
    expect(authorization.origin).toBe("http://127.0.0.1:9");
    const callback = new URL("http://juntos.test/en/comment-sign-in/offline/callback");
    callback.searchParams.set("code", "any");
    callback.searchParams.set("state", authorization.searchParams.get("state")!);
    await expectRefused(browser, await deliver(browser, callback), 502, "Signing in did not work");
  });
});

describe("signing in to comment with Facebook", () => {
  it("asks for email and public_profile, redeems the code, reads /me with appsecret_proof, in Spanish", async () => {
    const browser = new Browser(t.app);
    const authorization = await start(browser, "facebook", "es");
    expect(authorization.origin + authorization.pathname).toBe(`${facebook.origin}/v19.0/dialog/oauth`);
    expect(Object.fromEntries(authorization.searchParams)).toEqual({
      client_id: facebook.clientId,
      redirect_uri: "http://juntos.test/es/comment-sign-in/facebook/callback",
      response_type: "code",
      scope: "email public_profile",
      state: expect.stringMatching(/^[\w-]{40,}$/),
    });
    const callback = await facebook.authorize(authorization.href);
    expect(callback.hash).toBe("#_=_");
    const response = await deliver(browser, callback);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/es/a/${slug}/comments/new#leave-a-reply`);
    expect(facebook.calls).toEqual(["GET /v19.0/dialog/oauth", "POST /v19.0/oauth/access_token", "GET /me"]);
    expect(t.ctx.commenters.identify({ [commenterCookie]: browser.cookie(commenterCookie) })).toEqual({
      provider: "facebook",
      subject: facebookUser.id,
      displayName: facebookUser.name,
      profileUrl: null,
      email: facebookUser.email,
      emailVerified: false,
    });
  });

  it("explains a refused consent and a failing Graph API", async () => {
    facebook.faults.deny = true;
    const denied = new Browser(t.app);
    const callback = await facebook.authorize((await start(denied, "facebook")).href);
    expect(Object.fromEntries(callback.searchParams)).toMatchObject({
      error: "access_denied",
      error_reason: "user_denied",
    });
    await expectRefused(denied, await deliver(denied, callback), 401, "You did not sign in");

    facebook.faults = { deny: false, tokenStatus: 503, userStatus: null, userBody: null };
    const failed = new Browser(t.app);
    const answer = await facebook.authorize((await start(failed, "facebook")).href);
    await expectRefused(failed, await deliver(failed, answer), 502, "Signing in did not work");
  });
});

describe("the commenter cookie", () => {
  async function signedIn(): Promise<Browser> {
    const browser = new Browser(t.app);
    const response = await deliver(
      browser,
      await wordpress.authorize((await start(browser, "wordpress")).href),
    );
    expect(response.statusCode).toBe(303);
    return browser;
  }

  it("is refused when changed, forged from a flow cookie, or older than 30 days", async () => {
    const browser = await signedIn();
    const value = browser.cookie(commenterCookie)!;
    expect(t.ctx.commenters.identify({ [commenterCookie]: value })).not.toBeNull();
    const bytes = Buffer.from(value, "base64url");
    bytes[20] = (bytes[20] ?? 0) ^ 1;
    expect(t.ctx.commenters.identify({ [commenterCookie]: bytes.toString("base64url") })).toBeNull();
    expect(t.ctx.commenters.identify({ [commenterCookie]: `${value}x` })).toBeNull();

    // A flow cookie is sealed by the same server, for another purpose.
    const other = new Browser(t.app);
    await start(other, "wordpress");
    expect(t.ctx.commenters.identify({ [commenterCookie]: other.cookie(flowCookie) })).toBeNull();

    clock.advance(30 * 24 * 60 * 60 * 1000);
    expect(t.ctx.commenters.identify({ [commenterCookie]: value })).toBeNull();
  });

  it("stops counting once its provider is no longer configured", async () => {
    const value = (await signedIn()).cookie(commenterCookie);
    const sameSecret = { JUNTOS_SECRET: t.ctx.config.secret };
    const withoutWordPress = await createTestContext(sameSecret);
    const unchanged = await createTestContext({
      ...sameSecret,
      OAUTH_PROVIDERS: JSON.stringify([
        { id: "wordpress", label: "W", preset: "wordpress", clientId: "a", clientSecret: "b" },
      ]),
    });
    try {
      expect(withoutWordPress.commenters.identify({ [commenterCookie]: value })).toBeNull();
      expect(unchanged.commenters.identify({ [commenterCookie]: value })?.provider).toBe("wordpress");
    } finally {
      for (const ctx of [withoutWordPress, unchanged]) {
        await ctx.close();
        await ctx.dropDatabase();
      }
    }
  });

  it("signs out with the form's token, and only with it", async () => {
    const browser = await signedIn();
    const value = browser.cookie(commenterCookie)!;
    const commenter = t.ctx.commenters.signedIn({ [commenterCookie]: value });
    expect(commenter?.signOutToken).toMatch(/^[\w-]{32}$/);

    // Another sign-in of the same person gets another token: it cannot sign this one out.
    const again = t.ctx.commenters.signedIn({
      [commenterCookie]: (await signedIn()).cookie(commenterCookie),
    });
    expect(again?.signOutToken).not.toBe(commenter?.signOutToken);
    for (const token of [again!.signOutToken, ""]) {
      const refused = await browser.post("/en/comment-sign-out", { _token: token, slug }, { csrf: null });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain("This form has expired");
      expect(setCookie(refused, commenterCookie)).toBeUndefined();
    }
    expect(t.ctx.commenters.identify({ [commenterCookie]: browser.cookie(commenterCookie) })).not.toBeNull();

    const response = await browser.post(
      "/es/comment-sign-out",
      { _token: commenter!.signOutToken, slug },
      { csrf: null },
    );
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/es/a/${slug}#leave-a-reply`);
    expect(setCookie(response, commenterCookie)).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(browser.cookie(commenterCookie)).toBeUndefined();

    // Signed out already: nothing to refuse; an odd slug goes home.
    const nobody = await new Browser(t.app).post(
      "/en/comment-sign-out",
      { slug: "//evil.example" },
      { csrf: null },
    );
    expect(nobody.statusCode).toBe(303);
    expect(nobody.headers.location).toBe("/en/");
  });

  it("is not read or set by the action page", async () => {
    const browser = await signedIn();
    const page = await browser.get(`/en/a/${slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers["set-cookie"]).toBeUndefined();
  });
});

describe("signing in to comment with a Juntos account", () => {
  it("goes through the account sign-in and back to the discussion", async () => {
    const account = await createAccount(t.ctx, { name: "Carla Cuenta" });
    const browser = new Browser(t.app);
    const here = `/en/a/${slug}/comment-sign-in/juntos`;
    const first = await browser.get(here);
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`/en/account/login?next=${encodeURIComponent(here)}`);

    const login = await browser.post(String(first.headers.location), {
      email: account.email,
      password: account.password,
    });
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe(here);

    const back = await browser.get(here);
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe(`/en/a/${slug}/comments/new#leave-a-reply`);
    expect(t.ctx.commenters.identify({ [commenterCookie]: browser.cookie(commenterCookie) })).toEqual({
      provider: "juntos",
      subject: String(account.id),
      displayName: "Carla Cuenta",
      profileUrl: null,
      email: account.email,
      emailVerified: true,
    });
  });
});

describe("routes that do not exist", () => {
  it("answers 404 for an unknown provider or action", async () => {
    const browser = new Browser(t.app);
    expect((await browser.get(`/en/a/${slug}/comment-sign-in/nobody`)).statusCode).toBe(404);
    expect((await browser.get("/en/a/no-such-action/comment-sign-in/wordpress")).statusCode).toBe(404);
    expect((await browser.get("/en/comment-sign-in/nobody/callback?code=x&state=y")).statusCode).toBe(404);
    expect((await browser.get("/en/comment-sign-in/juntos/callback?code=x&state=y")).statusCode).toBe(404);
    expect(browser.cookie(flowCookie)).toBeUndefined();
  });
});

describe("CommenterBox", () => {
  const render = (locale: "en" | "es", commenter: Parameters<typeof CommenterBox>[0]["commenter"]) =>
    renderToString(
      CommenterBox({ t: translator(locale), slug: "s", commenter, choices: t.ctx.commenters.choices() }),
    );

  it("offers every configured way to sign in as plain links", () => {
    const html = render("en", null);
    expect(html).toContain("Sign in to comment with:");
    for (const [provider, label] of [
      ["juntos", "Juntos account"],
      ["wordpress", "WordPress.com"],
      ["facebook", "Facebook"],
    ]) {
      expect(html).toContain(`<a href="/en/a/s/comment-sign-in/${provider}">${label}</a>`);
    }
    expect(html).not.toMatch(/<img|<script|https?:\/\//);
    expect(render("es", null)).toContain("Cuenta de Juntos");
  });

  it("shows who is commenting with the initial in a circle, a profile link and a sign-out form; never the email", async () => {
    const browser = new Browser(t.app);
    await deliver(browser, await wordpress.authorize((await start(browser, "wordpress")).href));
    const commenter = t.ctx.commenters.signedIn({ [commenterCookie]: browser.cookie(commenterCookie) });
    const html = render("en", commenter);
    expect(html).toContain('Commenting as <span class="avatar" aria-hidden="true">A</span>');
    expect(html).toContain(
      `<a href="${wordpressUser.profileUrl}" rel="nofollow ugc noopener">Ana Ejemplo</a>`,
    );
    expect(html).toContain("through WordPress.com");
    expect(html).toContain('<form method="post" action="/en/comment-sign-out">');
    expect(html).toContain(`name="_token" value="${commenter!.signOutToken}"`);
    expect(html).not.toContain(wordpressUser.email);
    expect(html).not.toMatch(/<img|gravatar\.com\/avatar/);
  });
});

/** An action whose sponsor's moderator is at hand, for the tests that post and approve comments. */
async function moderatedAction(): Promise<{ slug: string; access: OrganizationAccess }> {
  const owner = await createAccount(t.ctx);
  const org = await createOrganization(t.ctx, [{ account: owner, role: "owner" }]);
  const action = await createAction(t.ctx, org);
  const access = await t.ctx.organizations.access({ accountId: owner.id, isPlatformAdmin: false }, org.slug);
  return { slug: action.slug, access };
}

/** Signs in through a stand-in from the action's form (or a reply page); returns where it lands. */
async function signInThrough(browser: Browser, standIn: OAuthStandIn, provider: string, from = "") {
  const response = await browser.get(`/en/a/${slug}/comment-sign-in/${provider}${from}`);
  expect(response.statusCode).toBe(302);
  const back = await deliver(browser, await standIn.authorize(String(response.headers.location)));
  expect(back.statusCode).toBe(303);
  return String(back.headers.location);
}

function commentToken(html: string): string {
  const token = /name="commenter" value="([^"]+)"/.exec(html)?.[1];
  expect(token, "the signed-in form's comment token").toBeTruthy();
  return token!;
}

/** Posts from the signed-in form with the proof its script would add, so only the rules decide. */
async function postComment(browser: Browser, fields: Record<string, string>, locale = "en") {
  return browser.post(
    `/${locale}/a/${slug}/comments`,
    {
      body: "Signed in and saying so.",
      ts: agedFormToken(t.ctx),
      altcha: await solvedProof(t.ctx),
      ...fields,
    },
    { csrf: null },
  );
}

async function commentRows() {
  return t.ctx.database.db
    .selectFrom("comments")
    .select(["id", "name", "email", "website", "author_kind", "account_id", "sign_in_provider", "parent_id"])
    .orderBy("id")
    .execute();
}

/** Every public answer about the action, in both languages, as text. */
async function publicAnswers(ids: number[]): Promise<string> {
  const paths = [
    `/en/a/${slug}`,
    `/es/a/${slug}`,
    `/en/a/${slug}/comments.atom`,
    `/es/a/${slug}/comments.atom`,
  ];
  for (const id of ids) paths.push(`/en/a/${slug}/comments/${id}`, `/es/a/${slug}/comments/${id}/reply`);
  const answers = await Promise.all(paths.map((path) => t.app.inject(path)));
  for (const [i, answer] of answers.entries()) expect(answer.statusCode, paths[i]).toBeLessThan(400);
  return answers.map((answer) => `${JSON.stringify(answer.headers)}\n${answer.body}`).join("\n");
}

describe("commenting signed in", () => {
  let access: OrganizationAccess;
  beforeEach(async () => {
    ({ slug, access } = await moderatedAction());
  });

  it("lands on a per-request form that shows who you are, asks for neither name nor email, and posts as the provider's person", async () => {
    const browser = new Browser(t.app);
    expect(await signInThrough(browser, wordpress, "wordpress")).toBe(
      `/en/a/${slug}/comments/new#leave-a-reply`,
    );
    const form = await browser.get(`/en/a/${slug}/comments/new`);
    expect(form.statusCode).toBe(200);
    expect(form.headers["cache-control"]).toBe("private, no-store");
    expect(form.body).toContain('Commenting as <span class="avatar" aria-hidden="true">A</span>');
    expect(form.body).toContain("through WordPress.com");
    expect(form.body).toContain('<form method="post" action="/en/comment-sign-out">');
    expect(form.body).not.toContain('name="name"');
    expect(form.body).not.toContain('name="email"');
    expect(form.body).not.toContain('name="remember"');
    expect(form.body).not.toContain(wordpressUser.email);
    // No remote avatar; the one script is the proof-of-work solver, a file from our origin.
    expect(form.body).not.toContain("<img");
    expect([...form.body.matchAll(/<script[^>]*>/g)].map((match) => match[0])).toEqual([
      '<script src="/comments/proof.js" defer>',
    ]);

    const held = await postComment(browser, { commenter: commentToken(form.body), stance: "supports" });
    expect(held.statusCode).toBe(200);
    expect(held.body).toContain("Your comment is waiting for review");
    const [row] = await commentRows();
    expect(row).toMatchObject({
      name: wordpressUser.name,
      email: wordpressUser.email,
      website: wordpressUser.profileUrl,
      author_kind: "guest",
      account_id: null,
      sign_in_provider: "wordpress",
      parent_id: null,
    });

    await t.ctx.comments.moderate(access, [row!.id], "approve");
    const page = (await t.app.inject(`/en/a/${slug}`)).body;
    expect(page).toContain(
      `<strong class="comment-author"><a href="${wordpressUser.profileUrl}" rel="nofollow ugc noopener">${wordpressUser.name}</a></strong>`,
    );
    expect(await publicAnswers([row!.id])).not.toContain(wordpressUser.email);

    // Approved once, the same person's next comment shows at once, at its permalink.
    const next = await postComment(browser, {
      commenter: commentToken((await browser.get(`/en/a/${slug}/comments/new`)).body),
      body: "And once more.",
    });
    expect(next.statusCode).toBe(303);
    expect(next.headers.location).toBe(`/en/a/${slug}#comment-${(await commentRows()).at(-1)!.id}`);
  });

  it("comes back to the reply page a sign-in started from, replies there, and signs out back to it", async () => {
    const guest = await t.app.inject({
      method: "POST",
      url: `/en/a/${slug}/comments`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({
        name: "Rosa Parks",
        email: "rosa@example.org",
        body: "Answer me.",
        ts: agedFormToken(t.ctx),
      }).toString(),
    });
    expect(guest.statusCode).toBe(200);
    const [parent] = await commentRows();
    await t.ctx.comments.moderate(access, [parent!.id], "approve");
    const replyPage = (await t.app.inject(`/en/a/${slug}/comments/${parent!.id}/reply`)).body;
    expect(replyPage).toContain(`href="/en/a/${slug}/comment-sign-in/wordpress?reply=${parent!.id}"`);

    const browser = new Browser(t.app);
    expect(await signInThrough(browser, wordpress, "wordpress", `?reply=${parent!.id}`)).toBe(
      `/en/a/${slug}/comments/${parent!.id}/reply#leave-a-reply`,
    );
    const form = await browser.get(`/en/a/${slug}/comments/${parent!.id}/reply`);
    expect(form.headers["cache-control"]).toBe("private, no-store");
    expect(form.body).toContain("Reply to Rosa Parks");
    expect(form.body).toContain(`<input type="hidden" name="parent" value="${parent!.id}"/>`);
    expect(form.body).toContain(`<input type="hidden" name="reply" value="${parent!.id}"/>`);
    await postComment(browser, {
      commenter: commentToken(form.body),
      parent: String(parent!.id),
      body: "Answered, signed in.",
    });
    expect((await commentRows()).at(-1)).toMatchObject({
      name: wordpressUser.name,
      parent_id: parent!.id,
      sign_in_provider: "wordpress",
    });

    // A sign-in link followed while signed in with that provider goes straight back to the form.
    const again = await browser.get(`/en/a/${slug}/comment-sign-in/wordpress?reply=${parent!.id}`);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/en/a/${slug}/comments/${parent!.id}/reply#leave-a-reply`);
    expect(wordpress.calls.filter((call) => call === "GET /oauth2/authorize")).toHaveLength(1);

    const signedIn = t.ctx.commenters.signedIn({ [commenterCookie]: browser.cookie(commenterCookie) });
    const out = await browser.post(
      "/en/comment-sign-out",
      { _token: signedIn!.signOutToken, slug, reply: String(parent!.id) },
      { csrf: null },
    );
    expect(out.headers.location).toBe(`/en/a/${slug}/comments/${parent!.id}/reply#leave-a-reply`);
    const asGuest = await browser.get(`/en/a/${slug}/comments/${parent!.id}/reply`);
    expect(asGuest.body).toContain('name="email"');
    expect(asGuest.body).toContain("Sign in to comment with:");
  });

  it("stores a Juntos account's comment as the account's", async () => {
    const account = await createAccount(t.ctx, { name: "Carla Cuenta" });
    const browser = new Browser(t.app);
    const here = `/en/a/${slug}/comment-sign-in/juntos`;
    await browser.post(`/en/account/login?next=${encodeURIComponent(here)}`, {
      email: account.email,
      password: account.password,
    });
    const back = await browser.get(here);
    expect(back.headers.location).toBe(`/en/a/${slug}/comments/new#leave-a-reply`);
    const form = await browser.get(`/en/a/${slug}/comments/new`);
    expect(form.body).not.toContain("through");
    await postComment(browser, { commenter: commentToken(form.body) });
    expect((await commentRows())[0]).toMatchObject({
      name: "Carla Cuenta",
      email: account.email,
      website: null,
      author_kind: "account",
      account_id: account.id,
      sign_in_provider: null,
    });
  });

  it("asks for an email address when the provider gave none (Facebook may not), in Spanish, and keeps it unshown", async () => {
    facebook.user = { ...facebookUser, email: "" };
    const browser = new Browser(t.app);
    const authorization = await browser.get(`/es/a/${slug}/comment-sign-in/facebook`);
    await deliver(browser, await facebook.authorize(String(authorization.headers.location)));
    const form = await browser.get(`/es/a/${slug}/comments/new`);
    expect(form.body).toContain("Tu inicio de sesión no nos dio un correo electrónico.");
    expect(form.body).toContain('<label for="c-email">Correo electrónico (obligatorio)</label>');
    expect(form.body).not.toContain('name="name"');
    const token = commentToken(form.body);

    const refused = await postComment(browser, { commenter: token, body: "Sin correo todavía." }, "es");
    expect(refused.statusCode).toBe(422);
    expect(refused.headers["cache-control"]).toBe("private, no-store");
    expect(refused.body).toContain("Escribe tu correo electrónico. Nunca se muestra.");
    expect(refused.body).toContain("Sin correo todavía.");
    expect(refused.body).toContain("Comentas como");
    expect(await commentRows()).toEqual([]);

    await postComment(browser, { commenter: token, email: "bea.typed@example.org" }, "es");
    const [row] = await commentRows();
    expect(row).toMatchObject({
      name: facebookUser.name,
      email: "bea.typed@example.org",
      sign_in_provider: "facebook",
    });
    await t.ctx.comments.moderate(access, [row!.id], "approve");
    expect(await publicAnswers([row!.id])).not.toContain("bea.typed@example.org");
  });

  it("reads a changed, expired or other person's commenter cookie as a guest: nothing stored, the guest form back with the text", async () => {
    const browser = new Browser(t.app);
    await signInThrough(browser, wordpress, "wordpress");
    const value = browser.cookie(commenterCookie)!;
    const token = commentToken((await browser.get(`/en/a/${slug}/comments/new`)).body);

    const bytes = Buffer.from(value, "base64url");
    bytes[24] = (bytes[24] ?? 0) ^ 1;
    const other = new Browser(t.app);
    await signInThrough(other, wordpress, "wordpress");
    for (const cookie of [
      bytes.toString("base64url"),
      `${value}x`,
      "garbage",
      other.cookie(commenterCookie)!,
    ]) {
      browser.setCookie(commenterCookie, cookie);
      const response = await postComment(browser, { commenter: token, body: "Keep my words." });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain("Your sign-in has ended");
      expect(response.body).toContain("Enter your name.");
      expect(response.body).toContain("Keep my words.");
      expect(response.body).toContain('name="email"');
      expect(response.body).not.toContain("Commenting as");
    }
    browser.setCookie(commenterCookie, value);
    const form = await browser.get(`/en/a/${slug}/comments/new`);
    expect(form.body).toContain("Commenting as");
    clock.advance(30 * 24 * 60 * 60 * 1000);
    expect((await postComment(browser, { commenter: token })).statusCode).toBe(422);
    expect((await browser.get(`/en/a/${slug}/comments/new`)).body).toContain("Sign in to comment with:");
    expect(await commentRows()).toEqual([]);
  });

  it("keeps a guest form a guest's comment on a browser someone signed in on", async () => {
    const browser = new Browser(t.app);
    await signInThrough(browser, wordpress, "wordpress");
    const response = await postComment(browser, { name: "Next Person", email: "next@example.org" });
    expect(response.statusCode).toBe(200);
    expect((await commentRows())[0]).toMatchObject({
      name: "Next Person",
      email: "next@example.org",
      author_kind: "guest",
      sign_in_provider: null,
    });
  });

  it("leaves the cached action page byte for byte the same with or without any cookie, and sets none", async () => {
    const browser = new Browser(t.app);
    await signInThrough(browser, wordpress, "wordpress");
    browser.setCookie(
      "juntos_comment_details",
      encodeURIComponent(JSON.stringify({ name: "R", email: "r@example.org", website: "" })),
    );
    browser.setCookie("juntos_session", "whatever");
    const sameToken = (html: string) => html.replace(/name="ts" value="[^"]+"/g, 'name="ts" value=""');
    for (const locale of ["en", "es"]) {
      const [bare, withCookies] = [
        await t.app.inject(`/${locale}/a/${slug}`),
        await browser.get(`/${locale}/a/${slug}`),
      ];
      expect(withCookies.statusCode).toBe(200);
      expect(sameToken(withCookies.body)).toBe(sameToken(bare.body));
      expect(withCookies.headers["set-cookie"]).toBeUndefined();
      expect(withCookies.headers["cache-control"]).toBe(bare.headers["cache-control"]);
      expect(withCookies.body).not.toContain("Commenting as");
      expect(withCookies.body).not.toContain(wordpressUser.email);
      expect(withCookies.body).toContain(`href="/${locale}/a/${slug}/comment-sign-in/wordpress"`);
    }
  });
});
