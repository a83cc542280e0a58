import { DomainError } from "../domain-error.ts";

export class InvalidConfirmationError extends DomainError {
  readonly code = "invalid_confirmation";
}

/** A signature left pending until its action stopped taking signatures: it can no longer count. */
export class SigningClosedError extends DomainError {
  readonly code = "signing_closed";
}
