/**
 * Short link rules, no I/O: what a short link's slug may be, and what a click tells us (the
 * referring host, the device class, whether a person or a program asked).
 */
import type { DeviceClass } from "../../db/schema.ts";
import type { FieldErrorMap } from "../forms.ts";
import { cleanSource } from "../signatures/signatures.ts";

export type { DeviceClass };
export const deviceClasses: readonly DeviceClass[] = ["phone", "tablet", "desktop"];

export const slugLength = { min: 3, max: 60 } as const;

/** Letters, digits and single hyphens inside; a slug is compared and stored lower-case. */
const slugShape = /^[a-z0-9](?:-?[a-z0-9])*$/;

/**
 * Top-level names the app uses or will use. The routes registered at startup are added to these
 * (ShortLinksService.reserve), so a new top-level route can never be taken by a short link.
 */
export const reservedNames: readonly string[] = [
  "en",
  "es",
  "a",
  "admin",
  "account",
  "auth",
  "api",
  "setup",
  "invitations",
  "logos",
  "dev",
  "healthz",
  "readyz",
  "metrics",
  "robots.txt",
  "sitemap.xml",
  "embed",
  "widget",
  "static",
  "favicon.ico",
];

/**
 * Words no short link may contain, in English and Spanish. A short link is printed on flyers
 * and spoken on the radio in a coalition's name, so this guards against accidents and pranks by
 * a member; it is not moderation. The list is small and curated instead of a big downloaded one:
 * big lists block real words and names in two languages ("Scunthorpe", "computadora" holds
 * "puta", "Vergara" holds "verga"), and an organizer refused for "disputa" is a worse failure
 * than a rare rude slug, which any organizer can delete.
 *
 * Words naming a harm that campaigns fight ("nazi", "porn", "rape") are not listed: "stop-nazis"
 * is a coalition's slug. Words that are ordinary in one country's Spanish ("coger", "pinche")
 * are left out too.
 *
 * `partWords` are matched against each hyphen-separated part and against the whole slug with its
 * hyphens removed (so "fu-ck" is caught), also with a plural ending; `stemWords` are also matched
 * anywhere inside the slug, so only stems that no ordinary English or Spanish word contains are
 * listed there. Digits standing for letters ("sh1t") are read as those letters first.
 */
const stemWords: readonly string[] = [
  // English
  "fuck",
  "shit",
  "nigger",
  "nigga",
  "faggot",
  "motherf",
  "bitch",
  "whore",
  "asshole",
  // Spanish
  "mierda",
  "pendej",
  "cabron",
  "chinga",
  "maricon",
  "culero",
  "gilipoll",
  "hijueputa",
  "hijoputa",
  "malparid",
  "mamaguev",
  "panocha",
];
const partWords: readonly string[] = [
  // English
  "ass",
  "cunt",
  "dick",
  "cock",
  "piss",
  "slut",
  "twat",
  "wank",
  "retard",
  "spic",
  "wetback",
  "beaner",
  "tranny",
  // Spanish
  "puta",
  "puto",
  "verga",
  "culo",
  "joder",
  "marica",
  "sudaca",
];

const digitsAsLetters: Record<string, string> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
};

function readDigitsAsLetters(text: string): string {
  return text.replace(/[013457]/g, (digit) => digitsAsLetters[digit]!);
}

function isPartWord(part: string): boolean {
  const bare = part.replace(/(?:es|s)$/, "");
  return partWords.includes(part) || partWords.includes(bare) || stemWords.includes(part);
}

export function isOffensive(slug: string): boolean {
  const folded = readDigitsAsLetters(slug);
  const joined = folded.replaceAll("-", "");
  if (stemWords.some((stem) => joined.includes(stem))) return true;
  return isPartWord(joined) || folded.split("-").some(isPartWord);
}

/** How a typed slug is compared and stored: trimmed, lower-case ("OptOutNow" is "optoutnow"). */
export function foldSlug(raw: string): string {
  return raw.trim().toLowerCase();
}

export interface ShortLinkInput {
  slug: string;
  source: string | null;
}

export type ShortLinkFormValues = { slug: string; source: string };

/**
 * Checks a new short link. `reserved` holds the top-level names in use (reservedNames and the
 * registered routes); whether another link already has the slug is the service's question.
 */
