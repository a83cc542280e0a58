/** The public county map of the model action on a phone: readable, no axe violation, nothing from elsewhere. */
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { sign } from "../support/fixtures.ts";
import { demoSlug, expectNoAxeViolations, forTheFile, inBrowser, type RunningApp } from "./harness.ts";

let app: RunningApp;
let browser: Browser;
forTheFile((started, launched) => {
  app = started;
  browser = launched;
});

describe("the public map of where signers are", () => {
  it("has no axe violation at 390 px in either language, and its table link leads to the figures", async () => {
    const signers = ["94110", "94110", "94110", "94110", "94110", "95112", "22201", "10001", "SW1A 1AA"].map(
      (postalCode, i) => ({ name: `Map Signer ${i}`, email: `map-signer-${i}@example.org`, postalCode }),
    );
    await sign(app.ctx, demoSlug, signers, true);
    // The sponsor's switch, as its admin page sets it (that page is tested in test/admin/geography).
    const { id } = await app.ctx.database.db
      .selectFrom("actions")
      .select("id")
      .where("slug", "=", demoSlug)
      .executeTakeFirstOrThrow();
    await app.ctx.database.db
      .updateTable("actions")
      .set({ show_geography: 1, updated_at: new Date().toISOString() })
      .where("id", "=", id)
      .execute();
    app.ctx.actions.actionSettingsCommitted(id);

    for (const locale of ["en", "es"] as const) {
      await inBrowser(
        browser,
        app.origin,
        { locale, viewport: { width: 390, height: 844 } },
        async (page) => {
          await page.goto(`${app.origin}/${locale}/a/${demoSlug}`);
          await page.locator(`a[href="/${locale}/a/${demoSlug}/map"]`).click();
          await expect.poll(() => new URL(page.url()).pathname).toBe(`/${locale}/a/${demoSlug}/map`);
          const map = page.getByRole("img", {
            name: locale === "en" ? /Map of the counties/ : /Mapa de los condados/,
          });
          expect(await map.count()).toBe(1);
          const box = await map.boundingBox();
          expect(box?.width).toBeLessThanOrEqual(390);
          await expectNoAxeViolations(page);
          await page.locator('a[href="#signers-table"]').click();
          expect(await page.locator("#signers-table caption").isVisible()).toBe(true);
          // The page does not scroll sideways on a phone.
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        },
      );
    }
  });
});
