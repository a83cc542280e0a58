/**
 * The discussion's public routes: post a comment, permalinks, the reply form, the feed, and the
 * author's edit and delete within 15 minutes.
 *
 * Who is commenting: a guest, or the commenter signed in (commenter-auth.ts) when the form carries
 * their comment token; the sign-in's return pages (a new comment's form, a reply page) read the
 * commenter and "remember me" cookies and are never stored by browsers or proxies.
 *
 * The author's key to their comment (a signed id, nothing stored) travels in a first-party
 * cookie scoped to that comment's own URLs, HttpOnly, SameSite=Strict, gone after 15 minutes: the
 * action page stays one cached page for everyone and never reads a cookie, and a key in a URL
 * would be handed on with every copied address. The page shows the way to the edit page only
 * when it opens at that comment (`:target`, right after posting); without the cookie it is
 * refused.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { MessageKey } from "../../i18n/catalog.ts";
import { type Locale, locales } from "../../i18n/locale.ts";
import { type Translator, translator } from "../../i18n/translator.ts";
import { defaultFormTokenRules } from "../../modules/abuse/form-token.ts";
import { isLoopback } from "../../modules/abuse/rate-limits.ts";
import { cookieValue } from "../../modules/commenters/commenters.ts";
import {
  readRemembered,
  rememberCookie,
  rememberedValue,
  rememberLifetimeMs,
} from "../../modules/commenters/remembered-details.ts";
import { authorOf, signedInFormValues } from "../../modules/comments/comment-author.ts";
import {
  CommentDuplicateError,
  CommentNotFoundError,
  CommentsClosedError,
} from "../../modules/comments/comments.errors.ts";
import type { Posted } from "../../modules/comments/comments.service.ts";
import {
  commentFormValues,
  type DiscussionView,
  editWindowMs,
  isDefaultView,
  readDiscussionView,
  textParagraphs,
  validateCommentForm,
} from "../../modules/comments/comments.ts";
import { ActionView } from "../../views/pages/action.tsx";
import { countSentence } from "../../views/pages/action-lifecycle.tsx";
import {
  atomFeed,
  ClosedWhileWritingView,
  type CommentFormState,
  EditView,
  HeldView,
  HelpfulView,
  NewCommentView,
  ReplyView,
} from "../../views/pages/comments.tsx";
import { ErrorView } from "../../views/pages/error.tsx";
import { paths } from "../../views/paths.ts";
import { sendPage } from "../render.ts";
import { readSlug } from "./pages.ts";

/** A 5,000-character comment in a non-Latin script is ~45 KB once percent-encoded. */
const commentBodyLimitBytes = 96 * 1024;

type SlugParams = { slug: string };
export type CommentParams = SlugParams & { id: string };

export function readCommentId(request: FastifyRequest<{ Params: CommentParams }>): number {
  const { id } = request.params;
  if (!/^\d{1,9}$/.test(id)) throw new CommentNotFoundError(id);
  return Number(id);
}

const keyCookie = (id: number) => `juntos_comment_${id}`;

/** The author's key to a comment, from its cookie (public pages parse no cookies otherwise). */
function readKey(request: FastifyRequest, id: number): string {
  const name = keyCookie(id);
  for (const pair of (request.headers.cookie ?? "").split(";")) {
    const [key, value] = pair.trim().split("=");
    if (key === name && value) return value;
  }
  throw new CommentNotFoundError(String(id));
}

function keyCookieHeader(
  https: boolean,
  locale: Locale,
  slug: string,
  id: number,
  value: string,
  maxAgeSeconds: number,
): string {
  return [
    `${keyCookie(id)}=${value}`,
    `Path=${paths.comment(locale, slug, id)}`,
    `Max-Age=${maxAgeSeconds}`,
    "HttpOnly",
    "SameSite=Strict",
    ...(https ? ["Secure"] : []),
  ].join("; ");
}

/** "Remember me on this device": readable by the cached page's script, so not HttpOnly. */
function rememberCookieHeader(https: boolean, value: string, maxAgeSeconds: number): string {
  return [
    `${rememberCookie}=${value}`,
    "Path=/",
    `Max-Age=${maxAgeSeconds}`,
    "SameSite=Lax",
    ...(https ? ["Secure"] : []),
  ].join("; ");
}

/** Pages that show one person's form (who is signed in, what they asked to remember). */
function personal(reply: FastifyReply): FastifyReply {
  return reply.header("cache-control", "private, no-store");
}

/** What the action page's query asks of its discussion. */
export interface DiscussionQuery {
  sort?: string;
  lang?: string;
  comments?: string;
}

