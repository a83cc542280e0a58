/** Where an action's signers are, for its organizers; the switch that shows it to the public. */
import { translator } from "../../../i18n/translator.ts";
import { GeographyView } from "../../../views/admin/geography.tsx";
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

export const geographyRoutes: AdminRouteFile = (app, locale) => {
  const { ctx } = app;
  const t = translator(locale);
  const route = `/${locale}/admin/o/:org/actions/:id/geography`;

  app.get<{ Params: ActionParams }>(route, async (request, reply) => {
    const a = await organizationAccess(request);
    const page = await ctx.geography.adminPage(a, readId(request.params.id), locale);
    return sendPage(reply, 200, GeographyView({ ...(await organizerPage(request, reply, t, a)), page }));
  });

  app.post<{ Params: ActionParams }>(route, async (request, reply) => {
    const a = await organizationAccess(request);
    const id = readId(request.params.id);
    const show = textField(request.body, "show") === "yes";
    const changed = await ctx.geography.setShownToPublic(a, id, show);
    if (!changed) setNotice(reply, "notice.geographyUnchanged");
    else setNotice(reply, show ? "notice.geographyShown" : "notice.geographyHidden");
    return reply.redirect(paths.adminGeography(locale, a.organization.slug, id), 303);
  });
};
