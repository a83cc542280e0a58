/**
 * Reporting a comment: the cached action page links each comment to a page of its own that asks
 * first, and the report is posted from there. Readers signed in to comment count by who they are
 * (their commenter cookie, read on this per-request page only); guests by their network, in memory.
 * A report sent faster than the minimum fill time still counts: it publishes nothing, and repeats
 * and floods are held off by the per-person count and the per-network limit.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { MessageKey } from "../../i18n/catalog.ts";
import { locales } from "../../i18n/locale.ts";
import { translator } from "../../i18n/translator.ts";
import { defaultFormTokenRules } from "../../modules/abuse/form-token.ts";
import type { FieldErrorMap } from "../../modules/forms.ts";
import { ReportedView, ReportView } from "../../views/pages/comment-report.tsx";
import { sendPage } from "../render.ts";
import { type CommentParams, readCommentId } from "./comments.ts";
import { readSlug } from "./pages.ts";

export function commentReportRoutes(app: FastifyInstance): void {
  const { ctx } = app;
  const { baseUrl } = ctx.config;

  for (const locale of locales) {
    const t = translator(locale);
    const path = `/${locale}/a/:slug/comments/:id/report`;

    const reportPage = async (
      request: FastifyRequest<{ Params: CommentParams }>,
      reply: FastifyReply,
      status: number,
      problems: { reason?: string; errors?: FieldErrorMap; formError?: MessageKey } = {},
    ) => {
      const { action, comment } = await ctx.commentModeration.reportTarget(
        readSlug(request),
        locale,
        readCommentId(request),
      );
      const view = ReportView({
        t,
        baseUrl,
        action,
        comment,
        formToken: ctx.formTokens.issue(),
        ...problems,
      });
      return sendPage(reply, status, view);
    };

    app.get<{ Params: CommentParams }>(path, (request, reply) => reportPage(request, reply, 200));

    app.post<{ Params: CommentParams }>(path, async (request, reply) => {
      const slug = readSlug(request);
      const id = readCommentId(request);
      const body = (typeof request.body === "object" && request.body !== null ? request.body : {}) as Record<
        string,
        unknown
      >;
      const reason = typeof body.reason === "string" ? body.reason : "";
      const thanks = async () =>
        sendPage(
          reply,
          200,
          ReportedView({ t, baseUrl, action: await ctx.actions.getPublicPage(slug, locale) }),
        );
      // A filled honeypot gets the answer a person would, and nothing is counted.
      if (typeof body.url === "string" && body.url !== "") return thanks();
      const verdict = await ctx.reportRateLimit.consume(request.ip);
      if (!verdict.allowed) {
        reply.header("retry-after", String(verdict.retryAfterSeconds));
        return reportPage(request, reply, 429, { reason, formError: "comments.report.rateLimited" });
      }
      const token = ctx.formTokens.check(body.ts, defaultFormTokenRules);
      if (token === "invalid" || token === "expired")
        return reportPage(request, reply, 400, { reason, formError: "form.expired" satisfies MessageKey });
      const identity = ctx.commenters.identify(request.headers.cookie);
      const outcome = await ctx.commentModeration.report(
        slug,
        id,
        identity ? { signedIn: identity } : { guestAddress: request.ip },
        reason,
      );
      if (!outcome.ok) return reportPage(request, reply, 422, { reason, errors: outcome.errors });
      return thanks();
    });
  }
}
