import { ex, type Row } from "./matrix.ts";

// biome-ignore format: the table is the policy; one row per line keeps it readable.
export const signatureRows: Row[] = [
  //                                                                anon outsider viewer organizer owner admin
  { method: "GET",  route: "/en/admin/o/:org/actions/:id/signatures", expected: ex(303, 404, 403, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/actions/:id/signatures.csv", expected: ex(303, 404, 403, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/signatures/:sid", expected: ex(401, 404, 403, 303, 303, 303),
    body: () => ({ valid: "no" }) },
];
