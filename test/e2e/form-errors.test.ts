/**
 * The signing form's error states in a real Chromium: a form sent too fast and an address the
 * server rejects, explained in the page's language with what the person typed kept.
 */
import type { Browser, Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/translator.ts";
import { formTokenIn } from "../app.ts";
import {
  demoSlug,
  everySession,
  expectNoAxeViolations,
  fillAndSign,
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

/** Lets the form's POST through with the token of a page the server renders just now. */
async function sendWithFreshToken(route: Route, pageUrl: string): Promise<void> {
  const html = await (await fetch(pageUrl)).text();
  const token = formTokenIn(html);
  if (!token) throw new Error(`${pageUrl} has no form token`);
  const form = new URLSearchParams(route.request().postData() ?? "");
  form.set("ts", token);
  await route.continue({ postData: form.toString() });
}

describe("form errors in the browser", () => {
  it.each(everySession)(
    "explains a rejected form in $locale and keeps what was typed (JavaScript $javaScriptEnabled)",
    async ({ locale, javaScriptEnabled }) => {
      const t = translator(locale);
      const actionPath = `/${locale}/a/${demoSlug}`;
      // `a@b` passes the browser's own type=email check, so the server's check is what answers.
      const signer = { name: "César Chávez", email: "a@b", postalCode: "93215" };

      await inBrowser(browser, app.origin, { locale, javaScriptEnabled }, async (page) => {
        await page.goto(app.origin + actionPath);
        const before = await shownCount(page);

        // Sent faster than a person could type: turned back, values kept, nothing stored. The
        // form goes out with a token the server signed a moment before, so the answer does not
        // depend on how fast this machine drives the browser (a loaded one can take over 2 s).
        await page.route(
          `${app.origin}${actionPath}/sign`,
          (route) => sendWithFreshToken(route, app.origin + actionPath),
          {
            times: 1,
          },
        );
        await fillSignForm(page, t, signer);
        expect(await pressSign(page, t)).toBe(400);
        let shownAt = Date.now();
        expect(await page.getByRole("alert").textContent()).toContain(t.t("form.tooFast"));
        expect(await signField(page, t, "sign.name").inputValue()).toBe(signer.name);

        expect(await fillAndSign(page, t, signer, shownAt)).toBe(422);
        shownAt = Date.now();
        expect(pathOf(page)).toBe(`${actionPath}/sign`);
        const email = signField(page, t, "sign.email");
        const message = t.t("field.email.invalid");
        expect(await page.locator("#f-email-error").textContent()).toBe(message);
        expect(await email.getAttribute("aria-invalid")).toBe("true");
        expect(await email.getAttribute("aria-describedby")).toBe("f-email-error");
        const summary = page.getByRole("alert");
        expect(await summary.getByRole("heading").textContent()).toBe(t.t("sign.errorSummary", { count: 1 }));
        expect(await summary.getByRole("link").textContent()).toBe(`${t.t("sign.email")}: ${message}`);
        expect(await email.inputValue()).toBe(signer.email);
        expect(await signField(page, t, "sign.name").inputValue()).toBe(signer.name);
        expect(await signField(page, t, "sign.postalCode").inputValue()).toBe(signer.postalCode);
        if (javaScriptEnabled) await expectNoAxeViolations(page);

        // Correcting the address is enough; the signature waits for its confirmation.
        const corrected = {
          ...signer,
          email: `cesar.${locale}.${javaScriptEnabled ? "js" : "nojs"}@example.org`,
        };
        expect(await fillAndSign(page, t, corrected, shownAt)).toBe(303);
        expect(pathOf(page)).toBe(`${actionPath}/thanks`);
        await page.goto(app.origin + actionPath);
        expect((await shownCount(page)).count).toBe(before.count);
      });
    },
  );
});
