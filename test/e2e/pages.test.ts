/**
 * The public pages in a real Chromium: entry and home page in both languages, the action page's
 * weight on the wire, and how it reads on a small phone.
 */
import { get } from "node:http";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { locales } from "../../src/i18n/locale.ts";
import { translator } from "../../src/i18n/translator.ts";
import {
  demoSlug,
  expectNoAxeViolations,
  forTheFile,
  inBrowser,
  pathOf,
  type RunningApp,
} from "./harness.ts";

let app: RunningApp;
let browser: Browser;
forTheFile((started, launched) => {
  app = started;
  browser = launched;
});

/** Fetches a page as a browser would ask for it and counts the body bytes as they arrive, still compressed. */
function bytesOnTheWire(
  url: string,
  encoding: string,
): Promise<{ encoding: string | undefined; bytes: number }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { "accept-encoding": encoding, "accept-language": "en" } }, (response) => {
      let bytes = 0;
      response.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
      });
      response.on("end", () => resolve({ encoding: response.headers["content-encoding"], bytes }));
      response.on("error", reject);
    }).on("error", reject);
  });
}

describe("public pages in the browser", () => {
  it.each(locales)("lands on the %s home page from / and lists the demo action", async (locale) => {
    const t = translator(locale);
    await inBrowser(browser, app.origin, { locale }, async (page) => {
      await page.goto(`${app.origin}/`);
      expect(pathOf(page)).toBe(`/${locale}/`);
      expect(await page.locator("html").getAttribute("lang")).toBe(locale);
      expect(await page.locator("h1").textContent()).toBe(t.t("home.title"));
      const action = page.locator(`a[href="/${locale}/a/${demoSlug}"]`);
      expect(await action.count()).toBe(1);
      await expectNoAxeViolations(page);

      await action.click();
      expect(pathOf(page)).toBe(`/${locale}/a/${demoSlug}`);
      const other = locale === "en" ? "es" : "en";
      await page.locator(`header a[hreflang=${other}]`).click();
      expect(pathOf(page)).toBe(`/${other}/a/${demoSlug}`);
      expect(await page.locator("html").getAttribute("lang")).toBe(other);
    });
  });

  // 14 KB is about what a new connection's first round trip can carry (TCP initial window).
  it.each(locales)("sends the %s action page, HTML and CSS, in at most 14 KB", async (locale) => {
    const url = `${app.origin}/${locale}/a/${demoSlug}`;
    for (const encoding of ["gzip", "br"]) {
      const sent = await bytesOnTheWire(url, encoding);
      expect(sent.encoding).toBe(encoding);
      expect(sent.bytes, `${encoding} bytes of ${url}`).toBeLessThanOrEqual(14 * 1024);
    }
  });

  it("fits the action page in a 360 px wide phone screen", async () => {
    await inBrowser(
      browser,
      app.origin,
      { locale: "en", viewport: { width: 360, height: 740 } },
      async (page) => {
        for (const locale of locales) {
          await page.goto(`${app.origin}/${locale}/a/${demoSlug}`);
          const widths = await page.evaluate(() => ({
            page: document.documentElement.scrollWidth,
            screen: document.documentElement.clientWidth,
          }));
          expect(widths.page, `page width of /${locale}/a/${demoSlug}`).toBeLessThanOrEqual(widths.screen);
          const button = await page
            .getByRole("button", { name: translator(locale).t("sign.submit") })
            .boundingBox();
          expect(button?.height).toBeGreaterThanOrEqual(44);
        }
        await page.goto(`${app.origin}/en/a/${demoSlug}`);
        await page.screenshot({ path: "/tmp/juntos-action.png", fullPage: true });
      },
    );
  });
});
