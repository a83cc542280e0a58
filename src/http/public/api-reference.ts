/** The API's reference for people, per language, from the same OpenAPI document as /api/v1/openapi.json. */
import type { FastifyInstance } from "fastify";
import { locales, negotiateLocale } from "../../i18n/locale.ts";
import { translator } from "../../i18n/translator.ts";
import { ApiReferenceView } from "../../views/pages/api-reference.tsx";
import { paths } from "../../views/paths.ts";
import type { ApiReference } from "../api/osdi/openapi.ts";
import { html, sendPage } from "../render.ts";

export function apiReferencePages(app: FastifyInstance, reference: ApiReference): void {
  const { baseUrl } = app.ctx.config;
  // The address the API's docs link is given as: the language comes from Accept-Language once.
  app.get(paths.apiDocs(), (request, reply) =>
    reply
      .header("vary", "Accept-Language")
      .redirect(paths.apiReference(negotiateLocale(request.headers["accept-language"])), 302),
  );
  for (const locale of locales) {
    const t = translator(locale);
    // Rendered once: the document does not change while the app runs.
    let page: string | null = null;
    app.get(paths.apiReference(locale), (_request, reply) => {
      page ??= html(ApiReferenceView({ t, baseUrl, document: reference.document() }));
      return sendPage(reply, 200, page);
    });
  }
}
