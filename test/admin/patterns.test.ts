/**
 * The patterns every admin page shares: no caching of pages with personal data, the notice after
 * a change, error summaries that link to their fields, times in the organization's zone, and a
 * body limit that fits admin forms.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/translator.ts";
import { formatInstant } from "../../src/views/admin/patterns.tsx";
import { createTestApp, type TestApp } from "../support/app.ts";
import { Browser, signIn } from "../support/browser-session.ts";
import { createAccount, createAction, createOrganization, sign } from "../support/fixtures.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

async function ownerAndOrg() {
  const owner = await createAccount(t.ctx);
  const org = await createOrganization(t.ctx, [{ account: owner, role: "owner" }]);
  return { owner, org, browser: await signIn(t.app, owner.email, owner.password) };
}

describe("organizer pages", () => {
  it("are never kept by a browser or proxy; public pages may be", async () => {
    const { org, browser } = await ownerAndOrg();
    for (const path of ["/en/admin", `/en/admin/o/${org.slug}/members`, "/en/account"]) {
      const response = await browser.get(path);
      expect(response.statusCode, path).toBe(200);
      expect(response.headers["cache-control"], path).toBe("no-store");
    }
    expect((await new Browser(t.app).get("/en/account/login")).headers["cache-control"]).toBe("no-store");
    const action = await createAction(t.ctx, org);
    const publicPage = await new Browser(t.app).get(`/en/a/${action.slug}`);
    expect(publicPage.statusCode).toBe(200);
    expect(publicPage.headers["cache-control"]).not.toBe("no-store");
  });

  it("show a notice once after a change, and ignore a forged notice cookie", async () => {
    const { org, browser } = await ownerAndOrg();
    const saved = await browser.post(`/en/admin/o/${org.slug}/profile`, {
      name: "Renamed Union",
      time_zone: "UTC",
    });
    expect(saved.statusCode).toBe(303);
    const notice = '<p class="notice" role="status">Profile saved.</p>';
    expect((await browser.get(String(saved.headers.location))).body).toContain(notice);
    expect((await browser.get(String(saved.headers.location))).body).not.toContain(notice);
    browser.setCookie("juntos_notice", JSON.stringify({ key: "notice.profileSaved" }));
    expect((await browser.get(`/en/admin/o/${org.slug}/profile`)).body).not.toContain(notice);
  });

  it("record profile and logo changes in the audit log, read as sentences", async () => {
    const { owner, org, browser } = await ownerAndOrg();
    await browser.post(`/en/admin/o/${org.slug}/profile`, { name: "Renamed Union", time_zone: "UTC" });
    const png = Buffer.from(
      "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
        "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082",
      "hex",
    );
    const uploaded = await browser.upload(`/en/admin/o/${org.slug}/logo`, {
      field: "logo",
      filename: "logo.png",
      type: "image/png",
      bytes: png,
    });
    expect(uploaded.statusCode).toBe(303);
    const audit = await browser.get(`/en/admin/o/${org.slug}/audit?kind=organization`);
    expect(audit.body).toContain(`<td data-label="Who">${owner.name}</td>`);
    expect(audit.body).toContain("Updated the organization's profile.");
    expect(audit.body).toContain("Uploaded a new logo.");
  });

  it("start a refused form with a summary that links to each invalid field, values kept", async () => {
    const { org, browser } = await ownerAndOrg();
    const response = await browser.post(`/es/admin/o/${org.slug}/profile`, {
      name: "",
      website: "not a website",
      city: "Fresno",
      time_zone: "Mars/Olympus_Mons",
    });
    expect(response.statusCode).toBe(422);
    const body = response.body;
    const summary = body.indexOf('<div class="errors" role="alert" id="errors" tabindex="-1">');
    expect(summary).toBeGreaterThan(0);
    // The summary comes before the form, and the form posts to #errors so the browser lands on it.
    const form = body.indexOf(`action="/es/admin/o/${org.slug}/profile#errors"`);
    expect(form).toBeGreaterThan(summary);
    expect(body).toContain('<a href="#f-name">Nombre: ');
    expect(body).toContain('<a href="#f-website">Sitio web: ');
    expect(body).toContain('<a href="#f-time_zone">Zona horaria: Elija una zona horaria de la lista.</a>');
    for (const id of ["f-name", "f-website", "f-time_zone"])
      expect(body).toMatch(new RegExp(`id="${id}"[^>]*aria-invalid="true"`));
    expect(body).toContain('value="Fresno"');
  });

  it("show times in the organization's time zone, naming it", async () => {
    const { org, browser } = await ownerAndOrg();
    const action = await createAction(t.ctx, org);
    await sign(t.ctx, action.slug, [{ name: "Rosa", email: "rosa@example.org" }], true);
    expect(
      (await browser.get(`/en/admin/o/${org.slug}/actions/${action.id}/signatures.csv`)).statusCode,
    ).toBe(200);
    const saved = await browser.post(`/en/admin/o/${org.slug}/profile`, {
      name: org.name,
      time_zone: "America/Los_Angeles",
    });
    expect(saved.statusCode).toBe(303);
    const audit = await browser.get(`/en/admin/o/${org.slug}/audit`);
    const at = /<time datetime="([^"]+)">([^<]+)<\/time>/.exec(audit.body);
    expect(at, "a time element in the audit log").not.toBeNull();
    const [, iso, shown] = at!;
    expect(shown).toBe(formatInstant(translator("en"), iso!, "America/Los_Angeles"));
    expect(shown).toMatch(/P[SD]T$/);
    expect(iso).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });
});

describe("admin body limit", () => {
  it("lets a large admin form reach its own validation instead of a 413, while public forms stay at 32 KB", async () => {
    const { org, browser } = await ownerAndOrg();
    // 300 KB of accented text: far above the public limit, so only the field rule may refuse it.
    const response = await browser.post(`/en/admin/o/${org.slug}/profile`, {
      name: org.name,
      description_es: "ñ".repeat(50_000),
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('<a href="#f-description_es">');
    const publicPost = await t.app.inject({
      method: "POST",
      url: "/en/a/anything/sign",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: `name=${"x".repeat(40_000)}`,
    });
    expect(publicPost.statusCode).toBe(413);
  });
});
