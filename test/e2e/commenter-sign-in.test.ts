/**
 * Signed-in commenters in Chromium, both languages: one replies through a real OpenID Connect
 * provider on loopback (its own login and consent pages), another through the WordPress.com-shaped
 * OAuth stand-in; each sign-in comes back to the reply page it started from, the reply carries the
 * provider's name and shows once approved (or at once where the rules allow). A guest's
 * remembered details fill the forms. axe passes on every page involved.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { locales } from "../../src/i18n/locale.ts";
import { type Translator, translator } from "../../src/i18n/translator.ts";
import { defaultFormTokenRules } from "../../src/modules/abuse/form-token.ts";
import { validateCommentForm } from "../../src/modules/comments/comments.ts";
import type { OrganizationAccess } from "../../src/modules/organizations/organizations.service.ts";
import { paths } from "../../src/views/paths.ts";
import { startTestProvider, type TestProvider } from "../oidc/provider.ts";
import { createAccount, createAction, createOrganization } from "../support/fixtures.ts";
import { type OAuthStandIn, startWordPressStandIn, wordpressUser } from "../support/oauth-providers.ts";
import {
  expectEveryFieldLabelled,
  expectNoAxeViolations,
  forTheFile,
  inBrowser,
  pathOf,
  type RunningApp,
} from "./harness.ts";

let app: RunningApp;
let browser: Browser;
let provider: TestProvider | undefined;
let wordpress: OAuthStandIn | undefined;

forTheFile(
  (started, launched) => {
    app = started;
    browser = launched;
  },
  async (origin) => {
    [provider, wordpress] = await Promise.all([
      startTestProvider(locales.map((locale) => origin + paths.commentSignInCallback(locale, "testid"))),
      startWordPressStandIn(),
    ]);
    return {
      OIDC_PROVIDERS: JSON.stringify([
        {
          id: "testid",
          label: "Test ID",
          issuer: provider.origin,
          clientId: provider.clientId,
          clientSecret: provider.clientSecret,
        },
      ]),
      OAUTH_PROVIDERS: JSON.stringify([
        {
          id: "wordpress",
          label: "WordPress.com",
          preset: "wordpress",
          clientId: wordpress.clientId,
          clientSecret: wordpress.clientSecret,
          baseUrl: wordpress.origin,
        },
      ]),
    };
  },
);
afterAll(async () => {
  await Promise.all([provider?.close(), wordpress?.close()]);
});

/** An action with one approved guest comment to answer, and its sponsor's moderator. */
async function discussionToJoin(locale: "en" | "es") {
  const owner = await createAccount(app.ctx);
  const org = await createOrganization(app.ctx, [{ account: owner, role: "owner" }]);
  const action = await createAction(app.ctx, org);
  const access = await app.ctx.organizations.access(
    { accountId: owner.id, isPlatformAdmin: false },
    org.slug,
  );
  const validated = validateCommentForm({
    name: "Rosa Parks",
    email: "rosa.e2e@example.org",
    website: "",
    body: "Who will answer?",
    stance: "",
    parent: "",
    notify: "",
  });
  if (!validated.ok) throw new Error("the first comment is invalid");
  const { id } = await app.ctx.comments.post(action.slug, locale, validated.value, { tooFast: false });
  await app.ctx.comments.moderate(access, [id], "approve");
  return { slug: action.slug, access, top: id };
}

async function openReplyPage(page: Page, t: Translator, slug: string, top: number): Promise<void> {
  await page.goto(app.origin + paths.action(t.locale, slug));
  await page
    .locator(`#comment-${top} > article`)
    .getByRole("link", { name: t.t("comments.reply"), exact: true })
    .click();
  expect(pathOf(page)).toBe(paths.commentReply(t.locale, slug, top));
}

