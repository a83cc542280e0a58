/**
 * The whole coalition in Chromium, as its people meet it: the sponsor invites a partner by
 * email; the partner's new owner accepts from the dev mailbox, makes a short link and lists its
 * site for the widget; a supporter follows the partner's short link, then signs through the
 * widget on the partner's site (another loopback origin) with consent to the partner only;
 * another signs through the link sharing with nobody. The partner's export holds the first and
 * not the second, the sponsor's leaderboard counts both for the partner, and the same widget on
 * a site not on the list is refused by the browser.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/translator.ts";
import { paths } from "../../src/views/paths.ts";
import { createAccount, createAction, createOrganization } from "../support/fixtures.ts";
import {
  fillSignForm,
  forTheFile,
  openMail,
  openSession,
  pathOf,
  pressSign,
  type RunningApp,
} from "./harness.ts";

let app: RunningApp;
let browser: Browser;
forTheFile((started, launched) => {
  app = started;
  browser = launched;
});

const en = translator("en");
const es = translator("es");
const sites: Server[] = [];
afterAll(async () => {
  await Promise.all(sites.map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A partner's site on a loopback origin of its own: one page with whatever snippet it was given. */
async function partnerSite(snippet: () => string): Promise<string> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(
      `<!doctype html><html lang="es"><head><title>Frente Fresno</title></head><body>` +
        `<h1>Nuestra campaña</h1>${snippet()}</body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  sites.push(server);
  return `http://localhost:${(server.address() as AddressInfo).port}`;
}

const button = (page: Page, name: string) => page.getByRole("button", { name, exact: true });

async function signIn(page: Page, account: { email: string; password: string }): Promise<void> {
  await page.goto(app.origin + paths.login("en"));
  const form = page.locator(`form[action="${paths.login("en")}"]`);
  await form.getByLabel(en.t("field.email"), { exact: true }).fill(account.email);
  await form.getByLabel(en.t("field.password"), { exact: true }).fill(account.password);
  await button(form as unknown as Page, en.t("login.submit")).click();
  expect(pathOf(page)).toBe(paths.admin("en"));
}

