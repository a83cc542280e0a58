/** Delivery jobs, collected by src/jobs/registry.ts: the letter mailed to a target, PDF attached. */
import type { Mailer } from "../mail/mail.ts";
import type { OutboxJobs } from "../outbox/outbox.ts";
import type { DeliveryService } from "./delivery.service.ts";

export function deliveryJobs(deps: { mailer: Mailer; delivery: DeliveryService }) {
  return {
    handlers: {
      "delivery.email": ({ deliveryId }: OutboxJobs["delivery.email"]) =>
        deps.delivery.sendQueued(deliveryId, deps.mailer),
    },
    tasks: [],
  };
}