export function validateShortLink(
  values: ShortLinkFormValues,
  reserved: ReadonlySet<string>,
): { ok: true; value: ShortLinkInput } | { ok: false; errors: FieldErrorMap } {
  const slug = foldSlug(values.slug);
  const errors: FieldErrorMap = {};
  if (slug === "") errors.slug = { key: "field.required" };
  else if (slug.length < slugLength.min || slug.length > slugLength.max)
    errors.slug = { key: "shortlinks.slug.length", params: { ...slugLength } };
  else if (!slugShape.test(slug)) errors.slug = { key: "shortlinks.slug.shape" };
  else if (reserved.has(slug)) errors.slug = { key: "shortlinks.slug.reserved" };
  else if (isOffensive(slug)) errors.slug = { key: "shortlinks.slug.offensive" };
  const rawSource = values.source.trim();
  const source = rawSource === "" ? null : cleanSource(rawSource);
  if (rawSource !== "" && source === null) errors.source = { key: "shortlinks.source.shape" };
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { slug, source } };
}

/**
 * A partner's referral code (its organization's slug) that a visit to the sponsor's short link
 * carried, in the shape of an organization slug, or dropped; the action page decides whether it
 * names an approved co-sponsor.
 */
export function cleanReferralCode(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const code = raw.trim().toLowerCase();
  return /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/.test(code) ? code : null;
}

/** Whether a path segment could be a short link at all (the redirect looks up nothing else). */
export function couldBeShortLink(slug: string): boolean {
  return slug.length >= slugLength.min && slug.length <= slugLength.max && slugShape.test(slug);
}

/**
 * The referring site of a click: the Referer's host name only, never its path or query (which
 * can hold search terms or ids). None when absent or unreadable, and none for an IP address: it
 * names no site and could be the visitor's own machine.
 */
export function referrerHost(referer: string | undefined): string | null {
  if (!referer) return null;
  let host: string;
  try {
    host = new URL(referer).hostname.toLowerCase();
  } catch {
    return null;
  }
  if (host === "" || host.length > 253) return null;
  if (host.startsWith("[") || /^[\d.]+$/.test(host)) return null;
  return host;
}

/**
 * Programs that fetch a link without a person behind the click: search crawlers, the link
 * previews of chat and social apps, and command-line and library clients. curl, wget and HTTP
 * libraries are excluded because people do not click links with them while monitors and scripts
 * do, and counting them would let a loop inflate a coalition's numbers by accident. HeadlessChrome
 * is automation (prerenderers, screenshot services, test harnesses), never a person's browser.
 * Names are listed instead of matching any "bot", which would catch phones such as the CUBOT.
 */
const automatedAgents =
  /facebookexternalhit|facebookcatalog|meta-externalagent|whatsapp|twitterbot|slackbot|slack-imgproxy|telegrambot|discordbot|linkedinbot|googlebot|google-inspectiontool|adsbot-google|bingbot|bingpreview|applebot|duckduckbot|yandex|baiduspider|pinterestbot|redditbot|skypeuripreview|embedly|iframely|vkshare|snapchat|headlesschrome|curl\/|wget\/|python-requests|python-urllib|aiohttp|go-http-client|java\/|okhttp|node-fetch|axios\/|crawler|spider|\+https?:\/\//i;

/** Whether a request comes from a program rather than a person; no user agent at all counts as a program. */
export function isAutomated(userAgent: string | undefined): boolean {
  return !userAgent || automatedAgents.test(userAgent);
}

/**
 * The device class from the user agent. Tablets first: Android tablets say "Android" without
 * "Mobile". iPads since iPadOS 13 present themselves as a Mac and count as desktops.
 */
export function deviceClass(userAgent: string | undefined): DeviceClass {
  const ua = userAgent ?? "";
  if (/ipad|tablet|kindle|silk\/|playbook/i.test(ua)) return "tablet";
  if (/android/i.test(ua) && !/mobile/i.test(ua)) return "tablet";
  if (/mobi|iphone|ipod|android|windows phone|blackberry|opera mini/i.test(ua)) return "phone";
  return "desktop";
}

/** The UTC day a click is counted on (YYYY-MM-DD), like the signatures' per-day counts. */
export function clickDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
