/**
 * Email about a discussion in Chromium, both languages, over real SMTP: a guest's first comment
 * is held and the moderator is mailed a digest, signs in from its link and approves it; a third
 * person follows the discussion (double opt-in through the mail), hears of a reply only once it
 * is approved, unsubscribes with the one-click POST to the URL in the raw mail's List-Unsubscribe
 * header, and hears of nothing after that.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locale } from "../../src/i18n/locale.ts";
import { translator } from "../../src/i18n/translator.ts";
import { defaultFormTokenRules } from "../../src/modules/abuse/form-token.ts";
import { paths } from "../../src/views/paths.ts";
import { ManualClock } from "../support/clock.ts";
import { createAccount, createAction, createOrganization } from "../support/fixtures.ts";
import { type ReceivedMail, rawHeader, startSmtp, type TestSmtp } from "../support/smtp-server.ts";
import {
  expectEveryFieldLabelled,
  expectNoAxeViolations,
  inBrowser,
  launchChromium,
  pathOf,
  type RunningApp,
  startApp,
} from "./harness.ts";

let smtp: TestSmtp;
let app: RunningApp;
let browser: Browser;
// The digest runs on the scheduler's tick; the test moves this clock to the next one.
const clock = new ManualClock();
beforeAll(async () => {
  smtp = await startSmtp();
  [app, browser] = await Promise.all([
    startApp(async () => ({ SMTP_URL: smtp.url }), { clock }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await smtp?.close();
});

const recipient = (mail: ReceivedMail) => {
  const to = mail.parsed.to;
  return to && !Array.isArray(to) ? to.text : "";
};
const mailsTo = (address: string) => smtp.mails.filter((mail) => recipient(mail) === address);

/** Waits for the outbox to have nothing left to do (the worker runs on its own). */
async function outboxIdle(): Promise<void> {
  for (const deadline = Date.now() + 15_000; ; await sleep(100)) {
    await app.ctx.worker.drain();
    const pending = await app.ctx.database.db
      .selectFrom("outbox")
      .select("id")
      .where("status", "=", "pending")
      .execute();
    if (pending.length === 0) return;
    if (Date.now() > deadline) throw new Error(`outbox still has ${pending.length} jobs`);
  }
}

