/** Every public URL in one place; each page has one URL per language. */
import type { Locale } from "../i18n/locale.ts";

export const paths = {
  home: (locale: Locale) => `/${locale}/`,
  action: (locale: Locale, slug: string) => `/${locale}/a/${slug}`,
  sign: (locale: Locale, slug: string) => `/${locale}/a/${slug}/sign`,
  thanks: (locale: Locale, slug: string) => `/${locale}/a/${slug}/thanks`,
  confirm: (locale: Locale, slug: string, token: string) => `/${locale}/a/${slug}/confirm/${token}`,
  confirmed: (locale: Locale, slug: string) => `/${locale}/a/${slug}/confirmed`,
  externalGo: (locale: Locale, slug: string) => `/${locale}/a/${slug}/go`,
  devMail: (locale: Locale) => `/${locale}/dev/mail`,
  devMailItem: (locale: Locale, id: number) => `/${locale}/dev/mail/${id}`,
};

/** The same page in the other language: swaps the leading locale segment. */
export function otherLocalePath(path: string, to: Locale): string {
  return path.replace(/^\/(en|es)(?=\/|$)/, `/${to}`);
}
