import { DomainError } from "../domain-error.ts";

/** No such comment shown on this action (or not the organization's, or the edit link is not valid). */
export class CommentNotFoundError extends DomainError {
  readonly code = "comment_not_found";
}

/** The action takes no comments now: its discussion or the action itself is closed. */
export class CommentsClosedError extends DomainError {
  readonly code = "comments_closed";
}

/** The 15 minutes in which an author may change their comment are over. */
export class CommentEditExpiredError extends DomainError {
  readonly code = "comment_edit_expired";
}

/** This person already posted this text on this action: a second copy helps no one. */
export class CommentDuplicateError extends DomainError {
  readonly code = "comment_duplicate";
}

/** A reader cannot mark their own comment as helpful. */
export class OwnCommentVoteError extends DomainError {
  readonly code = "comment_own_vote";
}
