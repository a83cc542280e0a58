import { DomainError } from "../domain-error.ts";

/** No such webhook (or delivery) in this organization: another organization's ids are not found either. */
export class WebhookNotFoundError extends DomainError {
  readonly code = "webhook_not_found";
}
