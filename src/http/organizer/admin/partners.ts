/**
 * Partners: a co-sponsor organization's page of an action it co-sponsors (its referral links, its
 * short links with QR codes, its numbers), the signers who chose to share with it and their CSV
 * export; and the sponsor's leaderboard of the action's partners.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { translator } from "../../../i18n/translator.ts";
import type { ShortLinkFormValues } from "../../../modules/shortlinks/shortlinks.ts";
import {
  LeaderboardView,
  PartnerSignersView,
  PartnerView,
  partnerCsvColumns,
} from "../../../views/admin/partners.tsx";
import type { FieldErrorMap } from "../../../views/form.tsx";
import { paths } from "../../../views/paths.ts";
import { sendPage } from "../../render.ts";
import {
  type AdminRouteFile,
  askToConfirm,
  csvCompression,
  csvStatusLabels,
  isConfirmed,
  organizationAccess,
  organizerPage,
  queryText,
  readId,
  sendCsv,
  setNotice,
  textField,
} from "../shared.ts";

type ActionParams = { org: string; id: string };
type LinkParams = ActionParams & { linkId: string };

export const partnerRoutes: AdminRouteFile = (app, locale) => {
  const { ctx } = app;
  const t = translator(locale);
  const base = `/${locale}/admin/o/:org/cosponsoring/:id`;

  app.get<{ Params: ActionParams }>(
    `/${locale}/admin/o/:org/actions/:id/partners`,
    async (request, reply) => {
      const a = await organizationAccess(request);
      const board = await ctx.partners.leaderboard(a, readId(request.params.id), locale);
      return sendPage(
        reply,
        200,
        LeaderboardView({ ...(await organizerPage(request, reply, t, a)), ...board }),
      );
    },
  );

  /** The partner's page, fresh (200) or with the short link form sent back with its problems (422). */
  const partnerPage = async (
    request: FastifyRequest<{ Params: ActionParams }>,
    reply: FastifyReply,
    problems?: { errors: FieldErrorMap; values: ShortLinkFormValues },
  ) => {
    const a = await organizationAccess(request);
    const overview = await ctx.partners.overview(a, readId(request.params.id), locale);
    const view = PartnerView({
      ...(await organizerPage(request, reply, t, a)),
      ...overview,
      addressOf: (slug) => ctx.shortlinks.address(slug),
      canEdit: a.can("actions.edit"),
      canViewSigners: a.can("signatures.view"),
      ...problems,
    });
    return sendPage(reply, problems ? 422 : 200, view);
  };

  app.get<{ Params: ActionParams }>(base, (request, reply) => partnerPage(request, reply));

  app.post<{ Params: ActionParams }>(`${base}/links`, async (request, reply) => {
    const a = await organizationAccess(request);
    const id = readId(request.params.id);
    const values = { slug: textField(request.body, "slug"), source: textField(request.body, "source") };
    const outcome = await ctx.partners.createLink(a, id, values);
    if (!outcome.ok) return partnerPage(request, reply, { errors: outcome.errors, values });
    setNotice(reply, "notice.shortlinkCreated", { address: ctx.shortlinks.address(outcome.slug) });
    return reply.redirect(paths.partnerAction(locale, a.organization.slug, id), 303);
  });

  app.post<{ Params: LinkParams }>(`${base}/links/:linkId/delete`, async (request, reply) => {
    const a = await organizationAccess(request);
    const id = readId(request.params.id);
    const linkId = readId(request.params.linkId);
    const back = paths.partnerAction(locale, a.organization.slug, id);
    if (!isConfirmed(request)) {
      a.require("actions.edit");
      const link = await ctx.partners.findLink(a, id, linkId);
      const question = {
        title: t.t("shortlinks.deleteTitle"),
        body: t.t("shortlinks.deleteBody", { address: ctx.shortlinks.address(link.slug) }),
        confirmLabel: t.t("shortlinks.delete"),
        cancelHref: back,
      };
      return askToConfirm(request, reply, t, question, a);
    }
    const { slug } = await ctx.partners.removeLink(a, id, linkId);
    setNotice(reply, "notice.shortlinkDeleted", { address: ctx.shortlinks.address(slug) });
    return reply.redirect(back, 303);
  });

  for (const format of ["svg", "png"] as const) {
    app.get<{ Params: LinkParams }>(`${base}/links/:linkId/qr.${format}`, async (request, reply) => {
      const a = await organizationAccess(request);
      const qr = await ctx.partners.qrCode(
        a,
        readId(request.params.id),
        readId(request.params.linkId),
        format,
      );
      return reply
        .type(qr.contentType)
        .header("content-disposition", `attachment; filename="${qr.filename}"`)
        .send(qr.body);
    });
  }

  app.get<{ Params: ActionParams }>(`${base}/signers`, async (request, reply) => {
    const a = await organizationAccess(request);
    const rawPage = queryText(request.query, "page");
    const page = /^\d{1,6}$/.test(rawPage) ? Math.max(1, Number(rawPage)) : 1;
    const list = await ctx.partners.signers(a, readId(request.params.id), page, locale);
    const view = PartnerSignersView({
      ...(await organizerPage(request, reply, t, a)),
      ...list,
      canExport: a.can("signatures.export"),
    });
    return sendPage(reply, 200, view);
  });

  app.get<{ Params: ActionParams }>(`${base}/signers.csv`, csvCompression, async (request, reply) => {
    const a = await organizationAccess(request);
    const csv = await ctx.partners.exportSigners(a, readId(request.params.id), {
      header: partnerCsvColumns.map((key) => t.t(key)),
      status: csvStatusLabels(t),
    });
    return sendCsv(reply, csv);
  });
};
