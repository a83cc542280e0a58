/**
 * Moderation of the organization's comments: the queue by status with moves one by one or in
 * bulk (spam and trash of several asked first), a moderator's edit of a comment and reply as the
 * organization, the moderation rules, and closing a discussion.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { translator } from "../../../i18n/translator.ts";
import {
  type ModerationMove,
  moderationMoves,
  queueStatuses,
} from "../../../modules/comments/comments.service.ts";
import { type CommentStatus, readRulesForm } from "../../../modules/comments/comments.ts";
import {
  CommentEditView,
  CommentReplyView,
  CommentRulesView,
  CommentsQueueView,
} from "../../../views/admin/comments.tsx";
import type { FieldErrorMap } from "../../../views/form.tsx";
import { paths } from "../../../views/paths.ts";
import { sendPage } from "../../render.ts";
import {
  type AdminRouteFile,
  askToConfirm,
  isConfirmed,
  organizationAccess,
  organizerPage,
  queryText,
  readId,
  setNotice,
  textField,
} from "../shared.ts";

type OrgParams = { org: string };
type ActionParams = OrgParams & { id: string };
type CommentParams = OrgParams & { comment: string };

function readStatus(raw: string): CommentStatus {
  return (queueStatuses as readonly string[]).includes(raw) ? (raw as CommentStatus) : "pending";
}

/**
 * What was asked: a row's own button (`one=<id>:<move>`), or the ticked boxes and the bulk move.
 * The boxes arrive as one value or several; after the confirmation step, as one comma list.
 */
function readSelection(body: unknown): { ids: number[]; move: ModerationMove | null } {
  const fields = (body ?? {}) as Record<string, unknown>;
  const one = /^(\d{1,9}):(\w+)$/.exec(textField(body, "one"));
  const move = one ? one[2]! : textField(body, "move");
  const raw = one ? [one[1]!] : ([] as unknown[]).concat(fields.comment ?? []);
  const ids = raw
    .flatMap((value) => (typeof value === "string" ? value.split(",") : []))
    .map(readId)
    .filter((id) => id > 0);
  return {
    ids,
    move: (moderationMoves as readonly string[]).includes(move) ? (move as ModerationMove) : null,
  };
}

