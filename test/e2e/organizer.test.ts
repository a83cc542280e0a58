/**
 * The organizer side as a new install meets it, in a real Chromium without JavaScript: first
 * administrator from the setup link, an organization, an invited organizer, an action drafted in
 * English and Spanish, published, signed by a visitor, counted, exported and closed. Then the
 * same organizer pages are checked with axe in a session with JavaScript.
 */
import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/translator.ts";
import { signatureCsvColumns } from "../../src/views/admin/signatures.tsx";
import { paths } from "../../src/views/paths.ts";
import {
  type BrowserSession,
  expectEveryFieldLabelled,
  expectNoAxeViolations,
  fillAndSign,
  fillSignForm,
  forTheFile,
  openMail,
  openSession,
  pathOf,
  pressSign,
  type RunningApp,
  shownCount,
} from "./harness.ts";

let app: RunningApp;
let browser: Browser;
forTheFile((started, launched) => {
  app = started;
  browser = launched;
});

const t = translator("en");

const admin = { name: "Ana Admin", email: "ana.admin@example.org", password: "correct horse battery" };
const organizer = {
  name: "Olga Organizer",
  email: "olga.organizer@example.org",
  password: "staple river lamp",
};
const organization = { name: "Eastside Tenants Union", slug: "eastside-tenants" };
const signer = { name: "Dolores Huerta", email: "dolores.organizer@example.org", postalCode: "93215" };
const lateSigner = { name: "Cesar Chavez", email: "cesar.late@example.org", postalCode: "93215" };

const action = {
  slug: "fund-eastside-library",
  date: "2026-10-15",
  goal: "500",
  en: {
    title: "Fund the Eastside library",
    summary: "Keep the Eastside branch open on weekends.",
    description: "The branch closes on **weekends**.\n\nFamilies need it most then.",
    letter: "We ask the council to fund weekend hours.",
    targetTitle: "City Council President",
  },
  es: {
    title: "Financien la biblioteca del Eastside",
    summary: "Mantengan abierta la sucursal del Eastside los fines de semana.",
    description: "La sucursal cierra los **fines de semana**.\n\nLas familias más la necesitan entonces.",
    letter: "Pedimos al concejo que financie el horario de fin de semana.",
    targetTitle: "Presidenta del Concejo Municipal",
  },
  target: "Maria Lopez",
};

type Scope = Pick<Page, "getByLabel" | "getByRole">;

const heading = async (page: Page) => ((await page.locator("h1").textContent()) ?? "").trim();
const field = (scope: Scope, label: string) => scope.getByLabel(label, { exact: true });
const button = (scope: Scope, name: string) => scope.getByRole("button", { name, exact: true });
const link = (page: Page, name: string) => page.getByRole("link", { name, exact: true });
const badge = async (page: Page) => ((await page.locator("main .badge").first().textContent()) ?? "").trim();

/** The texts of each cell of the table row that mentions `text`. */
async function rowCells(page: Page, text: string): Promise<string[]> {
  const row = page.getByRole("row").filter({ hasText: text });
  expect(await row.count(), `table rows with "${text}"`).toBe(1);
  return (await row.getByRole("cell").allTextContents()).map((cell) => cell.trim());
}

/** Fills one language's texts of the action form, found by its fieldset's legend. */
async function fillActionTexts(
  page: Page,
  legend: "editor.english" | "editor.spanish",
  texts: typeof action.en,
) {
  const group = page.getByRole("group", { name: t.t(legend) });
  await group.getByLabel(t.t("editor.title"), { exact: true }).fill(texts.title);
  await group.getByLabel(t.t("editor.summary"), { exact: true }).fill(texts.summary);
  await group.getByLabel(t.t("editor.description"), { exact: true }).fill(texts.description);
  await group.getByLabel(t.t("editor.letter"), { exact: true }).fill(texts.letter);
}

