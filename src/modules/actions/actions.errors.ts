import { DomainError } from "../domain-error.ts";

export class ActionNotFoundError extends DomainError {
  readonly code = "action_not_found";
}

export class ActionClosedError extends DomainError {
  readonly code = "action_closed";
}
