import { DomainError } from "../domain-error.ts";

/** No such co-sponsorship or sign-on on this action (or the action is not the organization's). */
export class CosponsorNotFoundError extends DomainError {
  readonly code = "cosponsor_not_found";
}

/** The move does not fit the co-sponsorship's state any more (someone else moved it first). */
export class CosponsorMoveRefusedError extends DomainError {
  readonly code = "cosponsor_move_refused";
}

/** An emailed invitation link that is malformed, forged, or no longer stored. */
export class CosponsorInvitationNotFoundError extends DomainError {
  readonly code = "cosponsor_invitation_not_found";
}

/** The emailed invitation was accepted already, revoked by its sponsor, or is past its 14 days. */
export class CosponsorInvitationClosedError extends DomainError {
  readonly code: `cosponsor_invitation_${"used" | "revoked" | "expired"}`;
  constructor(readonly state: "used" | "revoked" | "expired") {
    super(state);
    this.code = `cosponsor_invitation_${state}`;
  }
}

/** Someone without a session tried to create an account for an address that has one: sign in first. */
export class InviteeHasAccountError extends DomainError {
  readonly code = "cosponsor_invitee_has_account";
}

/** The signed-in account is not the one the invitation was sent to (by verified address). */
export class InvitationForAnotherAccountError extends DomainError {
  readonly code = "cosponsor_invitation_other_account";
}

/** Too many invitation mails to one address (or from one organization) within the hour. */
export class TooManyInvitationsError extends DomainError {
  readonly code = "cosponsor_invitations_limited";
}
