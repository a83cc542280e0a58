import { DomainError } from "../domain-error.ts";

/** No such short link on this action (or the action is not the organization's). */
export class ShortLinkNotFoundError extends DomainError {
  readonly code = "shortlink_not_found";
}