/** The newest mail to `address` whose subject is `subject`, waiting for it to arrive. */
async function mailFor(address: string, subject: string): Promise<ReceivedMail> {
  for (const deadline = Date.now() + 15_000; ; await sleep(100)) {
    const mail = mailsTo(address).findLast((candidate) => candidate.parsed.subject === subject);
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no mail "${subject}" to ${address}`);
  }
}

function linkIn(mail: ReceivedMail, pattern: RegExp): string {
  const link = (mail.parsed.text ?? "").match(pattern)?.[0];
  if (!link) throw new Error(`no link like ${pattern} in "${mail.parsed.subject}"`);
  return link;
}

async function leaveComment(page: Page, locale: Locale, who: { name: string; email: string }, body: string) {
  const t = translator(locale);
  const form = page.locator("form.comment-form");
  await form.getByLabel(t.t("comments.name"), { exact: true }).fill(who.name);
  await form.getByLabel(t.t("comments.email"), { exact: true }).fill(who.email);
  await form.getByLabel(t.t("comments.body"), { exact: true }).fill(body);
  // A comment sent sooner than a person could type it is held, so wait as a person would.
  await sleep(defaultFormTokenRules.minAgeMs + 100);
  await form.getByRole("button", { name: t.t("comments.submit"), exact: true }).click();
}

async function commentId(actionId: number, body: string): Promise<number> {
  const row = await app.ctx.database.db
    .selectFrom("comments")
    .select("id")
    .where("action_id", "=", actionId)
    .where("body", "=", body)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe("discussion mail in the browser", () => {
  for (const locale of ["en", "es"] as const) {
    it(`holds, mails the moderator, notifies a follower only after approval, and unsubscribes in one click (${locale})`, {
      timeout: 180_000,
    }, async () => {
      const t = translator(locale);
      const moderator = await createAccount(app.ctx, { name: "Mona Moderator" });
      await app.ctx.database.db
        .updateTable("accounts")
        .set({ locale })
        .where("id", "=", moderator.id)
        .execute();
      const org = await createOrganization(app.ctx, [{ account: moderator, role: "owner" }]);
      const action = await createAction(app.ctx, org);
      const { text } = await app.ctx.actions.getPublicPage(action.slug, locale);
      const actionUrl = app.origin + paths.action(locale, action.slug);
      const guest = { name: "Dolores Huerta", email: `dolores.${locale}@example.org` };
      const replier = { name: "Ernesto Galarza", email: `ernesto.${locale}@example.org` };
      const follower = `follower.${locale}@example.org`;

      // A guest comments; a first comment is held.
      const first = "Held until a moderator reads it.";
      await inBrowser(browser, app.origin, { locale }, async (page) => {
        await page.goto(actionUrl);
        await leaveComment(page, locale, guest, first);
        expect(await page.locator("h1").textContent()).toBe(t.t("comments.held.title"));
      });
      const firstId = await commentId(action.id, first);

      // The next tick of the scheduler mails the moderator a digest, in their language.
      clock.advance(61_000);
      await app.ctx.scheduler.runDue();
      const digest = await mailFor(
        moderator.email,
        t.t("mail.commentDigest.subject", { count: 1, organization: org.name }),
      );
      const queue = linkIn(digest, new RegExp(`${app.origin}/\\S+`));
      expect(new URL(queue).pathname).toBe(paths.adminComments(locale, org.slug));

      await inBrowser(browser, app.origin, { locale }, async (moderatorPage) => {
        // From the mail's link to signing in, and back to the queue.
        await moderatorPage.goto(queue);
        expect(pathOf(moderatorPage)).toBe(paths.login(locale));
        const login = moderatorPage
          .locator("form")
          .filter({ has: moderatorPage.locator("input[type=password]") });
        await login.getByLabel(t.t("field.email"), { exact: true }).fill(moderator.email);
        await login.getByLabel(t.t("field.password"), { exact: true }).fill(moderator.password);
        await login.getByRole("button", { name: t.t("login.submit"), exact: true }).click();
        expect(pathOf(moderatorPage)).toBe(paths.adminComments(locale, org.slug));
        await moderatorPage.locator(`button[name="one"][value="${firstId}:approve"]`).click();
        expect(await moderatorPage.locator(".notice").textContent()).toContain(
          t.t("comments.admin.moved", { count: 1 }),
        );

        await inBrowser(browser, app.origin, { locale }, async (page) => {
          // The approved comment is on the page; a third person follows the discussion.
          await page.goto(actionUrl);
          expect(await page.locator(`#comment-${firstId} .comment-body`).textContent()).toBe(first);
          await expectNoAxeViolations(page);
          await expectEveryFieldLabelled(page);
          const followForm = page.locator("form.follow-form");
          await followForm
            .getByLabel(t.t("commentNotifications.follow.email"), { exact: true })
            .fill(follower);
          await sleep(defaultFormTokenRules.minAgeMs + 100);
          await followForm.getByRole("button", { name: t.t("commentNotifications.follow.submit") }).click();
          expect(await page.locator("h1").textContent()).toBe(t.t("commentNotifications.sent.title"));
          await expectNoAxeViolations(page);

          // Double opt-in: the link in the mail shows a button; pressing it confirms.
          const confirmation = await mailFor(
            follower,
            t.t("mail.commentSubscription.subject.all", { title: text.title }),
          );
          await page.goto(
            linkIn(confirmation, new RegExp(`${app.origin}/${locale}/comment-subscriptions/\\S+`)),
          );
          expect(await page.locator("h1").textContent()).toBe(t.t("commentNotifications.confirm.title"));
          await expectNoAxeViolations(page);
          await page.getByRole("button", { name: t.t("commentNotifications.confirm.button") }).click();
          expect(await page.locator("h1").textContent()).toBe(t.t("commentNotifications.confirmed.title"));
          await expectNoAxeViolations(page);

          // Someone new replies: held, and the follower hears nothing yet.
          const reply = "A reply that waits for review.";
          await page.goto(app.origin + paths.commentReply(locale, action.slug, firstId));
          await leaveComment(page, locale, replier, reply);
          expect(await page.locator("h1").textContent()).toBe(t.t("comments.held.title"));
          const replyId = await commentId(action.id, reply);
          await outboxIdle();
          expect(mailsTo(follower).map((mail) => mail.parsed.subject)).toEqual([confirmation.parsed.subject]);

          // The moderator approves it: now the follower is told, with its text and its permalink.
          await moderatorPage.goto(app.origin + paths.adminComments(locale, org.slug));
          await moderatorPage.locator(`button[name="one"][value="${replyId}:approve"]`).click();
          const notice = await mailFor(
            follower,
            t.t("mail.commentNotice.subject.all", { title: text.title }),
          );
          expect(notice.parsed.text).toContain(
            `${t.t("mail.commentNotice.wrote", { name: replier.name })}\n\n> ${reply}`,
          );
          const permalink = linkIn(
            notice,
            new RegExp(`${app.origin}/${locale}/a/${action.slug}/comments/${replyId}\\b`),
          );
          await page.goto(permalink);
          expect(new URL(page.url()).hash).toBe(`#comment-${replyId}`);
          expect(await page.locator(`#comment-${replyId} .comment-body`).textContent()).toBe(reply);

          // The unsubscribe URL from the raw header: its page (what a scanner sees) changes nothing...
          expect(rawHeader(notice.raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
          const unsubscribe = /^<([^>]+)>$/.exec(rawHeader(notice.raw, "List-Unsubscribe") ?? "")?.[1];
          expect(unsubscribe).toMatch(new RegExp(`^${app.origin}/${locale}/unsubscribe/\\d+-[\\w-]{32}$`));
          await page.goto(unsubscribe!);
          expect(await page.locator("h1").textContent()).toBe(t.t("commentNotifications.unsubscribe.title"));
          await expectNoAxeViolations(page);
          // ...and a mail client's one-click POST, without cookies or anything else, unsubscribes.
          const oneClick = await fetch(unsubscribe!, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: "List-Unsubscribe=One-Click",
          });
          expect(oneClick.status).toBe(200);
          expect(await oneClick.text()).toContain(t.t("commentNotifications.unsubscribed.title"));
        });

        // A later reply, approved at once (its author was approved before), reaches nobody.
        const later = "A later reply, shown at once.";
        await inBrowser(browser, app.origin, { locale }, async (page) => {
          await page.goto(app.origin + paths.commentReply(locale, action.slug, firstId));
          await leaveComment(page, locale, guest, later);
          expect(new URL(page.url()).hash).toBe(`#comment-${await commentId(action.id, later)}`);
        });
        await outboxIdle();
        expect(mailsTo(follower)).toHaveLength(2);
      });
    });
  }
});