export const commentRoutes: AdminRouteFile = (app, locale) => {
  const { ctx } = app;
  const t = translator(locale);
  const base = `/${locale}/admin/o/:org/comments`;

  app.get<{ Params: OrgParams }>(base, async (request, reply) => {
    const a = await organizationAccess(request);
    const status = readStatus(queryText(request.query, "status"));
    const page = Number(queryText(request.query, "page")) || 1;
    const [queue, discussions] = await Promise.all([
      ctx.comments.queue(a, status, page),
      ctx.comments.discussions(a, locale),
    ]);
    const view = CommentsQueueView({ ...(await organizerPage(request, reply, t, a)), queue, discussions });
    return sendPage(reply, 200, view);
  });

  app.post<{ Params: OrgParams }>(`${base}/moderate`, async (request, reply) => {
    const a = await organizationAccess(request);
    const back = paths.adminComments(
      locale,
      a.organization.slug,
      readStatus(textField(request.body, "status")),
    );
    const { ids, move } = readSelection(request.body);
    if (ids.length === 0 || !move) {
      a.require("comments.moderate");
      setNotice(reply, "comments.admin.noneSelected");
      return reply.redirect(back, 303);
    }
    if ((move === "spam" || move === "trash") && ids.length > 1 && !isConfirmed(request)) {
      a.require("comments.moderate");
      // The confirmation page re-posts text fields only: the ticked boxes go as one list.
      (request.body as Record<string, unknown>).comment = ids.join(",");
      (request.body as Record<string, unknown>).move = move;
      return askToConfirm(
        request,
        reply,
        t,
        {
          title: t.t("comments.admin.confirm.title", { count: ids.length }),
          body: t.t(`comments.admin.confirm.${move}`, { count: ids.length }),
          confirmLabel: t.t(`comments.admin.move.${move}`),
          cancelHref: back,
          undoable: true,
        },
        a,
      );
    }
    const moved = await ctx.comments.moderate(a, ids, move);
    setNotice(reply, "comments.admin.moved", { count: moved });
    return reply.redirect(back, 303);
  });

  const rulesPage = async (
    request: FastifyRequest<{ Params: OrgParams }>,
    reply: FastifyReply,
    problems?: { values: ReturnType<typeof readRulesForm>; errors: FieldErrorMap },
  ) => {
    const a = await organizationAccess(request);
    const rules = await ctx.comments.rules(a);
    const values = problems?.values ?? {
      hold_first: rules.holdFirst,
      max_links: String(rules.maxLinks),
      spam_words: rules.spamWords.join("\n"),
      hold_words: rules.holdWords.join("\n"),
      reports_to_hide: String(rules.reportsToHide),
      close_after_days: rules.closeAfterDays === null ? "" : String(rules.closeAfterDays),
    };
    const view = CommentRulesView({
      ...(await organizerPage(request, reply, t, a)),
      values,
      errors: problems?.errors,
    });
    return sendPage(reply, problems ? 422 : 200, view);
  };

  app.get<{ Params: OrgParams }>(`${base}/rules`, (request, reply) => rulesPage(request, reply));

  app.post<{ Params: OrgParams }>(`${base}/rules`, async (request, reply) => {
    const a = await organizationAccess(request);
    const values = readRulesForm((request.body ?? {}) as Record<string, unknown>);
    const outcome = await ctx.comments.saveRules(a, values);
    if (!outcome.ok) return rulesPage(request, reply, { values, errors: outcome.errors });
    setNotice(reply, "comments.rules.saved");
    return reply.redirect(paths.commentRules(locale, a.organization.slug), 303);
  });

  const editPage = async (
    request: FastifyRequest<{ Params: CommentParams }>,
    reply: FastifyReply,
    problems?: { body: string; errors: FieldErrorMap },
  ) => {
    const a = await organizationAccess(request);
    const comment = await ctx.commentModeration.comment(a, readId(request.params.comment));
    const view = CommentEditView({ ...(await organizerPage(request, reply, t, a)), comment, ...problems });
    return sendPage(reply, problems ? 422 : 200, view);
  };

  app.get<{ Params: CommentParams }>(`${base}/:comment/edit`, (request, reply) => editPage(request, reply));

  app.post<{ Params: CommentParams }>(`${base}/:comment/edit`, async (request, reply) => {
    const a = await organizationAccess(request);
    const id = readId(request.params.comment);
    const body = textField(request.body, "body");
    const outcome = await ctx.commentModeration.edit(a, id, body);
    if (!outcome.ok) return editPage(request, reply, { body, errors: outcome.errors });
    const comment = await ctx.commentModeration.comment(a, id);
    setNotice(reply, "comments.admin.edit.saved", { name: comment.name });
    return reply.redirect(paths.adminComments(locale, a.organization.slug, comment.status), 303);
  });

  const replyPage = async (
    request: FastifyRequest<{ Params: CommentParams }>,
    reply: FastifyReply,
    problems?: { values: { body: string; locale: string }; errors: FieldErrorMap },
  ) => {
    const a = await organizationAccess(request);
    const comment = await ctx.commentModeration.comment(a, readId(request.params.comment));
    const view = CommentReplyView({ ...(await organizerPage(request, reply, t, a)), comment, ...problems });
    return sendPage(reply, problems ? 422 : 200, view);
  };

  app.get<{ Params: CommentParams }>(`${base}/:comment/reply`, (request, reply) => replyPage(request, reply));

  app.post<{ Params: CommentParams }>(`${base}/:comment/reply`, async (request, reply) => {
    const a = await organizationAccess(request);
    const id = readId(request.params.comment);
    const values = { body: textField(request.body, "body"), locale: textField(request.body, "locale") };
    const outcome = await ctx.commentModeration.replyAsOrganization(a, id, values);
    if (!outcome.ok) return replyPage(request, reply, { values, errors: outcome.errors });
    const answered = await ctx.commentModeration.comment(a, id);
    setNotice(reply, "comments.admin.reply.posted", { name: answered.name });
    return reply.redirect(paths.adminComments(locale, a.organization.slug, "approved"), 303);
  });

  for (const step of ["close", "open"] as const) {
    app.post<{ Params: ActionParams }>(
      `/${locale}/admin/o/:org/actions/:id/comments/${step}`,
      async (request, reply) => {
        const a = await organizationAccess(request);
        const { title } = await ctx.comments.setClosed(a, readId(request.params.id), step === "close");
        setNotice(
          reply,
          step === "close" ? "comments.admin.discussion.closed" : "comments.admin.discussion.opened",
          { title },
        );
        return reply.redirect(paths.adminComments(locale, a.organization.slug), 303);
      },
    );
  }
};
