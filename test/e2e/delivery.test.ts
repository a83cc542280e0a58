/**
 * Done-when of issue 13's delivery: an organizer gives the model action's target an email in the
 * editor and mails it the letter; the target's mailbox (a real SMTP server on loopback) receives
 * the PDF, whose text holds the count and the signers grouped by state and county, initials for
 * those who did not agree to show their name; the public page then states the delivery.
 */

import { PDFParse } from "pdf-parse";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/translator.ts";
import { paths } from "../../src/views/paths.ts";
import { createAccount, sign } from "../support/fixtures.ts";
import { startSmtp, type TestSmtp } from "../support/smtp-server.ts";
import { demoSlug, inBrowser, launchChromium, pathOf, type RunningApp, startApp } from "./harness.ts";

let smtp: TestSmtp;
let app: RunningApp;
let browser: Browser;
beforeAll(async () => {
  smtp = await startSmtp();
  [app, browser] = await Promise.all([startApp(async () => ({ SMTP_URL: smtp.url })), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await smtp?.close();
});

const targetEmail = "secretary@dhs.example.gov";
const t = translator("en");

describe("delivering the model action to its target", () => {
  it("mails the letter with the signers by county to the target's mailbox, and the page says so", async () => {
    const admin = await createAccount(app.ctx, { name: "Ada Admin", platformAdmin: true });
    const signers = [
      { postalCode: "94110", name: "Ana López", publicName: true, city: "San Francisco" },
      { postalCode: "94103", name: "María José Pérez" },
      { postalCode: "95112", name: "Thanh Nguyen", publicName: true, city: "San José" },
      { postalCode: "95112", name: "Jean-Luc Martin" },
      { postalCode: "22201", name: "Rosa Parks", publicName: true, city: "Arlington" },
      { postalCode: "22201", name: "Zoë Ñúñez" },
      { postalCode: "22030", name: "Kim Lee", publicName: true },
      { postalCode: "10001", name: "Nora Ephron" },
      { postalCode: "SW1A 1AA", name: "Winston Smith" },
    ].map((s, i) => ({ ...s, email: `delivery-${i}@example.org` }));
    await sign(app.ctx, demoSlug, signers, true);
    await sign(
      app.ctx,
      demoSlug,
      [{ name: "Pat Pending", email: "pending@example.org", postalCode: "94110" }],
      false,
    );
    const { id, count } = await app.ctx.database.db
      .selectFrom("actions")
      .select(["id", "signature_count as count"])
      .where("slug", "=", demoSlug)
      .executeTakeFirstOrThrow();
    const org = "national-day-laborer-organizing-network";

    await inBrowser(browser, app.origin, { locale: "en", javaScriptEnabled: false }, async (page) => {
      const url = (path: string) => app.origin + path;
      await page.goto(url(paths.editAction("en", org, id)));
      const login = page.locator(`form[action^="${paths.login("en")}?"]`);
      await login.getByLabel(t.t("field.email"), { exact: true }).fill(admin.email);
      await login.getByLabel(t.t("field.password"), { exact: true }).fill(admin.password);
      await login.getByRole("button", { name: t.t("login.submit"), exact: true }).click();
      expect(pathOf(page)).toBe(paths.editAction("en", org, id));

      // The target's email and office, entered in the editor.
      await page.locator("#f-target_0_email").fill(targetEmail);
      await page.locator("#f-target_0_office_en").fill("U.S. Department of Homeland Security");
      await page.getByRole("button", { name: t.t("form.save"), exact: true }).click();
      expect(pathOf(page)).not.toBe(paths.editAction("en", org, id));

      await page.goto(url(paths.adminAction("en", org, id)));
      await page.getByRole("link", { name: t.t("delivery.link"), exact: true }).click();
      expect(pathOf(page)).toBe(paths.adminDelivery("en", org, id));
      await page.getByLabel(t.t("delivery.target"), { exact: true }).selectOption("0");
      await page.getByRole("button", { name: t.t("delivery.send"), exact: true }).click();
      // The confirmation step names the target, its address and the count.
      expect(await page.locator("main").textContent()).toContain(
        t.t("delivery.confirm.body", { count, email: targetEmail }),
      );
      await page.getByRole("button", { name: t.t("delivery.confirm.yes"), exact: true }).click();
      expect(pathOf(page)).toBe(paths.adminDelivery("en", org, id));
      expect(await page.locator("main").textContent()).toContain(
        t.t("delivery.notice.queued", { target: "Janet Napolitano" }),
      );
    });

    await expect
      .poll(
        () => smtp.received.filter((mail) => !Array.isArray(mail.to) && mail.to?.text === targetEmail).length,
        {
          timeout: 20_000,
        },
      )
      .toBe(1);
    const mail = smtp.received.find((m) => !Array.isArray(m.to) && m.to?.text === targetEmail)!;
    expect(mail.subject).toBe(`Let counties opt out of Secure Communities: ${count} signatures`);
    const pdf = mail.attachments.find((a) => a.contentType === "application/pdf");
    expect(pdf?.filename).toMatch(/^optoutnow-delivery-\d{4}-\d{2}-\d{2}\.pdf$/);
    const { text } = await new PDFParse({ data: pdf!.content }).getText();
    expect(text).toContain(`${count} people signed this letter.`);
    expect(text).toContain("U.S. Department of Homeland Security");
    const at = (s: string) => {
      const i = text.indexOf(s);
      expect(i, `${s} in the letter`).toBeGreaterThanOrEqual(0);
      return i;
    };
    // By state (alphabetical), each county with its signers, the unknown postal codes last.
    const order = [
      "California",
      "San Francisco: 2 signers",
      "M. J. P.", // 94103 before 94110: within a county, by postal code
      "Ana López, San Francisco",
      "Santa Clara: 2 signers",
      "Virginia",
      "Arlington: 2 signers",
      "Rosa Parks, Arlington",
      "Z. Ñ.",
      "Fairfax: 1 signer",
      "Kim Lee",
      "Unknown",
      "W. S.",
    ];
    for (let i = 1; i < order.length; i++) expect(at(order[i - 1]!), order[i]).toBeLessThan(at(order[i]!));
    at("Thanh Nguyen, San José");
    at("J.-L. M.");
    at("New York");
    at("N. E.");
    for (const hidden of [
      "María José",
      "Jean-Luc",
      "Zoë",
      "Nora Ephron",
      "Winston",
      "Pat Pending",
      "@example.org",
    ])
      expect(text, hidden).not.toContain(hidden);

    await inBrowser(browser, app.origin, { locale: "es" }, async (page) => {
      await page.goto(`${app.origin}/es/a/${demoSlug}`);
      expect(await page.locator("#targets").locator("..").textContent()).toMatch(
        /Entregada a Janet Napolitano el \d{1,2} de \w+ de \d{4}\./,
      );
      await page.goto(`${app.origin}/en/a/${demoSlug}`);
      expect(await page.locator("main").textContent()).toMatch(
        /Delivered to Janet Napolitano on \w+ \d{1,2}, \d{4}\./,
      );
    });
  }, 90_000);
});
