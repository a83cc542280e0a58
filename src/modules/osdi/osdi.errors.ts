import { DomainError } from "../domain-error.ts";
import type { OsdiProblem } from "./osdi.ts";

/** A query the API cannot answer as asked (a filter or paging it does not know): 400. */
export class OsdiBadRequestError extends DomainError {
  readonly code = "osdi_bad_request";
  constructor(readonly problem: OsdiProblem) {
    super(problem.description);
  }
}

/** No such resource for this key's organization (another organization's ids included): 404. */
export class OsdiNotFoundError extends DomainError {
  readonly code = "osdi_not_found";
}
