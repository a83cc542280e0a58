/** The API reference page on a small phone, in both languages: readable without a sideways scroll, and axe finds nothing. */
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { locales } from "../../src/i18n/locale.ts";
import { translator } from "../../src/i18n/translator.ts";
import { expectNoAxeViolations, forTheFile, inBrowser, pathOf, type RunningApp } from "./harness.ts";

let app: RunningApp;
let browser: Browser;
forTheFile((started, launched) => {
  app = started;
  browser = launched;
});

const phone = { width: 390, height: 844 };

describe("the API reference in the browser", () => {
  it.each(locales)(
    "opens from /api/docs in %s at 390 px, every route shown, no sideways scroll",
    async (locale) => {
      const t = translator(locale);
      await inBrowser(browser, app.origin, { locale, viewport: phone }, async (page) => {
        await page.goto(`${app.origin}/api/docs`);
        expect(pathOf(page)).toBe(`/${locale}/api`);
        expect(await page.locator("h1").textContent()).toBe(t.t("apiReference.title"));
        expect(
          await page
            .locator("h3 code", { hasText: "GET /api/v1/petitions/{id}/signatures/{signatureId}" })
            .count(),
        ).toBe(1);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, "sideways scroll").toBeLessThanOrEqual(0);
        await expectNoAxeViolations(page);
        await page.getByRole("link", { name: t.t("apiReference.documentLink") }).click();
        expect(pathOf(page)).toBe("/api/v1/openapi.json");
      });
    },
  );
});
