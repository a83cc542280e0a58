import { uniqueSlug } from "../support/fixtures.ts";
import { ex, type Row } from "./matrix.ts";

/**
 * The sponsor's leaderboard of :id's partners (counts only: viewers too), and :org's own pages as
 * a partner of :cosponsored, the outsider's action it co-sponsors: its links and numbers for
 * viewers, its consenting signers and their export only for those who may see and export signers,
 * as with the sponsor's. The outsider, whose organization is the sponsor of :cosponsored and a
 * partner of :id, gets 404 everywhere in :org.
 */
// biome-ignore format: the table is the policy; one row per line keeps it readable.
export const partnerRows: Row[] = [
  //                                                                                          anon outsider viewer organizer owner admin
  { method: "GET",  route: "/en/admin/o/:org/actions/:id/partners",                                   expected: ex(303, 404, 200, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/cosponsoring/:cosponsored",                              expected: ex(303, 404, 200, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/cosponsoring/:cosponsored/signers",                      expected: ex(303, 404, 403, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/cosponsoring/:cosponsored/signers.csv",                  expected: ex(303, 404, 403, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/cosponsoring/:cosponsored/links/:partnerLink/qr.svg",    expected: ex(303, 404, 200, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/cosponsoring/:cosponsored/links/:partnerLink/qr.png",    expected: ex(303, 404, 200, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/cosponsoring/:cosponsored/links",                        expected: ex(401, 404, 403, 303, 303, 303),
    body: () => ({ slug: uniqueSlug("partner"), source: "" }) },
  // Unconfirmed, so every permitted actor gets the confirmation page and the link stays.
  { method: "POST", route: "/en/admin/o/:org/cosponsoring/:cosponsored/links/:partnerLink/delete",    expected: ex(401, 404, 403, 200, 200, 200) },
];
