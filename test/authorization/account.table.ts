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
  "/en/cosponsor-invitations/:token",
  "/en/account/logout",
  "/auth/oidc/:provider",
  "/auth/oidc/:provider/callback",
];

// biome-ignore format: the table is the policy; one row per line keeps it readable.
export const accountRows: Row[] = [
  //                                                                anon outsider viewer organizer owner admin
  { method: "GET",  route: "/en/account",                         expected: ex(303, 200, 200, 200, 200, 200) },
  { method: "POST", route: "/en/account/name",                    expected: ex(401, 303, 303, 303, 303, 303),
    body: (_world, actor) => ({ name: `Renamed ${actor}` }) },
  { method: "POST", route: "/en/account/email",                   expected: ex(401, 303, 303, 303, 303, 303),
    body: (_world, actor) => ({ email: `${actor}-new@example.org` }) },
  // A wrong current password answers with the form: it reaches the use case, and changes nothing.
  { method: "POST", route: "/en/account/password",                expected: ex(401, 422, 422, 422, 422, 422),
    body: () => ({ current_password: "not the password", password: "a long new password" }) },
  // Last: it ends every session of the actor.
  { method: "POST", route: "/en/account/logout-everywhere",       expected: ex(401, 303, 303, 303, 303, 303), last: true },
];
