import { DomainError } from "../domain-error.ts";
import type { OsdiFieldError, OsdiProblem } from "./osdi.ts";

/** A query the API cannot answer as asked (a filter or paging it does not know): 400. */
export class OsdiBadRequestError extends DomainError {
  readonly code = "osdi_bad_request";
  constructor(readonly problem: OsdiProblem) {
    super(problem.description);
  }
}

/** A body the API cannot record as sent (no email to key a signature by, a field our rules refuse): 422. */
export class OsdiUnprocessableError extends DomainError {
  readonly code = "osdi_unprocessable";
  constructor(readonly problem: OsdiProblem) {
    super(problem.description);
  }
}

/** No such resource for this key's organization (another organization's ids included): 404. */
export class OsdiNotFoundError extends DomainError {
  readonly code = "osdi_not_found";
}

/** A written petition our rules refuse, field by field: 422. */
export class OsdiInvalidFieldsError extends DomainError {
  readonly code = "osdi_invalid_fields";
  constructor(readonly fields: OsdiFieldError[]) {
    super(fields.map((field) => field.property).join(", "));
  }
}

/** A write this key may not make (publishing with a key its organization does not trust): 403. */
export class OsdiForbiddenError extends DomainError {
  readonly code = "osdi_forbidden";
}
