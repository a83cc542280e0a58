import { ex, type Row } from "./matrix.ts";

/**
 * Updates are mailed to every consenting signer: posting, editing and deleting are for those who
 * run actions (`updates.manage`: organizers and owners); viewers see the list and its numbers
 * (totals, no personal data). Posting and deleting without `confirm` is the question page (200),
 * so nothing is mailed or deleted by the other rows.
 */
const fields = () => ({ kind: "progress", title_en: "Matrix news", body_en: "Something happened." });

// biome-ignore format: the table is the policy; one row per line keeps it readable.
export const updateRows: Row[] = [
  //                                                                            anon outsider viewer organizer owner admin
  { method: "GET",  route: "/en/admin/o/:org/actions/:id/updates",                       expected: ex(303, 404, 200, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/actions/:id/updates/new",                   expected: ex(303, 404, 403, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/updates",                       expected: ex(401, 404, 403, 200, 200, 200),
    body: fields },
  { method: "GET",  route: "/en/admin/o/:org/actions/:id/updates/:update",               expected: ex(303, 404, 403, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/updates/:update",               expected: ex(401, 404, 403, 303, 303, 303),
    body: () => ({ ...fields(), title_en: "Matrix update" }) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/updates/:update/delete",        expected: ex(401, 404, 403, 200, 200, 200) },
];
