import { DomainError } from "../domain-error.ts";

/** No such tag in this organization (another organization's included). */
export class TagNotFoundError extends DomainError {
  readonly code = "tag_not_found";
}

/** No such tagging on this tag of this organization. */
export class TaggingNotFoundError extends DomainError {
  readonly code = "tagging_not_found";
}

/** The person to tag is no contact of this organization (another organization's included). */
export class TaggedPersonNotFoundError extends DomainError {
  readonly code = "tag_person_not_found";
}

/** A tag name that is empty, longer than 80 characters or unreadable. */
export class TagNameInvalidError extends DomainError {
  readonly code = "tag_name_invalid";
}

/** A tag description longer than 1,000 characters or unreadable. */
export class TagDescriptionInvalidError extends DomainError {
  readonly code = "tag_description_invalid";
}