/** Opens the Spanish confirmation mail to `email` and presses its button. */
async function confirm(page: Page, email: string, title: string): Promise<void> {
  await openMail(page, app.origin, es, email, es.t("mail.confirm.subject", { title }));
  await page.getByRole("link", { name: /\/confirm\// }).click();
  await button(page, es.t("confirm.button")).click();
  expect(pathOf(page)).toMatch(/\/confirmed$/);
}

describe("a coalition in the browser", () => {
  // Five people, two sites and four mails: a minute on a loaded machine, beside the other files.
  it("invites a partner by email, who recruits through its short link and widget and receives only the signers who consented to it", {
    timeout: 120_000,
  }, async () => {
    const sponsorOwner = await createAccount(app.ctx, { name: "Sofía Sponsor" });
    const sponsorOrg = await createOrganization(app.ctx, [{ account: sponsorOwner, role: "owner" }]);
    const action = await createAction(app.ctx, sponsorOrg);
    const titleEs = "Financien el centro de jornaleros";
    let snippet = "";
    const listedSite = await partnerSite(() => snippet);
    const otherSite = await partnerSite(() => snippet);

    // The sponsor invites an organization that has no account, by email, in Spanish.
    const sponsor = await openSession(browser, app.origin, { locale: "en", javaScriptEnabled: false });
    await signIn(sponsor.page, sponsorOwner);
    await sponsor.page.goto(app.origin + paths.cosponsors("en", sponsorOrg.slug, action.id));
    const invite = sponsor.page.locator(
      `form[action^="${paths.inviteCosponsorByEmail("en", sponsorOrg.slug, action.id)}"]`,
    );
    await invite.getByLabel(en.t("cosponsors.emailInvite.organization")).fill("Frente Fresno");
    await invite.getByLabel(en.t("cosponsors.emailInvite.email")).fill("ana@frente.example");
    await invite.getByLabel(en.t("cosponsors.emailInvite.locale")).selectOption("es");
    await invite.getByRole("button", { name: en.t("cosponsors.emailInvite.button") }).click();
    expect(await sponsor.page.locator("p.notice[role=status]").count()).toBe(1);

    // Its new owner accepts from the mail: one form makes the account, the organization and the
    // co-sponsorship, and lands on the partner's own page of the action.
    const partner = await openSession(browser, app.origin, { locale: "es", javaScriptEnabled: false });
    const subject = es.t("mail.cosponsorInvitation.subject", {
      sponsor: sponsorOrg.name,
      organization: "Frente Fresno",
      title: titleEs,
    });
    await openMail(partner.page, app.origin, es, "ana@frente.example", subject);
    await partner.page.getByRole("link", { name: /\/cosponsor-invitations\// }).click();
    await partner.page.getByLabel(es.t("field.name"), { exact: true }).fill("Ana Árbol");
    await partner.page
      .getByLabel(es.t("field.newPassword"), { exact: true })
      .fill("a long enough passphrase");
    await button(partner.page, es.t("cosponsorInvitation.acceptCreate")).click();
    const partnerSlug = "frente-fresno";
    expect(pathOf(partner.page)).toBe(paths.partnerAction("es", partnerSlug, action.id));

    // It makes its own short link, and lists its site for its widget.
    await partner.page.getByLabel(es.t("shortlinks.slug"), { exact: true }).fill("frente-firma");
    await button(partner.page, es.t("shortlinks.create")).click();
    expect(await partner.page.locator("p.notice[role=status]").count()).toBe(1);
    await partner.page.goto(app.origin + paths.adminWidget("es", partnerSlug, action.id));
    await partner.page.getByLabel(es.t("widgets.origins"), { exact: true }).fill(listedSite);
    await button(partner.page, es.t("widgets.save")).click();
    expect(await partner.page.locator("p.notice[role=status]").count()).toBe(1);
    snippet = await partner.page.locator("#snippet-es").inputValue();
    expect(snippet).toContain(`ref=${partnerSlug}`);

    // A supporter follows the partner's short link (with JavaScript, as on a phone), then signs
    // through the widget on the partner's site, sharing with the partner only.
    const supporter = await openSession(browser, app.origin, { locale: "es" });
    await supporter.page.goto(`${app.origin}/frente-firma`);
    expect(pathOf(supporter.page)).toBe(paths.action("es", action.slug));
    expect(new URL(supporter.page.url()).searchParams.get("ref")).toBe(partnerSlug);
    expect(await supporter.page.locator("p.partner").textContent()).toContain("Frente Fresno");
    // The partner's site is another origin: the supporter's session checks that our pages ask
    // nothing of other origins, so the embedding page gets a context of its own.
    const embeddingContext = await browser.newContext({ locale: "es-MX" });
    const embedding = await embeddingContext.newPage();
    await embedding.goto(listedSite);
    const frameElement = embedding.locator("iframe");
    await frameElement.waitFor();
    const frame = (await (await frameElement.elementHandle())!.contentFrame())!;
    await frame.waitForSelector("form");
    await frame.getByLabel(es.t("sign.name"), { exact: true }).fill("Dolores Huerta");
    await frame.getByLabel(es.t("sign.email"), { exact: true }).fill("dolores@coalition.example");
    await frame.getByLabel(es.t("sign.postalCode"), { exact: true }).fill("93215");
    await frame.getByLabel(es.t("sign.consentPartner", { partner: "Frente Fresno" })).check();
    await button(frame as unknown as Page, es.t("sign.submit")).click();
    await frame.waitForURL(/\/widget\/thanks/);
    expect(await frame.locator("h1").textContent()).toBe(es.t("thanks.title"));
    await embeddingContext.close();
    await confirm(supporter.page, "dolores@coalition.example", titleEs);

    // Another follows the same short link and shares with nobody.
    const another = await openSession(browser, app.origin, { locale: "es", javaScriptEnabled: false });
    await another.page.goto(`${app.origin}/frente-firma`);
    await fillSignForm(another.page, es, {
      name: "Ramón Ramírez",
      email: "ramon@coalition.example",
      postalCode: "97402",
    });
    expect(await pressSign(another.page, es)).toBe(303);
    await confirm(another.page, "ramon@coalition.example", titleEs);

    // The partner's export holds the one who consented to it, and nobody else.
    await partner.page.goto(app.origin + paths.partnerSigners("es", partnerSlug, action.id));
    expect(await partner.page.locator("tbody").textContent()).toContain("Dolores Huerta");
    const csv = await partner.page.request.get(
      app.origin + paths.partnerSignersCsv("es", partnerSlug, action.id),
    );
    expect(csv.status()).toBe(200);
    const exported = await csv.text();
    expect(exported).toContain("dolores@coalition.example");
    expect(exported).not.toContain("ramon@coalition.example");

    // The sponsor's leaderboard counts both confirmed signatures for the partner.
    await sponsor.page.goto(app.origin + paths.partners("en", sponsorOrg.slug, action.id));
    const row = sponsor.page.locator("tbody tr").filter({ hasText: "Frente Fresno" });
    expect(await row.locator(`td[data-label="${en.t("partners.confirmed")}"]`).textContent()).toBe("2");

    // The same snippet on a site the partner did not list: the browser refuses the frame.
    const stranger = await browser.newContext();
    try {
      const page = await stranger.newPage();
      await page.goto(otherSite);
      const refused = page.locator("iframe");
      await refused.waitFor();
      const refusedFrame = (await (await refused.elementHandle())!.contentFrame())!;
      await expect.poll(() => refusedFrame.url()).toMatch(/^chrome-error:/);
      expect(await refusedFrame.locator("form").count()).toBe(0);
    } finally {
      await stranger.close();
    }

    await sponsor.finish();
    await partner.finish();
    await another.finish();
    await supporter.finish();
  });
});
