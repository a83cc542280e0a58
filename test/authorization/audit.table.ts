import { ex, type Row } from "./matrix.ts";

// biome-ignore format: the table is the policy; one row per line keeps it readable.
export const auditRows: Row[] = [
  //                                                                anon outsider viewer organizer owner admin
  { method: "GET",  route: "/en/admin/o/:org/audit",              expected: ex(303, 404, 403, 403, 200, 200) },
];
