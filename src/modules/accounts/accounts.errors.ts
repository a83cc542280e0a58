import { DomainError } from "../domain-error.ts";
import type { FieldErrorMap } from "../forms.ts";

/** A form's fields broke its rules; the page shows the form again with these messages. */
export class InvalidFormError extends DomainError {
  readonly code = "invalid_form";
  constructor(readonly errors: FieldErrorMap) {
    super(Object.keys(errors).join(", "));
  }
}

export class InvalidCredentialsError extends DomainError {
  readonly code = "invalid_credentials";
}

export class TooManyAttemptsError extends DomainError {
  readonly code = "too_many_attempts";
  constructor(readonly retryAfterSeconds: number) {
    super();
  }
}

/** An emailed link that is unknown, forged, expired or already used. */
export class InvalidLinkError extends DomainError {
  readonly code = "invalid_link";
}

export class EmailNotVerifiedError extends DomainError {
  readonly code = "email_not_verified";
}

export class NotSignedInError extends DomainError {
  readonly code = "not_signed_in";
}

/** Too many password forms from one network: their hashing is what costs the server. */
export class TooManyRequestsError extends DomainError {
  readonly code = "rate_limited";
}

/** Every password hashing slot and its short wait list are taken; asking again soon works. */
export class ServerBusyError extends DomainError {
  readonly code = "server_busy";
}
