import { DomainError } from "../domain-error.ts";

/** Also what a non-member gets: an organization's existence is not revealed to outsiders. */
export class OrganizationNotFoundError extends DomainError {
  readonly code = "organization_not_found";
}

export class ForbiddenError extends DomainError {
  readonly code = "forbidden";
}

export class SlugTakenError extends DomainError {
  readonly code = "slug_taken";
}

export class InvalidLogoError extends DomainError {
  readonly code = "invalid_logo";
}

/** An invitation to someone who is already a member, or to the inviter's own address. */
export class InviteeProblemError extends DomainError {
  readonly code = "invitee_problem";
  constructor(readonly reason: "yourself" | "member") {
    super(reason);
  }
}

/** The invitation was sent to another address than the signed-in account's verified one. */
export class InvitationForAnotherAddressError extends DomainError {
  readonly code = "invitation_other_address";
}

export class InvitationNotFoundError extends DomainError {
  readonly code = "invitation_not_found";
}

/** The change would leave the organization without an owner. */
export class LastOwnerError extends DomainError {
  readonly code = "last_owner";
  /** `self`: the only owner is the one asking. */
  constructor(readonly self: boolean) {
    super("last owner");
  }
}
