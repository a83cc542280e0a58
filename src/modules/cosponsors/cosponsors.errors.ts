import { DomainError } from "../domain-error.ts";

/** No such co-sponsorship or sign-on on this action (or the action is not the organization's). */
export class CosponsorNotFoundError extends DomainError {
  readonly code = "cosponsor_not_found";
}

/** The move does not fit the co-sponsorship's state any more (someone else moved it first). */
export class CosponsorMoveRefusedError extends DomainError {
  readonly code = "cosponsor_move_refused";
}
