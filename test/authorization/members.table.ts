import { uniqueSlug } from "../support/fixtures.ts";
import { ex, type Row } from "./matrix.ts";

// biome-ignore format: the table is the policy; one row per line keeps it readable.
export const memberRows: Row[] = [
  //                                                                anon outsider viewer organizer owner admin
  { method: "GET",  route: "/en/admin/o/:org/members",            expected: ex(303, 404, 403, 403, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/members/invite",     expected: ex(401, 404, 403, 403, 303, 303),
    body: () => ({ email: `${uniqueSlug("invitee")}@example.org`, role: "viewer" }) },
  { method: "POST", route: "/en/admin/o/:org/members/:member",    expected: ex(401, 404, 403, 403, 303, 303),
    body: () => ({ role: "organizer" }) },
  // Unconfirmed, a revocation answers with its confirmation page and changes nothing.
  { method: "POST", route: "/en/admin/o/:org/members/invitations/:invitation/revoke", expected: ex(401, 404, 403, 403, 200, 200) },
];
