import { DomainError } from "../domain-error.ts";

/** An update that is not one of this action's: unknown, deleted, or another organization's. */
export class UpdateNotFoundError extends DomainError {
  readonly code = "update_not_found";
}

/** Updates are posted on published or closed actions: a draft has no page and no signers. */
export class UpdateOnDraftError extends DomainError {
  readonly code = "update_on_draft";
}

/** An unsubscribe link that names nobody: malformed, cut short, forged, or its signature is gone. */
export class UpdateUnsubscribeLinkInvalidError extends DomainError {
  readonly code = "update_unsubscribe_invalid";
}
