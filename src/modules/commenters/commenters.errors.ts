import { DomainError } from "../domain-error.ts";

/** The person said no at the provider (`error=access_denied`). */
export class CommenterSignInCancelledError extends DomainError {
  readonly code = "commenter_sign_in_cancelled";
}

/**
 * The answer cannot be matched to a sign-in this browser started: no flow cookie, a changed or
 * expired one, or a `state` that is not its own.
 */
export class CommenterSignInExpiredError extends DomainError {
  readonly code = "commenter_sign_in_expired";
}

/** The provider could not be reached, refused the code, or answered something unreadable. */
export class CommenterProviderError extends DomainError {
  readonly code = "commenter_provider_failed";
}

/** A sign-out form whose token is not the signed-in commenter's (posted from elsewhere, or stale). */
export class CommenterSignOutRefusedError extends DomainError {
  readonly code = "commenter_sign_out_refused";
}
