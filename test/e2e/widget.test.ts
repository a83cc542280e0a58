/**
 * The widget in a real Chromium, embedded by the one-line snippet on pages served from other
 * loopback origins (localhost on ports of their own; the app is 127.0.0.1): on a listed origin the
 * frame shows the form, takes a signature and shows the thank-you inside itself, without any
 * cookie; on an origin not on the list the browser refuses to render it; without JavaScript the
 * snippet stays a link to the widget page.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/translator.ts";
import { widgetSnippet } from "../../src/views/admin/widgets.tsx";
import { createAccount, createAction, createOrganization, type TestAccount } from "../support/fixtures.ts";
import {
  expectEveryFieldLabelled,
  expectNoAxeViolations,
  forTheFile,
  openSession,
  type RunningApp,
} from "./harness.ts";

let app: RunningApp;
let browser: Browser;
forTheFile((started, launched) => {
  app = started;
  browser = launched;
});

/** A partner's site: one page with the snippet the admin hands out. */
async function hostSite(snippet: () => string): Promise<{ origin: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(
      `<!doctype html><html lang="en"><head><title>Partner site</title></head><body>` +
        `<h1>Our campaign</h1>${snippet()}<p id="after">After the form</p></body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://localhost:${(server.address() as AddressInfo).port}`, server };
}

let action: { id: number; slug: string };
let partner: { id: number; slug: string; name: string };
let partnerOwner: TestAccount;
let allowed: { origin: string; server: Server };
let refused: { origin: string; server: Server };
let snippet = "";

beforeAll(async () => {
  const { ctx } = app;
  const owner = await createAccount(ctx);
  partnerOwner = await createAccount(ctx);
  const sponsorOrg = await createOrganization(ctx, [{ account: owner, role: "owner" }]);
  const partnerOrg = await createOrganization(ctx, [{ account: partnerOwner, role: "owner" }]);
  partner = partnerOrg;
  action = await createAction(ctx, sponsorOrg);
  await ctx.cosponsors.addApproved(action.id, partnerOrg.id);
  allowed = await hostSite(() => snippet);
  refused = await hostSite(() => snippet);
  // The partner lists its own site only; the sponsor lists the other one, which must not let it
  // frame the partner's widget.
  const partnerAccess = await ctx.organizations.access(
    { accountId: partnerOwner.id, isPlatformAdmin: false },
    partnerOrg.slug,
  );
  const sponsorAccess = await ctx.organizations.access(
    { accountId: owner.id, isPlatformAdmin: false },
    sponsorOrg.slug,
  );
  expect((await ctx.widgets.setOrigins(partnerAccess, action.id, allowed.origin, "en")).ok).toBe(true);
  expect((await ctx.widgets.setOrigins(sponsorAccess, action.id, refused.origin, "en")).ok).toBe(true);
  const overview = await ctx.widgets.overview(partnerAccess, action.id, "en");
  snippet = widgetSnippet(app.origin, overview, "en");
});

afterAll(async () => {
  await Promise.all([allowed, refused].map(({ server }) => new Promise((resolve) => server?.close(resolve))));
});

/** The widget's frame once embed.js has put it in the page. */
async function widgetFrame(page: Page): Promise<{ frame: Frame; height: () => Promise<number> }> {
  const element = page.locator("iframe");
  await element.waitFor();
  const handle = await element.elementHandle();
  const frame = await handle!.contentFrame();
  return { frame: frame!, height: async () => (await element.boundingBox())!.height };
}

