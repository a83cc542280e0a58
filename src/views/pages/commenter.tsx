/**
 * Who is commenting, on the comment form: the sign-in choices as plain links (no script, no
 * remote icons), or the signed-in commenter with the initial of their name in a circle (no
 * remote avatar: nothing loads from another origin) and a sign-out button. It holds its own
 * sign-out form, so it goes before the comment form, never inside it.
 */
import type { Translator } from "../../i18n/translator.ts";
import {
  avatarInitial,
  juntosProvider,
  type SignedInCommenter,
  type SignInChoice,
} from "../../modules/commenters/commenters.ts";
import { paths } from "../paths.ts";

export function CommenterBox(props: {
  t: Translator;
  /** The action the comment form is under; sign-in and sign-out come back to its discussion. */
  slug: string;
  /** On a reply page, the comment answered: sign-in and sign-out come back to that page. */
  replyTo?: number | null;
  commenter: SignedInCommenter | null;
  choices: readonly SignInChoice[];
  /** A page of the action that signing in comes back to, instead of the comment form. */
  back?: string;
}) {
  const { t, slug, replyTo = null, commenter, choices, back = null } = props;
  const labelOf = (choice: SignInChoice) => choice.label ?? t.t("commenter.juntos");
  if (!commenter) {
    return (
      <div class="commenter">
        <p id="commenter-sign-in">{t.t("commenter.signInWith")}</p>
        <ul class="sign-in" aria-labelledby="commenter-sign-in">
          {choices.map((choice) => (
            <li key={choice.id}>
              <a href={paths.commentSignIn(t.locale, slug, choice.id, { replyTo, back })}>
                {labelOf(choice)}
              </a>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const { identity } = commenter;
  const provider = choices.find((choice) => choice.id === identity.provider);
  const name = identity.profileUrl ? (
    <a href={identity.profileUrl} rel="nofollow ugc noopener">
      {identity.displayName}
    </a>
  ) : (
    identity.displayName
  );
  return (
    <div class="commenter">
      <p>
        {t.t("commenter.commentingAs")}{" "}
        <span class="avatar" aria-hidden="true">
          {avatarInitial(identity.displayName, t.locale)}
        </span>{" "}
        <strong>{name}</strong>
        {provider && identity.provider !== juntosProvider ? (
          <span class="note"> {t.t("commenter.via", { provider: labelOf(provider) })}</span>
        ) : null}
        {" · "}
      </p>
      <form method="post" action={paths.commentSignOut(t.locale)}>
        <input type="hidden" name="_token" value={commenter.signOutToken} />
        <input type="hidden" name="slug" value={slug} />
        {replyTo === null ? null : <input type="hidden" name="reply" value={String(replyTo)} />}
        <button type="submit">{t.t("commenter.signOut")}</button>
      </form>
    </div>
  );
}
