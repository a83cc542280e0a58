/**
 * Signing in to comment, from an action's comment form or a reply page: GET
 * …/comment-sign-in/{provider}[?reply={id}] sends the browser to the provider (or, for a Juntos
 * account, through the account sign-in), the callback comes back with the commenter cookie set
 * to the form it started from, rendered per request (the cached action page never shows who is
 * signed in), and a POST signs out. The cookie plugin is registered in this scope alone, and
 * every answer here is `no-store`.
 */
import cookie from "@fastify/cookie";
import type { FastifyInstance } from "fastify";
import { locales } from "../../i18n/locale.ts";
import { ActionNotFoundError } from "../../modules/actions/actions.errors.ts";
import {
  commenterCookie,
  commenterLifetimeMs,
  juntosProvider,
  signInFlowCookie,
  signInFlowLifetimeMs,
  signInReturn,
} from "../../modules/commenters/commenters.ts";
import { paths } from "../../views/paths.ts";
import { sessionCookie } from "../plugins/session.ts";
import { readSlug } from "./pages.ts";

type StartParams = { slug: string; provider: string };

/** The comment a sign-in started from (its reply page), or null for the action's own form. */
function readReplyTo(raw: unknown): number | null {
  return typeof raw === "string" && /^\d{1,9}$/.test(raw) ? Number(raw) : null;
}

export async function commenterAuthRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const { baseUrl } = ctx.config;
  const secure = baseUrl.startsWith("https:");
  // Lax: the provider's redirect back and the return to the action are top-level GET navigations.
  const commenterCookieOptions = { path: "/", httpOnly: true, sameSite: "lax", secure } as const;
  await app.register(cookie);
  app.addHook("onRequest", (_request, reply, done) => {
    // Answers here set per-person cookies: no browser or proxy keeps a copy.
    reply.header("cache-control", "no-store");
    done();
  });

  for (const locale of locales) {
    const flowCookieOptions = {
      path: `/${locale}/comment-sign-in`,
      httpOnly: true,
      sameSite: "lax",
      secure,
    } as const;

    app.get<{ Params: StartParams; Querystring: { reply?: string; back?: string } }>(
      paths.commentSignIn(locale, ":slug", ":provider"),
      async (request, reply) => {
        const action = await ctx.actions.getPublicPage(readSlug(request), locale);
        const { provider } = request.params;
        const replyTo = readReplyTo(request.query.reply);
        // A page of the action asked for (marking a comment helpful), else the comment form.
        const returnTo = signInReturn(request.query.back, paths.action(locale, action.slug));
        const back = returnTo ?? paths.commentFormOf(locale, action.slug, replyTo);
        // The cached action page cannot say who is signed in, so its sign-in links are also the
        // way back to one's own form: no second trip to the provider.
        if (ctx.commenters.identify(request.cookies)?.provider === provider) return reply.redirect(back, 303);
        if (provider === juntosProvider) {
          const signIn = await ctx.commenters.signInWithAccount(request.cookies[sessionCookie]);
          if (!signIn) {
            // The account sign-in (password or OpenID) brings the person back here, then to the action.
            const here = paths.commentSignIn(locale, action.slug, juntosProvider, {
              replyTo,
              back: returnTo,
            });
            return reply.redirect(`${paths.login(locale)}?next=${encodeURIComponent(here)}`, 303);
          }
          reply.setCookie(commenterCookie, signIn.cookie, {
            ...commenterCookieOptions,
            maxAge: commenterLifetimeMs / 1000,
          });
          return reply.redirect(back, 303);
        }
        if (!ctx.commenters.offersExternal(provider)) return reply.callNotFound();
        const { url, flow } = await ctx.commenters.begin(provider, {
          slug: action.slug,
          replyTo,
          locale,
          redirectUri: baseUrl + paths.commentSignInCallback(locale, provider),
          back: returnTo,
        });
        reply.setCookie(signInFlowCookie, flow, {
          ...flowCookieOptions,
          maxAge: signInFlowLifetimeMs / 1000,
        });
        return reply.redirect(url.href, 302);
      },
    );

    app.get<{ Params: { provider: string } }>(
      paths.commentSignInCallback(locale, ":provider"),
      async (request, reply) => {
        const { provider } = request.params;
        if (!ctx.commenters.offersExternal(provider)) return reply.callNotFound();
        // One use per flow cookie, whatever the outcome.
        reply.clearCookie(signInFlowCookie, flowCookieOptions);
        const signIn = await ctx.commenters.finish(provider, {
          callbackUrl: new URL(baseUrl + request.url),
          flow: request.cookies[signInFlowCookie],
          locale,
        });
        reply.setCookie(commenterCookie, signIn.cookie, {
          ...commenterCookieOptions,
          maxAge: commenterLifetimeMs / 1000,
        });
        return reply.redirect(signIn.back ?? paths.commentFormOf(locale, signIn.slug, signIn.replyTo), 303);
      },
    );

    app.post(paths.commentSignOut(locale), async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      ctx.commenters.checkSignOut(request.cookies, body._token);
      reply.clearCookie(commenterCookie, commenterCookieOptions);
      // Back to the reply page or the action's discussion the form named, if the action exists; else home.
      const action =
        typeof body.slug === "string"
          ? await ctx.actions.getPublicPage(body.slug, locale).catch((error: unknown) => {
              if (error instanceof ActionNotFoundError) return null;
              throw error;
            })
          : null;
      const replyTo = readReplyTo(body.reply);
      const back = !action
        ? paths.home(locale)
        : replyTo === null
          ? paths.leaveAReply(locale, action.slug)
          : paths.commentFormOf(locale, action.slug, replyTo);
      return reply.redirect(back, 303);
    });
  }
}
