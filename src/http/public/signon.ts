/**
 * Organizations sign on to an action without an account: the form (no JavaScript, honeypot,
 * per-network limit, errors summarized with the values kept), then the emailed link whose GET
 * only shows a button and whose POST verifies.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { locales } from "../../i18n/locale.ts";
import { translator } from "../../i18n/translator.ts";
import { isLoopback, NetworkRateLimit } from "../../modules/abuse/rate-limits.ts";
import { ActionNotFoundError } from "../../modules/actions/actions.errors.ts";
import { readSignOnForm, validateSignOnForm } from "../../modules/cosponsors/cosponsors.ts";
import {
  SignOnFormView,
  SignOnSentView,
  SignOnVerifiedView,
  VerifySignOnView,
} from "../../views/pages/signon.tsx";
import { paths } from "../../views/paths.ts";
import { rateLimited, sendErrorPage } from "../errors.ts";
import { sendPage } from "../render.ts";
import { readSlug } from "./pages.ts";

type TokenParams = { slug: string; token: string };

export function signOnRoutes(app: FastifyInstance): void {
  const { ctx } = app;
  const { baseUrl } = ctx.config;
  // Fewer than signatures: an organization signs on once, a meeting's Wi-Fi rarely brings ten.
  const perNetwork = new NetworkRateLimit(
    { points: 10, durationSeconds: 3600 },
    null,
    app.ctx.rateLimits,
    "signon",
  );

  for (const locale of locales) {
    const t = translator(locale);
    /** The action if it still takes sign-ons (published, not archived); otherwise "not found". */
    const openAction = async (request: FastifyRequest<{ Params: { slug: string } }>) => {
      const action = await ctx.actions.getPublicPage(readSlug(request), locale);
      if (action.status !== "published" || action.archived) throw new ActionNotFoundError(action.slug);
      return action;
    };
    const base = `/${locale}/a/:slug/endorse`;

    app.get<{ Params: { slug: string } }>(base, async (request, reply) => {
      const action = await openAction(request);
      return sendPage(
        reply,
        200,
        SignOnFormView({ t, baseUrl, slug: action.slug, title: action.text.title }),
      );
    });

    app.post<{ Params: { slug: string } }>(base, async (request, reply) => {
      const action = await openAction(request);
      const sent = paths.endorseSent(locale, action.slug);
      const body = (request.body ?? {}) as Record<string, unknown>;
      // A filled honeypot gets the same answer as a person, and nothing is stored.
      if (typeof body.homepage === "string" && body.homepage !== "") return reply.redirect(sent, 303);
      const exempt = ctx.config.benchLoopbackExempt && isLoopback(request.ip);
      if (!exempt && !(await perNetwork.consume(request.ip)).allowed)
        return sendErrorPage(request, reply, rateLimited);
      const values = readSignOnForm(body);
      const checked = validateSignOnForm(values);
      if (!checked.ok) {
        const view = SignOnFormView({
          t,
          baseUrl,
          slug: action.slug,
          title: action.text.title,
          values,
          errors: checked.errors,
        });
        return sendPage(reply, 422, view);
      }
      await ctx.cosponsors.signOn(action.slug, checked.value, locale);
      return reply.redirect(sent, 303);
    });

    app.get<{ Params: { slug: string } }>(`${base}/sent`, async (request, reply) => {
      const action = await ctx.actions.getPublicPage(readSlug(request), locale);
      return sendPage(
        reply,
        200,
        SignOnSentView({ t, baseUrl, slug: action.slug, title: action.text.title }),
      );
    });

    app.get<{ Params: TokenParams }>(`${base}/verify/:token`, async (request, reply) => {
      const slug = readSlug(request);
      const found = await ctx.cosponsors.signOnToVerify(slug, request.params.token);
      const title = (await ctx.actions.getPublicPage(slug, locale)).text.title;
      const view = VerifySignOnView({
        t,
        baseUrl,
        slug,
        token: request.params.token,
        name: found.name,
        title,
        alreadyVerified: found.alreadyVerified,
      });
      return sendPage(reply, 200, view);
    });

    app.post<{ Params: TokenParams }>(`${base}/verify/:token`, async (request, reply) => {
      const slug = readSlug(request);
      await ctx.cosponsors.verifySignOn(slug, request.params.token);
      return reply.redirect(paths.signOnVerified(locale, slug), 303);
    });

    app.get<{ Params: { slug: string } }>(`${base}/verified`, async (request, reply) => {
      const action = await ctx.actions.getPublicPage(readSlug(request), locale);
      return sendPage(
        reply,
        200,
        SignOnVerifiedView({ t, baseUrl, slug: action.slug, title: action.text.title }),
      );
    });
  }
}
