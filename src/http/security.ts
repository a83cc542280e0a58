/**
 * Security headers, computed once and sent with every answer: a Content-Security-Policy with
 * nothing from other origins, no scripts and only our two inline stylesheets (by hash), no
 * framing, no referrer. Setting one frozen object per request costs far less than rebuilding
 * the headers each time (decision 005).
 */
import { adminCssHash } from "../views/admin-styles.ts";
import { cssHash } from "../views/styles.ts";

const csp = [
  "default-src 'none'",
  `style-src ${cssHash} ${adminCssHash}`,
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
];

export function securityHeaders(options: { https: boolean }): Readonly<Record<string, string>> {
  return Object.freeze({
    "content-security-policy": [...csp, ...(options.https ? ["upgrade-insecure-requests"] : [])].join(";"),
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
