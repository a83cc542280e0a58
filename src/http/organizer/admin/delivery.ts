/**
 * Delivering an action to its targets: the page, the PDF and CSV downloads (streamed), and the
 * letter mailed to a target after a confirmation step.
 */
import { isLocale, type Locale } from "../../../i18n/locale.ts";
import { translator } from "../../../i18n/translator.ts";
import type { FieldErrorMap } from "../../../modules/forms.ts";
import type { OrganizationAccess } from "../../../modules/organizations/organizations.service.ts";
import { DeliveryView } from "../../../views/admin/delivery.tsx";
import { paths } from "../../../views/paths.ts";
import { sendPage } from "../../render.ts";
import {
  type AdminRouteFile,
  askToConfirm,
  csvCompression,
  isConfirmed,
  organizationAccess,
  organizerPage,
  readId,
  sendCsv,
  setNotice,
  textField,
} from "../shared.ts";

type ActionParams = { org: string; id: string };

export const deliveryRoutes: AdminRouteFile = (app, locale) => {
  const { ctx } = app;
  const t = translator(locale);
  const route = `/${locale}/admin/o/:org/actions/:id/delivery`;

  const render = async (
    request: Parameters<typeof organizationAccess>[0],
    reply: Parameters<typeof sendPage>[0],
    a: OrganizationAccess,
    id: number,
    status: number,
    form?: { values: { target: string; language: Locale }; errors: FieldErrorMap },
  ) => {
    const page = await ctx.delivery.page(a, id, locale);
    const props = await organizerPage(request, reply, t, a);
    const canDeliver = a.can("signatures.export");
    return sendPage(reply, status, DeliveryView({ ...props, page, canDeliver, ...form }));
  };

  app.get<{ Params: ActionParams }>(route, async (request, reply) => {
    const a = await organizationAccess(request);
    return render(request, reply, a, readId(request.params.id), 200);
  });

  app.post<{ Params: ActionParams }>(route, async (request, reply) => {
    const a = await organizationAccess(request);
    const id = readId(request.params.id);
    const raw = textField(request.body, "language");
    const language: Locale = isLocale(raw) ? raw : locale;
    const target = textField(request.body, "target");
    const values = { target, language };
    const choice = await ctx.delivery.chooseTarget(a, id, target, language);
    if (!choice.ok) return render(request, reply, a, id, 422, { values, errors: choice.errors });
    const facts = { target: choice.target.name, email: choice.target.email, count: choice.count };
    if (!isConfirmed(request))
      return askToConfirm(
        request,
        reply,
        t,
        {
          title: t.t("delivery.confirm.title", facts),
          body: t.t("delivery.confirm.body", facts),
          confirmLabel: t.t("delivery.confirm.yes"),
          cancelHref: paths.adminDelivery(locale, a.organization.slug, id),
        },
        a,
      );
    const sent = await ctx.delivery.send(a, id, target, language);
    if (!sent.ok) return render(request, reply, a, id, 422, { values, errors: sent.errors });
    setNotice(reply, "delivery.notice.queued", { target: sent.target.name });
    return reply.redirect(paths.adminDelivery(locale, a.organization.slug, id), 303);
  });

  app.get<{ Params: ActionParams }>(`${route}/letter.pdf`, async (request, reply) => {
    const a = await organizationAccess(request);
    const pdf = await ctx.delivery.downloadPdf(a, readId(request.params.id), locale);
    return reply
      .type("application/pdf")
      .header("content-disposition", `attachment; filename="${pdf.filename}"`)
      .send(pdf.stream);
  });

  app.get<{ Params: ActionParams }>(`${route}/signers.csv`, csvCompression, async (request, reply) => {
    const a = await organizationAccess(request);
    return sendCsv(reply, await ctx.delivery.downloadCsv(a, readId(request.params.id), locale));
  });
};