describe("the widget embedded on another site", () => {
  it("renders, signs and thanks inside the frame on a listed origin, with no cookie", async () => {
    const t = translator("en");
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const offOrigin: string[] = [];
      context.on("request", (request) => {
        const origin = new URL(request.url()).origin;
        if (origin !== app.origin && origin !== allowed.origin) offOrigin.push(request.url());
      });
      await page.goto(allowed.origin);
      const { frame, height } = await widgetFrame(page);
      expect(await page.locator("a[data-juntos-widget]").count()).toBe(0);
      expect(await page.locator("iframe").getAttribute("title")).toBe("Sign this action");
      await frame.waitForSelector("form");
      expect(new URL(frame.url()).origin).toBe(app.origin);
      expect(await frame.locator("h1").textContent()).toBe("Fund the day labor center");
      expect(await frame.locator("p.partner").textContent()).toContain(partner.name);
      // The frame takes the height the widget reports instead of embed.js's first guess.
      await expect.poll(height).not.toBe(600);
      const formHeight = await height();
      const documentHeight = await frame.evaluate(
        () => document.documentElement.getBoundingClientRect().height,
      );
      expect(Math.abs(formHeight - documentHeight)).toBeLessThanOrEqual(1);

      await frame.getByLabel(t.t("sign.name"), { exact: true }).fill("Dolores Huerta");
      await frame.getByLabel(t.t("sign.email"), { exact: true }).fill("dolores.widget@example.org");
      await frame.getByLabel(t.t("sign.postalCode"), { exact: true }).fill("93215");
      // Consent to the partner only: the stored consent is exactly what was ticked.
      await frame.getByLabel(t.t("sign.consentPartner", { partner: partner.name })).check();
      await frame.getByRole("button", { name: t.t("sign.submit"), exact: true }).click();
      await frame.waitForURL(/\/widget\/thanks/);
      const thanks = new URL(frame.url());
      expect(thanks.origin + thanks.pathname).toBe(`${app.origin}/en/a/${action.slug}/widget/thanks`);
      expect(thanks.searchParams.get("ref")).toBe(partner.slug);
      expect(await frame.locator("h1").textContent()).toBe(t.t("thanks.title"));
      // The host page stayed where it was, around the frame.
      expect(new URL(page.url()).origin).toBe(allowed.origin);
      expect(await page.locator("#after").textContent()).toBe("After the form");
      await expect.poll(height).toBeLessThan(formHeight);

      const stored = await app.ctx.database.db
        .selectFrom("signatures")
        .innerJoin("people", "people.id", "signatures.person_id")
        .select([
          "signatures.status",
          "signatures.referrer_organization_id as partner",
          "signatures.website",
          "signatures.consent_sponsor as sponsorConsent",
          "signatures.consent_referrer as partnerConsent",
        ])
        .where("signatures.action_id", "=", action.id)
        .where("people.email", "=", "dolores.widget@example.org")
        .execute();
      // Credited to the partner, with the framing site's host (from the widget's Referer) only.
      expect(stored).toEqual([
        {
          status: "pending",
          partner: partner.id,
          website: "localhost",
          sponsorConsent: 0,
          partnerConsent: 1,
        },
      ]);
      expect(await context.cookies()).toEqual([]);
      expect(offOrigin).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("is refused by the browser on an origin that is not on the widget's list", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const widgetAnswers: number[] = [];
      page.on("response", (response) => {
        if (response.url().includes("/widget")) widgetAnswers.push(response.status());
      });
      await page.goto(refused.origin);
      const { frame } = await widgetFrame(page);
      // The server answered; Chromium would not show the answer in this page.
      await expect.poll(() => widgetAnswers).toEqual([200]);
      await expect.poll(() => frame.url()).toMatch(/^chrome-error:/);
      expect(await frame.locator("form").count()).toBe(0);
      expect(await frame.locator("body").textContent()).not.toContain("Fund the day labor center");
    } finally {
      await context.close();
    }
  });

  it("stays a plain link to the widget page without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(allowed.origin);
      expect(await page.locator("iframe").count()).toBe(0);
      const link = page.locator("a[data-juntos-widget]");
      expect(await link.getAttribute("href")).toBe(
        `${app.origin}/en/a/${action.slug}/widget?ref=${partner.slug}`,
      );
      await link.click();
      await page.waitForURL(/\/widget\?ref=/);
      expect(await page.locator("form").count()).toBe(1);
      expect(await page.locator("h1").textContent()).toBe("Fund the day labor center");
    } finally {
      await context.close();
    }
  });

  it("passes axe: the widget, its refused form, and the partner's widget page in the admin", async () => {
    const t = translator("en");
    const session = await openSession(browser, app.origin, { locale: "en" });
    const { page } = session;
    for (const locale of ["en", "es"] as const) {
      await page.goto(`${app.origin}/${locale}/a/${action.slug}/widget?ref=${partner.slug}`);
      await expectNoAxeViolations(page);
      await expectEveryFieldLabelled(page);
    }
    await page.getByLabel(translator("es").t("sign.email"), { exact: true }).fill("not an address");
    await page.evaluate(() => {
      for (const field of document.querySelectorAll("[required]")) field.removeAttribute("required");
      (document.querySelector("input[type=email]") as HTMLInputElement).type = "text";
    });
    await page.getByRole("button", { name: translator("es").t("sign.submit"), exact: true }).click();
    await page.locator("#form-errors").waitFor();
    await expectNoAxeViolations(page);

    await page.goto(`${app.origin}/en/account/login`);
    const login = page.locator('form[action="/en/account/login"]');
    await login.getByLabel(t.t("field.email"), { exact: true }).fill(partnerOwner.email);
    await login.getByLabel(t.t("field.password"), { exact: true }).fill(partnerOwner.password);
    await login.getByRole("button", { name: t.t("login.submit"), exact: true }).click();
    await page.waitForURL(/\/en\/admin$/);
    const widgetAdmin = `/en/admin/o/${partner.slug}/actions/${action.id}/widget`;
    expect((await page.goto(app.origin + widgetAdmin))?.status()).toBe(200);
    await expectNoAxeViolations(page);
    await expectEveryFieldLabelled(page);
    await session.finish();
  });
});
