import type { FastifyRequest } from "fastify";
import { isLocale, type Locale, negotiateLocale } from "../i18n/locale.ts";

/**
 * The language a page is served in: the first path segment; for the few URLs without one
 * (entry points, /auth/…), a `lang` query parameter, else the browser's Accept-Language.
 */
export function requestLocale(request: FastifyRequest): Locale {
  const first = request.url.split("/")[1]?.split("?")[0];
  if (isLocale(first)) return first;
  const lang = (request.query as Record<string, unknown> | undefined)?.lang;
  return isLocale(lang) ? lang : negotiateLocale(request.headers["accept-language"]);
}
