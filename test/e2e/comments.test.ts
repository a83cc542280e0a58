/**
 * The discussion in Chromium: a guest comments without JavaScript (held, clearly told, text
 * shown; without JavaScript there is no proof of work, so their reply waits too), a moderator
 * approves it, it appears in its thread; axe passes on every page involved.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/translator.ts";
import { defaultFormTokenRules } from "../../src/modules/abuse/form-token.ts";
import { paths } from "../../src/views/paths.ts";
import { createAccount, createAction, createOrganization } from "../support/fixtures.ts";
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

async function leaveComment(page: Page, locale: "en" | "es", body: string): Promise<void> {
  const t = translator(locale);
  const form = page.locator("form.comment-form");
  await form.getByLabel(t.t("comments.name"), { exact: true }).fill("Dolores Huerta");
  await form.getByLabel(t.t("comments.email"), { exact: true }).fill("dolores.e2e@example.org");
  await form.getByLabel(t.t("comments.body"), { exact: true }).fill(body);
  await form.getByLabel(t.t("comments.stance.supports"), { exact: true }).check();
  // A comment sent sooner than a person could type it is held, so wait as a person would.
  await sleep(defaultFormTokenRules.minAgeMs + 100);
  // With JavaScript the form may first wait for its proof of work, so wait for the answer's page.
  const answered = page.waitForEvent("load");
  await form.getByRole("button", { name: t.t("comments.submit"), exact: true }).click();
  await answered;
}

describe("comments in the browser", () => {
  for (const locale of ["en", "es"] as const) {
    it(`are held, told, approved and shown in their thread (${locale}, no JavaScript)`, {
      timeout: 120_000,
    }, async () => {
      const t = translator(locale);
      const owner = await createAccount(app.ctx);
      const org = await createOrganization(app.ctx, [{ account: owner, role: "owner" }]);
      const action = await createAction(app.ctx, org);
      const access = await app.ctx.organizations.access(
        { accountId: owner.id, isPlatformAdmin: false },
        org.slug,
      );
      await inBrowser(browser, app.origin, { locale, javaScriptEnabled: false }, async (page) => {
        await page.goto(app.origin + paths.action(locale, action.slug));
        await leaveComment(page, locale, "Line one.\n\nSee https://example.org/more");
        expect(await page.locator("h1").textContent()).toBe(t.t("comments.held.title"));
        expect(await page.locator("blockquote").textContent()).toContain("Line one.");
        const [row] = await app.ctx.database.db
          .selectFrom("comments")
          .select(["id", "status"])
          .where("action_id", "=", action.id)
          .execute();
        expect(row!.status).toBe("pending");
        await app.ctx.comments.moderate(access, [row!.id], "approve");
        await page.goto(app.origin + paths.comment(locale, action.slug, row!.id));
        expect(pathOf(page)).toBe(paths.action(locale, action.slug));
        expect(new URL(page.url()).hash).toBe(`#comment-${row!.id}`);
        const item = page.locator(`#comment-${row!.id}`);
        expect(await item.locator(".comment-body").getAttribute("lang")).toBe(locale);
        expect(await item.getByRole("link", { name: "https://example.org/more" }).getAttribute("rel")).toBe(
          "nofollow ugc noopener",
        );
        await item.getByRole("link", { name: t.t("comments.reply"), exact: true }).click();
        expect(pathOf(page)).toBe(paths.commentReply(locale, action.slug, row!.id));
        await leaveComment(page, locale, "Answering myself.");
        // Without JavaScript there is no proof of work: even a person approved before waits.
        expect(await page.locator("h1").textContent()).toBe(t.t("comments.held.title"));
        const answer = await app.ctx.database.db
          .selectFrom("comments")
          .select(["id", "status"])
          .where("parent_id", "=", row!.id)
          .executeTakeFirstOrThrow();
        expect(answer.status).toBe("pending");
        await app.ctx.comments.moderate(access, [answer.id], "approve");
        await page.goto(app.origin + paths.comment(locale, action.slug, answer.id));
        expect(pathOf(page)).toBe(paths.action(locale, action.slug));
        const reply = page.locator(`#comment-${row!.id} ol.replies li`);
        expect(await reply.locator(".comment-body").textContent()).toBe("Answering myself.");
      });
    });
  }

  it("passes axe on the discussion, the reply, report, held and edit pages, and the moderation pages", {
    timeout: 180_000,
  }, async () => {
    const owner = await createAccount(app.ctx, { name: "Mona Moderator" });
    const org = await createOrganization(app.ctx, [{ account: owner, role: "owner" }]);
    const action = await createAction(app.ctx, org);
    const access = await app.ctx.organizations.access(
      { accountId: owner.id, isPlatformAdmin: false },
      org.slug,
    );
    const t = translator("en");
    await inBrowser(browser, app.origin, { locale: "en" }, async (page) => {
      await page.goto(app.origin + paths.action("en", action.slug));
      await leaveComment(page, "en", "A first comment to check.");
      await expectNoAxeViolations(page);
      const [row] = await app.ctx.database.db
        .selectFrom("comments")
        .select("id")
        .where("action_id", "=", action.id)
        .execute();
      await page.getByRole("link", { name: t.t("comments.editOwn"), exact: true }).click();
      await expectNoAxeViolations(page);
      await expectEveryFieldLabelled(page);
      await app.ctx.comments.moderate(access, [row!.id], "approve");
      for (const path of [
        paths.action("en", action.slug),
        paths.commentReply("en", action.slug, row!.id),
        paths.commentReport("en", action.slug, row!.id),
      ]) {
        await page.goto(app.origin + path);
        await expectNoAxeViolations(page);
        await expectEveryFieldLabelled(page);
      }
      // A refused form: its summary and field messages.
      await page.goto(app.origin + paths.action("es", action.slug));
      await page.locator("form.comment-form button[type=submit]").evaluate((button) => {
        for (const field of (button as HTMLButtonElement).form!.querySelectorAll("[required]"))
          field.removeAttribute("required");
      });
      const refused = page.waitForEvent("load");
      await page.locator("form.comment-form button[type=submit]").click();
      await refused;
      expect(await page.locator("#comment-errors").isVisible()).toBe(true);
      await expectNoAxeViolations(page);

      await page.goto(app.origin + paths.login("en"));
      const form = page.locator(`form[action="${paths.login("en")}"]`);
      await form.getByLabel(t.t("field.email"), { exact: true }).fill(owner.email);
      await form.getByLabel(t.t("field.password"), { exact: true }).fill(owner.password);
      await form.getByRole("button", { name: t.t("login.submit"), exact: true }).click();
      for (const path of [
        paths.organization("en", org.slug),
        paths.adminComments("en", org.slug, "approved"),
        paths.adminComments("en", org.slug),
        paths.commentRules("en", org.slug),
        paths.adminCommentEdit("en", org.slug, row!.id),
        paths.adminCommentReply("en", org.slug, row!.id),
        `${paths.auditLog("en", org.slug)}?kind=comment`,
      ]) {
        expect((await page.goto(app.origin + path))?.status(), path).toBe(200);
        await expectNoAxeViolations(page);
        await expectEveryFieldLabelled(page);
      }
    });
  });
});
