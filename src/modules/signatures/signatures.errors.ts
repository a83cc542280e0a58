import { DomainError } from "../domain-error.ts";

export class InvalidConfirmationError extends DomainError {
  readonly code = "invalid_confirmation";
}
