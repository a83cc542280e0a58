import { DomainError } from "../domain-error.ts";

/** A confirmation or unsubscribe link that names no subscription: malformed, cut short, or forged. */
export class SubscriptionLinkInvalidError extends DomainError {
  readonly code = "subscription_link_invalid";
}

/** A confirmation link of a subscription that was ended since (unsubscribed): it confirms nothing now. */
export class SubscriptionEndedError extends DomainError {
  readonly code = "subscription_ended";
}
