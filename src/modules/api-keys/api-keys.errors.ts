import { DomainError } from "../domain-error.ts";

/** No such key in this organization. */
export class ApiKeyNotFoundError extends DomainError {
  readonly code = "api_key_not_found";
}
