import { ex, type Row } from "./matrix.ts";

/**
 * Webhooks send signers' details elsewhere and hold signing secrets: owners (and platform
 * administrators) only. Deleting without `confirm` is the question page (200), so the webhook
 * stays for the other rows.
 */
// biome-ignore format: the table is the policy; one row per line keeps it readable.
export const webhookRows: Row[] = [
  //                                                                            anon outsider viewer organizer owner admin
  { method: "GET",  route: "/en/admin/o/:org/webhooks",                                  expected: ex(303, 404, 403, 403, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/webhooks",                                  expected: ex(401, 404, 403, 403, 200, 200),
    body: () => ({ url: "https://hooks.example/juntos", events: "signature.confirmed" }) },
  { method: "GET",  route: "/en/admin/o/:org/webhooks/:webhook",                         expected: ex(303, 404, 403, 403, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/webhooks/:webhook/pause",                   expected: ex(401, 404, 403, 403, 303, 303) },
  { method: "POST", route: "/en/admin/o/:org/webhooks/:webhook/resume",                  expected: ex(401, 404, 403, 403, 303, 303) },
  { method: "POST", route: "/en/admin/o/:org/webhooks/:webhook/delete",                  expected: ex(401, 404, 403, 403, 200, 200) },
  { method: "POST", route: "/en/admin/o/:org/webhooks/:webhook/deliveries/:delivery/send-again", expected: ex(401, 404, 403, 403, 303, 303) },
];
