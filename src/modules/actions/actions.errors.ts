import { DomainError } from "../domain-error.ts";

export class ActionNotFoundError extends DomainError {
  readonly code = "action_not_found";
}

export class ActionClosedError extends DomainError {
  readonly code = "action_closed";
}

/** The lifecycle does not allow this step from where the action stands (an archived action is edited…). */
export class ActionStepRefusedError extends DomainError {
  readonly code = "action_step_refused";
  constructor(
    readonly step: string,
    readonly from: string,
  ) {
    super(`${step} refused from ${from}`);
  }
}
