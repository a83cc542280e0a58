/**
 * The admin patterns as an organizer meets them, on a desktop without JavaScript and on a phone
 * with it: error summaries that link to their fields, a notice after every change, a question
 * before every destructive step (cancel and confirm), an archive that can be undone, and a
 * renamed organization reaching its public page. Then axe on every admin page.
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
const desktop = { width: 1280, height: 900 };
const phone = { width: 390, height: 844 };

const button = (page: Page, name: string) => page.getByRole("button", { name, exact: true });
const link = (page: Page, name: string) => page.getByRole("link", { name, exact: true });
const heading = async (page: Page) => ((await page.locator("h1").textContent()) ?? "").trim();
const notice = async (page: Page) =>
  ((await page.locator("p.notice[role=status]").textContent()) ?? "").trim();

/** Nothing on the page needs a sideways scroll: tables stack, forms wrap. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `sideways scroll on ${pathOf(page)}`).toBeLessThanOrEqual(0);
}

/** An owner's organization with an organizer, a published action and two signatures. */
async function organizationToWorkOn(label: string) {
  const owner = await createAccount(app.ctx, { name: `Olivia Owner ${label}` });
  const organizer = await createAccount(app.ctx, { name: `Omar Organizer ${label}` });
  const org = await createOrganization(app.ctx, [
    { account: owner, role: "owner" },
    { account: organizer, role: "organizer" },
  ]);
  const action = await createAction(app.ctx, org);
  await sign(
    app.ctx,
    action.slug,
    [
      { name: "Dolores Huerta", email: `dolores.${label}@example.org`, postalCode: "93215" },
      { name: "Ramón Ramírez", email: `ramon.${label}@example.org`, postalCode: "97402" },
    ],
    true,
  );
  return { owner, organizer, org, action };
}

async function signInAs(page: Page, account: { email: string; password: string }): Promise<void> {
  await page.goto(app.origin + paths.login("en"));
  const form = page.locator(`form[action="${paths.login("en")}"]`);
  await form.getByLabel(t.t("field.email"), { exact: true }).fill(account.email);
  await form.getByLabel(t.t("field.password"), { exact: true }).fill(account.password);
  await form.getByRole("button", { name: t.t("login.submit"), exact: true }).click();
  expect(pathOf(page)).toBe(paths.admin("en"));
}

const walks = [
  { name: "on a desktop without JavaScript", viewport: desktop, javaScriptEnabled: false },
  { name: "on a phone with JavaScript", viewport: phone, javaScriptEnabled: true },
] as const;

