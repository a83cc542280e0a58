import { ex, type Row } from "./matrix.ts";

/**
 * Delivery: the page as the signatures page (it is about signers); downloading the package and
 * mailing the letter as exporting signatures. The action's target has no email: a permitted
 * sender gets the form back (422), never a confirmation step or a mail.
 */
// biome-ignore format: the table is the policy; one row per line keeps it readable.
export const deliveryRows: Row[] = [
  //                                                                              anon outsider viewer organizer owner admin
  { method: "GET",  route: "/en/admin/o/:org/actions/:id/delivery",                    expected: ex(303, 404, 403, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/delivery",                    expected: ex(401, 404, 403, 422, 422, 422),
    body: () => ({ target: "0", language: "en" }) },
  { method: "GET",  route: "/en/admin/o/:org/actions/:id/delivery/letter.pdf",         expected: ex(303, 404, 403, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/actions/:id/delivery/signers.csv",        expected: ex(303, 404, 403, 200, 200, 200) },
];