/**
 * The view of the discussion a query asks for when it is not the default one (which is the cached
 * action page), else null. Cheap when the query names none: this runs on the viral path.
 */
export function otherDiscussionView(query: DiscussionQuery): DiscussionView | null {
  if (query.comments === undefined && query.sort === undefined && query.lang === undefined) return null;
  const view = readDiscussionView(query);
  return isDefaultView(view) ? null : view;
}

/** The action page with another view of its discussion (order, language, page), rendered for this request. */
export async function sendDiscussionPage(
  request: FastifyRequest,
  reply: FastifyReply,
  t: Translator,
  slug: string,
  view: DiscussionView,
): Promise<FastifyReply> {
  const { ctx } = request.server;
  const action = await ctx.comments.pageWithDiscussion(slug, t.locale, view);
  return sendPage(reply, 200, actionView(request.server, t, action));
}

function actionView(
  app: FastifyInstance,
  t: Translator,
  action: Awaited<ReturnType<FastifyInstance["ctx"]["actions"]["getPublicPage"]>>,
  commentForm?: CommentFormState,
) {
  const formToken = app.ctx.formTokens.issue();
  return ActionView({
    t,
    baseUrl: app.ctx.config.baseUrl,
    action,
    countText: countSentence(t, action),
    progressValue: String(Math.min(action.signatureCount, action.goal)),
    form: { formToken, source: null, partner: null, website: null },
    commentForm,
    signInChoices: app.ctx.commenters.choices(),
  });
}

