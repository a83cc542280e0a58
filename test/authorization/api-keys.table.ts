import { ex, type Row } from "./matrix.ts";

/** API keys are the owners' (and the platform's): a key reads signers, like an export. :apiKey is :org's live key. */
// biome-ignore format: the table is the policy; one row per line keeps it readable.
export const apiKeyRows: Row[] = [
  //                                                                  anon outsider viewer organizer owner admin
  { method: "GET",  route: "/en/admin/o/:org/api-keys",                      expected: ex(303, 404, 403, 403, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/api-keys",                      expected: ex(401, 404, 403, 403, 200, 200),
    body: (_world, actor) => ({ name: `Matrix key of ${actor}` }) },
  // Unconfirmed: permitted actors are asked, nothing is revoked.
  { method: "POST", route: "/en/admin/o/:org/api-keys/:apiKey/revoke",       expected: ex(401, 404, 403, 403, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/api-keys/:apiKey/signature-confirmation", expected: ex(401, 404, 403, 403, 303, 303),
    body: () => ({ confirmation: "email" }) },
];
