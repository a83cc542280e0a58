import { actionForm } from "../admin/fixtures.ts";
import { ex, type Row } from "./matrix.ts";

// biome-ignore format: the table is the policy; one row per line keeps it readable.
export const actionRows: Row[] = [
  //                                                                anon outsider viewer organizer owner admin
  { method: "GET",  route: "/en/admin/o/:org/actions/new",        expected: ex(303, 404, 403, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/actions/:id",        expected: ex(303, 404, 200, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/actions/:id/preview", expected: ex(303, 404, 200, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/actions/:id/edit",   expected: ex(303, 404, 403, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/actions/new",        expected: ex(401, 404, 403, 303, 303, 303),
    body: () => actionForm() },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/edit",   expected: ex(401, 404, 403, 303, 303, 303),
    body: (world) => actionForm({ slug: world.action.slug }) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/status", expected: ex(401, 404, 403, 303, 303, 303),
    body: (_world, actor) => ({ status: actor === "owner" ? "published" : "closed" }) },
];
