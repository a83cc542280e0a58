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
