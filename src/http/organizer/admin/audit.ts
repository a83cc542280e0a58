/** The organization's audit log: who changed what, filterable by kind of change. */
import type { FastifyRequest } from "fastify";
import { translator } from "../../../i18n/translator.ts";
import { AuditView } from "../../../views/admin/audit.tsx";
import { sendPage } from "../../render.ts";
import { type AdminRouteFile, organizationAccess, organizerPage, queryText } from "../shared.ts";

type OrgParams = { org: string };

export const auditRoutes: AdminRouteFile = (app, locale) => {
  const { ctx } = app;
  const t = translator(locale);
  app.get<{ Params: OrgParams }>(
    `/${locale}/admin/o/:org/audit`,
    async (request: FastifyRequest<{ Params: OrgParams }>, reply) => {
      const a = await organizationAccess(request);
      const kind = queryText(request.query, "kind");
      const page = /^\d{1,6}$/.test(queryText(request.query, "page"))
        ? Number(queryText(request.query, "page"))
        : 1;
      const log = await ctx.audit.list(a, kind, page);
      const view = AuditView({ ...(await organizerPage(request, reply, t, a)), log, kind });
      return sendPage(reply, 200, view);
    },
  );
};
