/**
 * A comment from a signed-in commenter: who vouches for its author, and the form as the provider
 * fills it in. Pure.
 */
import { type CommenterIdentity, juntosProvider } from "../commenters/commenters.ts";
import { type CommentFormValues, safeWebsite } from "./comments.ts";

/** Nobody (a guest), a Juntos account, or an OpenID Connect or OAuth 2.0 provider by its id. */
export type CommentAuthor =
  | { readonly kind: "guest" }
  | { readonly kind: "account"; readonly accountId: number }
  | { readonly kind: "provider"; readonly provider: string };

export const guestAuthor: CommentAuthor = { kind: "guest" };

export function authorOf(identity: CommenterIdentity): CommentAuthor {
  return identity.provider === juntosProvider
    ? { kind: "account", accountId: Number(identity.subject) }
    : { kind: "provider", provider: identity.provider };
}

/**
 * The posted form of a signed-in commenter: the name is the provider's, and so is the email when
 * it gave one (else the one typed in, required as for a guest); the website is the provider's
 * profile link when the comment may link to it. The text, stance and parent are as typed.
 */
export function signedInFormValues(
  values: CommentFormValues,
  identity: CommenterIdentity,
): CommentFormValues {
  const profile = identity.profileUrl;
  return {
    ...values,
    name: identity.displayName,
    email: identity.email ?? values.email,
    website: profile !== null && safeWebsite(profile) ? profile : "",
  };
}
