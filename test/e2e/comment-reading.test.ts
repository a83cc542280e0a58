/**
 * Reading the discussion in Chromium: the order and language links, a reader who presses
 * "Helpful" without being signed in is sent to sign in and back and marks the comment, and a
 * signer's published comment appears under first name and city after confirmation and approval.
 * Without JavaScript, then axe (which needs it) on every page involved.
 */
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Locale } from "../../src/i18n/locale.ts";
import { translator } from "../../src/i18n/translator.ts";
import { canonicalEmail } from "../../src/modules/people/people.ts";
import { paths } from "../../src/views/paths.ts";
import { createAccount, createAction, createOrganization } from "../support/fixtures.ts";
import {
  expectEveryFieldLabelled,
  expectNoAxeViolations,
  fillSignForm,
  forTheFile,
  inBrowser,
  openMail,
  pathOf,
  pressSign,
  type RunningApp,
} from "./harness.ts";

let app: RunningApp;
let browser: Browser;
forTheFile((started, launched) => {
  app = started;
  browser = launched;
});

async function discussion() {
  const owner = await createAccount(app.ctx);
  const org = await createOrganization(app.ctx, [{ account: owner, role: "owner" }]);
  const action = await createAction(app.ctx, org);
  const access = await app.ctx.organizations.access(
    { accountId: owner.id, isPlatformAdmin: false },
    org.slug,
  );
  const comment = async (name: string, body: string, locale: Locale) => {
    const email = `${name.toLowerCase().replace(/\W/g, "")}@example.org`;
    const posted = await app.ctx.comments.post(
      action.slug,
      locale,
      {
        name,
        email,
        emailCanonical: canonicalEmail(email),
        website: null,
        body,
        stance: null,
        notify: null,
        parentId: null,
      },
      { tooFast: false },
    );
    await app.ctx.comments.moderate(access, [posted.id], "approve");
    return posted.id;
  };
  const english = await comment("Grace Lee", "Older, in English.", "en");
  const spanish = await comment("Luisa Moreno", "Más reciente, en español.", "es");
  return { action, access, english, spanish };
}

/** The comments the page shows, in their order. */
const shownIds = (page: Page) =>
  page.locator("ol.comments > li.comment").evaluateAll((items) => items.map((item) => item.id));

