import { describe, expect, it } from "vitest";
import { type ShareImageKey, ShareImages } from "./share-images.ts";

const key: ShareImageKey = { actionId: 1, version: "v1", locale: "en", bucket: 10, closed: false };

/** A renderer that counts its calls and returns the SVG's bytes, so tests see what was rendered. */
function countingRenderer() {
  const rendered: string[] = [];
  return {
    rendered,
    render: async (svg: string) => {
      rendered.push(svg);
      return Buffer.from(svg);
    },
  };
}

describe("ShareImages", () => {
  it("renders an image once and answers later requests for the same key from memory", async () => {
    const { rendered, render } = countingRenderer();
    const images = new ShareImages(render);
    const first = await images.get(key, () => "<svg>one</svg>");
    const again = await images.get(key, () => "<svg>two</svg>");
    expect(rendered).toEqual(["<svg>one</svg>"]);
    expect(again.png.toString()).toBe("<svg>one</svg>");
    expect(again.etag).toBe(first.etag);
  });

  it("shares one rendering between requests that arrive while it runs", async () => {
    const { rendered, render } = countingRenderer();
    const images = new ShareImages(render);
    await Promise.all([images.get(key, () => "<svg/>"), images.get(key, () => "<svg/>")]);
    expect(rendered).toHaveLength(1);
  });

  it("renders again, under another ETag, for a new version, language, bucket or closing", async () => {
    const { rendered, render } = countingRenderer();
    const images = new ShareImages(render);
    const keys: ShareImageKey[] = [
      key,
      { ...key, version: "v2" },
      { ...key, locale: "es" },
      { ...key, bucket: 25 },
      { ...key, bucket: null },
      { ...key, closed: true },
    ];
    const etags = new Set<string>();
    for (const each of keys) etags.add((await images.get(each, () => "<svg/>")).etag);
    expect(rendered).toHaveLength(keys.length);
    expect(etags.size).toBe(keys.length);
  });

  it("keeps at most its bound, dropping the least recently used image", async () => {
    const { rendered, render } = countingRenderer();
    const images = new ShareImages(render, 2);
    const a = { ...key, actionId: 1 };
    const b = { ...key, actionId: 2 };
    const c = { ...key, actionId: 3 };
    await images.get(a, () => "a");
    await images.get(b, () => "b");
    await images.get(a, () => "a"); // a is now the most recent: b goes first
    await images.get(c, () => "c");
    await images.get(a, () => "a");
    expect(rendered).toEqual(["a", "b", "c"]);
    await images.get(b, () => "b");
    expect(rendered).toEqual(["a", "b", "c", "b"]);
  });

  it("forgets a failed rendering, so the next request tries again", async () => {
    let calls = 0;
    const images = new ShareImages(async () => {
      calls++;
      if (calls === 1) throw new Error("out of memory");
      return Buffer.from("png");
    });
    await expect(images.get(key, () => "<svg/>")).rejects.toThrow("out of memory");
    expect((await images.get(key, () => "<svg/>")).png.toString()).toBe("png");
    expect(calls).toBe(2);
  });
});
