/**
 * Message lookup with {placeholders} and CLDR plurals. A plural message must have `other`,
 * the catch-all: Spanish has a `many` category (1,000,000) that catalogs rarely spell out.
 */
import { catalogs, type MessageKey } from "./catalog.ts";
import type { Locale } from "./locale.ts";
import type { Message, PluralMessage } from "./message.ts";

export type Params = Record<string, string | number>;

export interface Translator {
  readonly locale: Locale;
  t(key: MessageKey, params?: Params): string;
  number(value: number): string;
  /** Formats a YYYY-MM-DD date as a long, human date in UTC. */
  date(isoDate: string): string;
}

function interpolate(text: string, params: Params | undefined, formatNumber: (n: number) => string): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? formatNumber(value) : value;
  });
}

function createTranslator(locale: Locale): Translator {
  const catalog = catalogs[locale] as Record<MessageKey, Message>;
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
  const number = (n: number) => numbers.format(n);
  return Object.freeze({
    locale,
    number,
    date: (isoDate: string) => dates.format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`)),
    t(key: MessageKey, params?: Params): string {
      const message = catalog[key];
      if (typeof message === "string") return interpolate(message, params, number);
      const count = Number(params?.count ?? 0);
      const category = plurals.select(count) as keyof PluralMessage;
      return interpolate(message[category] ?? message.other, params, number);
    },
  });
}

const translators = new Map<Locale, Translator>();

/** Translators are immutable and cached per language. */
export function translator(locale: Locale): Translator {
  let found = translators.get(locale);
  if (!found) {
    found = createTranslator(locale);
    translators.set(locale, found);
  }
  return found;
}
