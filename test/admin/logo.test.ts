/** An organization's logo: uploaded by owners as a checked image, served from our own origin. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.ts";
import { signIn } from "../support/browser-session.ts";
import { createAccount, createOrganization } from "../support/fixtures.ts";

// A 1×1 transparent PNG.
const png = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e2f1a5c60000000049454e44ae426082",
  "hex",
);

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

async function orgWith(role: "owner" | "organizer") {
  const account = await createAccount(t.ctx, {});
  const org = await createOrganization(t.ctx, [{ account, role }]);
  return { org, browser: await signIn(t.app, account.email, account.password) };
}

describe("the organization logo", () => {
  it("is uploaded by an owner, checked by its bytes, and served from /logos/<org>", async () => {
    const { org, browser } = await orgWith("owner");
    expect((await t.app.inject(`/logos/${org.slug}`)).statusCode).toBe(404);
    await browser.get(`/en/admin/o/${org.slug}/profile`);
    const uploaded = await browser.upload(`/en/admin/o/${org.slug}/logo`, {
      field: "logo",
      filename: "logo.png",
      type: "image/png",
      bytes: png,
    });
    expect(uploaded.statusCode).toBe(303);
    const served = await t.app.inject(`/logos/${org.slug}`);
    expect(served.statusCode).toBe(200);
    expect(served.headers["content-type"]).toBe("image/png");
    expect(served.rawPayload.equals(png)).toBe(true);
    const profile = await browser.get(`/en/admin/o/${org.slug}/profile`);
    expect(profile.body).toContain(`<img src="/logos/${org.slug}"`);
  });

  it("refuses SVG, HTML or anything that is not PNG, JPEG or WebP, whatever its declared type", async () => {
    const { org, browser } = await orgWith("owner");
    for (const bytes of [
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      Buffer.from("<html>"),
    ]) {
      const response = await browser.upload(`/es/admin/o/${org.slug}/logo`, {
        field: "logo",
        filename: "x.png",
        type: "image/png",
        bytes,
      });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain("Elija una imagen PNG, JPEG o WebP de 200 KB como máximo.");
    }
    expect((await t.app.inject(`/logos/${org.slug}`)).statusCode).toBe(404);
  });

  it("refuses a file over 200 KB with 413 while it streams in", async () => {
    const { org, browser } = await orgWith("owner");
    const big = Buffer.concat([png, Buffer.alloc(201 * 1024)]);
    const response = await browser.upload(`/en/admin/o/${org.slug}/logo`, {
      field: "logo",
      filename: "big.png",
      type: "image/png",
      bytes: big,
    });
    expect(response.statusCode).toBe(413);
    // The profile page again, saying what was too big: the image, not "text".
    expect(response.body).toContain("This image is larger than 200 KB.");
    expect(response.body).toContain('id="f-logo"');
    expect((await t.app.inject(`/logos/${org.slug}`)).statusCode).toBe(404);
  });

  it("is refused to organizers (403) and to other organizations (404)", async () => {
    const { org, browser } = await orgWith("organizer");
    const asOrganizer = await browser.upload(`/en/admin/o/${org.slug}/logo`, {
      field: "logo",
      filename: "l.png",
      type: "image/png",
      bytes: png,
    });
    expect(asOrganizer.statusCode).toBe(403);
    const other = await orgWith("owner");
    const crossOrg = await other.browser.upload(`/en/admin/o/${org.slug}/logo`, {
      field: "logo",
      filename: "l.png",
      type: "image/png",
      bytes: png,
    });
    expect(crossOrg.statusCode).toBe(404);
    expect((await t.app.inject(`/logos/${org.slug}`)).statusCode).toBe(404);
  });
});
