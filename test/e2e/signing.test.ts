/**
 * A person signs the model action in a real Chromium, in English and Spanish, with and without
 * JavaScript: entry link, form, thank-you page, dev mailbox, confirmation, count.
 */
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/translator.ts";
import {
  demoSlug,
  everySession,
  expectNoAxeViolations,
  fillAndSign,
  forTheFile,
  inBrowser,
  openMail,
  pathOf,
  type RunningApp,
  shownCount,
} from "./harness.ts";

let app: RunningApp;
let browser: Browser;
forTheFile((started, launched) => {
  app = started;
  browser = launched;
});

describe("signing in the browser", () => {
  it.each(everySession)(
    "signs, confirms by mail and counts once ($locale, JavaScript $javaScriptEnabled)",
    async ({ locale, javaScriptEnabled }) => {
      const t = translator(locale);
      const signer = {
        name: "Dolores Huerta",
        email: `dolores.${locale}.${javaScriptEnabled ? "js" : "nojs"}@example.org`,
        postalCode: "93215",
      };
      const actionPath = `/${locale}/a/${demoSlug}`;
      const checkAccessibility = javaScriptEnabled ? expectNoAxeViolations : async () => {};

      await inBrowser(browser, app.origin, { locale, javaScriptEnabled }, async (page) => {
        // The shared link picks the language from the browser's Accept-Language.
        await page.goto(`${app.origin}/a/${demoSlug}`);
        expect(pathOf(page)).toBe(actionPath);
        expect(await page.locator("html").getAttribute("lang")).toBe(locale);
        const title = ((await page.locator("h1").textContent()) ?? "").trim();
        const before = await shownCount(page);
        await checkAccessibility(page);

        expect(await fillAndSign(page, t, signer)).toBe(303);
        expect(pathOf(page)).toBe(`${actionPath}/thanks`);
        expect(await page.locator("h1").textContent()).toBe(t.t("thanks.title"));
        await checkAccessibility(page);

        await openMail(page, app.origin, t, signer.email, t.t("mail.confirm.subject", { title }));
        await page.getByRole("link", { name: /\/confirm\// }).click();
        const confirmPath = pathOf(page);
        expect(confirmPath).toMatch(new RegExp(`^${actionPath}/confirm/\\d+-[\\w-]+$`));
        expect(await page.locator("h1").textContent()).toBe(t.t("confirm.title"));
        await checkAccessibility(page);
        // Opening the link counts nothing (mail scanners open links); only the button does.
        await page.goto(app.origin + actionPath);
        expect((await shownCount(page)).count).toBe(before.count);
        await page.goto(app.origin + confirmPath);

        await page.getByRole("button", { name: t.t("confirm.button") }).click();
        expect(pathOf(page)).toBe(`${actionPath}/confirmed`);
        expect(await page.locator("h1").textContent()).toBe(t.t("confirmed.title"));
        await checkAccessibility(page);

        await page.goto(app.origin + actionPath);
        const after = await shownCount(page);
        expect(after.count).toBe(before.count + 1);
        expect(after.text).toBe(t.t("action.signatures", { count: before.count + 1 }));

        // The same person again: a normal thank-you, an "already signed" mail, no second count.
        expect(await fillAndSign(page, t, signer)).toBe(303);
        expect(pathOf(page)).toBe(`${actionPath}/thanks`);
        await openMail(page, app.origin, t, signer.email, t.t("mail.already.subject", { title }));
        await page.goto(app.origin + actionPath);
        expect((await shownCount(page)).count).toBe(before.count + 1);
      });
    },
  );
});
