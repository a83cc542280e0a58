/**
 * Security headers, computed once and sent with every answer: a Content-Security-Policy with
 * nothing from other origins; on public pages only script files of ours (the comment form's solver),
 * the one inline script that fills a remembered commenter's details into the comment form, and our
 * inline stylesheets (inline ones by hash); no framing, no referrer. Setting one frozen object per request costs far less than rebuilding
 * the headers each time (decision 005). Public pages allow only the public stylesheet; the
 * organizer scopes replace the policy with one that also allows theirs. Widget pages alone may be
 * framed, and only by the origins listed for that widget.
 */

import { browserZoneScriptHash } from "../views/admin/browser-zone.ts";
import { adminCssHash } from "../views/admin-styles.ts";
import { rememberedDetailsScriptHash } from "../views/pages/remembered-details-script.ts";
import { widgetCssHash, widgetResizeScriptHash } from "../views/pages/widget.tsx";
import { cssHash } from "../views/styles.ts";

function contentSecurityPolicy(
  styleHashes: string[],
  https: boolean,
  scriptHashes: string[] = [],
  frameAncestors = "'none'",
): string {
  return [
    "default-src 'none'",
    `style-src ${styleHashes.join(" ")}`,
    ...(scriptHashes.length > 0 ? [`script-src ${scriptHashes.join(" ")}`] : []),
    "img-src 'self' data:",
    // Our own origin only: the comment form's solver fetches its challenge here, and audit tools
    // that fetch from inside the page (Lighthouse's robots.txt check) reach it too.
    "connect-src 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
    "base-uri 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join(";");
}

/**
 * The policy of the organizer pages (account and admin), which add their own stylesheet and the
 * one inline script that preselects the browser's time zone.
 */
export function organizerContentSecurityPolicy(options: { https: boolean }): string {
  return contentSecurityPolicy([cssHash, adminCssHash], options.https, [browserZoneScriptHash]);
}

/**
 * The policy of widget pages, by the origins that may frame that widget ('none' for no origin):
 * their own stylesheet and the one script that reports the page's height to the embedder. All but
 * the frame-ancestors is computed once.
 */
export function widgetContentSecurityPolicy(options: {
  https: boolean;
}): (origins: readonly string[]) => string {
  const slot = "juntos-frame-ancestors";
  const [before, after] = contentSecurityPolicy(
    [widgetCssHash],
    options.https,
    [widgetResizeScriptHash],
    slot,
  ).split(slot) as [string, string];
  // Each origin was checked to be exactly scheme://host[:port], so none can add another directive.
  return (origins) => before + (origins.length > 0 ? origins.join(" ") : "'none'") + after;
}

export function securityHeaders(options: { https: boolean }): Readonly<Record<string, string>> {
  return Object.freeze({
    // Public pages run only scripts of ours: files (the comment form's solver) and, by its hash, the
    // inline filler of remembered details.
    "content-security-policy": contentSecurityPolicy([cssHash], options.https, [
      "'self'",
      rememberedDetailsScriptHash,
    ]),
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "origin-agent-cluster": "?1",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "x-dns-prefetch-control": "off",
    "x-frame-options": "DENY",
    "x-permitted-cross-domain-policies": "none",
    ...(options.https ? { "strict-transport-security": "max-age=31536000; includeSubDomains" } : {}),
  });
}