export function commentRoutes(app: FastifyInstance): void {
  const { ctx } = app;
  const { baseUrl } = ctx.config;
  const https = baseUrl.startsWith("https:");

  const choices = ctx.commenters.choices();

  /** The form as this person starts with it on a per-request page: signed in, or remembered, or empty. */
  const personalForm = (request: FastifyRequest): CommentFormState => {
    const { cookie } = request.headers;
    const commenter = ctx.commenters.signedIn(cookie);
    if (commenter) return { commenter };
    const remembered = readRemembered(cookie);
    return remembered
      ? { values: { ...remembered, body: "", stance: "", parent: "", notify: "" }, remember: true }
      : {};
  };

  for (const locale of locales) {
    const t = translator(locale);
    const base = `/${locale}/a/:slug/comments`;

    /**
     * The form again, where it was sent from (the action page, a reply page, or a signed-in
     * commenter's own page), with what was typed.
     */
    /**
     * The discussion closed (by its organizers or its rule of N days) while this person wrote: their
     * text comes back to copy, since no form is left to put it in.
     */
    const closedWithText = async (reply: FastifyReply, slug: string, text: string) => {
      const action = await ctx.actions.getPublicPage(slug, locale);
      return sendPage(reply, 409, ClosedWhileWritingView({ t, baseUrl, action, text }));
    };

    /** The form again, where it was sent from, with what was typed (or the text alone, once closed). */
    const rerender = async (reply: FastifyReply, slug: string, status: number, state: CommentFormState) => {
      try {
        return await formAgain(reply, slug, status, state);
      } catch (error) {
        if (!(error instanceof CommentsClosedError)) throw error;
        return closedWithText(reply, slug, state.values?.body ?? "");
      }
    };

    const formAgain = async (reply: FastifyReply, slug: string, status: number, state: CommentFormState) => {
      personal(reply);
      const parent = state.values?.parent ?? "";
      const formToken = ctx.formTokens.issue();
      if (/^\d{1,9}$/.test(parent)) {
        const { action, comment } = await ctx.comments.replyTarget(slug, locale, Number(parent));
        const view = ReplyView({ t, baseUrl, action, comment, formToken, form: state, choices });
        return sendPage(reply, status, view);
      }
      if (state.commenter) {
        const action = await ctx.comments.newCommentTarget(slug, locale);
        return sendPage(
          reply,
          status,
          NewCommentView({ t, baseUrl, action, formToken, form: state, choices }),
        );
      }
      const action = await ctx.actions.getPublicPage(slug, locale);
      return sendPage(reply, status, actionView(app, t, action, state));
    };

    app.post<{ Params: SlugParams }>(base, { bodyLimit: commentBodyLimitBytes }, async (request, reply) => {
      const slug = readSlug(request);
      const body = (typeof request.body === "object" && request.body !== null ? request.body : {}) as Record<
        string,
        unknown
      >;
      // A filled honeypot gets the answer a person would, and nothing is stored.
      if (typeof body.url === "string" && body.url !== "")
        return reply.redirect(`${paths.action(locale, slug)}#discussion`, 303);
      // Signed in only with the form's comment token: a guest form is a guest's comment, whoever
      // signed in on this browser before. A changed or expired commenter cookie reads as a guest.
      const commenter = ctx.commenters.postingAs(request.headers.cookie, body.commenter);
      const typed = commentFormValues(body);
      const values = commenter ? signedInFormValues(typed, commenter.identity) : typed;
      const remember = !commenter && body.remember === "yes";
      const state = { values, remember, commenter };
      /** Too many comments: 429 with the form and the text, and when to try again. */
      const tooMany = (retryAfterSeconds: number, formError: MessageKey) => {
        reply.header("retry-after", String(retryAfterSeconds));
        return rerender(reply, slug, 429, { ...state, formError });
      };
      const exempt = ctx.config.benchLoopbackExempt && isLoopback(request.ip);
      const fromNetwork = exempt ? null : await ctx.commentRateLimit.consume(request.ip);
      if (fromNetwork?.allowed === false)
        return tooMany(fromNetwork.retryAfterSeconds, "comments.rateLimited");
      const token = ctx.formTokens.check(body.ts, defaultFormTokenRules);
      if (token === "invalid" || token === "expired")
        return rerender(reply, slug, 400, { ...state, formError: "form.expired" satisfies MessageKey });
      const validated = validateCommentForm(values);
      if (!validated.ok) {
        const signInEnded = !commenter && typeof body.commenter === "string" && body.commenter !== "";
        const formError: MessageKey | undefined = signInEnded ? "commenter.signInEnded" : undefined;
        return rerender(reply, slug, 422, { ...state, errors: validated.errors, formError });
      }
      const fromPerson = await ctx.commentEmailRateLimit.consume(validated.value.emailCanonical);
      if (!fromPerson.allowed) return tooMany(fromPerson.retryAfterSeconds, "comments.rateLimitedEmail");
      // Checked (and spent) only now, so a form sent back for a correction does not use it up.
      const proof = await ctx.proofOfWork.check(body.altcha);
      let posted: Posted;
      try {
        posted = await ctx.comments.post(
          slug,
          locale,
          validated.value,
          { tooFast: token === "too_fast", unverified: proof !== "verified" },
          commenter ? authorOf(commenter.identity) : undefined,
        );
      } catch (error) {
        if (error instanceof CommentsClosedError) return closedWithText(reply, slug, validated.value.body);
        if (!(error instanceof CommentDuplicateError)) throw error;
        return rerender(reply, slug, 409, { ...state, formError: "comments.duplicate" });
      }
      personal(reply).header(
        "set-cookie",
        keyCookieHeader(https, locale, slug, posted.id, posted.editKey, Math.floor(editWindowMs / 1000)),
      );
      // Set only when ticked; a guest's post with the box unticked forgets what was remembered.
      const { name, email, website } = validated.value;
      if (remember)
        reply.header(
          "set-cookie",
          rememberCookieHeader(
            https,
            rememberedValue({ name, email, website: website ?? "" }),
            rememberLifetimeMs / 1000,
          ),
        );
      else if (!commenter && cookieValue(request.headers.cookie, rememberCookie) !== undefined)
        reply.header("set-cookie", rememberCookieHeader(https, "", 0));
      if (posted.status === "approved" && posted.page !== null)
        return reply.redirect(
          `${paths.commentsPage(locale, slug, posted.page)}#${paths.commentAnchor(posted.id)}`,
          303,
        );
      // Held and spam read the same: a spammer learns nothing about the rules.
      const action = await ctx.actions.getPublicPage(slug, locale);
      const view = HeldView({
        t,
        baseUrl,
        action,
        body: textParagraphs(validated.value.body),
        editHref: paths.commentEdit(locale, slug, posted.id),
      });
      return sendPage(reply, 200, view);
    });

    app.get<{ Params: SlugParams }>(`/${locale}/a/:slug/comments.atom`, async (request, reply) => {
      const { action, entries } = await ctx.comments.feed(readSlug(request), locale);
      return reply
        .type("application/atom+xml; charset=utf-8")
        .header("cache-control", "public, max-age=300")
        .send(atomFeed({ t, baseUrl, action, entries }));
    });

    app.get<{ Params: CommentParams }>(`${base}/:id`, async (request, reply) => {
      const slug = readSlug(request);
      const id = readCommentId(request);
      const page = await ctx.comments.pageOf(slug, id);
      return reply.redirect(`${paths.commentsPage(locale, slug, page)}#${paths.commentAnchor(id)}`, 302);
    });

    app.get<{ Params: SlugParams }>(`${base}/new`, async (request, reply) => {
      const action = await ctx.comments.newCommentTarget(readSlug(request), locale);
      const form = personalForm(request);
      const view = NewCommentView({ t, baseUrl, action, formToken: ctx.formTokens.issue(), form, choices });
      return sendPage(personal(reply), 200, view);
    });

    app.get<{ Params: CommentParams }>(`${base}/:id/reply`, async (request, reply) => {
      const { action, comment } = await ctx.comments.replyTarget(
        readSlug(request),
        locale,
        readCommentId(request),
      );
      const form = personalForm(request);
      const view = ReplyView({
        t,
        baseUrl,
        action,
        comment,
        formToken: ctx.formTokens.issue(),
        form,
        choices,
      });
      return sendPage(personal(reply), 200, view);
    });

    /**
     * Marking a comment as helpful. The vote is by the signed-in commenter (the commenter cookie,
     * SameSite=Lax: another site's form posts without it); without one, the GET page offers the
     * ways to sign in, which come back to it.
     */
    const helpfulPage = async (request: FastifyRequest<{ Params: CommentParams }>, reply: FastifyReply) => {
      const commenter = ctx.commenters.signedIn(request.headers.cookie);
      const target = await ctx.comments.voteTarget(
        readSlug(request),
        locale,
        readCommentId(request),
        commenter?.identity ?? null,
      );
      reply.header("cache-control", "no-store");
      const view = HelpfulView({ t, baseUrl, ...target, commenter, choices: ctx.commenters.choices() });
      return sendPage(reply, 200, view);
    };
    app.get<{ Params: CommentParams }>(`${base}/:id/helpful`, helpfulPage);

    app.post<{ Params: CommentParams; Querystring: DiscussionQuery }>(
      `${base}/:id/helpful`,
      async (request, reply) => {
        const slug = readSlug(request);
        const id = readCommentId(request);
        const voter = ctx.commenters.identify(request.headers.cookie);
        if (!voter) return reply.redirect(paths.commentHelpful(locale, slug, id), 303);
        await ctx.comments.vote(slug, id, voter);
        const back = paths.discussion(locale, slug, readDiscussionView(request.query));
        return reply.redirect(`${back}#${paths.commentAnchor(id)}`, 303);
      },
    );

    const editPage = async (
      request: FastifyRequest<{ Params: CommentParams; Querystring: { saved?: string } }>,
      reply: FastifyReply,
      problems?: {
        values: { body: string; stance: string };
        errors: NonNullable<CommentFormState["errors"]>;
      },
    ) => {
      const slug = readSlug(request);
      const id = readCommentId(request);
      const comment = await ctx.comments.ownComment(slug, id, readKey(request, id));
      const { text } = await ctx.actions.getPublicPage(slug, locale);
      const view = EditView({
        t,
        baseUrl,
        comment,
        title: text.title,
        ...problems,
        saved: request.query.saved === "1",
      });
      return sendPage(reply, problems ? 422 : 200, view);
    };

    app.get<{ Params: CommentParams; Querystring: { saved?: string } }>(
      `${base}/:id/edit`,
      (request, reply) => editPage(request, reply),
    );

    app.post<{ Params: CommentParams; Querystring: { saved?: string } }>(
      `${base}/:id/edit`,
      { bodyLimit: commentBodyLimitBytes },
      async (request, reply) => {
        const slug = readSlug(request);
        const id = readCommentId(request);
        const body = (request.body ?? {}) as Record<string, unknown>;
        const values = { body: commentFormValues(body).body, stance: commentFormValues(body).stance };
        const outcome = await ctx.comments.editOwn(slug, id, readKey(request, id), values);
        if (!outcome.ok) return editPage(request, reply, { values, errors: outcome.errors });
        return reply.redirect(`${paths.commentEdit(locale, slug, id)}?saved=1`, 303);
      },
    );

    app.post<{ Params: CommentParams }>(`${base}/:id/delete`, async (request, reply) => {
      const slug = readSlug(request);
      const id = readCommentId(request);
      await ctx.comments.deleteOwn(slug, id, readKey(request, id));
      reply.header("set-cookie", keyCookieHeader(https, locale, slug, id, "", 0));
      const view = ErrorView({
        t,
        baseUrl,
        path: paths.action(locale, slug),
        title: "comments.deleted.title",
        body: "comments.deleted.body",
      });
      return sendPage(reply, 200, view);
    });
  }
}
