/**
 * The comment form's defences in Chromium, both languages: the solver script from our origin fills
 * the proof of work, so a known person's comment shows at once; the hostile-input corpus, posted
 * as name, website and text and then approved, shows only as text: no payload runs (no dialog
 * opens and the flag a payload would set stays unset), nothing answers 500, and the same holds for
 * the held page, a refused form that keeps hostile values, and a body that is not UTF-8.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Locale } from "../../src/i18n/locale.ts";
import { translator } from "../../src/i18n/translator.ts";
import { defaultFormTokenRules } from "../../src/modules/abuse/form-token.ts";
import { rememberedDetailsScript } from "../../src/views/pages/remembered-details-script.ts";
import { paths } from "../../src/views/paths.ts";
import { agedFormToken } from "../support/app.ts";
import { createAccount, createAction, createOrganization } from "../support/fixtures.ts";
import { hostileComments, hostileFlag, hostileScript, invalidUtf8 } from "../support/hostile-comments.ts";
import { solvedProof } from "../support/proof-of-work.ts";
import { forTheFile, inBrowser, type RunningApp } from "./harness.ts";

let app: RunningApp;
let browser: Browser;
forTheFile((started, launched) => {
  app = started;
  browser = launched;
});

let nextPost = 0;

/** Posts the hostile corpus as each field over HTTP (a fresh address and person each); returns the statuses. */
async function postCorpus(locale: Locale, slug: string): Promise<number[]> {
  const statuses: number[] = [];
  for (const field of ["name", "website", "body"] as const) {
    for (const value of hostileComments) {
      nextPost++;
      const form = new URLSearchParams({
        name: "Hostile Tester",
        email: `hostile${nextPost}@example.org`,
        body: `Hostile test ${nextPost}.`,
        ts: agedFormToken(app.ctx),
        altcha: await solvedProof(app.ctx),
        [field]: value,
      });
      const response = await app.app.inject({
        method: "POST",
        url: `/${locale}/a/${slug}/comments`,
        // Each from its own /24, so the network limits are not what answers.
        remoteAddress: `10.${77 + (nextPost >> 8)}.${nextPost & 255}.1`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: form.toString(),
      });
      statuses.push(response.statusCode);
    }
  }
  return statuses;
}

/** Watches a page for anything a payload would do, and for any answer of 500 or more. */
function watch(page: Page) {
  const dialogs: string[] = [];
  const failures: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("response", (response) => {
    if (response.status() >= 500) failures.push(`${response.status()} ${response.url()}`);
  });
  return {
    /** `solver`: whether the page has the comment form, and so our one script. */
    async expectNothingRan(where: string, solver = true) {
      expect(dialogs, `dialogs on ${where}`).toEqual([]);
      const flagged = await page.evaluate(
        (flag) => (window as unknown as Record<string, unknown>)[flag],
        hostileFlag,
      );
      expect(flagged, where).toBeUndefined();
      expect(failures, `answers of 500 or more on ${where}`).toEqual([]);
      // Only our scripts run (the solver's file, and the form's filler of remembered details, exactly
      // that text), every link goes to http(s), and no element a payload brings is there.
      const scripts = await page
        .locator("script")
        .evaluateAll((all) => all.map((e) => ({ src: e.getAttribute("src"), text: e.textContent })));
      expect(
        scripts.filter((script) => script.src !== null).map((script) => script.src),
        where,
      ).toEqual(solver ? [paths.commentProofScript()] : []);
      expect(
        scripts.filter((script) => script.src === null && script.text !== rememberedDetailsScript),
        where,
      ).toEqual([]);
      const protocols = await page
        .locator("a[href]")
        .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).protocol));
      expect(
        protocols.filter((protocol) => protocol !== "http:" && protocol !== "https:"),
        where,
      ).toEqual([]);
      expect(
        await page.locator("main img, main svg, main iframe, main object, main embed").count(),
        where,
      ).toBe(0);
    },
  };
}

async function fillComment(
  page: Page,
  locale: Locale,
  fields: { name: string; email: string; website?: string; body: string },
) {
  const t = translator(locale);
  const form = page.locator("form.comment-form");
  await form.getByLabel(t.t("comments.name"), { exact: true }).fill(fields.name);
  await form.getByLabel(t.t("comments.email"), { exact: true }).fill(fields.email);
  await form.getByLabel(t.t("comments.website"), { exact: true }).fill(fields.website ?? "");
  await form.getByLabel(t.t("comments.body"), { exact: true }).fill(fields.body);
}

/** Waits until the solver has put a proof in the form, then presses the button as a person would. */
async function sendComment(page: Page, locale: Locale): Promise<void> {
  const t = translator(locale);
  const form = page.locator("form.comment-form");
  await form.locator("input[name=altcha]").evaluate(
    (field: HTMLInputElement) =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          if (field.value !== "") resolve();
          else if (Date.now() - started > 8_000) reject(new Error("the solver filled no proof"));
          else setTimeout(check, 50);
        };
        check();
      }),
  );
  await sleep(defaultFormTokenRules.minAgeMs + 100);
  await form.getByRole("button", { name: t.t("comments.submit"), exact: true }).click();
  await page.waitForLoadState("load");
}

