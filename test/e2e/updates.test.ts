/**
 * Posting an update on a phone: the sponsor writes it in the admin at 390 px, is told how many
 * signers it will be emailed to, posts it, and sees it on the action's public page; axe on each
 * page, nothing that scrolls sideways.
 */
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/translator.ts";
import { paths } from "../../src/views/paths.ts";
import { createAccount, createAction, createOrganization, sign } from "../support/fixtures.ts";
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
forTheFile((started, launched) => {
  app = started;
  browser = launched;
});

const t = translator("en");
const es = translator("es");

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `sideways scroll on ${pathOf(page)}`).toBeLessThanOrEqual(0);
}

describe("posting an update", () => {
  it("goes from the admin on a phone to the public page, asked first with the number mailed", async () => {
    const owner = await createAccount(app.ctx, { name: "Uma Updater" });
    const org = await createOrganization(app.ctx, [{ account: owner, role: "owner" }]);
    const action = await createAction(app.ctx, org);
    await sign(
      app.ctx,
      action.slug,
      [
        { name: "Dolores Huerta", email: "dolores.updates@example.org", consent: true },
        { name: "Quiet Signer", email: "quiet.updates@example.org", consent: false },
      ],
      true,
    );
    await inBrowser(
      browser,
      app.origin,
      { locale: "en", viewport: { width: 390, height: 844 } },
      async (page) => {
        await page.goto(app.origin + paths.login("en"));
        const login = page.locator(`form[action="${paths.login("en")}"]`);
        await login.getByLabel(t.t("field.email"), { exact: true }).fill(owner.email);
        await login.getByLabel(t.t("field.password"), { exact: true }).fill(owner.password);
        await login.getByRole("button", { name: t.t("login.submit"), exact: true }).click();

        await page.goto(app.origin + paths.adminAction("en", org.slug, action.id));
        await page.getByRole("link", { name: t.t("updates.admin.link"), exact: true }).click();
        expect(pathOf(page)).toBe(paths.adminUpdates("en", org.slug, action.id));
        expect(await page.locator("body").textContent()).toContain(
          t.t("updates.admin.recipients", { count: 1 }),
        );
        await expectNoAxeViolations(page);
        await page.getByRole("link", { name: t.t("updates.admin.new"), exact: true }).click();

        await page.getByLabel(t.t("updates.field.kind"), { exact: true }).selectOption("response");
        await page.getByLabel(t.t("updates.field.titleEn"), { exact: true }).fill("The board answered");
        await page
          .getByLabel(t.t("updates.field.bodyEn"), { exact: true })
          .fill("They will vote on **May 2**.");
        await page.getByLabel(t.t("updates.field.titleEs"), { exact: true }).fill("La junta respondió");
        await expectEveryFieldLabelled(page);
        await expectNoAxeViolations(page);
        await expectNoSidewaysScroll(page);
        await page.getByRole("button", { name: t.t("updates.submit.post"), exact: true }).click();

        // The question says what happens and to how many.
        expect((await page.locator("h1").textContent())?.trim()).toBe(t.t("updates.confirm.title"));
        expect(await page.locator("main, body").first().textContent()).toContain(
          t.t("updates.confirm.body", { count: 1, title: "The board answered" }),
        );
        await expectNoAxeViolations(page);
        await page.getByRole("button", { name: t.t("updates.confirm.post"), exact: true }).click();
        expect(pathOf(page)).toBe(paths.adminUpdates("en", org.slug, action.id));
        expect((await page.locator("p.notice[role=status]").textContent())?.trim()).toBe(
          t.t("notice.updatePosted", { count: 1 }),
        );
        expect(await page.locator("table").textContent()).toContain("The board answered");
        await expectNoAxeViolations(page);
        await expectNoSidewaysScroll(page);

        // On the public page, in Spanish: its own title, the English body.
        await page.goto(app.origin + paths.action("es", action.slug));
        const section = page.locator("section[aria-labelledby=updates]");
        expect(await section.locator("h3").textContent()).toBe("La junta respondió");
        expect(await section.locator("strong", { hasText: "May 2" }).count()).toBe(1);
        expect(await section.textContent()).toContain(es.t("updates.kind.response"));
        await expectNoAxeViolations(page);
        await expectNoSidewaysScroll(page);
        await section.getByRole("link", { name: es.t("updates.all", { count: 1 }), exact: true }).click();
        expect(pathOf(page)).toBe(paths.updates("es", action.slug));
        await expectNoAxeViolations(page);
      },
    );
  });
});
