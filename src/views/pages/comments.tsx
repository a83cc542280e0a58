/**
 * The discussion under an action: counts, threads, paging, the "Leave a Reply" form; the pages
 * around it (reply, held, edit) and the Atom feed. Comments are plain text: every part goes
 * through Preact (or escapeHtml in the feed), links only to http(s) addresses.
 */

import type { ComponentChildren } from "preact";
import { escapeHtml } from "../../http/escape.ts";
import type { MessageKey } from "../../i18n/catalog.ts";
import { locales } from "../../i18n/locale.ts";
import type { Translator } from "../../i18n/translator.ts";
import type { ActionPage } from "../../modules/actions/actions.ts";
import type { SignedInCommenter, SignInChoice } from "../../modules/commenters/commenters.ts";
import type { OwnComment } from "../../modules/comments/comments.service.ts";
import {
  type CommentFormValues,
  type CommentStance,
  type Discussion as DiscussionModel,
  type DiscussionSort,
  type DiscussionView,
  discussionSorts,
  lastOpenDay,
  limits,
  type Paragraph,
  type PublicComment,
  stances,
} from "../../modules/comments/comments.ts";
import type { FieldErrorMap } from "../../modules/forms.ts";
import { Layout } from "../layout.tsx";
import { discussionQuery, paths } from "../paths.ts";
import { FollowForm, NotifyChoiceField } from "./comment-notifications.tsx";
import { CommenterBox } from "./commenter.tsx";
import { rememberedDetailsScript } from "./remembered-details-script.ts";

/** Links people typed into comments: not endorsed, not given our page as opener. */
const userLinkRel = "nofollow ugc noopener";

/** The comment form as it comes back: what was typed and what was wrong with it. */
export interface CommentFormState {
  values?: CommentFormValues;
  errors?: FieldErrorMap;
  /** A problem with the form as a whole (expired, too many comments from one network). */
  formError?: MessageKey;
  /** "Remember me on this device" ticked: as posted, or because the details were remembered. */
  remember?: boolean;
  /** Who is signed in to comment; the form then asks for neither name nor email (unless missing). */
  commenter?: SignedInCommenter | null;
}

/** How a comment form offers signing in, the same on every page that has one. */
export interface CommentingOptions {
  choices: readonly SignInChoice[];
}

const stanceLabels: Record<CommentStance, MessageKey> = {
  supports: "comments.stance.supports",
  doubts: "comments.stance.doubts",
  opposes: "comments.stance.opposes",
};

/** Whether the action takes new comments now. */
export function discussionOpen(action: Pick<ActionPage, "status" | "archived" | "discussion">): boolean {
  return action.status === "published" && !action.archived && !action.discussion.closed;
}

export function Paragraphs({ paragraphs }: { paragraphs: Paragraph[] }) {
  return (
    <>
      {paragraphs.map((lines) => (
        <p>
          {lines.map((parts, i) => (
            <>
              {i > 0 ? <br /> : null}
              {parts.map((part) =>
                "href" in part ? (
                  <a href={part.href} rel={userLinkRel}>
                    {part.text}
                  </a>
                ) : (
                  part.text
                ),
              )}
            </>
          ))}
        </p>
      ))}
    </>
  );
}

function Author({
  t,
  comment,
}: {
  t: Translator;
  comment: Pick<PublicComment, "name" | "website" | "byOrganization">;
}) {
  return (
    <>
      <strong class="comment-author">
        {comment.website ? (
          <a href={comment.website} rel={userLinkRel}>
            {comment.name}
          </a>
        ) : (
          comment.name
        )}
      </strong>
      {comment.byOrganization ? (
        <>
          {" "}
          <span class="organizer-label">{t.t("comments.organizer")}</span>
        </>
      ) : null}
    </>
  );
}

/** A comment quoted on its own page (to answer, report or mark it), before the form about it. */
export function QuotedComment({ t, comment }: { t: Translator; comment: PublicComment }) {
  return (
    <blockquote class="comment">
      <p class="comment-meta">
        <Author t={t} comment={comment} /> ·{" "}
        <time dateTime={comment.createdAt}>{t.date(comment.createdAt)}</time>
      </p>
      <div class="comment-body" lang={comment.locale}>
        <Paragraphs paragraphs={comment.paragraphs} />
      </div>
    </blockquote>
  );
}