describe("the comment form's defences in the browser", () => {
  for (const locale of ["en", "es"] as const) {
    it(`solve the proof of work, and show hostile input only as text (${locale})`, {
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
      await app.ctx.comments.saveRules(access, {
        hold_first: false,
        max_links: "50",
        spam_words: "",
        hold_words: "please hold",
      });

      const statuses = await postCorpus(locale, action.slug);
      expect(statuses.filter((status) => status !== 303 && status !== 422)).toEqual([]);
      const stored = await app.ctx.database.db
        .selectFrom("comments")
        .select(["id", "name", "status"])
        .where("action_id", "=", action.id)
        .orderBy("id")
        .execute();
      expect(stored.length).toBeGreaterThan(15);
      // A solved proof and no rule that holds: all shown, none waiting.
      expect(stored.filter((row) => row.status !== "approved")).toEqual([]);
      const hostileName = stored.find((row) => row.name === hostileScript)!;

      await inBrowser(browser, app.origin, { locale }, async (page) => {
        const watcher = watch(page);
        await page.goto(app.origin + paths.action(locale, action.slug));
        await watcher.expectNothingRan("the action page");
        // Shown, as text.
        const discussion = page.locator(".discussion");
        await expect(discussion.getByText(hostileScript, { exact: true }).first().isVisible()).resolves.toBe(
          true,
        );
        await expect(discussion.locator(".comment-author").getByText(hostileScript).count()).resolves.toBe(1);

        await page.goto(app.origin + paths.commentReply(locale, action.slug, hostileName.id));
        await watcher.expectNothingRan("the reply page of a hostile name");

        // The solver fills the proof, so this comment of a new person (no rule holds) shows at once.
        await page.goto(app.origin + paths.action(locale, action.slug));
        const body = `${locale}: written in the browser ${hostileComments[1]}`;
        await fillComment(page, locale, {
          name: hostileScript,
          email: `browser.${locale}@example.org`,
          body,
        });
        await sendComment(page, locale);
        expect(new URL(page.url()).pathname).toBe(paths.action(locale, action.slug));
        expect(new URL(page.url()).hash).toMatch(/^#comment-\d+$/);
        await expect(page.locator(`${new URL(page.url()).hash} .comment-body`).textContent()).resolves.toBe(
          body,
        );
        await watcher.expectNothingRan("the page after posting");

        // Held (a hold word): the page that tells so shows the text back.
        await fillComment(page, locale, {
          name: hostileComments[2]!,
          email: `held.${locale}@example.org`,
          body: `${hostileScript} please hold`,
        });
        await sendComment(page, locale);
        await expect(page.locator("h1").textContent()).resolves.toBe(t.t("comments.held.title"));
        await expect(page.locator("blockquote").textContent()).resolves.toContain(hostileScript);
        await watcher.expectNothingRan("the held page", false);

        // Refused: the form comes back with the hostile values in its fields.
        await page.goto(app.origin + paths.action(locale, action.slug));
        await fillComment(page, locale, {
          name: hostileComments[1]!,
          email: `refused.${locale}@example.org`,
          website: "https://example.org/ok",
          body: hostileScript,
        });
        await page.locator("#c-website").evaluate((field: HTMLInputElement) => {
          // Past the browser's own URL check, as a script would send it.
          field.type = "text";
          field.value = "javascript:window.juntosHostileRan=1";
        });
        await sendComment(page, locale);
        await expect(page.locator("#comment-errors").isVisible()).resolves.toBe(true);
        await expect(page.locator("#c-name").inputValue()).resolves.toBe(hostileComments[1]);
        await expect(page.locator("#c-body").inputValue()).resolves.toBe(hostileScript);
        await watcher.expectNothingRan("the refused form");

        // A body that is not UTF-8: the same form, its bytes swapped on the way out.
        await page.route(
          `**${paths.comments(locale, action.slug)}`,
          (route) => {
            const sent = route.request().postDataBuffer()?.toString() ?? "";
            const withoutBody = sent.replace(/(^|&)body=[^&]*/, "");
            void route.continue({
              postData: Buffer.concat([Buffer.from(`${withoutBody}&body=`), invalidUtf8]),
            });
          },
          { times: 1 },
        );
        await page.goto(app.origin + paths.action(locale, action.slug));
        await fillComment(page, locale, {
          name: "Bytes",
          email: `bytes.${locale}@example.org`,
          body: "Replaced.",
        });
        await sendComment(page, locale);
        await expect(page.locator("#comment-errors").textContent()).resolves.toContain(
          t.t("comments.error.unreadable"),
        );
        await watcher.expectNothingRan("the form refused for unreadable bytes");
      });
    });
  }
});
