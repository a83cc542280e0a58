/** Short links at the top level (`/optoutnow`): a counted 302 to the action page. */
import type { FastifyInstance } from "fastify";
import { negotiateLocale } from "../../i18n/locale.ts";
import { paths } from "../../views/paths.ts";
import { notFoundHandler } from "../errors.ts";

type ShortLinkRoute = {
  Params: { shortlink: string };
  Querystring: { source?: unknown; ref?: unknown };
};

/**
 * Registered before every other route: it watches them being registered and reserves each first
 * path segment (`/healthz`, `/logos/…`, any added later), so no short link can shadow a route.
 */
export function shortLinkRoutes(app: FastifyInstance): void {
  const { shortlinks } = app.ctx;
  app.addHook("onRoute", (route) => {
    const first = route.url.split("/")[1] ?? "";
    if (first !== "" && !first.startsWith(":") && !first.startsWith("*")) shortlinks.reserve(first);
  });

  // Static routes win over this parametric one in Fastify's router, whatever the order.
  app.get<ShortLinkRoute>("/:shortlink", async (request, reply) => {
    const target = await shortlinks.follow(request.params.shortlink, {
      referer: request.headers.referer,
      userAgent: request.headers["user-agent"],
      source: request.query.source,
      ref: request.query.ref,
      countable: request.method === "GET",
    });
    if (!target) return notFoundHandler(request, reply);
    // The language is chosen here, once, as at `/a/{slug}`; the action page's URL then carries it.
    const locale = negotiateLocale(request.headers["accept-language"]);
    const attribution = new URLSearchParams();
    if (target.source) attribution.set("source", target.source);
    if (target.ref) attribution.set("ref", target.ref);
    const query = attribution.size > 0 ? `?${attribution.toString()}` : "";
    return reply
      .header("cache-control", "no-store")
      .header("vary", "Accept-Language")
      .redirect(paths.action(locale, target.actionSlug) + query, 302);
  });
}
