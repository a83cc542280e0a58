/**
 * The sponsor's updates, public routes: every update of an action (`/{locale}/a/{slug}/updates`),
 * their Atom feed (`updates.atom`), and the one-click unsubscribe link of each update mail.
 *
 * Unsubscribing is RFC 8058 one-click, as for the discussion's mail (comment-notifications.ts):
 * a mail client POSTs `List-Unsubscribe=One-Click` to the URL of the List-Unsubscribe header,
 * without cookies, login or CSRF token (the signed token is the authority), and gets 200, whatever
 * the body's type: in this scope an unknown body is taken and ignored. The GET shows a button.
 */
import type { FastifyInstance } from "fastify";
import { locales } from "../../i18n/locale.ts";
import { translator } from "../../i18n/translator.ts";
import { UpdatesUnsubscribePage, UpdatesView, updatesAtomFeed } from "../../views/pages/updates.tsx";
import { paths } from "../../views/paths.ts";
import { sendPage } from "../render.ts";
import { readSlug } from "./pages.ts";

type SlugParams = { slug: string };
type UnsubscribeParams = { update: string; token: string };

/** The updates page and feed of every action (public, cacheable for a few minutes). */
export function updateRoutes(app: FastifyInstance): void {
  const { ctx } = app;
  const { baseUrl } = ctx.config;
  for (const locale of locales) {
    const t = translator(locale);
    app.get<{ Params: SlugParams }>(paths.updates(locale, ":slug"), async (request, reply) => {
      const { action, updates } = await ctx.updates.publicUpdates(readSlug(request), locale);
      reply.header("cache-control", "public, max-age=60");
      return sendPage(reply, 200, UpdatesView({ t, baseUrl, action, updates }));
    });
    app.get<{ Params: SlugParams }>(paths.updatesFeed(locale, ":slug"), async (request, reply) => {
      const { action, updates } = await ctx.updates.publicUpdates(readSlug(request), locale);
      return reply
        .type("application/atom+xml; charset=utf-8")
        .header("cache-control", "public, max-age=300")
        .send(updatesAtomFeed({ t, baseUrl, action, updates }));
    });
  }
}

/** The unsubscribe link's GET and POST, in a scope of their own (registered with `app.register`). */
export async function updateUnsubscribeRoutes(app: FastifyInstance): Promise<void> {
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
    const route = paths.updatesUnsubscribe(locale, ":update", ":token");
    const read = (params: UnsubscribeParams) => ({
      updateId: /^\d{1,9}$/.test(params.update) ? Number(params.update) : 0,
      token: params.token,
      path: paths.updatesUnsubscribe(locale, params.update, params.token),
    });
    app.get<{ Params: UnsubscribeParams }>(route, async (request, reply) => {
      const { updateId, token, path } = read(request.params);
      const view = await ctx.updates.unsubscription(updateId, token, locale);
      return sendPage(reply, 200, UpdatesUnsubscribePage({ t, baseUrl, path, view, done: false }));
    });
    app.post<{ Params: UnsubscribeParams }>(route, async (request, reply) => {
      const { updateId, token, path } = read(request.params);
      const view = await ctx.updates.unsubscribe(updateId, token, locale);
      return sendPage(reply, 200, UpdatesUnsubscribePage({ t, baseUrl, path, view, done: true }));
    });
  }
}