/** Back from the provider: the reply page it started from, showing who is signed in. */
async function expectSignedInOnReplyPage(
  page: Page,
  t: Translator,
  at: { slug: string; top: number; name: string; provider: string },
): Promise<void> {
  expect(pathOf(page)).toBe(paths.commentReply(t.locale, at.slug, at.top));
  expect(new URL(page.url()).hash).toBe("#leave-a-reply");
  const box = page.locator(".commenter");
  expect(await box.locator(".avatar").textContent()).toBe(at.name.slice(0, 1));
  const text = (await box.textContent()) ?? "";
  expect(text).toContain(`${t.t("commenter.commentingAs")} `);
  expect(text).toContain(at.name);
  expect(text).toContain(t.t("commenter.via", { provider: at.provider }));
  const form = page.locator("form.comment-form");
  expect(await form.getByLabel(t.t("comments.name"), { exact: true }).count()).toBe(0);
  expect(await form.getByLabel(t.t("comments.email"), { exact: true }).count()).toBe(0);
  await expectNoAxeViolations(page);
  await expectEveryFieldLabelled(page);
}

async function writeReply(page: Page, t: Translator, body: string): Promise<void> {
  const form = page.locator("form.comment-form");
  await form.getByLabel(t.t("comments.body"), { exact: true }).fill(body);
  // Sooner than a person could type it would be held, so wait as a person would.
  await sleep(defaultFormTokenRules.minAgeMs + 100);
  await form.getByRole("button", { name: t.t("comments.submit"), exact: true }).click();
}

async function newestComment(slug: string) {
  const row = await app.ctx.database.db
    .selectFrom("comments")
    .innerJoin("actions", "actions.id", "comments.action_id")
    .select(["comments.id", "comments.status", "comments.name", "comments.sign_in_provider"])
    .where("actions.slug", "=", slug)
    .orderBy("comments.id", "desc")
    .executeTakeFirstOrThrow();
  return row;
}

async function expectReplyShown(page: Page, top: number, id: number, name: string, body: string) {
  const reply = page.locator(`#comment-${top} ol.replies li#comment-${id}`);
  expect(await reply.locator(".comment-author").textContent()).toBe(name);
  expect(await reply.locator(".comment-body").textContent()).toBe(body);
}

async function allowFirstComments(access: OrganizationAccess): Promise<void> {
  const saved = await app.ctx.comments.saveRules(access, {
    hold_first: false,
    max_links: "2",
    spam_words: "",
    hold_words: "",
  });
  expect(saved).toEqual({ ok: true });
}

