/** Shared links: the preview card of an action page, its share image, robots.txt and the sitemap. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sitemapXml } from "../../src/http/public/seo.ts";
import { createTestApp, type TestApp } from "../support/app.ts";
import { ManualClock } from "../support/clock.ts";
import { insertActionRows } from "../support/fixtures.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const baseUrl = "http://juntos.test";

/** The content of each <meta property|name="…"> and the href of <link rel="canonical">. */
function cardTags(html: string): Record<string, string> {
  const head = html.slice(0, html.indexOf("</head>"));
  const tags: Record<string, string> = {};
  for (const m of head.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)"\/>/g))
    tags[m[1]!] = m[2]!;
  const canonical = /<link rel="canonical" href="([^"]*)"\/>/.exec(head);
  if (canonical) tags.canonical = canonical[1]!;
  return tags;
}

/** Width and height from a PNG's IHDR, after checking the signature and that IHDR comes first. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe("the link preview card of an action page", () => {
  it("has OpenGraph and Twitter tags and a canonical address in the page's language", async () => {
    const action = await insertActionRows(t.ctx.database.db);
    const en = cardTags((await t.app.inject(`/en/a/${action.slug}`)).body);
    expect(en).toMatchObject({
      canonical: `${baseUrl}/en/a/${action.slug}`,
      "og:type": "website",
      "og:site_name": "Juntos",
      "og:title": "Stop the thing",
      "og:description": "A short summary.",
      "og:url": `${baseUrl}/en/a/${action.slug}`,
      "og:locale": "en_US",
      "og:locale:alternate": "es_MX",
      "og:image": `${baseUrl}/en/a/${action.slug}/share.png`,
      "og:image:width": "1200",
      "og:image:height": "630",
      "og:image:alt": `“Stop the thing”, an action by ${action.sponsor.name}, on Juntos`,
      "twitter:card": "summary_large_image",
      "twitter:title": "Stop the thing",
      "twitter:description": "A short summary.",
      "twitter:image": `${baseUrl}/en/a/${action.slug}/share.png`,
    });
    const es = cardTags((await t.app.inject(`/es/a/${action.slug}`)).body);
    expect(es).toMatchObject({
      canonical: `${baseUrl}/es/a/${action.slug}`,
      "og:title": "ES Stop the thing",
      "og:description": "Un resumen breve.",
      "og:url": `${baseUrl}/es/a/${action.slug}`,
      "og:locale": "es_MX",
      "og:locale:alternate": "en_US",
      "og:image": `${baseUrl}/es/a/${action.slug}/share.png`,
    });
  });

  it("escapes the title in the tags", async () => {
    const action = await insertActionRows(t.ctx.database.db, { title: `Say "no" <b>&</b>` });
    const tags = cardTags((await t.app.inject(`/en/a/${action.slug}`)).body);
    expect(tags["og:title"]).toBe("Say &quot;no&quot; &lt;b>&amp;&lt;/b>");
  });

  it("comes from the action page a short link redirects to, which link-preview fetchers follow", async () => {
    const action = await insertActionRows(t.ctx.database.db);
    await t.ctx.shortlinks.addDemoLink(action.slug, "sharetest");
    const redirect = await t.app.inject({
      url: "/sharetest",
      headers: { "user-agent": "facebookexternalhit/1.1", "accept-language": "es" },
    });
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe(`/es/a/${action.slug}`);
    const page = await t.app.inject(String(redirect.headers.location));
    expect(cardTags(page.body)["og:url"]).toBe(`${baseUrl}/es/a/${action.slug}`);
  });
});

describe("the share image", () => {
  it("is a 1200×630 PNG, cached for an hour by anyone, with an ETag that answers 304", async () => {
    const action = await insertActionRows(t.ctx.database.db);
    const response = await t.app.inject(`/en/a/${action.slug}/share.png`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("image/png");
    expect(response.headers["cache-control"]).toBe("public, max-age=3600");
    expect(pngSize(response.rawPayload)).toEqual({ width: 1200, height: 630 });
    const etag = String(response.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await t.app.inject({
      url: `/en/a/${action.slug}/share.png`,
      headers: { "if-none-match": etag },
    });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it("renders a title full of markup", async () => {
    const action = await insertActionRows(t.ctx.database.db, {
      title: `<script>alert("x")</script> & "more"`,
    });
    const response = await t.app.inject(`/es/a/${action.slug}/share.png`);
    expect(response.statusCode).toBe(200);
    expect(pngSize(response.rawPayload)).toEqual({ width: 1200, height: 630 });
  });

  it("is rendered again when the count reaches the next bucket or the action closes, not at every signature", async () => {
    const clock = new ManualClock();
    const timed = await createTestApp({}, { clock });
    try {
      const { db } = timed.ctx.database;
      const action = await insertActionRows(db);
      const etagAt = async (count: number, status: "published" | "closed" = "published") => {
        await db
          .updateTable("actions")
          .set({ signature_count: count, status })
          .where("id", "=", action.id)
          .execute();
        clock.advance(1_001); // past the row cache's second
        return String((await timed.app.inject(`/en/a/${action.slug}/share.png`)).headers.etag);
      };
      const at10 = await etagAt(10);
      expect(await etagAt(24)).toBe(at10);
      const at25 = await etagAt(25);
      expect(at25).not.toBe(at10);
      expect(await etagAt(25, "closed")).not.toBe(at25);
    } finally {
      await timed.close();
    }
  });

  it("does not exist for a draft or an unknown action", async () => {
    const draft = await insertActionRows(t.ctx.database.db, { status: "draft" });
    expect((await t.app.inject(`/en/a/${draft.slug}/share.png`)).statusCode).toBe(404);
    expect((await t.app.inject("/en/a/no-such-action/share.png")).statusCode).toBe(404);
  });
});

describe("robots.txt", () => {
  it("allows public pages, keeps crawlers out of the organizer side and signers' pages, and names the sitemap", async () => {
    const response = await t.app.inject("/robots.txt");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/plain; charset=utf-8");
    const lines = response.body.split("\n");
    expect(lines[0]).toBe("User-agent: *");
    for (const path of [
      "/en/admin",
      "/es/admin",
      "/en/account",
      "/es/account",
      "/auth/",
      "/en/setup/",
      "/es/invitations/",
      "/en/dev/",
      "/*/a/*/thanks",
      "/*/a/*/confirm",
    ])
      expect(lines).toContain(`Disallow: ${path}`);
    expect(lines).toContain("Allow: /");
    expect(lines).toContain(`Sitemap: ${baseUrl}/sitemap.xml`);
    expect(response.body).not.toMatch(/Disallow: \/(en|es)\/a\/?$/m);
    expect(response.body).not.toContain("share.png");
  });
});

describe("sitemap.xml", () => {
  /** Each <url>: its <loc>, <lastmod> and hreflang → href of its alternates. */
  function parseSitemap(xml: string) {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"');
    expect(xml).toContain('xmlns:xhtml="http://www.w3.org/1999/xhtml"');
    return [...xml.matchAll(/<url>([\s\S]*?)<\/url>/g)].map(([, body]) => ({
      loc: /<loc>([^<]*)<\/loc>/.exec(body!)![1]!,
      lastmod: /<lastmod>([^<]*)<\/lastmod>/.exec(body!)![1]!,
      alternates: Object.fromEntries(
        [...body!.matchAll(/<xhtml:link rel="alternate" hreflang="(\w+)" href="([^"]*)"\/>/g)].map((m) => [
          m[1],
          m[2],
        ]),
      ),
    }));
  }

  it("lists published and closed actions in both languages with their alternates and lastmod; no drafts, nothing archived", async () => {
    const { db } = t.ctx.database;
    const published = await insertActionRows(db);
    const closed = await insertActionRows(db, { status: "closed" });
    const draft = await insertActionRows(db, { status: "draft" });
    const archived = await insertActionRows(db);
    await db
      .updateTable("actions")
      .set({ archived_at: new Date().toISOString() })
      .where("id", "=", archived.id)
      .execute();
    const response = await t.app.inject("/sitemap.xml");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/xml; charset=utf-8");
    const urls = parseSitemap(response.body);
    const locs = urls.map((url) => url.loc);
    for (const { slug } of [published, closed])
      for (const locale of ["en", "es"]) expect(locs).toContain(`${baseUrl}/${locale}/a/${slug}`);
    expect(locs).toHaveLength(4);
    expect(response.body).not.toContain(draft.slug);
    expect(response.body).not.toContain(archived.slug);
    const updatedAt = (
      await db
        .selectFrom("actions")
        .select("updated_at")
        .where("id", "=", published.id)
        .executeTakeFirstOrThrow()
    ).updated_at;
    for (const url of urls.filter((each) => each.loc.includes(published.slug))) {
      expect(url.lastmod).toBe(updatedAt);
      expect(url.alternates).toEqual({
        en: `${baseUrl}/en/a/${published.slug}`,
        es: `${baseUrl}/es/a/${published.slug}`,
      });
    }
  });

  it("escapes what it writes", () => {
    const xml = sitemapXml("https://x.test/p?a=1&b=<2>", [
      { slug: "s", updatedAt: "2026-01-01T00:00:00.000Z" },
    ]);
    expect(xml).toContain("<loc>https://x.test/p?a=1&amp;b=&lt;2&gt;/en/a/s</loc>");
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);
  });
});

describe("what robots.txt and the sitemap are served with", () => {
  it("are plain answers with our security headers, which do not stop a crawler reading them", async () => {
    for (const url of ["/robots.txt", "/sitemap.xml"]) {
      const response = await t.app.inject(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers["x-content-type-options"], url).toBe("nosniff");
      expect(response.headers["cache-control"], url).toMatch(/^public, max-age=\d+$/);
      expect(response.headers["set-cookie"], url).toBeUndefined();
    }
  });
});
