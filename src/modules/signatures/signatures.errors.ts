import { DomainError } from "../domain-error.ts";

export class InvalidConfirmationError extends DomainError {
  readonly code = "invalid_confirmation";
}

/** A signature left pending until its action stopped taking signatures: it can no longer count. */
export class SigningClosedError extends DomainError {
  readonly code = "signing_closed";
}

/**
 * So many signatures wait for the database that this one is refused rather than queued: the
 * person gets the form back with what they typed, and sends it again in a few seconds.
 */
export class SigningBusyError extends DomainError {
  readonly code = "signing_busy";
}
