/**
 * "Remember me on this device": a guest's name, email and website in a first-party cookie, set
 * only when they tick the box and cleared when they post with it unticked. It fills the guest
 * form again: on per-request pages from the server, on the cached action page (which never reads
 * a cookie) from the page's one inline script, so the cookie is not HttpOnly. It is not sealed:
 * it holds only what the person typed on this device, and is read back as untrusted input. Pure.
 */
import { limits } from "../comments/comments.ts";
import { type CookieSource, cookieValue } from "./commenters.ts";

export const rememberCookie = "juntos_comment_details";
export const rememberLifetimeMs = 365 * 24 * 60 * 60 * 1000;

export interface RememberedDetails {
  readonly name: string;
  readonly email: string;
  readonly website: string;
}

/** The cookie's value: JSON, percent-encoded so that it holds no character a cookie may not. */
export function rememberedValue(details: RememberedDetails): string {
  const { name, email, website } = details;
  return encodeURIComponent(JSON.stringify({ name, email, website }));
}

/** The remembered details, each cut to its field's length; null without a readable cookie. */
export function readRemembered(cookies: CookieSource): RememberedDetails | null {
  const raw = cookieValue(cookies, rememberCookie);
  if (raw === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeURIComponent(raw));
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const field = (name: keyof RememberedDetails) => {
    const value = (parsed as Record<string, unknown>)[name];
    return typeof value === "string" ? value.slice(0, limits[name]) : "";
  };
  const details = { name: field("name"), email: field("email"), website: field("website") };
  return details.name === "" && details.email === "" && details.website === "" ? null : details;
}
