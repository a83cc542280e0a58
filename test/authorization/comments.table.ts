import { ex, type Row } from "./matrix.ts";

/**
 * Moderating shows commenters' email addresses: organizers and owners moderate, edit and reply as
 * the organization, viewers do not (403), other organizations see nothing (404). A move on a
 * comment that is not there moves nothing and comes back to the queue (303).
 */
// biome-ignore format: the table is the policy; one row per line keeps it readable.
export const commentRows: Row[] = [
  //                                                                     anon outsider viewer organizer owner admin
  { method: "GET",  route: "/en/admin/o/:org/comments",                       expected: ex(303, 404, 403, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/comments/moderate",              expected: ex(401, 404, 403, 303, 303, 303),
    body: () => ({ comment: "999999", move: "approve" }) },
  { method: "GET",  route: "/en/admin/o/:org/comments/rules",                 expected: ex(303, 404, 403, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/comments/rules",                 expected: ex(401, 404, 403, 303, 303, 303),
    body: () => ({ hold_first: "yes", max_links: "2", spam_words: "", hold_words: "" }) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/comments/close",     expected: ex(401, 404, 403, 303, 303, 303) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/comments/open",      expected: ex(401, 404, 403, 303, 303, 303) },
  { method: "GET",  route: "/en/admin/o/:org/comments/:comment/edit",         expected: ex(303, 404, 403, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/comments/:comment/edit",         expected: ex(401, 404, 403, 303, 303, 303),
    body: (_, actor) => ({ body: `Edited by the ${actor}.` }) },
  { method: "GET",  route: "/en/admin/o/:org/comments/:comment/reply",        expected: ex(303, 404, 403, 200, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/comments/:comment/reply",        expected: ex(401, 404, 403, 303, 303, 303),
    body: (_, actor) => ({ body: `Answered by the ${actor}.`, locale: "en" }) },
];
