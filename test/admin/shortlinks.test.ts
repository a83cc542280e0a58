/** Organizers and short links: the page, creating with its error summary, deleting, QR codes, statistics. */
import jsqr from "jsqr";
import { PNG } from "pngjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setMembership } from "../../src/modules/organizations/organizations.repository.ts";
import { createTestApp, type TestApp } from "../support/app.ts";
import { type Browser, signIn } from "../support/browser-session.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  type TestOrganization,
} from "../support/fixtures.ts";

let t: TestApp;
let org: TestOrganization;
let browser: Browser;
let action: { id: number; slug: string };
let page: string;
beforeEach(async () => {
  t = await createTestApp();
  const organizer = await createAccount(t.ctx, { name: "Oscar Organizer" });
  org = await createOrganization(t.ctx, [{ account: organizer, role: "organizer" }]);
  browser = await signIn(t.app, organizer.email, organizer.password);
  action = await createAction(t.ctx, org);
  page = `/en/admin/o/${org.slug}/actions/${action.id}/links`;
});
afterEach(async () => {
  await t.close();
});

async function linkIdOf(slug: string): Promise<number> {
  const row = await t.ctx.database.db
    .selectFrom("shortlinks")
    .select("id")
    .where("slug", "=", slug)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Reads a QR code from RGBA pixels (jsqr is CommonJS: its types see the function as `default`). */
function readQr(rgba: Uint8ClampedArray, width: number, height: number): string | undefined {
  return jsqr.default(rgba, width, height)?.data;
}

/** Draws the SVG's unit squares (`M x y h1v1h-1z`) back into pixels, as a renderer would. */
function rasterizeSvg(svg: string, scale = 8): { rgba: Uint8ClampedArray; side: number; modules: number } {
  const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  const modules = Number(viewBox![1]);
  const side = modules * scale;
  const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
  const path = /<path d="([^"]+)"/.exec(svg)![1]!;
  for (const [, x, y] of path.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    for (let dy = 0; dy < scale; dy++)
      for (let dx = 0; dx < scale; dx++) {
        const at = ((Number(y) * scale + dy) * side + Number(x) * scale + dx) * 4;
        rgba[at] = rgba[at + 1] = rgba[at + 2] = 0;
      }
  }
  return { rgba, side, modules };
}

