/**
 * The signing form's error states in a real Chromium on a phone-sized screen: a refused form
 * answers with its error summary in view and focused (with and without JavaScript), explained in
 * the page's language with what the person typed kept; a form sent at once is taken as pending.
 */
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/translator.ts";
import {
  demoSlug,
  everySession,
  expectNoAxeViolations,
  fillSignForm,
  forTheFile,
  inBrowser,
  pathOf,
  pressSign,
  type RunningApp,
  shownCount,
  signField,
} from "./harness.ts";

let app: RunningApp;
let browser: Browser;
forTheFile((started, launched) => {
  app = started;
  browser = launched;
});

const phone = { width: 390, height: 844 };

describe("form errors in the browser", () => {
  it.each(everySession)(
    "shows a refused form's summary first at 390 px in $locale and keeps what was typed (JavaScript $javaScriptEnabled)",
    async ({ locale, javaScriptEnabled }) => {
      const t = translator(locale);
      const actionPath = `/${locale}/a/${demoSlug}`;
      // `a@b` passes the browser's own type=email check, so the server's check is what answers.
      const signer = { name: "César Chávez", email: "a@b", postalCode: "93215" };

      await inBrowser(browser, app.origin, { locale, javaScriptEnabled, viewport: phone }, async (page) => {
        await page.goto(app.origin + actionPath);
        const before = await shownCount(page);

        // Filled and sent at once, as autofill does: only the address is wrong.
        await fillSignForm(page, t, signer);
        expect(await pressSign(page, t)).toBe(422);
        expect(new URL(page.url()).hash).toBe("#form-errors");
        const summary = page.locator("#form-errors");
        const box = await summary.boundingBox();
        expect(box, "the error summary is laid out").not.toBeNull();
        // Scrolled to the top of the screen, give or take the rounding of a fractional layout.
        expect(box!.y, "the summary's top is on screen").toBeGreaterThanOrEqual(-1);
        expect(box!.y + box!.height, "the summary's bottom is on screen").toBeLessThanOrEqual(phone.height);
        expect(await page.locator("#form-errors:focus").count(), "the summary has the focus").toBe(1);

        const email = signField(page, t, "sign.email");
        const message = t.t("field.email.invalid");
        expect(await page.locator("#f-email-error").textContent()).toBe(message);
        expect(await email.getAttribute("aria-invalid")).toBe("true");
        expect(await email.getAttribute("aria-describedby")).toBe("f-email-error");
        expect(await summary.getByRole("heading").textContent()).toBe(t.t("sign.errorSummary", { count: 1 }));
        const link = summary.getByRole("link");
        expect(await link.textContent()).toBe(`${t.t("sign.email")}: ${message}`);
        expect(await link.getAttribute("href")).toBe("#f-email");
        expect(await email.inputValue()).toBe(signer.email);
        expect(await signField(page, t, "sign.name").inputValue()).toBe(signer.name);
        expect(await signField(page, t, "sign.postalCode").inputValue()).toBe(signer.postalCode);
        if (javaScriptEnabled) await expectNoAxeViolations(page);

        // Corrected and sent at once again: taken, waiting for its confirmation (decision 008).
        await email.fill(`cesar.${locale}.${javaScriptEnabled ? "js" : "nojs"}@example.org`);
        expect(await pressSign(page, t)).toBe(303);
        expect(pathOf(page)).toBe(`${actionPath}/thanks`);
        await page.goto(app.origin + actionPath);
        expect((await shownCount(page)).count).toBe(before.count);
      });
    },
  );
});
