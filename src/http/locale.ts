import type { FastifyRequest } from "fastify";
import { defaultLocale, isLocale, type Locale } from "../i18n/locale.ts";

/** The language a page is served in: the first path segment, else English. */
export function localeOfUrl(url: string): Locale {
  const first = url.split("/")[1]?.split("?")[0];
  return isLocale(first) ? first : defaultLocale;
}

export function requestLocale(request: FastifyRequest): Locale {
  return localeOfUrl(request.url);
}
