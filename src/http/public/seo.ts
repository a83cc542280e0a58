/** What search engines ask for besides pages: robots.txt and the sitemap of public actions. */
import type { FastifyInstance } from "fastify";
import { type Locale, locales } from "../../i18n/locale.ts";
import type { IndexableAction } from "../../modules/actions/actions.ts";
import { paths } from "../../views/paths.ts";
import { escapeHtml } from "../escape.ts";

/**
 * Everything public may be crawled but the organizer side, sign-in links and the pages that
 * belong to one signer (thanks, confirm). `/go` counts a click on an external action, which a
 * crawler must not inflate. The `*` patterns are RFC 9309's, read by every major crawler.
 */
export function robotsTxt(baseUrl: string): string {
  const perLocale = ["admin", "account", "setup/", "invitations/", "dev/"];
  return [
    "User-agent: *",
    ...locales.flatMap((locale) => perLocale.map((path) => `Disallow: /${locale}/${path}`)),
    "Disallow: /auth/",
    "Disallow: /*/a/*/thanks",
    "Disallow: /*/a/*/confirm",
    "Disallow: /*/a/*/go",
    "Allow: /",
    "",
    `Sitemap: ${baseUrl}${paths.sitemap()}`,
    "",
  ].join("\n");
}

/** Each action once per language, each entry naming all its languages as alternates. */
export function sitemapXml(baseUrl: string, actions: IndexableAction[]): string {
  const url = (locale: Locale, slug: string) => escapeHtml(baseUrl + paths.action(locale, slug));
  const entries = actions.flatMap((action) => {
    const alternates = locales
      .map(
        (locale) => `<xhtml:link rel="alternate" hreflang="${locale}" href="${url(locale, action.slug)}"/>`,
      )
      .join("");
    return locales.map(
      (locale) =>
        `<url><loc>${url(locale, action.slug)}</loc><lastmod>${escapeHtml(action.updatedAt)}</lastmod>${alternates}</url>`,
    );
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ...entries,
    "</urlset>",
    "",
  ].join("\n");
}

export function seoRoutes(app: FastifyInstance): void {
  const { ctx } = app;
  const { baseUrl } = ctx.config;
  const robots = robotsTxt(baseUrl);

  app.get(paths.robots(), (_request, reply) =>
    reply.type("text/plain; charset=utf-8").header("cache-control", "public, max-age=86400").send(robots),
  );

  app.get(paths.sitemap(), async (_request, reply) => {
    const actions = await ctx.actions.indexable();
    return reply
      .type("application/xml; charset=utf-8")
      .header("cache-control", "public, max-age=3600")
      .send(sitemapXml(baseUrl, actions));
  });
}
