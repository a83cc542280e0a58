/**
 * What the browser tests share: the real app listening on a loopback port, Debian's Chromium,
 * and sessions that check every page for third-party requests, console errors and axe findings.
 */
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import type { ContextOverrides } from "../../src/context.ts";
import type { Locale } from "../../src/i18n/locale.ts";
import type { Translator } from "../../src/i18n/translator.ts";
import { paths } from "../../src/views/paths.ts";
import { createTestApp, type TestApp } from "../support/app.ts";

/** The model action that a fresh start seeds (SEED_DEMO). */
export const demoSlug = "optoutnow";

export interface RunningApp extends TestApp {
  /** http://127.0.0.1:<port>, also the app's BASE_URL so mailed links come back here. */
  origin: string;
}

/** The port must be known before the app is built, because BASE_URL is baked into its pages. */
async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no loopback port");
  return address.port;
}

/**
 * More configuration for the app, made once its origin is known (a provider on loopback must list
 * the app's callback addresses before the app is told where that provider is).
 */
export type AppEnvironment = (origin: string) => Promise<Record<string, string>>;

/**
 * Starts the app as `npm start` does: demo action seeded, listening, outbox worker running.
 * `environment` adds settings (e.g. SMTP_URL), `overrides` swaps a part (e.g. a ManualClock).
 */
export async function startApp(
  environment?: AppEnvironment,
  overrides: ContextOverrides = {},
): Promise<RunningApp> {
  const port = await freeLoopbackPort();
  const origin = `http://127.0.0.1:${port}`;
  const running = await createTestApp(
    {
      ...(await environment?.(origin)),
      HOST: "127.0.0.1",
      PORT: String(port),
      BASE_URL: origin,
      SEED_DEMO: "true",
    },
    overrides,
  );
  await running.app.listen({ port, host: "127.0.0.1" });
  running.ctx.worker.start();
  return { ...running, origin };
}

const chromiumPath = "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `The browser tests need Debian's Chromium at ${chromiumPath}: install it with ` +
        "`apt-get install -y chromium` (the tests never download a browser).",
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export interface SessionOptions {
  locale: Locale;
  javaScriptEnabled?: boolean;
  viewport?: { width: number; height: number };
  /** The browser's time zone (IANA name); the machine's when absent. */
  timezoneId?: string;
  /** Sign-in providers on loopback the test walks through: the only other origins allowed. */
  providerOrigins?: readonly string[];
}

const acceptLanguage: Record<Locale, { locale: string; header: string }> = {
  en: { locale: "en-US", header: "en-US,en;q=0.9" },
  es: { locale: "es-MX", header: "es-MX,es;q=0.9,en;q=0.5" },
};

/** A browser context of its own (one person), whose pages are checked when it finishes. */
export interface BrowserSession {
  page: Page;
  /**
   * Checks that the pages asked nothing of any other origin, that no subresource failed and
   * that nothing was logged as an error (a CSP block shows up there), then closes the context.
   */
  finish(): Promise<void>;
}

export async function openSession(
  browser: Browser,
  origin: string,
  options: SessionOptions,
): Promise<BrowserSession> {
  const contextOptions: BrowserContextOptions = {
    locale: acceptLanguage[options.locale].locale,
    extraHTTPHeaders: { "Accept-Language": acceptLanguage[options.locale].header },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    ...(options.viewport ? { viewport: options.viewport } : {}),
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  };
  const context = await browser.newContext(contextOptions);
  // Well under the test timeout, so a stuck step fails with its own message.
  context.setDefaultTimeout(10_000);
  const requested: string[] = [];
  const failedSubresources: string[] = [];
  const consoleErrors: string[] = [];
  context.on("request", (request) => requested.push(request.url()));
  context.on("response", (response) => {
    if (response.status() >= 400 && !response.request().isNavigationRequest())
      failedSubresources.push(`${response.status()} ${response.url()}`);
  });
  context.on("console", (message) => {
    // A page answered with 4xx logs "Failed to load resource"; the tests check those statuses.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      consoleErrors.push(message.text());
  });
  return {
    page: await context.newPage(),
    async finish() {
      try {
        expect(requested.length, "the test made no requests").toBeGreaterThan(0);
        const allowed = new Set([origin, ...(options.providerOrigins ?? [])]);
        expect(
          requested.filter((url) => !allowed.has(new URL(url).origin)),
          "requests that left the app's origin",
        ).toEqual([]);
        expect(failedSubresources, "subresources that failed to load").toEqual([]);
        expect(consoleErrors, "errors in the browser console").toEqual([]);
      } finally {
        await context.close();
      }
    },
  };
}