/** The marks of helpful readers: a button while the discussion is open, else just how many. */
function Helpful({
  t,
  comment,
  action,
  open,
}: {
  t: Translator;
  comment: PublicComment;
  /** Where the button posts, with the view of the discussion to come back to. */
  action: string;
  open: boolean;
}) {
  const count = comment.helpful;
  if (!open) return count > 0 ? <span>{t.t("comments.helpfulShown", { count })}</span> : null;
  return (
    <form method="post" action={action} class="vote">
      <button type="submit">
        {count > 0 ? t.t("comments.helpfulCount", { count }) : t.t("comments.helpful")}
      </button>
    </form>
  );
}

function CommentItem({
  t,
  slug,
  comment,
  open,
  viewQuery,
}: {
  t: Translator;
  slug: string;
  comment: PublicComment;
  open: boolean;
  /** The view of the discussion shown (its query), which a helpful mark comes back to. */
  viewQuery: string;
}) {
  const { locale } = t;
  return (
    <li id={paths.commentAnchor(comment.id)} class="comment">
      <article aria-label={t.t("comments.by", { name: comment.name })}>
        <p class="comment-meta">
          <Author t={t} comment={comment} />
          {comment.inReplyTo ? (
            <>
              {" "}
              <a href={`#${paths.commentAnchor(comment.inReplyTo.id)}`}>
                {t.t("comments.inReplyTo", { name: comment.inReplyTo.name })}
              </a>
            </>
          ) : null}
          {comment.stance ? (
            <>
              {" "}
              <span class={`stance stance-${comment.stance}`}>{t.t(stanceLabels[comment.stance])}</span>
            </>
          ) : null}{" "}
          ·{" "}
          <a href={paths.comment(locale, slug, comment.id)}>
            <time dateTime={comment.createdAt}>{t.date(comment.createdAt)}</time>
          </a>
          {comment.editedAt ? ` · ${t.t("comments.edited")}` : null}
        </p>
        <div class="comment-body" lang={comment.locale}>
          <Paragraphs paragraphs={comment.paragraphs} />
        </div>
        <div class="comment-links">
          {open ? <a href={paths.commentReply(locale, slug, comment.id)}>{t.t("comments.reply")}</a> : null}
          <Helpful
            t={t}
            comment={comment}
            action={paths.commentHelpful(locale, slug, comment.id) + viewQuery}
            open={open}
          />
          <a href={paths.commentReport(locale, slug, comment.id)} rel="nofollow">
            {t.t("comments.report")}
          </a>
          {/* Shown only when the page opens at this comment (:target), i.e. right after posting it. */}
          <a class="own-edit" href={paths.commentEdit(locale, slug, comment.id)}>
            {t.t("comments.editOwn")}
          </a>
        </div>
      </article>
      {comment.replies.length > 0 ? (
        <ol class="replies">
          {comment.replies.map((reply) => (
            <CommentItem t={t} slug={slug} comment={reply} open={open} viewQuery={viewQuery} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}

function Paging({ t, slug, discussion }: { t: Translator; slug: string; discussion: DiscussionModel }) {
  const { sort, lang, page, pages } = discussion;
  if (pages <= 1) return null;
  const link = (n: number) => `${paths.discussion(t.locale, slug, { sort, lang, page: n })}#discussion`;
  // "Earlier" and "later" only say it in the oldest-first order.
  const chronological = sort === "oldest";
  return (
    <nav class="paging" aria-label={t.t("comments.paging")}>
      {page > 1 ? (
        <a href={link(page - 1)}>{t.t(chronological ? "comments.older" : "comments.pagePrevious")}</a>
      ) : null}{" "}
      <span>{t.t("comments.pageOf", { page, pages })}</span>{" "}
      {page < pages ? (
        <a href={link(page + 1)}>{t.t(chronological ? "comments.newer" : "comments.pageNext")}</a>
      ) : null}
    </nav>
  );
}

const sortLabels: Record<DiscussionSort, MessageKey> = {
  oldest: "comments.sort.oldest",
  newest: "comments.sort.newest",
  helpful: "comments.sort.helpful",
};

/** Links to the other orders and languages of the discussion (each from its first page). */
function ViewChoices({ t, slug, discussion }: { t: Translator; slug: string; discussion: DiscussionModel }) {
  const choice = (view: Pick<DiscussionView, "sort" | "lang">, label: MessageKey, first: boolean) => {
    const current = view.sort === discussion.sort && view.lang === discussion.lang;
    return (
      <>
        {first ? " " : " · "}
        <a
          href={`${paths.discussion(t.locale, slug, view)}#discussion`}
          aria-current={current ? "true" : undefined}
        >
          {t.t(label)}
        </a>
      </>
    );
  };
  return (
    <nav class="discussion-view" aria-label={t.t("comments.view")}>
      <p>
        {t.t("comments.sort")}
        {discussionSorts.map((sort, i) => choice({ sort, lang: discussion.lang }, sortLabels[sort], i === 0))}
      </p>
      <p>
        {t.t("comments.lang")}
        {choice({ sort: discussion.sort, lang: null }, "comments.lang.both", true)}
        {locales.map((lang) => choice({ sort: discussion.sort, lang }, `comments.lang.${lang}`, false))}
      </p>
    </nav>
  );
}

/** The discussion section of the action page. */
export function Discussion({
  t,
  action,
  formToken,
  form,
  choices,
  fillsRemembered,
  preview = false,
}: {
  t: Translator;
  action: ActionPage;
  formToken: string;
  form?: CommentFormState;
  /** Carries the script that fills the form from the remember-me cookie (public pages allow it). */
  fillsRemembered: boolean;
  /** The organizers' preview: their pages' script policy allows none of the form's scripts. */
  preview?: boolean;
} & CommentingOptions) {
  const { discussion } = action;
  const open = discussionOpen(action);
  const viewQuery = discussionQuery(discussion);
  return (
    <section aria-labelledby="discussion" class="discussion">
      <h2 id="discussion">{t.t("comments.heading")}</h2>
      <p>
        {t.t("comments.count", { count: discussion.count })}{" "}
        <a href={paths.commentsFeed(t.locale, action.slug)} type="application/atom+xml">
          {t.t("comments.feed")}
        </a>
      </p>
      {discussion.count > 0 ? (
        <ul class="stances" aria-label={t.t("comments.stances")}>
          {stances.map((stance) => (
            <li>
              <span class={`stance stance-${stance}`}>{t.t(stanceLabels[stance])}</span>{" "}
              {t.number(discussion.stances[stance])}
            </li>
          ))}
        </ul>
      ) : null}
      {discussion.count > 0 ? <ViewChoices t={t} slug={action.slug} discussion={discussion} /> : null}
      <Paging t={t} slug={action.slug} discussion={discussion} />
      {discussion.threads.length > 0 ? (
        <ol class="comments">
          {discussion.threads.map((comment) => (
            <CommentItem t={t} slug={action.slug} comment={comment} open={open} viewQuery={viewQuery} />
          ))}
        </ol>
      ) : discussion.count > 0 ? (
        <p>{t.t("comments.lang.none")}</p>
      ) : null}
      <Paging t={t} slug={action.slug} discussion={discussion} />
      {open ? (
        <>
          {discussion.closesAt ? (
            <p class="note">{t.t("comments.closesOn", { date: t.date(lastOpenDay(discussion.closesAt)) })}</p>
          ) : null}
          <CommentForm
            t={t}
            slug={action.slug}
            formToken={formToken}
            choices={choices}
            fillsRemembered={fillsRemembered}
            preview={preview}
            {...form}
          />
          <FollowForm t={t} slug={action.slug} formToken={formToken} />
        </>
      ) : (
        <p>{t.t("comments.closed")}</p>
      )}
    </section>
  );
}

/** The id of the comment form's error summary, which its action names as its fragment. */
export const errorSummaryId = "comment-errors";

const fieldLabels: Record<
  "name" | "email" | "website" | "body" | "stance" | "reason" | "notify",
  MessageKey
> = {
  name: "comments.name",
  email: "comments.email",
  website: "comments.website",
  body: "comments.body",
  stance: "comments.stance",
  reason: "comments.report.reason",
  notify: "commentNotifications.choice",
};

export function FieldError({
  t,
  id,
  errors,
  name,
}: {
  t: Translator;
  id: string;
  errors: FieldErrorMap;
  name: string;
}) {
  const error = errors[name];
  return error ? (
    <p class="field-error" id={`${id}-error`}>
      {t.t(error.key, error.params)}
    </p>
  ) : null;
}

export function ErrorList({
  t,
  errors,
  formError,
}: {
  t: Translator;
  errors: FieldErrorMap;
  formError?: MessageKey;
}) {
  const problems = Object.entries(errors).filter(([, error]) => error !== undefined);
  const count = problems.length + (formError ? 1 : 0);
  if (count === 0) return null;
  return (
    <div class="errors" role="alert" id={errorSummaryId} tabIndex={-1}>
      <h2>{t.t("sign.errorSummary", { count })}</h2>
      <ul>
        {formError ? <li>{t.t(formError)}</li> : null}
        {problems.map(([name, error]) => (
          <li>
            <a href={`#c-${name}`}>
              {`${t.t(fieldLabels[name as keyof typeof fieldLabels] ?? "comments.body")}: ${t.t(error!.key, error!.params)}`}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function StanceChoice({ t, value, errors }: { t: Translator; value: string; errors: FieldErrorMap }) {
  const options: { value: string; label: MessageKey }[] = [
    { value: "", label: "comments.stance.none" },
    ...stances.map((stance) => ({ value: stance, label: stanceLabels[stance] })),
  ];
  return (
    <fieldset class="stance-choice" id="c-stance">
      <legend>{t.t("comments.stance")}</legend>
      <FieldError t={t} id="c-stance" errors={errors} name="stance" />
      {options.map((option) => (
        <label class="check" for={`c-stance-${option.value || "none"}`}>
          <input
            type="radio"
            id={`c-stance-${option.value || "none"}`}
            name="stance"
            value={option.value}
            checked={value === option.value}
          />
          <span>{t.t(option.label)}</span>
        </label>
      ))}
    </fieldset>
  );
}

/**
 * "Leave a Reply": the ways to sign in, then name, email (never shown), website, text, stance and
 * "remember me"; `parent` makes it a reply. Signed in, the form shows who you are and asks only
 * for the text (and an email when the sign-in gave none). Works without JavaScript: errors come
 * back in the page with the text kept.
 */
export function CommentForm({
  t,
  slug,
  formToken,
  parent,
  values,
  errors = {},
  formError,
  remember = false,
  commenter = null,
  choices,
  fillsRemembered = false,
  preview = false,
}: {
  t: Translator;
  slug: string;
  formToken: string;
  /** The comment answered; the form then says so. */
  parent?: { id: number; name: string };
  fillsRemembered?: boolean;
  /** The organizers' preview: the form without its scripts. */
  preview?: boolean;
} & CommentFormState &
  CommentingOptions) {
  const input = (name: "name" | "email" | "website", attributes: Record<string, unknown>, hint?: string) => {
    const id = `c-${name}`;
    const error = errors[name];
    return (
      <>
        <label for={id}>{t.t(fieldLabels[name])}</label>
        {hint ? (
          <p class="note" id={`${id}-hint`}>
            {hint}
          </p>
        ) : null}
        <FieldError t={t} id={id} errors={errors} name={name} />
        <input
          id={id}
          name={name}
          maxLength={limits[name]}
          value={values?.[name] ?? ""}
          aria-invalid={error ? true : undefined}
          aria-describedby={
            [error ? `${id}-error` : "", hint ? `${id}-hint` : ""].join(" ").trim() || undefined
          }
          {...attributes}
        />
      </>
    );
  };
  const emailInput = (hint: string) =>
    input(
      "email",
      { type: "email", autocomplete: "email", inputMode: "email", spellcheck: false, required: true },
      hint,
    );
  const bodyError = errors.body;
  return (
    <>
      <h3 id="leave-a-reply">
        {parent ? t.t("comments.replyTo", { name: parent.name }) : t.t("comments.leaveReply")}
      </h3>
      <CommenterBox t={t} slug={slug} replyTo={parent?.id ?? null} commenter={commenter} choices={choices} />
      <form method="post" action={`${paths.comments(t.locale, slug)}#${errorSummaryId}`} class="comment-form">
        <ErrorList t={t} errors={errors} formError={formError} />
        {commenter ? (
          commenter.identity.email === null ? (
            emailInput(t.t("commenter.noEmail"))
          ) : (
            <p class="note">{t.t("commenter.emailKept")}</p>
          )
        ) : (
          <>
            <p class="note">{t.t("comments.intro")}</p>
            {input("name", { type: "text", autocomplete: "name", required: true })}
            {emailInput(t.t("comments.emailHint"))}
            {input("website", { type: "url", autocomplete: "url", inputMode: "url" })}
          </>
        )}
        <label for="c-body">{t.t("comments.body")}</label>
        <p class="note" id="c-body-hint">
          {t.t("comments.bodyHint", { max: limits.body })}
        </p>
        <FieldError t={t} id="c-body" errors={errors} name="body" />
        <textarea
          id="c-body"
          name="body"
          rows={6}
          required
          aria-invalid={bodyError ? true : undefined}
          aria-describedby={bodyError ? "c-body-error c-body-hint" : "c-body-hint"}
          value={values?.body ?? ""}
        />
        <StanceChoice t={t} value={values?.stance ?? ""} errors={errors} />
        <NotifyChoiceField t={t} value={values?.notify ?? ""} errors={errors} />
        {commenter ? (
          <input type="hidden" name="commenter" value={commenter.commentToken} />
        ) : (
          <>
            <label class="check" for="c-remember">
              <input
                type="checkbox"
                id="c-remember"
                name="remember"
                value="yes"
                checked={remember}
                aria-describedby="c-remember-hint"
              />
              <span>{t.t("commenter.remember")}</span>
            </label>
            <p class="note" id="c-remember-hint">
              {t.t("commenter.rememberHint")}
            </p>
          </>
        )}
        <Honeypot t={t} />
        <input type="hidden" name="ts" value={formToken} />
        {/* The proof of work, filled by the script below where JavaScript runs; without it the comment is held. */}
        <input type="hidden" name="altcha" data-challenge={paths.commentChallenge()} />
        {parent ? <input type="hidden" name="parent" value={String(parent.id)} /> : null}
        <button type="submit">{t.t("comments.submit")}</button>
        <p class="note">{t.t("comments.moderationNote")}</p>
        {/* Deferred, and last in the form: far below the signing button, nothing waits for it. */}
        {preview ? null : <script src={paths.commentProofScript()} defer />}
      </form>
      {fillsRemembered && !commenter ? (
        <script dangerouslySetInnerHTML={{ __html: rememberedDetailsScript }} />
      ) : null}
    </>
  );
}

/** The field people never see and scripts fill in: a filled one is answered as a success, and dropped. */
export function Honeypot({ t }: { t: Translator }) {
  return (
    <div class="hp" aria-hidden="true">
      <label for="c-url">{t.t("sign.honeypot")}</label>
      <input type="text" id="c-url" name="url" tabIndex={-1} autocomplete="off" />
    </div>
  );
}

/**
 * The page for marking one comment as helpful: the sign-in choices first (they come back here),
 * then the button that marks it, or takes the mark back.
 */
export function HelpfulView({
  t,
  baseUrl,
  action,
  comment,
  commenter,
  choices,
  marked,
  own,
}: {
  t: Translator;
  baseUrl: string;
  action: ActionPage;
  comment: PublicComment;
  commenter: SignedInCommenter | null;
  choices: readonly SignInChoice[];
  /** Whether the signed-in reader marked it already. */
  marked: boolean;
  /** Whether it is the signed-in reader's own comment. */
  own: boolean;
}) {
  const { locale } = t;
  const here = paths.commentHelpful(locale, action.slug, comment.id);
  return (
    <Layout t={t} title={t.t("comments.vote.title")} path={here} baseUrl={baseUrl} noindex>
      <p>
        <a href={`${paths.action(locale, action.slug)}#${paths.commentAnchor(comment.id)}`}>
          {t.t("comments.backTo", { title: action.text.title })}
        </a>
      </p>
      <h1>{t.t("comments.vote.title")}</h1>
      <QuotedComment t={t} comment={comment} />
      {commenter === null ? <p>{t.t("comments.vote.signIn")}</p> : null}
      <CommenterBox t={t} slug={action.slug} commenter={commenter} choices={choices} back={here} />
      {commenter === null ? null : own ? (
        <p>{t.t("comments.ownVote.body")}</p>
      ) : (
        <>
          {marked ? <p role="status">{t.t("comments.vote.marked")}</p> : null}
          <form method="post" action={here}>
            <button type="submit">{t.t(marked ? "comments.vote.unmark" : "comments.vote.mark")}</button>
          </form>
        </>
      )}
    </Layout>
  );
}

/** The page that answers one comment: the comment, then the form for the reply. */
export function ReplyView({
  t,
  baseUrl,
  action,
  comment,
  formToken,
  form,
  choices,
}: {
  t: Translator;
  baseUrl: string;
  action: ActionPage;
  comment: PublicComment;
  formToken: string;
  form?: CommentFormState;
} & CommentingOptions) {
  const { locale } = t;
  return (
    <Layout
      t={t}
      title={t.t("comments.replyTo", { name: comment.name })}
      path={paths.commentReply(locale, action.slug, comment.id)}
      baseUrl={baseUrl}
      noindex
    >
      <p>
        <a href={`${paths.action(locale, action.slug)}#${paths.commentAnchor(comment.id)}`}>
          {t.t("comments.backTo", { title: action.text.title })}
        </a>
      </p>
      <QuotedComment t={t} comment={comment} />
      <CommentForm
        t={t}
        slug={action.slug}
        formToken={formToken}
        parent={{ id: comment.id, name: comment.name }}
        choices={choices}
        {...form}
      />
    </Layout>
  );
}

/**
 * One person's form for a new comment on the action, rendered per request: where a commenter
 * lands after signing in, and where a signed-in commenter's form comes back with its problems.
 */
export function NewCommentView({
  t,
  baseUrl,
  action,
  formToken,
  form,
  choices,
}: {
  t: Translator;
  baseUrl: string;
  action: Pick<ActionPage, "slug" | "text">;
  formToken: string;
  form?: CommentFormState;
} & CommentingOptions) {
  const { locale } = t;
  return (
    <Layout
      t={t}
      title={t.t("commenter.new.title", { title: action.text.title })}
      path={paths.commentNew(locale, action.slug)}
      baseUrl={baseUrl}
      noindex
    >
      <p>
        <a href={`${paths.action(locale, action.slug)}#discussion`}>
          {t.t("comments.backTo", { title: action.text.title })}
        </a>
      </p>
      <CommentForm t={t} slug={action.slug} formToken={formToken} choices={choices} {...form} />
    </Layout>
  );
}

/** After posting a comment that waits for a moderator (or was sent to spam): said plainly, text shown. */
/**
 * A short page about one's part in a discussion: what happened (a status, or an alert when
 * something did not), what follows it, and the way back to the discussion.
 */
export function DiscussionNotice({
  t,
  baseUrl,
  action,
  title,
  body,
  role = "status",
  children,
}: {
  t: Translator;
  baseUrl: string;
  action: Pick<ActionPage, "slug" | "text">;
  title: MessageKey;
  body: MessageKey;
  role?: "status" | "alert";
  children?: ComponentChildren;
}) {
  const { locale } = t;
  return (
    <Layout t={t} title={t.t(title)} path={paths.action(locale, action.slug)} baseUrl={baseUrl} noindex>
      <div role={role}>
        <h1>{t.t(title)}</h1>
        <p>{t.t(body)}</p>
      </div>
      {children}
      <p>
        <a href={`${paths.action(locale, action.slug)}#discussion`}>
          {t.t("comments.backTo", { title: action.text.title })}
        </a>
      </p>
    </Layout>
  );
}

/** The discussion closed before a comment could be posted: the text, to copy and keep. */
export function ClosedWhileWritingView({
  text,
  ...page
}: {
  t: Translator;
  baseUrl: string;
  action: Pick<ActionPage, "slug" | "text">;
  text: string;
}) {
  return (
    <DiscussionNotice
      {...page}
      role="alert"
      title="comments.closedWhileWriting.title"
      body="comments.closedWhileWriting.body"
    >
      <label for="c-kept">{page.t.t("comments.held.yourText")}</label>
      <textarea id="c-kept" rows={8} readOnly value={text} />
    </DiscussionNotice>
  );
}

export function HeldView({
  body,
  editHref,
  ...page
}: {
  t: Translator;
  baseUrl: string;
  action: Pick<ActionPage, "slug" | "text">;
  body: Paragraph[];
  editHref: string;
}) {
  return (
    <DiscussionNotice {...page} title="comments.held.title" body="comments.held.body">
      <h2>{page.t.t("comments.held.yourText")}</h2>
      <blockquote class="comment-body">
        <Paragraphs paragraphs={body} />
      </blockquote>
      <p>
        <a href={editHref}>{page.t.t("comments.editOwn")}</a>
      </p>
    </DiscussionNotice>
  );
}

/** The author's page to change or delete their comment within the 15 minutes. */
export function EditView({
  t,
  baseUrl,
  comment,
  title,
  values,
  errors = {},
  saved,
}: {
  t: Translator;
  baseUrl: string;
  comment: OwnComment;
  title: string;
  values?: { body: string; stance: string };
  errors?: FieldErrorMap;
  saved?: boolean;
}) {
  const { locale } = t;
  const slug = comment.actionSlug;
  const bodyError = errors.body;
  return (
    <Layout
      t={t}
      title={t.t("comments.edit.title")}
      path={paths.commentEdit(locale, slug, comment.id)}
      baseUrl={baseUrl}
      noindex
    >
      <h1>{t.t("comments.edit.title")}</h1>
      {saved ? (
        <p class="notice" role="status">
          {t.t(comment.status === "approved" ? "comments.edit.saved" : "comments.held.title")}
        </p>
      ) : null}
      <p>{t.t("comments.edit.until", { time: comment.until.slice(11, 16) })}</p>
      <ErrorList t={t} errors={errors} />
      <form method="post" action={`${paths.commentEdit(locale, slug, comment.id)}#${errorSummaryId}`}>
        <label for="c-body">{t.t("comments.body")}</label>
        <FieldError t={t} id="c-body" errors={errors} name="body" />
        <textarea
          id="c-body"
          name="body"
          rows={6}
          required
          aria-invalid={bodyError ? true : undefined}
          aria-describedby={bodyError ? "c-body-error" : undefined}
          value={values?.body ?? comment.body}
        />
        <StanceChoice t={t} value={values?.stance ?? comment.stance} errors={errors} />
        <button type="submit">{t.t("comments.edit.save")}</button>
      </form>
      <form method="post" action={paths.commentDelete(locale, slug, comment.id)}>
        <button type="submit" class="secondary">
          {t.t("comments.edit.delete")}
        </button>
      </form>
      <p>
        <a href={`${paths.action(locale, slug)}#discussion`}>{t.t("comments.backTo", { title })}</a>
      </p>
    </Layout>
  );
}

/** The Atom document of an action's newest approved comments. Only approved text, never an email. */
export function atomFeed({
  t,
  baseUrl,
  action,
  entries,
}: {
  t: Translator;
  baseUrl: string;
  action: Pick<ActionPage, "slug" | "text" | "actionDate">;
  entries: (PublicComment & { approvedAt: string })[];
}): string {
  const { locale } = t;
  const x = escapeHtml;
  const feedUrl = baseUrl + paths.commentsFeed(locale, action.slug);
  const pageUrl = baseUrl + paths.action(locale, action.slug);
  // ISO instants sort as text; a feed without entries dates from the action.
  const updated =
    entries
      .map((entry) => entry.editedAt ?? entry.approvedAt)
      .sort()
      .at(-1) ?? `${action.actionDate.slice(0, 10)}T00:00:00.000Z`;
  const plain = (paragraphs: Paragraph[]) =>
    paragraphs
      .map((lines) => lines.map((parts) => parts.map((part) => part.text).join("")).join("\n"))
      .join("\n\n");
  const items = entries.map((entry) => {
    const url = baseUrl + paths.comment(locale, action.slug, entry.id);
    return [
      "<entry>",
      `<id>${x(url)}</id>`,
      `<title>${x(t.t("comments.feed.entryTitle", { name: entry.name }))}</title>`,
      `<link rel="alternate" type="text/html" href="${x(url)}"/>`,
      `<author><name>${x(entry.name)}</name>${entry.website ? `<uri>${x(entry.website)}</uri>` : ""}</author>`,
      `<published>${x(entry.approvedAt)}</published>`,
      `<updated>${x(entry.editedAt ?? entry.approvedAt)}</updated>`,
      `<content type="text" xml:lang="${entry.locale}">${x(plain(entry.paragraphs))}</content>`,
      "</entry>",
    ].join("");
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">`,
    `<id>${x(feedUrl)}</id>`,
    `<title>${x(t.t("comments.feed.title", { title: action.text.title }))}</title>`,
    `<link rel="self" type="application/atom+xml" href="${x(feedUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${x(pageUrl)}"/>`,
    `<updated>${x(updated)}</updated>`,
    ...items,
    "</feed>",
  ].join("\n");
}