describe("signed-in commenters in the browser", () => {
  for (const locale of ["en", "es"] as const) {
    it(`reply through an OpenID provider (held, approved, shown) and through WordPress.com (shown at once) (${locale})`, {
      timeout: 120_000,
    }, async () => {
      const t = translator(locale);
      const { slug, access, top } = await discussionToJoin(locale);
      const oidcOrigin = provider!.origin;

      await inBrowser(browser, app.origin, { locale, providerOrigins: [oidcOrigin] }, async (page) => {
        await openReplyPage(page, t, slug, top);
        await page.getByRole("link", { name: "Test ID", exact: true }).click();
        // The provider's own pages: its login, then its consent.
        expect(new URL(page.url()).origin).toBe(oidcOrigin);
        await page.locator('input[name="login"]').fill("ana");
        await page.locator('input[name="password"]').fill("any");
        await page.getByRole("button", { name: "Sign-in" }).click();
        await page.getByRole("button", { name: "Continue" }).click();
        await page.waitForURL((url) => url.origin === app.origin);
        await expectSignedInOnReplyPage(page, t, { slug, top, name: "Ana Example", provider: "Test ID" });

        const text = "Answered through my own provider.";
        await writeReply(page, t, text);
        expect(await page.locator("h1").textContent()).toBe(t.t("comments.held.title"));
        await expectNoAxeViolations(page);
        const row = await newestComment(slug);
        expect(row).toMatchObject({ status: "pending", name: "Ana Example", sign_in_provider: "testid" });
        await app.ctx.comments.moderate(access, [row.id], "approve");
        await page.goto(app.origin + paths.comment(locale, slug, row.id));
        await expectReplyShown(page, top, row.id, "Ana Example", text);
        expect(await page.content()).not.toContain("ana@example.org");
      });

      await allowFirstComments(access);
      await inBrowser(browser, app.origin, { locale, providerOrigins: [wordpress!.origin] }, async (page) => {
        await openReplyPage(page, t, slug, top);
        // The stand-in, like WordPress.com for someone signed in there, sends the browser straight back.
        await page.getByRole("link", { name: "WordPress.com", exact: true }).click();
        await expectSignedInOnReplyPage(page, t, {
          slug,
          top,
          name: wordpressUser.name,
          provider: "WordPress.com",
        });

        const text = "Answered through WordPress.com.";
        await writeReply(page, t, text);
        const row = await newestComment(slug);
        expect(row).toMatchObject({ status: "approved", sign_in_provider: "wordpress" });
        expect(pathOf(page)).toBe(paths.action(locale, slug));
        expect(new URL(page.url()).hash).toBe(`#comment-${row.id}`);
        await expectReplyShown(page, top, row.id, wordpressUser.name, text);
        expect(await page.locator(`#comment-${row.id} .comment-author a`).getAttribute("href")).toBe(
          wordpressUser.profileUrl,
        );
        expect(await page.content()).not.toContain(wordpressUser.email);

        // The cached page cannot know who is signed in: its sign-in link leads back to one's own form.
        await page.locator("ul.sign-in").getByRole("link", { name: "WordPress.com", exact: true }).click();
        expect(pathOf(page)).toBe(paths.commentNew(locale, slug));
        expect(await page.locator(".commenter").textContent()).toContain(wordpressUser.name);
        await expectNoAxeViolations(page);
        await expectEveryFieldLabelled(page);
        await page.getByRole("button", { name: t.t("commenter.signOut"), exact: true }).click();
        expect(pathOf(page)).toBe(paths.action(locale, slug));
        expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain(
          "juntos_commenter",
        );
      });
    });
  }

  it("fills a guest's remembered details: by the cached page's script, and by the server without JavaScript", {
    timeout: 60_000,
  }, async () => {
    const t = translator("es");
    const { slug, top } = await discussionToJoin("es");
    const field = (page: Page, label: "comments.name" | "comments.email" | "comments.website") =>
      page.locator("form.comment-form").getByLabel(t.t(label), { exact: true });
    const remember = (page: Page) =>
      page.locator("form.comment-form").getByLabel(t.t("commenter.remember"), { exact: true });
    let cookies: Awaited<ReturnType<ReturnType<Page["context"]>["cookies"]>> = [];

    await inBrowser(browser, app.origin, { locale: "es" }, async (page) => {
      await page.goto(app.origin + paths.action("es", slug));
      expect(await remember(page).isChecked()).toBe(false);
      await field(page, "comments.name").fill("Dolores Huerta");
      await field(page, "comments.email").fill("dolores.remember@example.org");
      await field(page, "comments.website").fill("https://dolores.example.org");
      await remember(page).check();
      await writeReply(page, t, "Recuérdame, por favor.");
      expect(await page.locator("h1").textContent()).toBe(t.t("comments.held.title"));

      await page.goto(app.origin + paths.action("es", slug));
      expect(await field(page, "comments.name").inputValue()).toBe("Dolores Huerta");
      expect(await field(page, "comments.email").inputValue()).toBe("dolores.remember@example.org");
      expect(await field(page, "comments.website").inputValue()).toBe("https://dolores.example.org");
      expect(await remember(page).isChecked()).toBe(true);
      await expectNoAxeViolations(page);
      cookies = await page.context().cookies();
    });

    await inBrowser(browser, app.origin, { locale: "es", javaScriptEnabled: false }, async (page) => {
      await page.context().addCookies(cookies);
      // The cached page is everyone's: without its script it stays empty.
      await page.goto(app.origin + paths.action("es", slug));
      expect(await field(page, "comments.name").inputValue()).toBe("");
      await page.goto(app.origin + paths.commentReply("es", slug, top));
      expect(await field(page, "comments.name").inputValue()).toBe("Dolores Huerta");
      expect(await field(page, "comments.email").inputValue()).toBe("dolores.remember@example.org");
      expect(await remember(page).isChecked()).toBe(true);
    });
  });
});
