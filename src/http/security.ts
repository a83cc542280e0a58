/**
 * The Content-Security-Policy: nothing from other origins, no scripts, only our two inline
 * stylesheets (by hash). Helmet sends it on every routed request; the error handler sends the
 * same header on the few answers given before routing (malformed URLs).
 */
import { adminCssHash } from "../views/admin-styles.ts";
import { cssHash } from "../views/styles.ts";

export const cspDirectives = {
  defaultSrc: ["'none'"],
  styleSrc: [cssHash, adminCssHash],
  imgSrc: ["'self'", "data:"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
};

export const cspHeader = Object.entries(cspDirectives)
  .map(([name, values]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${values.join(" ")}`)
  .join(";");
