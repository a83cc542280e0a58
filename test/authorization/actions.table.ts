import { actionForm } from "../support/fixtures.ts";
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
  // "Add another target" sends the editor back with one more fieldset, saving nothing.
  { method: "POST", route: "/en/admin/o/:org/actions/new",        expected: ex(401, 404, 403, 200, 200, 200),
    body: () => ({ ...actionForm(), add_target: "yes" }) },
  // The action stays published: steps that do not fit are refused (409) once authorized, and the
  // hard-to-undo ones first ask (200, the confirmation page).
  { method: "POST", route: "/en/admin/o/:org/actions/:id/publish", expected: ex(401, 404, 403, 409, 409, 409) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/reopen", expected: ex(401, 404, 403, 409, 409, 409) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/unarchive", expected: ex(401, 404, 403, 409, 409, 409) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/close",  expected: ex(401, 404, 403, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/archive", expected: ex(401, 404, 403, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/delete", expected: ex(401, 404, 403, 200, 200, 200) },
  // A next goal above any count the action can have by then; one at or below the count is a 422.
  { method: "POST", route: "/en/admin/o/:org/actions/:id/goal",   expected: ex(401, 404, 403, 303, 303, 303),
    body: (_world, actor) => ({ goal: String(100_000 + ["organizer", "owner", "admin"].indexOf(actor)) }) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/goal",   expected: ex(401, 404, 403, 422, 422, 422),
    body: () => ({ goal: "0" }) },
  // The outcome is changed only on a closed action: the published one answers 409 once authorized.
  { method: "POST", route: "/en/admin/o/:org/actions/:id/outcome", expected: ex(401, 404, 403, 409, 409, 409),
    body: () => ({ outcome: "victory" }) },
];
