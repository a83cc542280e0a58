import { DomainError } from "../domain-error.ts";

/** A contact kept conflicting with concurrent writes of the same keys, past every retry. */
export class ContactConflictError extends DomainError {
  readonly code = "contact_conflict";
}
