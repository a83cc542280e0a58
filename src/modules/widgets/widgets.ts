/**
 * Widget rules: which sites may frame an organization's widget of an action. Each listed origin
 * becomes a source of the widget's `frame-ancestors`, so a line must be exactly one origin
 * (scheme, host, optional port) and nothing the browser could read as another source or directive.
 */
import type { FieldErrorMap } from "../forms.ts";

/** More sites than a coalition partner embeds on; keeps the header small. */
export const maxOrigins = 20;
/** A scheme, a host of up to 253 characters and a port fit well within this. */
export const maxOriginLength = 270;
/** The whole field, so a huge paste is refused before it is split. */
export const maxOriginsTextLength = maxOrigins * (maxOriginLength + 2) + 1000;

export type OriginProblem = "space" | "wildcard" | "scheme" | "path" | "credentials" | "invalid" | "tooLong";

/** Hosts after the URL parser's normalisation (lower case, punycode): DNS names and IPv4 only. */
const hostPattern = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;

/**
 * One line as an origin (`https://example.org`, `http://127.0.0.1:8080`), normalised: lower case,
 * international names in punycode, default ports dropped, a single trailing slash allowed.
 */
export function parseOrigin(
  line: string,
): { ok: true; origin: string } | { ok: false; problem: OriginProblem } {
  if (line.length > maxOriginLength) return { ok: false, problem: "tooLong" };
  if (/\s/.test(line)) return { ok: false, problem: "space" };
  if (line.includes("*")) return { ok: false, problem: "wildcard" };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(line)?.[1]?.toLowerCase();
  if (scheme !== "http" && scheme !== "https") return { ok: false, problem: "scheme" };
  if (line.slice(scheme.length + 1, scheme.length + 3) !== "//") return { ok: false, problem: "invalid" };
  const afterScheme = line.slice(scheme.length + 3);
  // A backslash ends the host as a slash does for the URL parser, so it counts as a path here.
  const authority = /^[^/?#\\]*/.exec(afterScheme)?.[0] ?? "";
  const rest = afterScheme.slice(authority.length);
  // `https://example.org/` is the origin with the slash browsers add; anything more is a page.
  if (rest !== "" && rest !== "/") return { ok: false, problem: "path" };
  if (authority.includes("@")) return { ok: false, problem: "credentials" };
  let url: URL;
  try {
    url = new URL(`${scheme}://${authority}`);
  } catch {
    return { ok: false, problem: "invalid" };
  }
  if (!hostPattern.test(url.hostname)) return { ok: false, problem: "invalid" };
  return { ok: true, origin: url.origin };
}

export type OriginsOutcome = { ok: true; origins: string[] } | { ok: false; errors: FieldErrorMap };

const problemKeys = {
  space: "widgets.origins.space",
  wildcard: "widgets.origins.wildcard",
  scheme: "widgets.origins.scheme",
  path: "widgets.origins.path",
  credentials: "widgets.origins.credentials",
  invalid: "widgets.origins.invalid",
  tooLong: "widgets.origins.tooLong",
} as const;

/**
 * The origins field: one origin per line, blank lines ignored, repeats kept once. The first bad
 * line is named by its number (the message says what is wrong with it), since a list of
 * twenty is easiest to fix from the top.
 */
export function parseOrigins(text: string): OriginsOutcome {
  if (text.length > maxOriginsTextLength)
    return {
      ok: false,
      errors: { origins: { key: "widgets.origins.tooMany", params: { max: maxOrigins } } },
    };
  const origins: string[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === "") continue;
    const parsed = parseOrigin(line);
    if (!parsed.ok) {
      const params = { line: index + 1, max: maxOriginLength };
      return { ok: false, errors: { origins: { key: problemKeys[parsed.problem], params } } };
    }
    if (!origins.includes(parsed.origin)) origins.push(parsed.origin);
  }
  if (origins.length > maxOrigins)
    return {
      ok: false,
      errors: { origins: { key: "widgets.origins.tooMany", params: { max: maxOrigins } } },
    };
  return { ok: true, origins };
}

/** Origins as stored (one per line) and back. */
export function storedOrigins(origins: readonly string[]): string {
  return origins.join("\n");
}

/**
 * Read back through the same rule, so that whatever reached the column, only exact origins ever
 * reach a header.
 */
export function readStoredOrigins(stored: string | undefined): string[] {
  return (stored ?? "").split("\n").flatMap((line) => {
    const parsed = parseOrigin(line);
    return parsed.ok ? [parsed.origin] : [];
  });
}

/** Whose widget of an action: the sponsor's own, or that of an approved co-sponsor (a partner). */
export type WidgetOwner = "sponsor" | "partner";

/** What an organization's widget page in the admin shows. */
export interface WidgetOverview {
  action: { id: number; slug: string; title: string; status: string };
  owner: WidgetOwner;
  /** The partner's referral code (its slug) carried by its widget's address; null for the sponsor. */
  referralCode: string | null;
  origins: string[];
  updatedAt: string | null;
}