describe("the admin patterns in the browser", () => {
  for (const walk of walks) {
    it(`summarizes errors, confirms, notifies, undoes an archive and renames ${walk.name}`, async () => {
      const label = walk.javaScriptEnabled ? "js" : "nojs";
      const { owner, organizer, org, action } = await organizationToWorkOn(label);
      const session = await openSession(browser, app.origin, {
        locale: "en",
        javaScriptEnabled: walk.javaScriptEnabled,
        viewport: walk.viewport,
      });
      const page = session.page;
      const visitor = await page.context().newPage();
      await signInAs(page, owner);

      // 1. The organization switcher and sections lead to the profile.
      await link(page, org.name).click();
      expect(pathOf(page)).toBe(paths.organization("en", org.slug));
      await link(page, t.t("organization.profile")).click();
      expect(pathOf(page)).toBe(paths.organizationProfile("en", org.slug));

      // 2. A refused form: the summary is on screen first and links to the field; values stay.
      await page.getByLabel(t.t("organization.website"), { exact: true }).fill("https://no-dot-here");
      await page.getByLabel(t.t("organization.city"), { exact: true }).fill("Fresno");
      await button(page, t.t("form.save")).click();
      const summary = page.locator("#errors");
      await expect.poll(() => summary.isVisible()).toBe(true);
      expect(new URL(page.url()).hash).toBe("#errors");
      const box = await summary.boundingBox();
      // Scrolled to its top (within a sub-pixel) and not below the fold.
      expect(box && box.y > -1 && box.y < walk.viewport.height, "the summary is in view").toBe(true);
      const toField = summary.getByRole("link", { name: new RegExp(`^${t.t("organization.website")}: `) });
      await toField.click();
      expect(new URL(page.url()).hash).toBe("#f-website");
      if (walk.javaScriptEnabled)
        expect(await page.evaluate(() => document.activeElement?.id)).toBe("f-website");
      expect(await page.getByLabel(t.t("organization.city"), { exact: true }).inputValue()).toBe("Fresno");
      await expectNoSidewaysScroll(page);

      // 3. Fixed and renamed: a notice says so once, and the public page shows the new name.
      const renamed = `Renamed Union ${label}`;
      await page.getByLabel(t.t("organization.name"), { exact: true }).fill(renamed);
      await page.getByLabel(t.t("organization.website"), { exact: true }).fill("https://union.example.org");
      await button(page, t.t("form.save")).click();
      expect(await notice(page)).toBe(t.t("notice.profileSaved"));
      await page.reload();
      expect(await page.locator("p.notice").count(), "a notice is shown once").toBe(0);
      await expect
        .poll(
          async () => {
            await visitor.goto(app.origin + paths.action("en", action.slug));
            return (await visitor.locator("main").textContent()) ?? "";
          },
          { timeout: 4_000 },
        )
        .toContain(renamed);

      // 4. Archiving asks first; cancel changes nothing; confirming archives; restoring undoes it.
      const dashboard = paths.adminAction("en", org.slug, action.id);
      await page.goto(app.origin + dashboard);
      await button(page, t.t("step.archive")).click();
      expect(await heading(page)).toMatch(/^Archive “.+”\?$/);
      await page.getByText(t.t("confirm.undoable"), { exact: true }).waitFor();
      await link(page, t.t("confirm.cancel")).click();
      expect(pathOf(page)).toBe(dashboard);
      expect(await page.locator("main .badge").first().textContent()).toBe(t.t("status.published"));
      await button(page, t.t("step.archive")).click();
      await button(page, t.t("step.archive")).click();
      expect(pathOf(page)).toBe(dashboard);
      expect(await notice(page)).toBe(t.t("notice.actionArchived"));
      expect(await page.locator("main .badge").first().textContent()).toBe(t.t("status.archived"));
      await expectNoSidewaysScroll(page);
      await button(page, t.t("step.unarchive")).click();
      expect(await notice(page)).toBe(t.t("notice.actionUnarchived"));
      expect(await page.locator("main .badge").first().textContent()).toBe(t.t("status.published"));

      // 5. Invalidating a signature asks; the search finds "Ramírez" as "ramirez".
      await page.goto(`${app.origin + paths.signatures("en", org.slug, action.id)}?q=ramirez`);
      const row = page.getByRole("row").filter({ hasText: "Ramón Ramírez" });
      expect(await row.count()).toBe(1);
      await expectNoSidewaysScroll(page);
      await row.getByRole("button", { name: t.t("signatures.invalidate"), exact: true }).click();
      await button(page, t.t("signatures.invalidate")).click();
      expect(await notice(page)).toBe(t.t("notice.signatureInvalidated"));

      // 6. Removing a member asks, then says it is done.
      await page.goto(app.origin + paths.members("en", org.slug));
      await expectNoSidewaysScroll(page);
      await page
        .getByLabel(t.t("members.roleOf", { name: organizer.name }), { exact: true })
        .selectOption("remove");
      await page
        .getByRole("row")
        .filter({ hasText: organizer.email })
        .getByRole("button", { name: t.t("form.save"), exact: true })
        .click();
      expect(await heading(page)).toBe(t.t("members.removeTitle"));
      await button(page, t.t("members.remove")).click();
      expect(pathOf(page)).toBe(paths.members("en", org.slug));
      expect(await notice(page)).toBe(t.t("notice.memberRemoved"));
      expect(await page.getByRole("row").filter({ hasText: organizer.email }).count()).toBe(0);

      // 7. The audit log tells all of it in sentences.
      await link(page, t.t("audit.title")).click();
      const log = (await page.locator("main table").textContent()) ?? "";
      for (const sentence of [
        "Updated the organization's profile.",
        "Archived “",
        "Restored “",
        "Invalidated the signature of Ramón Ramírez",
        "Removed ",
      ])
        expect(log, sentence).toContain(sentence);
      await expectNoSidewaysScroll(page);

      await visitor.close();
      await session.finish();
    });
  }

  it("preselects the browser's time zone while the organization's is still the default", async () => {
    const { owner, org } = await organizationToWorkOn("zone");
    for (const javaScriptEnabled of [true, false]) {
      const session = await openSession(browser, app.origin, {
        locale: "en",
        javaScriptEnabled,
        timezoneId: "America/Los_Angeles",
      });
      await signInAs(session.page, owner);
      await session.page.goto(app.origin + paths.organizationProfile("en", org.slug));
      const zone = session.page.getByLabel(t.t("organization.timeZone"), { exact: true });
      expect(await zone.inputValue(), `JavaScript ${javaScriptEnabled}`).toBe(
        javaScriptEnabled ? "America/Los_Angeles" : "UTC",
      );
      await session.finish();
    }
  });

  it("passes axe on every admin page, the new ones included", async () => {
    const { owner, org, action } = await organizationToWorkOn("axe");
    // A pending invitation and a short link, so their tables are on the pages axe reads.
    const access = await app.ctx.organizations.access(
      { accountId: owner.id, isPlatformAdmin: false },
      org.slug,
    );
    await app.ctx.organizations.invite(access, "pending.axe@example.org", "viewer", "en");
    await app.ctx.shortlinks.create(access, action.id, { slug: "axe-link", source: "radio" });
    // The organization as a partner of another's action: its link, and a signer who shared with it.
    const sponsor = await organizationToWorkOn("axe-sponsor");
    await app.ctx.cosponsors.addApproved(sponsor.action.id, org.id);
    await app.ctx.cosponsors.addApproved(action.id, sponsor.org.id);
    await app.ctx.partners.createLink(access, sponsor.action.id, { slug: "axe-partner", source: "" });
    await sign(
      app.ctx,
      sponsor.action.slug,
      [{ name: "Cesar Chavez", email: "cesar.axe@example.org", partnerId: org.id, consentPartner: true }],
      true,
    );
    const session = await openSession(browser, app.origin, { locale: "en", viewport: desktop });
    const page = session.page;
    await signInAs(page, owner);
    const pages = [
      paths.admin("en"),
      paths.account("en"),
      paths.organization("en", org.slug),
      paths.organizationProfile("en", org.slug),
      paths.members("en", org.slug),
      paths.auditLog("en", org.slug),
      paths.newAction("en", org.slug),
      paths.adminAction("en", org.slug, action.id),
      paths.editAction("en", org.slug, action.id),
      paths.signatures("en", org.slug, action.id),
      `${paths.signatures("en", org.slug, action.id)}?q=nobody-signed-like-this`,
      `${paths.adminAction("en", org.slug, action.id)}/links`,
      paths.partners("en", org.slug, action.id),
      paths.partnerAction("en", org.slug, sponsor.action.id),
      paths.partnerSigners("en", org.slug, sponsor.action.id),
      paths.previewAction("en", org.slug, action.id),
      paths.adminDelivery("en", org.slug, action.id),
      paths.admin("es"),
      paths.members("es", org.slug),
    ];
    for (const path of pages) {
      expect((await page.goto(app.origin + path))?.status(), path).toBe(200);
      await expectNoAxeViolations(page);
      await expectEveryFieldLabelled(page);
    }
    // Pages that only a POST shows: a refused form and a confirmation step.
    await page.goto(app.origin + paths.organizationProfile("en", org.slug));
    await page.getByLabel(t.t("organization.name"), { exact: true }).fill("");
    await page.evaluate(() =>
      document.querySelector("form[action$='#errors'] input[name=name]")?.removeAttribute("required"),
    );
    await button(page, t.t("form.save")).click();
    await page.locator("#errors").waitFor();
    await expectNoAxeViolations(page);
    await page.goto(app.origin + paths.adminAction("en", org.slug, action.id));
    await button(page, t.t("step.close")).click();
    expect(await heading(page)).toMatch(/^Close signing on/);
    await expectNoAxeViolations(page);
    await session.finish();
    // Twenty pages through axe take longer than one test's default.
  }, 240_000);
});
