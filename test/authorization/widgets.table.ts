import { ex, type Row } from "./matrix.ts";

/**
 * :id is :org's own action (the sponsor's widget); :cosponsored the outsider's action that :org
 * co-sponsors (:org's widget as a partner). The outsider sponsors :cosponsored, yet under :org
 * gets 404 like any other outsider.
 */
// biome-ignore format: the table is the policy; one row per line keeps it readable.
export const widgetRows: Row[] = [
  //                                                                  anon outsider viewer organizer owner admin
  { method: "GET",  route: "/en/admin/o/:org/actions/:id/widget",            expected: ex(303, 404, 200, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/widget",            expected: ex(401, 404, 403, 303, 303, 303),
    body: () => ({ origins: "https://sponsor.example" }) },
  { method: "GET",  route: "/en/admin/o/:org/actions/:cosponsored/widget",   expected: ex(303, 404, 200, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/actions/:cosponsored/widget",   expected: ex(401, 404, 403, 303, 303, 303),
    body: () => ({ origins: "https://partner.example" }) },
];
