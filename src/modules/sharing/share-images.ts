/**
 * Rendered share images, kept in memory. An image depends only on the action's content version,
 * the language, the count bucket and whether the action still takes part, so that is its key; a
 * new version or bucket is a new key, and the least recently used images are dropped beyond the
 * bound (a 1200×630 card is 30–60 KB: 200 of them stay under about 12 MB).
 */
import { createHash } from "node:crypto";
import type { Locale } from "../../i18n/locale.ts";
import { type SvgRenderer, svgToPng } from "./svg-to-png.ts";

export interface ShareImageKey {
  actionId: number;
  version: string;
  locale: Locale;
  /** The rounded count; null where signatures are taken elsewhere (an external action). */
  bucket: number | null;
  closed: boolean;
}

export interface ShareImage {
  png: Buffer;
  /** A strong validator derived from the key: the same key always renders the same picture. */
  etag: string;
}

export class ShareImages {
  /** Map order is recency: a hit moves its entry to the end, the first entry is the oldest. */
  private readonly images = new Map<string, Promise<ShareImage>>();

  constructor(
    private readonly render: SvgRenderer = svgToPng,
    private readonly maxImages = 200,
  ) {}

  /**
   * The image for `key`, drawn by `draw` (an SVG document) and rendered only when not cached.
   * Requests that arrive while it renders share the one rendering.
   */
  get(key: ShareImageKey, draw: () => string): Promise<ShareImage> {
    const id = `${key.actionId}:${key.version}:${key.locale}:${key.bucket ?? "none"}:${key.closed ? "closed" : "open"}`;
    const cached = this.images.get(id);
    if (cached) {
      this.images.delete(id);
      this.images.set(id, cached);
      return cached;
    }
    const etag = `"${createHash("sha256").update(id).digest("base64url").slice(0, 27)}"`;
    const image = this.render(draw()).then((png) => ({ png, etag }));
    // A failed rendering is not kept: the next request tries again.
    image.catch(() => {
      if (this.images.get(id) === image) this.images.delete(id);
    });
    this.images.set(id, image);
    if (this.images.size > this.maxImages) this.images.delete(this.images.keys().next().value!);
    return image;
  }
}
