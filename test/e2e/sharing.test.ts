/**
 * What Lighthouse's SEO audit does from inside a public page: fetch /robots.txt in the page's
 * context. The page's Content-Security-Policy applies to that fetch (connect-src, else
 * default-src 'none' refused it: the audit then reported "unable to download a robots.txt").
 */
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { demoSlug, forTheFile, type RunningApp } from "./harness.ts";

let app: RunningApp;
let browser: Browser;
forTheFile((started, launched) => {
  app = started;
  browser = launched;
});

describe("robots.txt and the sitemap from a public page", () => {
  it("can be fetched from the action page's own context, as Lighthouse does", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${app.origin}/en/a/${demoSlug}`);
      const fetched = await page.evaluate(async () => {
        const answers = [];
        for (const url of ["/robots.txt", "/sitemap.xml"]) {
          try {
            const response = await fetch(url);
            answers.push({ url, status: response.status, text: await response.text() });
          } catch (error) {
            answers.push({ url, status: 0, text: String(error) });
          }
        }
        return answers;
      });
      expect(fetched.map(({ url, status }) => ({ url, status }))).toEqual([
        { url: "/robots.txt", status: 200 },
        { url: "/sitemap.xml", status: 200 },
      ]);
      expect(fetched[0]!.text).toContain(`Sitemap: ${app.origin}/sitemap.xml`);
      expect(fetched[1]!.text).toContain(`<loc>${app.origin}/en/a/${demoSlug}</loc>`);
    } finally {
      await context.close();
    }
  });
});
