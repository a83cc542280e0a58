/**
 * Where signers are: the organizers' page, the sponsor's switch (CSRF, audit, notice), the public
 * map only while it is on, and the map itself (valid SVG under 100 KB, titled, with its table).
 */
import { Resvg } from "@resvg/resvg-js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.ts";
import { type Browser, signIn } from "../support/browser-session.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  type Signer,
  sign,
  type TestOrganization,
} from "../support/fixtures.ts";

let t: TestApp;
let sponsor: TestOrganization;
let organizer: Browser;
let action: { id: number; slug: string };
beforeEach(async () => {
  t = await createTestApp();
  const account = await createAccount(t.ctx, { name: "Oscar Organizer" });
  sponsor = await createOrganization(t.ctx, [{ account, role: "organizer" }]);
  organizer = await signIn(t.app, account.email, account.password);
  action = await createAction(t.ctx, sponsor, { form: { slug: "optoutnow" } });
});
afterEach(async () => {
  await t.close();
});

const adminPage = (id = action.id, locale = "en") =>
  `/${locale}/admin/o/${sponsor.slug}/actions/${id}/geography`;
const publicMap = (locale = "en") => `/${locale}/a/${action.slug}/map`;

let signerNumber = 0;
const signers = (postalCode: string, count: number): Signer[] =>
  Array.from({ length: count }, () => {
    signerNumber++;
    return { name: `Signer ${signerNumber}`, email: `signer-${signerNumber}@example.org`, postalCode };
  });

/** The model action's signers: the counties that asked to leave S-Comm, and others across the country. */
async function signModelAction() {
  await sign(
    t.ctx,
    action.slug,
    [
      ...signers("94110", 5), // San Francisco, CA
      ...signers("94103-2201", 2), // San Francisco (ZIP+4): 7
      ...signers("95112", 3), // Santa Clara, CA: fewer than 5
      ...signers("94301", 1), // Palo Alto: Santa Clara too, 4 in all
      ...signers("90012", 1), // Los Angeles, CA
      ...signers("94612", 1), // Alameda, CA
      ...signers("22201", 6), // Arlington, VA
      ...signers("22030", 1), // Fairfax, VA
      ...signers("23219", 1), // Richmond city, VA
      ...signers("20001", 1), // District of Columbia
      ...signers("10001", 2), // New York, NY
      ...signers("60601", 1), // Cook, IL
      ...signers("77002", 1), // Harris, TX
      ...signers("98101", 1), // King, WA
      ...signers("33130", 1), // Miami-Dade, FL
      ...signers("85004", 1), // Maricopa, AZ
      ...signers("06510", 1), // New Haven, CT: a planning region the map's shapes lack
      ...signers("SW1A 1AA", 1), // London: unknown
    ],
    true,
  );
  // Pending signatures do not count.
  await sign(t.ctx, action.slug, signers("95112", 3), false);
}

/** The map element of a page, as its own SVG document. */
function svgOf(html: string): string {
  const svg = /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox=[\s\S]*?<\/svg>/.exec(html)?.[0];
  if (!svg) throw new Error("no map in the page");
  return svg;
}

describe("the organizers' page of where signers are", () => {
  it("shows counts by state and county, under 5 as 'fewer than 5', linked from the action", async () => {
    await signModelAction();
    const dashboard = await organizer.get(`/en/admin/o/${sponsor.slug}/actions/${action.id}`);
    expect(dashboard.body).toContain(`href="${adminPage()}"`);
    const page = await organizer.get(adminPage());
    expect(page.statusCode).toBe(200);
    const body = page.body;
    expect(body).toContain("31 confirmed signatures in all.");
    expect(body).toMatch(/<th scope="row">California, all counties<\/th><td data-label="Signers">13<\/td>/);
    expect(body).toMatch(
      /<td data-label="State or county">San Francisco, California<\/td><td data-label="Signers">7<\/td>/,
    );
    expect(body).toMatch(
      /<td data-label="State or county">Santa Clara, California<\/td><td data-label="Signers">fewer than 5<\/td>/,
    );
    expect(body).toMatch(/<th scope="row">Virginia, all counties<\/th><td data-label="Signers">8<\/td>/);
    expect(body).toMatch(
      /<td data-label="State or county">Arlington, Virginia<\/td><td data-label="Signers">6<\/td>/,
    );
    expect(body).toMatch(
      /<th scope="row">New York, all counties<\/th><td data-label="Signers">fewer than 5<\/td>/,
    );
    expect(body).toContain("outside the US, or not in the table): fewer than 5.");
    // No small number is printed in any cell.
    expect(body).not.toMatch(/<td[^>]*>[0-4]<\/td>/);
    expect(body).toContain("Only your organization sees this page. The public does not.");

    const spanish = await organizer.get(adminPage(action.id, "es"));
    expect(spanish.body).toMatch(
      /<td data-label="Estado o condado">Santa Clara, California<\/td><td data-label="Firmantes">menos de 5<\/td>/,
    );
    expect(spanish.body).toContain("Firmantes por estado y condado");
  });

  it("is not found for another organization's action, or one that does not exist", async () => {
    const other = await createOrganization(t.ctx, [{ account: await createAccount(t.ctx), role: "owner" }]);
    const theirs = await createAction(t.ctx, other);
    expect((await organizer.get(adminPage(theirs.id))).statusCode).toBe(404);
    expect((await organizer.get(adminPage(999_999))).statusCode).toBe(404);
    expect((await organizer.post(adminPage(theirs.id), { show: "yes" })).statusCode).toBe(404);
  });
});