/** Runs a test body in a fresh session for a person who reads `locale`, then checks its pages. */
export async function inBrowser(
  browser: Browser,
  origin: string,
  options: SessionOptions,
  body: (page: Page) => Promise<void>,
): Promise<void> {
  const session = await openSession(browser, origin, options);
  try {
    await body(session.page);
  } catch (error) {
    await session.page.context().close();
    throw error;
  }
  await session.finish();
}

const axeTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** axe runs inside the page, so it needs a session with JavaScript enabled (it hangs without). */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(axeTags).analyze();
  const found = violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((node) => ({ target: node.target.join(" "), summary: node.failureSummary })),
  }));
  expect(found, `axe violations on ${new URL(page.url()).pathname}`).toEqual([]);
}

/**
 * Each visible form field has exactly one label. axe misses a label whose `for` names an id
 * used twice on the page: that label then belongs to the first field, and the second has none.
 */
export async function expectEveryFieldLabelled(page: Page): Promise<void> {
  const fields = page.locator("input:not([type=hidden]), select, textarea");
  const mislabelled = await fields.evaluateAll((elements) =>
    elements
      .filter((element) => (element as HTMLInputElement).labels?.length !== 1)
      .map((element) => element.outerHTML),
  );
  expect(mislabelled, `fields without exactly one label on ${new URL(page.url()).pathname}`).toEqual([]);
}

/** The signature count the action page shows, and the sentence it shows it in. */
export async function shownCount(page: Page): Promise<{ count: number; text: string }> {
  const text = ((await page.locator("p.count").textContent()) ?? "").trim();
  const digits = /\d+/.exec(text.replace(/[.,\u00a0\u202f ](?=\d{3}\b)/g, ""));
  if (!digits) throw new Error(`no count on ${page.url()}: "${text}"`);
  return { count: Number(digits[0]), text };
}

export interface Signer {
  name: string;
  email: string;
  postalCode: string;
}

export function signField(page: Page, t: Translator, label: "sign.name" | "sign.email" | "sign.postalCode") {
  return page.getByLabel(t.t(label), { exact: true });
}

export async function fillSignForm(page: Page, t: Translator, signer: Signer): Promise<void> {
  await signField(page, t, "sign.name").fill(signer.name);
  await signField(page, t, "sign.email").fill(signer.email);
  await signField(page, t, "sign.postalCode").fill(signer.postalCode);
}

/** Presses Sign; returns the status of the POST once the page it leads to has loaded. */
export async function pressSign(page: Page, t: Translator): Promise<number> {
  const response = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/sign"));
  const loaded = page.waitForEvent("load");
  await page.getByRole("button", { name: t.t("sign.submit"), exact: true }).click();
  await loaded;
  return (await response).status();
}

/**
 * Fills the form and sends it at once: a fast fill is taken like any other (decision 008), so a
 * test need not wait as a person would.
 */
export async function fillAndSign(page: Page, t: Translator, signer: Signer): Promise<number> {
  await fillSignForm(page, t, signer);
  return pressSign(page, t);
}

/** Opens the newest mail to `email` with this subject in the dev mailbox, waiting for the worker. */
export async function openMail(
  page: Page,
  origin: string,
  t: Translator,
  email: string,
  subject: string,
): Promise<void> {
  const mailbox = origin + paths.devMail(t.locale);
  const link = page.locator("ul.actions li").filter({ hasText: email }).getByRole("link", { name: subject });
  for (const deadline = Date.now() + 15_000; ; await sleep(100)) {
    await page.goto(mailbox);
    if ((await link.count()) > 0) break;
    if (Date.now() > deadline) throw new Error(`no mail "${subject}" to ${email} in ${mailbox}`);
  }
  await link.first().click();
  expect(await page.locator("h1").textContent()).toBe(subject);
}

export const pathOf = (page: Page) => new URL(page.url()).pathname;

/** Starts the app and Chromium once for the test file and stops both after it. */
export function forTheFile(
  use: (app: RunningApp, browser: Browser) => void,
  environment?: AppEnvironment,
): void {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(environment), launchChromium()]);
    use(app, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
}

/** Every language, each with JavaScript on and off: the combinations a supporter may arrive with. */
export const everySession = (["en", "es"] as const).flatMap((locale) =>
  [true, false].map((javaScriptEnabled) => ({ locale, javaScriptEnabled })),
);