/** Fills the first target's fieldset: the name once, the title in each language. */
async function fillTarget(page: Page) {
  const group = page.getByRole("group", { name: t.t("editor.target.legend", { number: 1 }) });
  await group.getByLabel(t.t("editor.target.name"), { exact: true }).fill(action.target);
  await group.getByLabel(t.t("editor.target.titleEn"), { exact: true }).fill(action.en.targetTitle);
  await group.getByLabel(t.t("editor.target.titleEs"), { exact: true }).fill(action.es.targetTitle);
}

describe("organizing in the browser", () => {
  it("sets up, invites, drafts, publishes, counts, exports and closes an action without JavaScript", async () => {
    const noScript = { locale: "en", javaScriptEnabled: false } as const;
    const sessions: BrowserSession[] = [];
    const open = async () => {
      const session = await openSession(browser, app.origin, noScript);
      sessions.push(session);
      return session.page;
    };
    const url = (path: string) => app.origin + path;
    const [adminPage, organizerPage, visitorPage] = [await open(), await open(), await open()];

    // 1. The one-time link `npm start` prints on a fresh install creates the first administrator.
    const setupToken = await app.ctx.accounts.setupTokenForFreshInstall();
    expect(setupToken, "a fresh install offers a setup link").not.toBeNull();
    await adminPage.goto(url(paths.setup("en", setupToken!)));
    expect(await heading(adminPage)).toBe(t.t("setup.title"));
    await field(adminPage, t.t("field.name")).fill(admin.name);
    await field(adminPage, t.t("field.email")).fill(admin.email);
    await field(adminPage, t.t("field.newPassword")).fill(admin.password);
    await button(adminPage, t.t("password.submit")).click();
    expect(pathOf(adminPage)).toBe(paths.admin("en"));
    expect(await heading(adminPage)).toBe(t.t("admin.organizations"));
    expect(await link(adminPage, t.t("account.signedInAs", { name: admin.name })).count()).toBe(1);

    // 2. The platform administrator creates the organization.
    await link(adminPage, t.t("admin.newOrganization")).click();
    expect(pathOf(adminPage)).toBe(paths.newOrganization("en"));
    await field(adminPage, t.t("organization.name")).fill(organization.name);
    await field(adminPage, t.t("organization.slug")).fill(organization.slug);
    await button(adminPage, t.t("form.save")).click();
    const organizationPath = paths.organization("en", organization.slug);
    expect(pathOf(adminPage)).toBe(organizationPath);
    expect(await heading(adminPage)).toBe(organization.name);

    // 3. An invitation by email; the invited person creates an account from the mailed link.
    await link(adminPage, t.t("members.title")).click();
    const membersPath = paths.members("en", organization.slug);
    expect(pathOf(adminPage)).toBe(membersPath);
    expect((await rowCells(adminPage, admin.email)).slice(0, 2)).toEqual([admin.name, admin.email]);
    expect(await field(adminPage, t.t("members.roleOf", { name: admin.name })).inputValue()).toBe("owner");
    await field(adminPage, t.t("field.email")).fill(organizer.email);
    await field(adminPage, t.t("members.role")).selectOption({ label: t.t("role.organizer") });
    await button(adminPage, t.t("members.sendInvite")).click();
    expect(pathOf(adminPage)).toBe(membersPath);
    expect(await adminPage.getByRole("status").textContent()).toBe(
      t.t("members.invited", { email: organizer.email }),
    );

    await openMail(organizerPage, app.origin, t, organizer.email, t.t("mail.link.invitation.subject"));
    await organizerPage.getByRole("link", { name: /\/invitations\// }).click();
    expect(pathOf(organizerPage)).toMatch(/^\/en\/invitations\/\d+-[\w-]+$/);
    expect(await heading(organizerPage)).toBe(t.t("invitation.title"));
    const invitation = t.t("invitation.body", {
      organization: organization.name,
      role: t.t("role.organizer"),
    });
    expect(await organizerPage.getByText(invitation, { exact: true }).count()).toBe(1);
    await field(organizerPage, t.t("field.name")).fill(organizer.name);
    await field(organizerPage, t.t("field.newPassword")).fill(organizer.password);
    await button(organizerPage, t.t("invitation.acceptCreate")).click();
    expect(pathOf(organizerPage)).toBe(organizationPath);
    expect(await heading(organizerPage)).toBe(organization.name);
    // An organizer writes actions but does not manage the organization's members.
    expect(await link(organizerPage, t.t("action.new")).count()).toBe(1);
    expect(await link(organizerPage, t.t("members.title")).count()).toBe(0);

    await adminPage.reload();
    expect((await rowCells(adminPage, organizer.email)).slice(0, 2)).toEqual([
      organizer.name,
      organizer.email,
    ]);
    expect(await field(adminPage, t.t("members.roleOf", { name: organizer.name })).inputValue()).toBe(
      "organizer",
    );

    // 4. The organizer drafts the action in both languages.
    await link(organizerPage, t.t("action.new")).click();
    expect(pathOf(organizerPage)).toBe(paths.newAction("en", organization.slug));
    await field(organizerPage, t.t("action.type")).selectOption("petition");
    await field(organizerPage, t.t("editor.slug")).fill(action.slug);
    await field(organizerPage, t.t("action.date")).fill(action.date);
    await field(organizerPage, t.t("editor.goal")).fill(action.goal);
    await fillActionTexts(organizerPage, "editor.english", action.en);
    await fillActionTexts(organizerPage, "editor.spanish", action.es);
    await fillTarget(organizerPage);
    await button(organizerPage, t.t("form.save")).click();
    const dashboardPath = pathOf(organizerPage);
    const idMatch = new RegExp(`^/en/admin/o/${organization.slug}/actions/(\\d+)$`).exec(dashboardPath);
    expect(idMatch, `dashboard path ${dashboardPath}`).not.toBeNull();
    const actionId = Number(idMatch![1]);
    expect(await heading(organizerPage)).toBe(action.en.title);
    expect(await badge(organizerPage)).toBe(t.t("status.draft"));

    await link(organizerPage, t.t("dashboard.preview")).click();
    expect(pathOf(organizerPage)).toBe(paths.previewAction("en", organization.slug, actionId));
    expect(await heading(organizerPage)).toBe(action.en.title);
    await organizerPage.goto(url(paths.previewAction("es", organization.slug, actionId)));
    expect(await organizerPage.locator("html").getAttribute("lang")).toBe("es");
    expect(await heading(organizerPage)).toBe(action.es.title);
    expect(await organizerPage.locator("p.summary").textContent()).toBe(action.es.summary);

    const publicPath = paths.action("en", action.slug);
    expect((await visitorPage.goto(url(publicPath)))?.status(), "a draft is not public").toBe(404);

    // 5. Publishing makes the public page.
    await organizerPage.goto(url(dashboardPath));
    await button(organizerPage, t.t("step.publish")).click();
    expect(pathOf(organizerPage)).toBe(dashboardPath);
    expect(await badge(organizerPage)).toBe(t.t("status.published"));
    expect((await visitorPage.goto(url(publicPath)))?.status()).toBe(200);
    expect(await heading(visitorPage)).toBe(action.en.title);

    // 6. A visitor signs and confirms through the mailed link.
    expect((await shownCount(visitorPage)).count).toBe(0);
    expect(await fillAndSign(visitorPage, t, signer)).toBe(303);
    expect(pathOf(visitorPage)).toBe(paths.thanks("en", action.slug));
    await openMail(
      visitorPage,
      app.origin,
      t,
      signer.email,
      t.t("mail.confirm.subject", { title: action.en.title }),
    );
    await visitorPage.getByRole("link", { name: /\/confirm\// }).click();
    await button(visitorPage, t.t("confirm.button")).click();
    expect(pathOf(visitorPage)).toBe(paths.confirmed("en", action.slug));
    // Confirmed days are counted in UTC, as stored.
    const today = new Date().toISOString().slice(0, 10);

    // 7. The organizer sees the signature, the count and the chart.
    await link(organizerPage, t.t("signatures.title")).click();
    expect(pathOf(organizerPage)).toBe(paths.signatures("en", organization.slug, actionId));
    expect(await organizerPage.getByRole("status").textContent()).toBe(t.t("signatures.count", { count: 1 }));
    const cells = await rowCells(organizerPage, signer.email);
    expect(cells.slice(0, 4)).toEqual([
      signer.name,
      signer.email,
      signer.postalCode,
      t.t("signatures.confirmed"),
    ]);

    await organizerPage.goto(url(dashboardPath));
    const counted = organizerPage.getByText(t.t("action.signatures", { count: 1 }), { exact: true });
    expect(await counted.count()).toBe(1);
    expect(await organizerPage.locator("svg rect").count()).toBe(1);
    expect(await rowCells(organizerPage, today)).toEqual([today, "1"]);

    // 8. The CSV export downloads every signature.
    await link(organizerPage, t.t("signatures.title")).click();
    const downloading = organizerPage.waitForEvent("download");
    await link(organizerPage, t.t("signatures.export")).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`${action.slug}-signatures.csv`);
    const csv = await readFile(await download.path(), "utf8");
    // The byte-order mark tells spreadsheet programs the file is UTF-8.
    expect(csv.startsWith("\uFEFF"), "CSV starts with a byte-order mark").toBe(true);
    const [header, row, ...rest] = csv.slice(1).split("\r\n");
    expect(header).toBe(signatureCsvColumns.map((key) => t.t(key)).join(","));
    expect(row?.split(",").slice(0, 4)).toEqual([
      signer.name,
      signer.email,
      signer.postalCode,
      t.t("signatures.confirmed"),
    ]);
    expect(rest, "nothing after the one signature's row").toEqual([""]);

    // 9. Closing stops signing, also for a form that was open before.
    await visitorPage.goto(url(publicPath));
    await fillSignForm(visitorPage, t, lateSigner);
    await organizerPage.goto(url(dashboardPath));
    await button(organizerPage, t.t("step.close")).click();
    // Closing asks first; the confirmation page posts the same form again.
    await button(organizerPage, t.t("step.close")).click();
    expect(await badge(organizerPage)).toBe(t.t("status.closed"));

    const laterVisit = await visitorPage.context().newPage();
    expect((await laterVisit.goto(url(publicPath)))?.status()).toBe(200);
    expect(await laterVisit.getByRole("status").textContent()).toBe(t.t("action.closed"));
    expect(await laterVisit.locator("form").count()).toBe(0);
    expect((await shownCount(laterVisit)).count).toBe(1);
    expect(await pressSign(visitorPage, t), "signing a closed action").toBe(409);
    expect(await heading(visitorPage)).toBe(t.t("action.closed"));

    await organizerPage.goto(url(paths.signatures("en", organization.slug, actionId)));
    expect(await organizerPage.getByRole("status").textContent()).toBe(t.t("signatures.count", { count: 1 }));

    // 10. The same organizer pages with JavaScript, for axe (it runs inside the page).
    const scripted = await openSession(browser, app.origin, { locale: "en" });
    sessions.push(scripted);
    const page = scripted.page;
    await page.goto(url(paths.admin("en")));
    expect(pathOf(page)).toBe(paths.login("en"));
    await expectNoAxeViolations(page);
    await expectEveryFieldLabelled(page);
    const login = page.locator(`form[action^="${paths.login("en")}?"]`);
    await field(login, t.t("field.email")).fill(admin.email);
    await field(login, t.t("field.password")).fill(admin.password);
    await button(login, t.t("login.submit")).click();
    expect(pathOf(page)).toBe(paths.admin("en"));
    await expectNoAxeViolations(page);
    await expectEveryFieldLabelled(page);
    for (const path of [
      organizationPath,
      membersPath,
      paths.newAction("en", organization.slug),
      dashboardPath,
      paths.signatures("en", organization.slug, actionId),
    ]) {
      expect((await page.goto(url(path)))?.status(), path).toBe(200);
      await expectNoAxeViolations(page);
      await expectEveryFieldLabelled(page);
    }

    for (const session of sessions) await session.finish();
  }, 90_000);
});
