/**
 * Who is commenting, when signed in: the identity a provider vouches for, cleaned for showing on
 * a public page, and the rules of the commenter cookie that carries it. Pure.
 */
import { isPlausibleEmail } from "../people/people.ts";
import { isUnreadable } from "../text.ts";
import type { ProviderProfile } from "./oauth-presets.ts";

/** The provider id of a Juntos account; every other id is an OIDC_PROVIDERS or OAUTH_PROVIDERS entry. */
export const juntosProvider = "juntos";

/** The commenter cookie: first-party, sealed, HttpOnly, SameSite=Lax, for every path. */
export const commenterCookie = "juntos_commenter";
export const commenterLifetimeMs = 30 * 24 * 60 * 60 * 1000;

/** Between leaving for a provider and coming back: a sealed cookie for the callback only. */
export const signInFlowCookie = "juntos_comment_flow";
export const signInFlowLifetimeMs = 10 * 60 * 1000;

export const displayNameMaxLength = 100;
const profileUrlMaxLength = 2_000;

/**
 * A signed-in commenter as the comments module sees them. `email` stays on the server: it is
 * never rendered, in no page, feed or answer.
 */
export interface CommenterIdentity {
  /** "juntos", or the id of the configured OIDC or OAuth provider. */
  readonly provider: string;
  /** The provider's stable id for the person (for "juntos", the account id). */
  readonly subject: string;
  readonly displayName: string;
  /** http(s) only; null when the provider gives none or an unusable one. */
  readonly profileUrl: string | null;
  readonly email: string | null;
  /** Whether the provider states that it checked the email address. */
  readonly emailVerified: boolean;
}

/**
 * What the comment form shows about a signed-in commenter, with the token that signs them out
 * and the one that posts as them.
 */
export interface SignedInCommenter {
  readonly identity: CommenterIdentity;
  readonly signOutToken: string;
  /**
   * The signed-in comment form's hidden field: a post is taken as this commenter only with it,
   * so a guest form sent from a browser someone else signed in on stays a guest's comment.
   */
  readonly commentToken: string;
}

/** One way to sign in on the comment form; `label` is null for the Juntos account (translated). */
export interface SignInChoice {
  readonly id: string;
  readonly label: string | null;
}

// Bidirectional overrides and isolates can make a name read as something else around it.
const bidiControls = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const controls = /[\u0000-\u001f\u007f-\u009f]/g;
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * A name fit to show: NFC, without control and direction characters, spaces collapsed, at most
 * 100 UTF-16 units cut between characters. Empty when nothing readable is left.
 */
export function cleanDisplayName(name: string): string {
  const cleaned = name
    .normalize("NFC")
    .replace(controls, " ")
    .replace(bidiControls, "")
    .replace(/\s+/gu, " ")
    .trim();
  if (isUnreadable(cleaned)) return "";
  let cut = "";
  for (const { segment } of graphemes.segment(cleaned)) {
    if (cut.length + segment.length > displayNameMaxLength) break;
    cut += segment;
  }
  return cut.trim();
}

/** The profile link, when it is an http(s) URL without credentials; otherwise null. */
export function cleanProfileUrl(url: string | null): string | null {
  if (url === null || url.length > profileUrlMaxLength) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return null;
  if (parsed.username !== "" || parsed.password !== "") return null;
  return parsed.href;
}

/** The letter in the avatar circle: the name's first character, upper-cased. */
export function avatarInitial(displayName: string, locale: string): string {
  const first = graphemes.segment(displayName)[Symbol.iterator]().next().value?.segment ?? "";
  return first.toLocaleUpperCase(locale);
}

/** A provider's profile as an identity, or null when it lacks a stable id or a showable name. */
export function identityFromProfile(provider: string, profile: ProviderProfile): CommenterIdentity | null {
  const subject = profile.subject.trim();
  const displayName = cleanDisplayName(profile.displayName);
  if (subject === "" || subject.length > 255 || displayName === "") return null;
  const email = profile.email !== null && isPlausibleEmail(profile.email) ? profile.email : null;
  return {
    provider,
    subject,
    displayName,
    profileUrl: cleanProfileUrl(profile.profileUrl),
    email,
    emailVerified: email !== null && profile.emailVerified,
  };
}

/** Cookies as a Cookie header, or as already parsed by the web layer. */
export type CookieSource = string | undefined | Readonly<Record<string, string | undefined>>;
/**
 * Where a sign-in started from one of the action's pages (asking to mark a comment as helpful)
 * comes back to: that page, when `back` is a plain path under the action's own; else null (the
 * comment form).
 */
export function signInReturn(back: unknown, actionPath: string): string | null {
  return typeof back === "string" &&
    back.startsWith(`${actionPath}/`) &&
    /^[\w\-/]{1,300}$/.test(back) &&
    !back.includes("//")
    ? back
    : null;
}

/** A cookie's value from a Cookie header or from cookies already parsed by the web layer. */
export function cookieValue(cookies: CookieSource, name: string): string | undefined {
  if (cookies === undefined) return undefined;
  if (typeof cookies !== "string") return cookies[name];
  for (const pair of cookies.split(";")) {
    const at = pair.indexOf("=");
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}
