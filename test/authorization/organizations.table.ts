import { uniqueSlug } from "../support/fixtures.ts";
import { ex, type Row } from "./matrix.ts";

// biome-ignore format: the table is the policy; one row per line keeps it readable.
export const organizationRows: Row[] = [
  //                                                                anon outsider viewer organizer owner admin
  { method: "GET",  route: "/en/admin",                           expected: ex(303, 200, 200, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/organizations/new",         expected: ex(303, 404, 404, 404, 404, 200) },
  { method: "GET",  route: "/en/admin/o/:org",                    expected: ex(303, 404, 200, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/profile",            expected: ex(303, 404, 403, 403, 200, 200) },
  { method: "POST", route: "/en/admin/organizations/new",         expected: ex(401, 404, 404, 404, 404, 303),
    body: () => ({ name: "New coalition", slug: uniqueSlug("coalition") }) },
  { method: "POST", route: "/en/admin/o/:org/profile",            expected: ex(401, 404, 403, 403, 303, 303),
    body: () => ({ name: "Renamed organization", website: "https://example.org" }) },
  // Permitted actors get 422 here: a urlencoded form carries no image (uploads: logo.test.ts).
  { method: "POST", route: "/en/admin/o/:org/logo",               expected: ex(401, 404, 403, 403, 422, 422),
    body: () => ({ logo: "not an image" }) },
  { method: "POST", route: "/en/admin/o/:org/retention",          expected: ex(401, 404, 403, 403, 303, 303),
    body: () => ({ retention_months: "12" }) },
];
