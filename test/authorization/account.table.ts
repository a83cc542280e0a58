import { ex, type Row } from "./matrix.ts";

/**
 * Organizer-scope pages anyone may open or post to, because they are how one signs in or gets an
 * account; they show no organization's data. The coverage test accepts these without a row.
 */
export const openToAnyone: readonly string[] = [
  "/en/account/login",
  "/en/account/login/link",
  "/en/account/sent",
  "/en/account/magic/:token",
  "/en/account/verify/:token",
  "/en/account/register",
  "/en/account/reset",
  "/en/account/reset/:token",
  "/en/setup/:token",
  "/en/invitations/:token",
  "/en/account/logout",
  "/auth/oidc/:provider",
  "/auth/oidc/:provider/callback",
];

// biome-ignore format: the table is the policy; one row per line keeps it readable.
export const accountRows: Row[] = [
  //                                                                anon outsider viewer organizer owner admin
  { method: "GET",  route: "/en/account",                         expected: ex(303, 200, 200, 200, 200, 200) },
  // Last: it ends every session of the actor.
  { method: "POST", route: "/en/account/logout-everywhere",       expected: ex(401, 303, 303, 303, 303, 303), last: true },
];