describe("showing it to the public", () => {
  it("is off at first: no map page, and the action page has no link to it", async () => {
    await signModelAction();
    expect((await t.app.inject(publicMap())).statusCode).toBe(404);
    const page = await t.app.inject(`/en/a/${action.slug}`);
    expect(page.body).not.toContain("/map");
    expect(page.body).not.toContain("where signers are");
  });

  it("switches on and off with CSRF, an audit entry and a notice; the action page follows", async () => {
    await signModelAction();
    const before = await t.app.inject(`/en/a/${action.slug}`);

    expect((await organizer.post(adminPage(), { show: "yes" }, { csrf: null })).statusCode).toBe(403);
    expect((await t.app.inject(publicMap())).statusCode).toBe(404);

    const on = await organizer.post(adminPage(), { show: "yes" });
    expect(on.statusCode).toBe(303);
    expect(on.headers.location).toBe(adminPage());
    const after = await organizer.get(adminPage());
    expect(after.body).toContain("The public now sees where signers are");
    expect(after.body).toContain(`href="${publicMap()}"`);

    const shown = await t.app.inject(`/en/a/${action.slug}`);
    expect(shown.body).toContain(`href="${publicMap()}"`);
    const map = await t.app.inject(publicMap());
    expect(map.statusCode).toBe(200);
    expect(map.body).toMatch(
      /<td data-label="State or county">Arlington, Virginia<\/td><td data-label="Signers">about 5<\/td>/,
    );
    expect(map.body).toMatch(
      /<td data-label="State or county">Santa Clara, California<\/td><td data-label="Signers">fewer than 5<\/td>/,
    );
    const spanishMap = await t.app.inject(publicMap("es"));
    expect(spanishMap.statusCode).toBe(200);
    expect(spanishMap.body).toContain("Firmantes por estado y condado");

    const again = await organizer.post(adminPage(), { show: "yes" });
    expect(again.statusCode).toBe(303);
    expect((await organizer.get(adminPage())).body).toContain("Nothing changed: it already was so.");

    const off = await organizer.post(adminPage(), { show: "no" });
    expect(off.statusCode).toBe(303);
    expect((await organizer.get(adminPage())).body).toContain("The public no longer sees where signers are.");
    expect((await t.app.inject(publicMap())).statusCode).toBe(404);
    const hidden = await t.app.inject(`/en/a/${action.slug}`);
    expect(hidden.body).not.toContain("/map");
    // Off, the page is the page it was before: not a byte more.
    expect(hidden.body.length).toBe(before.body.length);

    const audit = await t.ctx.database.db
      .selectFrom("audit_log")
      .select(["event", "subject"])
      .where("event", "like", "action.geography%")
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      { event: "action.geography_shown", subject: `action:${action.id}:${action.slug}` },
      { event: "action.geography_hidden", subject: `action:${action.id}:${action.slug}` },
    ]);
  });
});

describe("the county map", () => {
  it("is valid SVG under 100 KB with a title and description in the page's language, and a table", async () => {
    await signModelAction();
    await organizer.post(adminPage(), { show: "yes" });
    for (const [locale, title, tableLink] of [
      ["en", "Map of the counties where", "Skip the map: the same figures as a table"],
      ["es", "Mapa de los condados donde", "Saltar el mapa: las mismas cifras en una tabla"],
    ] as const) {
      const page = await t.app.inject(publicMap(locale));
      const svg = svgOf(page.body);
      expect(Buffer.byteLength(svg)).toBeLessThan(100 * 1024);
      expect(svg).toContain('role="img"');
      expect(svg).toContain('aria-labelledby="map-title map-desc"');
      expect(svg).toMatch(new RegExp(`<title id="map-title">${title}`));
      expect(svg).toMatch(/<desc id="map-desc">[^<]+<\/desc>/);
      expect(svg).not.toContain("<script");
      // resvg parses it as XML (and throws on anything malformed) and draws it.
      const drawn = new Resvg(svg, { fitTo: { mode: "width", value: 390 } }).render();
      expect(drawn.width).toBe(390);
      expect(page.body).toContain(`<a href="#signers-table">${tableLink}</a>`);
      expect(page.body).toContain('<table class="data" id="signers-table">');
    }
    const svg = svgOf((await t.app.inject(publicMap())).body);
    // One shaded path per county on the map; Connecticut's planning region is only in the table.
    expect(svg.match(/<path d="[^"]+" fill="#/g)?.length).toBe(14);
    // The public sees counts from 5 up only to their nearest 5.
    expect(svg).toContain("<title>San Francisco, California: about 5</title>");
    expect(svg).toContain("<title>Santa Clara, California: fewer than 5</title>");
    const page = (await t.app.inject(publicMap())).body;
    expect(page).toContain("South Central Connecticut, Connecticut");
  });
});
