/**
 * Public pages: entry points, home, action page and its share image, thank-you and confirmation;
 * robots.txt and the sitemap (seo.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type Locale, locales, negotiateLocale } from "../../i18n/locale.ts";
import { translator } from "../../i18n/translator.ts";
import { ActionNotFoundError } from "../../modules/actions/actions.errors.ts";
import { type ActionPage, countsSignatures, findPartner } from "../../modules/actions/actions.ts";
import { countBucket } from "../../modules/sharing/count-bucket.ts";
import { cleanSource, referringHost } from "../../modules/signatures/signatures.ts";
import { ConfirmedView, ConfirmView } from "../../views/pages/confirm.tsx";
import { HomeView } from "../../views/pages/home.tsx";
import { shareImageSvg } from "../../views/pages/share-image.tsx";
import { ThanksView } from "../../views/pages/thanks.tsx";
import { paths } from "../../views/paths.ts";
import { notFoundHandler } from "../errors.ts";
import { sendPage } from "../render.ts";
import { ActionPageCache, pickEncoding } from "./action-page-cache.ts";
import { type DiscussionQuery, otherDiscussionView, sendDiscussionPage } from "./comments.ts";
import { seoRoutes } from "./seo.ts";

const slugPattern = /^[a-z0-9][a-z0-9-]{0,79}$/;

type SlugParams = { slug: string };
type TokenParams = SlugParams & { token: string };
type ActionRoute = { Params: SlugParams; Querystring: { source?: string; ref?: string } & DiscussionQuery };
type ActionRequest = FastifyRequest<ActionRoute>;

export function readSlug(request: FastifyRequest<{ Params: SlugParams }>): string {
  const { slug } = request.params;
  if (!slugPattern.test(slug)) throw new ActionNotFoundError(slug);
  return slug;
}

/** Entry points pick a language from Accept-Language once; every other URL carries it. */
function redirectToLanguage(reply: FastifyReply, request: FastifyRequest, to: (locale: Locale) => string) {
  const locale = negotiateLocale(request.headers["accept-language"]);
  const query = request.url.includes("?") ? request.url.slice(request.url.indexOf("?")) : "";
  return reply.header("vary", "Accept-Language").redirect(to(locale) + query, 302);
}

export function publicPages(app: FastifyInstance): void {
  const { ctx } = app;
  const { baseUrl } = ctx.config;
  const pageCache = new ActionPageCache(baseUrl, ctx.commenters.choices());

  app.get("/", (request, reply) => redirectToLanguage(reply, request, paths.home));
  app.get<{ Params: SlugParams }>("/a/:slug", (request, reply) =>
    redirectToLanguage(reply, request, (locale) => paths.action(locale, readSlug(request))),
  );

  app.get<{ Params: { org: string } }>("/logos/:org", async (request, reply) => {
    const logo = await ctx.organizations.logo(request.params.org);
    if (!logo) return notFoundHandler(request, reply);
    return reply
      .type(logo.contentType)
      .header("cache-control", "public, max-age=3600")
      .header("last-modified", new Date(logo.updatedAt).toUTCString())
      .send(logo.bytes);
  });

  seoRoutes(app);

  for (const locale of locales) {
    const t = translator(locale);

    app.get(`/${locale}`, (_request, reply) => reply.redirect(paths.home(locale), 301));
    app.get(`/${locale}/`, async (_request, reply) => {
      const actions = await ctx.actions.listPublic(locale);
      return sendPage(reply, 200, HomeView({ t, baseUrl, actions }));
    });

    // Defined once, not as a closure per request: on the viral path, creating (and, with tsx,
    // naming) a function for every request showed up in CPU profiles.
    const sendActionPage = (request: ActionRequest, reply: FastifyReply, action: ActionPage) => {
      const encoding = pickEncoding(request.headers["accept-encoding"]);
      const page = pageCache.render(t, action, {
        formToken: ctx.formTokens.issue(),
        source: cleanSource(request.query.source),
        partner: findPartner(action, request.query.ref),
        website: referringHost(request.headers.referer, baseUrl),
        encoding,
      });
      reply.header("vary", "Accept-Encoding");
      if (encoding) reply.header("content-encoding", encoding);
      return sendPage(reply, 200, page);
    };
    app.get<ActionRoute>(
      `/${locale}/a/:slug`,
      // The page cache compresses each rendered page once; the plugin would do it per request.
      { compress: false, decompress: false },
      (request, reply) => {
        // Answered without a promise while the page is in memory: this is the viral path.
        const slug = readSlug(request);
        // Other orders, languages and pages of the discussion are rendered per request; the
        // default view is the cached page.
        const view = otherDiscussionView(request.query);
        if (view) return sendDiscussionPage(request, reply, t, slug, view);
        const cached = ctx.actions.peekPublicPage(slug, locale);
        if (cached) return sendActionPage(request, reply, cached);
        return ctx.actions
          .getPublicPage(slug, locale)
          .then((action) => sendActionPage(request, reply, action));
      },
    );

    // The picture of the card a pasted link shows. It changes only with the content, the count's
    // bucket and closing, so link-preview fetchers and browsers may keep it for an hour.
    app.get<{ Params: SlugParams }>(`/${locale}/a/:slug/share.png`, async (request, reply) => {
      const action = await ctx.actions.getPublicPage(readSlug(request), locale);
      const closed = action.status === "closed" || action.archived;
      const bucket = countsSignatures(action) ? countBucket(action.signatureCount) : null;
      const image = await ctx.shareImages.get(
        { actionId: action.id, version: action.version, locale, bucket, closed },
        () =>
          shareImageSvg({ t, title: action.text.title, sponsorName: action.sponsor.name, bucket, closed }),
      );
      reply
        .header("cache-control", "public, max-age=3600")
        .header("etag", image.etag)
        // Other sites and apps show the card; it holds nothing that is not on the public page.
        .header("cross-origin-resource-policy", "cross-origin");
      if (request.headers["if-none-match"] === image.etag) return reply.code(304).send();
      return reply.type("image/png").send(image.png);
    });

    app.get<{ Params: SlugParams }>(`/${locale}/a/:slug/thanks`, async (request, reply) => {
      const action = await ctx.actions.getPublicPage(readSlug(request), locale);
      return sendPage(reply, 200, ThanksView({ t, baseUrl, slug: action.slug, title: action.text.title }));
    });

    app.get<{ Params: TokenParams }>(`/${locale}/a/:slug/confirm/:token`, async (request, reply) => {
      const action = await ctx.actions.getPublicPage(readSlug(request), locale);
      await ctx.signatures.checkConfirmation(request.params.token);
      const view = ConfirmView({
        t,
        baseUrl,
        slug: action.slug,
        title: action.text.title,
        token: request.params.token,
      });
      return sendPage(reply, 200, view);
    });

    app.post<{ Params: TokenParams }>(`/${locale}/a/:slug/confirm/:token`, async (request, reply) => {
      const slug = readSlug(request);
      await ctx.signatures.confirm(request.params.token);
      return reply.redirect(paths.confirmed(locale, slug), 303);
    });

    app.get<{ Params: SlugParams }>(`/${locale}/a/:slug/confirmed`, async (request, reply) => {
      const action = await ctx.actions.getPublicPage(readSlug(request), locale);
      return sendPage(reply, 200, ConfirmedView({ t, baseUrl, slug: action.slug, title: action.text.title }));
    });

    app.get<{ Params: SlugParams }>(`/${locale}/a/:slug/go`, async (request, reply) => {
      return reply.redirect(await ctx.actions.followExternalLink(readSlug(request)), 302);
    });
  }
}