describe("reading the discussion in the browser", () => {
  for (const javaScriptEnabled of [false, true]) {
    it(`sorts, filters by language and marks as helpful after signing in (JavaScript ${javaScriptEnabled})`, {
      timeout: 120_000,
    }, async () => {
      const t = translator("en");
      const { action, english, spanish } = await discussion();
      const reader = await createAccount(app.ctx, { name: "Rita Reader" });
      await inBrowser(browser, app.origin, { locale: "en", javaScriptEnabled }, async (page) => {
        await page.goto(app.origin + paths.action("en", action.slug));
        expect(await shownIds(page)).toEqual([`comment-${english}`, `comment-${spanish}`]);
        const view = page.getByRole("navigation", { name: t.t("comments.view") });
        await view.getByRole("link", { name: t.t("comments.sort.newest"), exact: true }).click();
        expect(new URL(page.url()).search).toBe("?sort=newest");
        expect(await shownIds(page)).toEqual([`comment-${spanish}`, `comment-${english}`]);
        await view.getByRole("link", { name: t.t("comments.lang.es"), exact: true }).click();
        expect(new URL(page.url()).search).toBe("?sort=newest&lang=es");
        expect(await shownIds(page)).toEqual([`comment-${spanish}`]);
        expect(await page.locator(`#comment-${spanish} .comment-body`).getAttribute("lang")).toBe("es");
        if (javaScriptEnabled) await expectNoAxeViolations(page);

        await page
          .locator(`#comment-${spanish}`)
          .getByRole("button", { name: t.t("comments.helpful"), exact: true })
          .click();
        expect(pathOf(page)).toBe(paths.commentHelpful("en", action.slug, spanish));
        expect(await page.locator("h1").textContent()).toBe(t.t("comments.vote.title"));
        if (javaScriptEnabled) await expectNoAxeViolations(page);
        await page.getByRole("link", { name: t.t("commenter.juntos"), exact: true }).click();
        expect(pathOf(page)).toBe(paths.login("en"));
        const login = page.locator(`form[action^="${paths.login("en")}?next="]`);
        await login.getByLabel(t.t("field.email"), { exact: true }).fill(reader.email);
        await login.getByLabel(t.t("field.password"), { exact: true }).fill(reader.password);
        await login.getByRole("button", { name: t.t("login.submit"), exact: true }).click();
        // Back at the comment, signed in: one press marks it.
        expect(pathOf(page)).toBe(paths.commentHelpful("en", action.slug, spanish));
        if (javaScriptEnabled) await expectNoAxeViolations(page);
        await page.getByRole("button", { name: t.t("comments.vote.mark"), exact: true }).click();
        expect(pathOf(page)).toBe(paths.action("en", action.slug));
        expect(new URL(page.url()).hash).toBe(`#comment-${spanish}`);
        const marked = page.locator(`#comment-${spanish} form.vote button`);
        expect(await marked.textContent()).toBe(t.t("comments.helpfulCount", { count: 1 }));
        await page
          .getByRole("navigation", { name: t.t("comments.view") })
          .getByRole("link", {
            name: t.t("comments.sort.helpful"),
            exact: true,
          })
          .click();
        expect(await shownIds(page)).toEqual([`comment-${spanish}`, `comment-${english}`]);
      });
    });
  }

  it("shows a signer's comment under first name and city once confirmed and approved (es)", {
    timeout: 120_000,
  }, async () => {
    const t = translator("es");
    const { action, access } = await discussion();
    const { title } = (await app.ctx.actions.getPublicPage(action.slug, "es")).text;
    const signer = {
      name: "Dolores Fernández Huerta",
      email: "dolores.firma@example.org",
      postalCode: "94110",
    };
    await inBrowser(browser, app.origin, { locale: "es", javaScriptEnabled: true }, async (page) => {
      await page.goto(app.origin + paths.action("es", action.slug));
      await fillSignForm(page, t, signer);
      await page.getByLabel(t.t("sign.comment"), { exact: true }).fill("Firmé por mis vecinos.");
      const publish = page.getByLabel(t.t("sign.publish"), { exact: true });
      expect(await publish.isChecked()).toBe(false);
      await publish.check();
      await page.getByLabel(t.t("sign.city"), { exact: true }).fill("Stockton");
      await expectEveryFieldLabelled(page);
      expect(await pressSign(page, t)).toBe(303);

      await openMail(page, app.origin, t, signer.email, t.t("mail.confirm.subject", { title }));
      await page.getByRole("link", { name: /\/confirm\// }).click();
      await page.getByRole("button", { name: t.t("confirm.button") }).click();
      expect(pathOf(page)).toBe(paths.confirmed("es", action.slug));

      const row = async () =>
        app.ctx.database.db
          .selectFrom("comments")
          .select(["id", "status"])
          .where("action_id", "=", action.id)
          .where("signature_id", "is not", null)
          .executeTakeFirst();
      // The outbox worker publishes it, held for a moderator.
      for (const deadline = Date.now() + 15_000; !(await row()); ) {
        if (Date.now() > deadline) throw new Error("the signer's comment was never made");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const held = (await row())!;
      expect(held.status).toBe("pending");
      await page.goto(app.origin + paths.action("es", action.slug));
      expect(await page.locator(`#comment-${held.id}`).count()).toBe(0);
      await app.ctx.comments.moderate(access, [held.id], "approve");
      await page.goto(app.origin + paths.action("es", action.slug));
      const item = page.locator(`#comment-${held.id}`);
      expect(await item.locator(".comment-author").textContent()).toBe("Dolores, Stockton");
      expect(await item.locator(".comment-body").textContent()).toBe("Firmé por mis vecinos.");
      expect(await page.content()).not.toMatch(/Fernández|Huerta|dolores\.firma/);
      await expectNoAxeViolations(page);
    });
  });
});
