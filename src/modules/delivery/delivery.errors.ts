import { DomainError } from "../domain-error.ts";

/** A delivery asked of an action that is still a draft: nothing public to deliver yet. */
export class DeliveryNotReadyError extends DomainError {
  readonly code = "delivery_not_ready";
}
