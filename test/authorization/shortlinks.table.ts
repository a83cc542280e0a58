import { uniqueSlug } from "../support/fixtures.ts";
import { ex, type Row } from "./matrix.ts";

// biome-ignore format: the table is the policy; one row per line keeps it readable.
export const shortLinkRows: Row[] = [
  //                                                                          anon outsider viewer organizer owner admin
  { method: "GET",  route: "/en/admin/o/:org/actions/:id/links",                   expected: ex(303, 404, 200, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/actions/:id/links/:linkId/qr.svg",    expected: ex(303, 404, 200, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/actions/:id/links/:linkId/qr.png",    expected: ex(303, 404, 200, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/links",                   expected: ex(401, 404, 403, 303, 303, 303),
    body: () => ({ slug: uniqueSlug("link"), source: "" }) },
  // Unconfirmed, so every permitted actor gets the confirmation page and the link stays.
  { method: "POST", route: "/en/admin/o/:org/actions/:id/links/:linkId/delete",    expected: ex(401, 404, 403, 200, 200, 200) },
];
