/**
 * Email about a discussion, on the public side: the choice on the comment form, the form that
 * follows a discussion without commenting, and the pages of the emailed links. A link's GET only
 * shows a button (mail scanners follow links); the POST does what it says.
 */
import type { MessageKey } from "../../i18n/catalog.ts";
import type { Translator } from "../../i18n/translator.ts";
import {
  type CommentSubscriptionScope,
  notifyChoices,
  type SubscriptionView,
} from "../../modules/comment-notifications/comment-notifications.ts";
import type { FieldErrorMap } from "../../modules/forms.ts";
import { Layout } from "../layout.tsx";
import { paths } from "../paths.ts";

const choiceLabels: Record<CommentSubscriptionScope | "none", MessageKey> = {
  none: "commentNotifications.choice.none",
  replies: "commentNotifications.choice.replies",
  all: "commentNotifications.choice.all",
};

/** The comment form's "email me" choice: none unless the author picks one. */
export function NotifyChoiceField({
  t,
  value,
  errors,
}: {
  t: Translator;
  value: string;
  errors: FieldErrorMap;
}) {
  const error = errors.notify;
  return (
    <fieldset class="notify-choice" id="c-notify" aria-describedby="c-notify-hint">
      <legend>{t.t("commentNotifications.choice")}</legend>
      <p class="note" id="c-notify-hint">
        {t.t("commentNotifications.choice.hint")}
      </p>
      {error ? (
        <p class="field-error" id="c-notify-error">
          {t.t(error.key, error.params)}
        </p>
      ) : null}
      {(["none", ...notifyChoices] as const).map((choice) => {
        const id = `c-notify-${choice}`;
        const optionValue = choice === "none" ? "" : choice;
        return (
          <label class="check" for={id}>
            <input type="radio" id={id} name="notify" value={optionValue} checked={value === optionValue} />
            <span>{t.t(choiceLabels[choice])}</span>
          </label>
        );
      })}
    </fieldset>
  );
}

const followErrorsId = "follow-errors";

/** Follow a discussion by email without commenting: just an address. */
export function FollowForm({
  t,
  slug,
  formToken,
  email = "",
  errors = {},
  formError,
}: {
  t: Translator;
  slug: string;
  formToken: string;
  email?: string;
  errors?: FieldErrorMap;
  formError?: MessageKey;
}) {
  const error = errors.email;
  const count = (formError ? 1 : 0) + (error ? 1 : 0);
  return (
    <form
      method="post"
      action={`${paths.commentsFollow(t.locale, slug)}#${followErrorsId}`}
      class="follow-form"
    >
      <h3 id="follow-discussion">{t.t("commentNotifications.follow.heading")}</h3>
      {count > 0 ? (
        <div class="errors" role="alert" id={followErrorsId} tabIndex={-1}>
          <h2>{t.t("sign.errorSummary", { count })}</h2>
          <ul>
            {formError ? <li>{t.t(formError)}</li> : null}
            {error ? (
              <li>
                <a href="#follow-email">
                  {`${t.t("commentNotifications.follow.email")}: ${t.t(error.key, error.params)}`}
                </a>
              </li>
            ) : null}
          </ul>
        </div>
      ) : null}
      <p class="note" id="follow-email-hint">
        {t.t("commentNotifications.follow.intro")}
      </p>
      <label for="follow-email">{t.t("commentNotifications.follow.email")}</label>
      {error ? (
        <p class="field-error" id="follow-email-error">
          {t.t(error.key, error.params)}
        </p>
      ) : null}
      <input
        id="follow-email"
        name="email"
        type="email"
        autocomplete="email"
        inputMode="email"
        spellcheck={false}
        required
        value={email}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "follow-email-error follow-email-hint" : "follow-email-hint"}
      />
      <div class="hp" aria-hidden="true">
        <label for="follow-url">{t.t("sign.honeypot")}</label>
        <input type="text" id="follow-url" name="url" tabIndex={-1} autocomplete="off" />
      </div>
      <input type="hidden" name="ts" value={formToken} />
      <button type="submit">{t.t("commentNotifications.follow.submit")}</button>
    </form>
  );
}

interface ActionFacts {
  slug: string;
  title: string;
}

function BackLink({ t, action }: { t: Translator; action: ActionFacts }) {
  return (
    <p>
      <a href={`${paths.action(t.locale, action.slug)}#discussion`}>
        {t.t("comments.backTo", { title: action.title })}
      </a>
    </p>
  );
}

