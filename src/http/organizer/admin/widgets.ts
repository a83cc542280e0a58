/**
 * An organization's widget of an action: the sponsor's own, or a co-sponsor's own on the action it
 * co-sponsors (same route: the service tells which). The snippet, a preview, and its sites.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { translator } from "../../../i18n/translator.ts";
import { WidgetView } from "../../../views/admin/widgets.tsx";
import type { FieldErrorMap } from "../../../views/form.tsx";
import { paths } from "../../../views/paths.ts";
import { sendPage } from "../../render.ts";
import {
  type AdminRouteFile,
  organizationAccess,
  organizerPage,
  readId,
  setNotice,
  textField,
} from "../shared.ts";

type ActionParams = { org: string; id: string };

export const widgetRoutes: AdminRouteFile = (app, locale) => {
  const { ctx } = app;
  const t = translator(locale);
  const route = `/${locale}/admin/o/:org/actions/:id/widget`;

  /** The page, fresh (200) or with the sites sent back with their problem (422). */
  const widgetPage = async (
    request: FastifyRequest<{ Params: ActionParams }>,
    reply: FastifyReply,
    problems?: { errors: FieldErrorMap; text: string },
  ) => {
    const a = await organizationAccess(request);
    const widget = await ctx.widgets.overview(a, readId(request.params.id), locale);
    const view = WidgetView({
      ...(await organizerPage(request, reply, t, a)),
      widget,
      canEdit: a.can("actions.edit"),
      ...problems,
    });
    return sendPage(reply, problems ? 422 : 200, view);
  };

  app.get<{ Params: ActionParams }>(route, (request, reply) => widgetPage(request, reply));

  app.post<{ Params: ActionParams }>(route, async (request, reply) => {
    const a = await organizationAccess(request);
    const id = readId(request.params.id);
    const text = textField(request.body, "origins");
    const outcome = await ctx.widgets.setOrigins(a, id, text, locale);
    if (!outcome.ok) return widgetPage(request, reply, { errors: outcome.errors, text });
    const count = outcome.origins.length;
    if (count > 0) setNotice(reply, "notice.widgetSaved", { count });
    else setNotice(reply, "notice.widgetCleared");
    return reply.redirect(paths.adminWidget(locale, a.organization.slug, id), 303);
  });
};
