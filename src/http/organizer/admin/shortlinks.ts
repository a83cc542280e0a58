/** An action's short links: the list with click statistics, creating, deleting, QR codes. */
import type { FastifyReply, FastifyRequest } from "fastify";
import { translator } from "../../../i18n/translator.ts";
import type { ShortLinkFormValues } from "../../../modules/shortlinks/shortlinks.ts";
import { ShortLinksView } from "../../../views/admin/shortlinks.tsx";
import type { FieldErrorMap } from "../../../views/form.tsx";
import { paths } from "../../../views/paths.ts";
import { sendPage } from "../../render.ts";
import {
  type AdminRouteFile,
  askToConfirm,
  isConfirmed,
  organizationAccess,
  organizerPage,
  readId,
  setNotice,
  textField,
} from "../shared.ts";

type ActionParams = { org: string; id: string };
type LinkParams = ActionParams & { linkId: string };

export const shortLinkRoutes: AdminRouteFile = (app, locale) => {
  const { ctx } = app;
  const t = translator(locale);
  const base = `/${locale}/admin/o/:org/actions/:id/links`;

  /** The page, fresh (200) or with the create form sent back with its problems (422). */
  const linksPage = async (
    request: FastifyRequest<{ Params: ActionParams }>,
    reply: FastifyReply,
    problems?: { errors: FieldErrorMap; values: ShortLinkFormValues },
  ) => {
    const a = await organizationAccess(request);
    const overview = await ctx.shortlinks.overview(a, readId(request.params.id), locale);
    const view = ShortLinksView({
      ...(await organizerPage(request, reply, t, a)),
      ...overview,
      addressOf: (slug) => ctx.shortlinks.address(slug),
      canEdit: a.can("actions.edit"),
      ...problems,
    });
    return sendPage(reply, problems ? 422 : 200, view);
  };

  app.get<{ Params: ActionParams }>(base, (request, reply) => linksPage(request, reply));

  app.post<{ Params: ActionParams }>(base, async (request, reply) => {
    const a = await organizationAccess(request);
    const id = readId(request.params.id);
    const values = { slug: textField(request.body, "slug"), source: textField(request.body, "source") };
    const outcome = await ctx.shortlinks.create(a, id, values);
    if (!outcome.ok) return linksPage(request, reply, { errors: outcome.errors, values });
    setNotice(reply, "notice.shortlinkCreated", { address: ctx.shortlinks.address(outcome.slug) });
    return reply.redirect(paths.shortLinks(locale, a.organization.slug, id), 303);
  });

  app.post<{ Params: LinkParams }>(`${base}/:linkId/delete`, async (request, reply) => {
    const a = await organizationAccess(request);
    const id = readId(request.params.id);
    const linkId = readId(request.params.linkId);
    const list = paths.shortLinks(locale, a.organization.slug, id);
    if (!isConfirmed(request)) {
      a.require("actions.edit");
      const { link } = await ctx.shortlinks.find(a, id, linkId, locale);
      const address = ctx.shortlinks.address(link.slug);
      const question = {
        title: t.t("shortlinks.deleteTitle"),
        body: t.t("shortlinks.deleteBody", { address }),
        confirmLabel: t.t("shortlinks.delete"),
        cancelHref: list,
      };
      return askToConfirm(request, reply, t, question, a);
    }
    const { slug } = await ctx.shortlinks.remove(a, id, linkId);
    setNotice(reply, "notice.shortlinkDeleted", { address: ctx.shortlinks.address(slug) });
    return reply.redirect(list, 303);
  });

  for (const format of ["svg", "png"] as const) {
    app.get<{ Params: LinkParams }>(`${base}/:linkId/qr.${format}`, async (request, reply) => {
      const a = await organizationAccess(request);
      const qr = await ctx.shortlinks.qrCode(
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
};
