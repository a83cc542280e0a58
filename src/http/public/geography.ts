/** Where an action's signers are, for the public: only while the action's sponsor shows it. */
import type { FastifyInstance } from "fastify";
import { locales } from "../../i18n/locale.ts";
import { translator } from "../../i18n/translator.ts";
import { SignersMapView } from "../../views/pages/signers-map.tsx";
import { sendPage } from "../render.ts";
import { readSlug } from "./pages.ts";

export function geographyRoutes(app: FastifyInstance): void {
  const { ctx } = app;
  for (const locale of locales) {
    const t = translator(locale);
    app.get<{ Params: { slug: string } }>(`/${locale}/a/:slug/map`, async (request, reply) => {
      const slug = readSlug(request);
      const { title, geography } = await ctx.geography.publicGeography(slug, locale);
      const view = SignersMapView({ t, baseUrl: ctx.config.baseUrl, slug, title, geography });
      return sendPage(reply, 200, view);
    });
  }
}
