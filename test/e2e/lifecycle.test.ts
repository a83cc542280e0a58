/**
 * An action's goal and end on a phone: the goal reached on the public page and the dashboard, the
 * next goal refused then set, closing with an outcome, and the closed page in both languages.
 * axe on each page, at 390 px, nothing scrolled sideways.
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
  openSession,
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
const phone = { width: 390, height: 844 };

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `sideways scroll on ${pathOf(page)}`).toBeLessThanOrEqual(0);
}

async function checked(page: Page): Promise<void> {
  await expectNoAxeViolations(page);
  await expectEveryFieldLabelled(page);
  await expectNoSidewaysScroll(page);
}

describe("a goal reached, the next goal, and the closed page with its outcome", () => {
  it("reads well and passes axe at 390 px in both languages", async () => {
    const owner = await createAccount(app.ctx, { name: "Gloria Goal" });
    const org = await createOrganization(app.ctx, [{ account: owner, role: "owner" }]);
    const action = await createAction(app.ctx, org, { form: { goal: "2" } });
    await sign(
      app.ctx,
      action.slug,
      [
        { name: "Dolores Huerta", email: "dolores.lifecycle@example.org" },
        { name: "Ramón Ramírez", email: "ramon.lifecycle@example.org" },
      ],
      true,
    );
    const session = await openSession(browser, app.origin, { locale: "en", viewport: phone });
    const { page } = session;

    // The public page says the goal is reached, with the count.
    await page.goto(app.origin + paths.action("en", action.slug));
    expect((await page.locator("#take-action").textContent())?.trim()).toBe(
      "Goal reached! 2 people have signed",
    );
    await checked(page);

    // The sponsor signs in and meets "Goal reached" with the next goal suggested.
    await page.goto(app.origin + paths.login("en"));
    const login = page.locator(`form[action="${paths.login("en")}"]`);
    await login.getByLabel(t.t("field.email"), { exact: true }).fill(owner.email);
    await login.getByLabel(t.t("field.password"), { exact: true }).fill(owner.password);
    await login.getByRole("button", { name: t.t("login.submit"), exact: true }).click();
    const dashboard = paths.adminAction("en", org.slug, action.id);
    await page.goto(app.origin + dashboard);
    await page.getByText("Goal reached: 2 of 2.").waitFor();
    const goal = page.getByLabel(t.t("goal.next"), { exact: true });
    expect(await goal.inputValue()).toBe("10");
    await checked(page);

    // A goal not above the count comes back with its problem, in the error summary too.
    await goal.fill("2");
    await page.getByRole("button", { name: t.t("goal.set"), exact: true }).click();
    await page.locator("#errors").waitFor();
    expect(await page.locator("#errors").textContent()).toContain("must be more than the 2 signatures");
    await checked(page);

    await page.getByLabel(t.t("goal.next"), { exact: true }).fill("10");
    await page.getByRole("button", { name: t.t("goal.set"), exact: true }).click();
    await page.getByText("New goal set: 10.").waitFor();
    expect(pathOf(page)).toBe(dashboard);

    // Closing asks what came of it.
    await page.getByRole("button", { name: t.t("step.close"), exact: true }).click();
    await page.getByLabel(/^Victory/).check();
    await page.getByLabel(t.t("outcome.noteEn"), { exact: true }).fill("The county may opt out now.");
    await page.getByLabel(t.t("outcome.noteEs"), { exact: true }).fill("El condado ya puede salir.");
    await checked(page);
    await page.getByRole("button", { name: t.t("step.close"), exact: true }).click();
    await page.getByText("Outcome: Victory").waitFor();
    await checked(page);

    for (const locale of ["en", "es"] as const) {
      await page.goto(app.origin + paths.action(locale, action.slug));
      const status = page.locator(".outcome [role=status]");
      expect(await status.textContent()).toContain(locale === "en" ? "Victory!" : "¡Victoria!");
      await page
        .getByText(locale === "en" ? "The county may opt out now." : "El condado ya puede salir.")
        .waitFor();
      expect(await page.locator(`form[action="/${locale}/a/${action.slug}/sign"]`).count()).toBe(0);
      await checked(page);
    }
    await session.finish();
  }, 120_000);
});
