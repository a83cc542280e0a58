import { ex, type Row } from "./matrix.ts";

/**
 * :cosponsor is the outsider's organization, an approved co-sponsor of :id (so the outsider is a
 * co-sponsor member: still 404 everywhere in :org); :cosponsored is the outsider's action, which
 * :org co-sponsors; :signon an approved sign-on of :id. Moves that the state no longer allows
 * answer 409 (the actor got past the policy), unconfirmed declines and removals the confirmation page.
 */
// biome-ignore format: the table is the policy; one row per line keeps it readable.
export const cosponsorRows: Row[] = [
  //                                                                                anon outsider viewer organizer owner admin
  { method: "GET",  route: "/en/admin/o/:org/actions/:id/cosponsors",                        expected: ex(303, 404, 200, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/cosponsors/invite",                 expected: ex(401, 404, 403, 409, 409, 409),
    body: (world) => ({ organization: world.otherOrg.slug }) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/cosponsors/invite-email",           expected: ex(401, 404, 403, 303, 303, 303),
    body: (_world, actor) => ({ organization_name: `Partner of ${actor}`, email: `${actor}-partner@example.org`, locale: "es" }) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/cosponsors/email-invitations/:emailInvitation/revoke", expected: ex(401, 404, 403, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/cosponsors/list",                   expected: ex(401, 404, 403, 200, 200, 200),
    body: () => ({ organizations: "Listed Org", step: "preview" }) },
  // A form post with no file in it: the permitted get the form back, saying to choose a file.
  { method: "POST", route: "/en/admin/o/:org/actions/:id/cosponsors/list/file",              expected: ex(401, 404, 403, 422, 422, 422) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/cosponsors/:cosponsor/approve",     expected: ex(401, 404, 403, 409, 409, 409) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/cosponsors/:cosponsor/decline",     expected: ex(401, 404, 403, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/cosponsors/:cosponsor/remove",      expected: ex(401, 404, 403, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/cosponsors/signons/:signon/approve", expected: ex(401, 404, 403, 409, 409, 409) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/cosponsors/signons/:signon/decline", expected: ex(401, 404, 403, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/cosponsors/signons/:signon/remove",  expected: ex(401, 404, 403, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/cosponsoring",                                  expected: ex(303, 404, 200, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/cosponsoring/ask",                              expected: ex(401, 404, 403, 422, 422, 422),
    body: (world) => ({ address: world.cosponsoredAction.slug }) },
  { method: "POST", route: "/en/admin/o/:org/cosponsoring/:cosponsored/accept",              expected: ex(401, 404, 403, 409, 409, 409) },
  { method: "POST", route: "/en/admin/o/:org/cosponsoring/:cosponsored/decline",             expected: ex(401, 404, 403, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/cosponsoring/:cosponsored/withdraw",            expected: ex(401, 404, 403, 200, 200, 200) },
];