describe("the short links page", () => {
  it("says what to do while there is none, and lets an organizer create one with a notice", async () => {
    const empty = await browser.get(page);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain("This action has no short link yet.");
    expect(empty.body).toContain("No clicks yet.");
    expect(empty.body).toContain(`action="${page}#errors"`);

    const created = await browser.post(page, { slug: "Fund-The-Center", source: "flyer" });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe(page);
    const listed = await browser.get(page);
    expect(listed.body).toContain('role="status">Short link http://juntos.test/fund-the-center created.');
    expect(listed.body).toContain(">http://juntos.test/fund-the-center</a>");
    expect(listed.body).toContain('<td data-label="Source label">flyer</td>');
    // The notice is shown once.
    expect((await browser.get(page)).body).not.toContain('role="status"');
  });

  it("sends the form back with an error summary, the field's message and the values typed", async () => {
    await browser.post(page, { slug: "taken-one", source: "" });
    const cases: [Record<string, string>, string][] = [
      [{ slug: "admin", source: "" }, "Short link: This name is used by Juntos itself. Choose another."],
      [{ slug: "pinche-mierda", source: "" }, "Short link: This short link contains a word we do not allow."],
      [{ slug: "TAKEN-one", source: "" }, "Short link: This short link is already taken. Choose another."],
      [{ slug: "no spaces", source: "" }, "Short link: Use only letters a to z"],
      [{ slug: "fine-one", source: "two words" }, "Source label: Use up to 40 letters"],
    ];
    for (const [form, summary] of cases) {
      const response = await browser.post(page, form);
      expect(response.statusCode, form.slug).toBe(422);
      expect(response.body, form.slug).toContain('id="errors"');
      expect(response.body, form.slug).toContain(summary);
      expect(response.body, form.slug).toContain(`value="${form.slug}"`);
    }
    const rows = await t.ctx.database.db.selectFrom("shortlinks").select("slug").execute();
    expect(rows).toEqual([{ slug: "taken-one" }]);
  });

  it("is in Spanish under /es", async () => {
    await browser.post(page, { slug: "fondos", source: "" });
    const spanish = await browser.get(page.replace("/en/", "/es/"));
    expect(spanish.body).toContain("Enlaces cortos de «Financien el centro de jornaleros»");
    expect(spanish.body).toContain("Se creó el enlace corto http://juntos.test/fondos.");
    expect(spanish.body).toContain("PNG para imprimir");
  });

  it("asks before deleting, then deletes with a notice, and the address stops working", async () => {
    await browser.post(page, { slug: "short-lived", source: "" });
    const id = await linkIdOf("short-lived");
    const remove = `${page}/${id}/delete`;
    const asked = await browser.post(remove, {});
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain("Delete this short link?");
    expect(asked.body).toContain("http://juntos.test/short-lived will stop working");
    expect(asked.body).toContain('name="confirm" value="yes"');
    expect((await t.app.inject("/short-lived")).statusCode).toBe(302);

    const done = await browser.post(remove, { confirm: "yes" });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(page);
    expect((await browser.get(page)).body).toContain("Short link http://juntos.test/short-lived deleted.");
    expect((await t.app.inject("/short-lived")).statusCode).toBe(404);
    expect((await browser.post(remove, { confirm: "yes" })).statusCode).toBe(404);
  });

  it("shows a viewer the links and clicks, without the form or delete buttons", async () => {
    await browser.post(page, { slug: "for-viewers", source: "" });
    const viewer = await createAccount(t.ctx);
    await setMembership(t.ctx.database.db, org.id, viewer.id, "viewer", new Date().toISOString());
    const viewing = await signIn(t.app, viewer.email, viewer.password);
    const seen = await viewing.get(page);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).toContain("http://juntos.test/for-viewers");
    expect(seen.body).not.toContain('name="slug"');
    expect(seen.body).not.toContain("/delete");
  });

  it("shows the clicks per day, referring sites and devices", async () => {
    await browser.post(page, { slug: "clicked", source: "" });
    const phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) Mobile/15E148 Safari/604.1";
    for (let i = 0; i < 3; i++)
      await t.app.inject({
        url: "/clicked",
        headers: { "user-agent": phone, referer: "https://m.facebook.com/groups/1/posts/2" },
      });
    await t.app.inject({
      url: "/clicked",
      headers: { "user-agent": "Mozilla/5.0 (Windows NT 10.0) Chrome/119" },
    });
    await t.ctx.shortlinks.flushClicks();
    const body = (await browser.get(page)).body;
    expect(body).toContain("4 clicks in all");
    expect(body).toContain('aria-labelledby="click-chart-title"');
    expect(body).toContain("Clicks on the short links over the last 30 days (UTC)");
    expect(body).toContain(`<td data-label="Day">${new Date().toISOString().slice(0, 10)}</td>`);
    expect(body).toContain('<td data-label="Site">m.facebook.com</td><td data-label="Clicks">3</td>');
    expect(body).toContain('<td data-label="Site">None (typed, scanned or opened from an app)</td>');
    expect(body).toContain('<td data-label="Device">Phone</td><td data-label="Clicks">3</td>');
    expect(body).toContain('<td data-label="Device">Computer</td><td data-label="Clicks">1</td>');
    expect(body).toContain('<td data-label="Clicks">4</td>');
    // The action's dashboard shows the same clicks next to its signatures, and links here.
    const dashboard = (await browser.get(`/en/admin/o/${org.slug}/actions/${action.id}`)).body;
    expect(dashboard).toContain("4 clicks in all");
    expect(dashboard).toContain('<td data-label="Site">m.facebook.com</td><td data-label="Clicks">3</td>');
    expect(dashboard).toContain(`href="${page}">Short links</a>`);
    const owner = await createAccount(t.ctx);
    await setMembership(t.ctx.database.db, org.id, owner.id, "owner", new Date().toISOString());
    const asOwner = await signIn(t.app, owner.email, owner.password);
    const audit = (await asOwner.get(`/en/admin/o/${org.slug}/audit?kind=shortlink`)).body;
    expect(audit).toContain("Made the short link /clicked for “");
  });
});

describe("a short link's QR code", () => {
  it("decodes to the exact short link address, as PNG for print and as SVG", async () => {
    await browser.post(page, { slug: "OptOut-Now", source: "flyer" });
    const id = await linkIdOf("optout-now");
    const png = await browser.get(`${page}/${id}/qr.png`);
    expect(png.statusCode).toBe(200);
    expect(png.headers["content-type"]).toBe("image/png");
    expect(png.headers["content-disposition"]).toBe('attachment; filename="optout-now-qr.png"');
    const image = PNG.sync.read(png.rawPayload);
    // 20 pixels a module: big enough to print; a 4-module white quiet zone all round.
    expect(image.width).toBe(image.height);
    expect(image.width % 20).toBe(0);
    expect(image.width).toBeGreaterThanOrEqual(600);
    for (let x = 0; x < image.width; x++) expect(image.data[x * 4]).toBe(255);
    expect(readQr(new Uint8ClampedArray(image.data), image.width, image.height)).toBe(
      "http://juntos.test/optout-now",
    );

    const svg = await browser.get(`${page}/${id}/qr.svg`);
    expect(svg.statusCode).toBe(200);
    expect(svg.headers["content-type"]).toMatch(/^image\/svg\+xml/);
    expect(svg.headers["content-disposition"]).toBe('attachment; filename="optout-now-qr.svg"');
    const drawn = rasterizeSvg(svg.body);
    // The same code in both: as many modules a side.
    expect(drawn.modules).toBe(image.width / 20);
    expect(readQr(drawn.rgba, drawn.side, drawn.side)).toBe("http://juntos.test/optout-now");
  });

  it("is not found for a link of another action", async () => {
    const other = await createAction(t.ctx, org);
    await browser.post(`/en/admin/o/${org.slug}/actions/${other.id}/links`, {
      slug: "other-one",
      source: "",
    });
    const id = await linkIdOf("other-one");
    expect((await browser.get(`${page}/${id}/qr.png`)).statusCode).toBe(404);
    expect((await browser.post(`${page}/${id}/delete`, { confirm: "yes" })).statusCode).toBe(404);
    expect(await linkIdOf("other-one")).toBe(id);
  });
});
