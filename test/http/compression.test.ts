import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pickEncoding } from "../../src/http/public/action-page-cache.ts";
import { createTestApp, type TestApp } from "../support/app.ts";
import { createAction, createOrganization } from "../support/fixtures.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe("the compressed action page", () => {
  it("is the same page in brotli, gzip or plain, as each client accepts", async () => {
    const action = await createAction(t.ctx, await createOrganization(t.ctx), {
      form: { title_en: "Compressed" },
    });
    const get = (acceptEncoding?: string) =>
      t.app.inject({
        url: `/en/a/${action.slug}`,
        headers: acceptEncoding ? { "accept-encoding": acceptEncoding } : {},
      });
    const plain = await get();
    expect(plain.headers["content-encoding"]).toBeUndefined();
    // Every form on the page carries the per-request token (the signing, comment and follow forms).
    const withoutToken = (html: string) => html.replace(/name="ts" value="[^"]+"/g, "");
    const br = await get("gzip, deflate, br");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers.vary).toContain("Accept-Encoding");
    expect(withoutToken(brotliDecompressSync(br.rawPayload).toString())).toBe(withoutToken(plain.body));
    const gzip = await get("gzip");
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(withoutToken(gunzipSync(gzip.rawPayload).toString())).toBe(withoutToken(plain.body));
    expect(gzip.rawPayload.length).toBeLessThan(14 * 1024);
  });
});

describe("pickEncoding", () => {
  it("prefers brotli, then gzip, and respects q=0", () => {
    expect(pickEncoding(undefined)).toBeNull();
    expect(pickEncoding("identity")).toBeNull();
    expect(pickEncoding("gzip, br")).toBe("br");
    expect(pickEncoding("gzip;q=1.0, br;q=0")).toBe("gzip");
    expect(pickEncoding("br;q=0, gzip;q=0")).toBeNull();
    expect(pickEncoding("GZIP")).toBe("gzip");
  });
});