/** The follow form again on a page of its own, when what was sent could not be taken. */
export function FollowView(props: {
  t: Translator;
  baseUrl: string;
  action: ActionFacts;
  formToken: string;
  email: string;
  errors?: FieldErrorMap;
  formError?: MessageKey;
}) {
  const { t, action } = props;
  return (
    <Layout
      t={t}
      title={t.t("commentNotifications.follow.title", { title: action.title })}
      path={paths.action(t.locale, action.slug)}
      baseUrl={props.baseUrl}
      noindex
    >
      <h1>{t.t("commentNotifications.follow.title", { title: action.title })}</h1>
      <FollowForm
        t={t}
        slug={action.slug}
        formToken={props.formToken}
        email={props.email}
        errors={props.errors}
        formError={props.formError}
      />
      <BackLink t={t} action={action} />
    </Layout>
  );
}

/** After asking to follow: the same words whether or not the address was known (it tells nobody anything). */
export function FollowSentView({
  t,
  baseUrl,
  action,
}: {
  t: Translator;
  baseUrl: string;
  action: ActionFacts;
}) {
  return (
    <Layout
      t={t}
      title={t.t("commentNotifications.sent.title")}
      path={paths.action(t.locale, action.slug)}
      baseUrl={baseUrl}
      noindex
    >
      <div role="status">
        <h1>{t.t("commentNotifications.sent.title")}</h1>
        <p>{t.t("commentNotifications.sent.body", { title: action.title })}</p>
      </div>
      <BackLink t={t} action={action} />
    </Layout>
  );
}

function LinkPage({
  t,
  baseUrl,
  path,
  title,
  body,
  button,
  action,
}: {
  t: Translator;
  baseUrl: string;
  path: string;
  title: string;
  body: string;
  /** The button that POSTs the link; none once it is done. */
  button?: string;
  action: ActionFacts;
}) {
  return (
    <Layout t={t} title={title} path={path} baseUrl={baseUrl} noindex>
      <h1>{title}</h1>
      {button ? (
        <>
          <p>{body}</p>
          <form method="post" action={path}>
            <button type="submit">{button}</button>
          </form>
        </>
      ) : (
        <p role="status">{body}</p>
      )}
      <BackLink t={t} action={action} />
    </Layout>
  );
}

/** GET of a confirmation link: asks for the press that confirms. */
export function ConfirmSubscriptionView(props: {
  t: Translator;
  baseUrl: string;
  token: string;
  subscription: SubscriptionView;
}) {
  const { t, subscription } = props;
  const { action } = subscription;
  const path = paths.confirmCommentSubscription(t.locale, props.token);
  if (subscription.status === "confirmed") return SubscribedView({ ...props, path });
  return LinkPage({
    t,
    baseUrl: props.baseUrl,
    path,
    title: t.t("commentNotifications.confirm.title"),
    body: t.t(`commentNotifications.confirm.${subscription.scope}`, { title: action.title }),
    button: t.t("commentNotifications.confirm.button"),
    action,
  });
}

/** After the press (or a confirmation link opened again): subscribed, and how to stop. */
export function SubscribedView(props: {
  t: Translator;
  baseUrl: string;
  path: string;
  subscription: SubscriptionView;
}) {
  const { t, subscription } = props;
  const { action } = subscription;
  const body = `${t.t(`commentNotifications.confirmed.${subscription.scope}`, { title: action.title })} ${t.t("commentNotifications.confirmed.stop")}`;
  return LinkPage({
    t,
    baseUrl: props.baseUrl,
    path: props.path,
    title: t.t("commentNotifications.confirmed.title"),
    body,
    action,
  });
}

/**
 * GET of an unsubscribe link (from a mail's text, or followed by a scanner): the button; the
 * POST it sends is the same one a mail client sends from the List-Unsubscribe header.
 */
export function UnsubscribeView(props: {
  t: Translator;
  baseUrl: string;
  token: string;
  subscription: SubscriptionView;
}) {
  const { t, subscription } = props;
  const path = paths.unsubscribe(t.locale, props.token);
  if (subscription.status === "ended") return UnsubscribedView({ ...props });
  return LinkPage({
    t,
    baseUrl: props.baseUrl,
    path,
    title: t.t("commentNotifications.unsubscribe.title"),
    body: t.t("commentNotifications.unsubscribe.body", { title: subscription.action.title }),
    button: t.t("commentNotifications.unsubscribe.button"),
    action: subscription.action,
  });
}

export function UnsubscribedView(props: {
  t: Translator;
  baseUrl: string;
  token: string;
  subscription: SubscriptionView;
}) {
  const { t, subscription } = props;
  return LinkPage({
    t,
    baseUrl: props.baseUrl,
    path: paths.unsubscribe(t.locale, props.token),
    title: t.t("commentNotifications.unsubscribed.title"),
    body: t.t("commentNotifications.unsubscribed.body", { title: subscription.action.title }),
    action: subscription.action,
  });
}
