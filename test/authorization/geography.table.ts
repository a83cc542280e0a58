import { ex, type Row } from "./matrix.ts";

/** Where signers are: as the signatures page (it is about signers), switched by who edits actions. */
// biome-ignore format: the table is the policy; one row per line keeps it readable.
export const geographyRows: Row[] = [
  //                                                                  anon outsider viewer organizer owner admin
  { method: "GET",  route: "/en/admin/o/:org/actions/:id/geography",         expected: ex(303, 404, 403, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/geography",         expected: ex(401, 404, 403, 303, 303, 303),
    body: () => ({ show: "yes" }) },
];
