/**
 * Email about a discussion, public routes: follow a discussion without commenting, confirm a
 * subscription, and unsubscribe. The emailed links' GETs show a button and change nothing (mail
 * scanners follow links); their POSTs act.
 *
 * Unsubscribing is RFC 8058 one-click: a mail client POSTs `List-Unsubscribe=One-Click` to the URL
 * in the mail's List-Unsubscribe header, without cookies, login or CSRF token (the signed token in
 * the URL is the authority), and gets 200. Whatever the body or its type, the POST unsubscribes:
 * in this scope a body no parser knows is taken and ignored rather than refused with 415.
 */
import type { FastifyInstance } from "fastify";
import { locales } from "../../i18n/locale.ts";
import { translator } from "../../i18n/translator.ts";
import { defaultFormTokenRules } from "../../modules/abuse/form-token.ts";
import { isLoopback } from "../../modules/abuse/rate-limits.ts";
import { validateFollowForm } from "../../modules/comment-notifications/comment-notifications.ts";
import {
  ConfirmSubscriptionView,
  FollowSentView,
  FollowView,
  SubscribedView,
  UnsubscribedView,
  UnsubscribeView,
} from "../../views/pages/comment-notifications.tsx";
import { paths } from "../../views/paths.ts";
import { sendPage } from "../render.ts";
import { readSlug } from "./pages.ts";

type SlugParams = { slug: string };
type TokenParams = { token: string };

export async function commentNotificationRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const { baseUrl } = ctx.config;
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: 4096 }, (_request, _body, done) =>
    done(null, {}),
  );
  app.addHook("onRequest", (_request, reply, done) => {
    // Each page answers a personal link: no browser or proxy keeps a copy.
    reply.header("cache-control", "no-store");
    done();
  });

  for (const locale of locales) {
    const t = translator(locale);

    app.post<{ Params: SlugParams }>(paths.commentsFollow(locale, ":slug"), async (request, reply) => {
      const slug = readSlug(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const action = await ctx.actions.getPublicPage(slug, locale);
      const facts = { slug: action.slug, title: action.text.title };
      // A filled honeypot gets the answer a person would, and nothing is sent.
      if (typeof body.url === "string" && body.url !== "")
        return sendPage(reply, 200, FollowSentView({ t, baseUrl, action: facts }));
      const email = typeof body.email === "string" ? body.email : "";
      const again = (
        status: number,
        problems: Pick<Parameters<typeof FollowView>[0], "errors" | "formError">,
      ) =>
        sendPage(
          reply,
          status,
          FollowView({ t, baseUrl, action: facts, formToken: ctx.formTokens.issue(), email, ...problems }),
        );
      const exempt = ctx.config.benchLoopbackExempt && isLoopback(request.ip);
      const verdict = exempt ? null : await ctx.commentRateLimit.consume(request.ip);
      if (verdict && !verdict.allowed) {
        reply.header("retry-after", String(verdict.retryAfterSeconds));
        return again(429, { formError: "commentNotifications.follow.rateLimited" });
      }
      const token = ctx.formTokens.check(body.ts, defaultFormTokenRules);
      if (token === "invalid" || token === "expired") return again(400, { formError: "form.expired" });
      const validated = validateFollowForm(body.email);
      if (!validated.ok) return again(422, { errors: validated.errors });
      const { title } = await ctx.commentNotifications.follow(slug, locale, validated);
      return sendPage(reply, 200, FollowSentView({ t, baseUrl, action: { slug, title } }));
    });

    const confirmPath = paths.confirmCommentSubscription(locale, ":token");
    app.get<{ Params: TokenParams }>(confirmPath, async (request, reply) => {
      const { token } = request.params;
      const subscription = await ctx.commentNotifications.confirmation(token, locale);
      return sendPage(reply, 200, ConfirmSubscriptionView({ t, baseUrl, token, subscription }));
    });
    app.post<{ Params: TokenParams }>(confirmPath, async (request, reply) => {
      const { token } = request.params;
      const subscription = await ctx.commentNotifications.confirm(token, locale);
      const path = paths.confirmCommentSubscription(locale, token);
      return sendPage(reply, 200, SubscribedView({ t, baseUrl, path, subscription }));
    });

    const unsubscribePath = paths.unsubscribe(locale, ":token");
    app.get<{ Params: TokenParams }>(unsubscribePath, async (request, reply) => {
      const { token } = request.params;
      const subscription = await ctx.commentNotifications.unsubscription(token, locale);
      return sendPage(reply, 200, UnsubscribeView({ t, baseUrl, token, subscription }));
    });
    app.post<{ Params: TokenParams }>(unsubscribePath, async (request, reply) => {
      const { token } = request.params;
      const subscription = await ctx.commentNotifications.unsubscribe(token, locale);
      return sendPage(reply, 200, UnsubscribedView({ t, baseUrl, token, subscription }));
    });
  }
}
