import { DomainError } from "../domain-error.ts";

/** No such key in this organization. */
export class ApiKeyNotFoundError extends DomainError {
  readonly code = "api_key_not_found";
}

/** Only a trusted key may have its signatures confirmed at once. */
export class ApiKeyUntrustedError extends DomainError {
  readonly code = "api_key_untrusted";
}
