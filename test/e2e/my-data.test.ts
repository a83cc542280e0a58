/** A signer on a phone asks for their data and removes their signature: no axe violation on the way. */
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/translator.ts";
import { sign } from "../support/fixtures.ts";
import {
  demoSlug,
  expectNoAxeViolations,
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

describe("a signer's data on a phone", () => {
  it("asks by address, opens the mailed link, confirms the removal, and the count follows", async () => {
    const t = translator("en");
    const email = "phone.signer@example.org";
    await sign(app.ctx, demoSlug, [{ name: "Phone Signer", email, postalCode: "94110" }], true);
    await inBrowser(
      browser,
      app.origin,
      { locale: "en", viewport: { width: 390, height: 844 } },
      async (page) => {
        await page.goto(`${app.origin}/en/a/${demoSlug}`);
        const before = (await shownCount(page)).count;

        await page.goto(`${app.origin}/en/my-data`);
        expect(await page.locator("h1").textContent()).toBe(t.t("signerRights.request.title"));
        await expectNoAxeViolations(page);
        // An address that is not one: the error summary, still accessible.
        await page.getByLabel(t.t("signerRights.request.email")).fill("not-an-address@");
        await page.evaluate(() =>
          document.querySelector("form.my-data-form")?.setAttribute("novalidate", ""),
        );
        await page.getByRole("button", { name: t.t("signerRights.request.submit") }).click();
        expect(await page.locator(".errors").isVisible()).toBe(true);
        await expectNoAxeViolations(page);
        await page.getByLabel(t.t("signerRights.request.email")).fill(email);
        await page.getByRole("button", { name: t.t("signerRights.request.submit") }).click();
        expect(pathOf(page)).toBe("/en/my-data/sent");
        expect(await page.locator("h1").textContent()).toBe(t.t("signerRights.sent.title"));

        await openMail(page, app.origin, t, email, t.t("signerRights.mail.subject"));
        await page
          .getByRole("link", { name: /\/my-data\/link\// })
          .first()
          .click();
        expect(pathOf(page)).toMatch(/^\/en\/my-data\/link\/\d+-[\w-]+$/);
        expect(await page.locator("h1").textContent()).toBe(t.t("signerRights.link.removeSignature.title"));
        await expectNoAxeViolations(page);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await page.getByRole("button", { name: t.t("signerRights.link.removeSignature.button") }).click();
        expect(await page.locator("h1").textContent()).toBe(t.t("signerRights.done.signature.title"));
        await expectNoAxeViolations(page);

        await page.goto(`${app.origin}/en/a/${demoSlug}`);
        expect((await shownCount(page)).count).toBe(before - 1);
      },
    );
  });
});
