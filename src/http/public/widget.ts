/**
 * The widget (an action's signing form framed on other sites) and embed.js, the script of the
 * snippet that frames it. These are the only pages another site may frame, and only the origins
 * listed for that widget: the partner's widget when its referral code came along, else the
 * sponsor's. The signing POST itself is sign.ts's, which answers an embedded form through here.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { MessageKey } from "../../i18n/catalog.ts";
import { type Locale, locales } from "../../i18n/locale.ts";
import { type Translator, translator } from "../../i18n/translator.ts";
import { ActionNotFoundError } from "../../modules/actions/actions.errors.ts";
import { findPartner, type PartnerRef } from "../../modules/actions/actions.ts";
import {
  cleanSource,
  type FieldErrors,
  referringHost,
  type SignFormValues,
} from "../../modules/signatures/signatures.ts";
import { embedScript, WidgetMessageView, WidgetThanksView, WidgetView } from "../../views/pages/widget.tsx";
import { paths } from "../../views/paths.ts";
import { scriptRoute, sendPage } from "../render.ts";
import { widgetContentSecurityPolicy } from "../security.ts";
import { readSlug } from "./pages.ts";

type WidgetRoute = { Params: { slug: string }; Querystring: { ref?: unknown; source?: unknown } };

/** What sign.ts needs to answer a form sent from a widget inside the widget's frame. */
export interface EmbeddedAnswers {
  /** Where the thank-you of the widget is, keeping the partner's code. */
  thanks(locale: Locale, slug: string, ref: unknown): Promise<string>;
  /** The widget again with the form's problems (422) or an expired form (400), values kept. */
  rerender(
    reply: FastifyReply,
    t: Translator,
    slug: string,
    status: number,
    form: {
      values: SignFormValues;
      errors?: FieldErrors;
      formError?: MessageKey;
      source: string | null;
      partner: PartnerRef | null;
      website: string | null;
    },
  ): Promise<FastifyReply>;
  /** A refusal before the form is read (too many signatures from one network), in the frame. */
  refuse(
    reply: FastifyReply,
    t: Translator,
    slug: string,
    ref: unknown,
    refusal: { status: number; title: MessageKey; body: MessageKey },
  ): Promise<FastifyReply>;
}

export function widgetRoutes(app: FastifyInstance): EmbeddedAnswers {
  const { ctx } = app;
  const { baseUrl } = ctx.config;
  const policy = widgetContentSecurityPolicy({ https: baseUrl.startsWith("https:") });

  /** Sends a widget page that the given origins (none: no site) may frame. */
  function sendWidget(
    reply: FastifyReply,
    status: number,
    origins: readonly string[],
    page: Parameters<typeof sendPage>[2],
  ) {
    reply
      .removeHeader("x-frame-options")
      .header("content-security-policy", policy(origins))
      // Partners' pages that isolate themselves (COEP) may still frame it.
      .header("cross-origin-resource-policy", "cross-origin");
    return sendPage(reply, status, page);
  }

  /** A public action, the partner its code names, and the origins that may frame that widget. */
  async function widgetOf(slug: string, locale: Locale, ref: unknown) {
    const action = await ctx.actions.getPublicPage(slug, locale);
    // Only an approved co-sponsor's code names a widget of its own; any other is the sponsor's.
    const partner = findPartner(action, ref);
    const origins = await ctx.widgets.framingOrigins(action.slug, partner?.organizationId ?? null);
    return { action, partner, origins };
  }

  /** The widget of the route's action; an unknown action gets the widget's own 404 (null). */
  async function load(reply: FastifyReply, t: Translator, request: FastifyRequest<WidgetRoute>) {
    try {
      return await widgetOf(readSlug(request), t.locale, request.query.ref);
    } catch (error) {
      if (!(error instanceof ActionNotFoundError)) throw error;
      const view = WidgetMessageView({ t, title: "error.notFound.title", body: "error.notFound.body" });
      sendWidget(reply, 404, [], view);
      return null;
    }
  }

  scriptRoute(app, paths.embedScript(), embedScript(new URL(baseUrl).origin), {
    // Loaded by partners' pages, which are other origins.
    "cross-origin-resource-policy": "cross-origin",
  });

  for (const locale of locales) {
    const t = translator(locale);

    app.get<WidgetRoute>(`/${locale}/a/:slug/widget`, async (request, reply) => {
      const loaded = await load(reply, t, request);
      if (!loaded) return reply;
      const { action, partner, origins } = loaded;
      const view = WidgetView({
        t,
        baseUrl,
        action,
        partner,
        form: {
          formToken: ctx.formTokens.issue(),
          source: cleanSource(request.query.source),
          // The partner's site that frames the widget, as its address tells (its origin only).
          website: referringHost(request.headers.referer, baseUrl),
        },
      });
      return sendWidget(reply, 200, origins, view);
    });

    app.get<WidgetRoute>(`/${locale}/a/:slug/widget/thanks`, async (request, reply) => {
      const loaded = await load(reply, t, request);
      if (!loaded) return reply;
      const { action, origins } = loaded;
      return sendWidget(
        reply,
        200,
        origins,
        WidgetThanksView({ t, baseUrl, slug: action.slug, title: action.text.title }),
      );
    });
  }

  return {
    async thanks(locale, slug, ref) {
      const partner = findPartner(await ctx.actions.getPublicPage(slug, locale), ref);
      return `${paths.widgetThanks(locale, slug, partner?.slug ?? null)}#main`;
    },
    async rerender(reply, t, slug, status, form) {
      const { action, partner, origins } = await widgetOf(slug, t.locale, form.partner?.slug);
      const view = WidgetView({
        t,
        baseUrl,
        action,
        partner,
        form: { ...form, formToken: ctx.formTokens.issue() },
      });
      return sendWidget(reply, status, origins, view);
    },
    async refuse(reply, t, slug, ref, refusal) {
      const { origins } = await widgetOf(slug, t.locale, ref);
      // The same minute as the full page's refusal.
      if (refusal.status === 429) reply.header("retry-after", "60");
      return sendWidget(reply, refusal.status, origins, WidgetMessageView({ t, ...refusal }));
    },
  };
}
