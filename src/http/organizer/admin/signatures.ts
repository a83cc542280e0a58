/** An action's signatures: the list with search, invalidating and restoring, the CSV export. */
import { Readable } from "node:stream";
import type { FastifyRequest, RouteShorthandOptions } from "fastify";
import { translator } from "../../../i18n/translator.ts";
import { pageSize } from "../../../modules/signatures/signature-admin.service.ts";
import { SignaturesView, signatureCsvColumns } from "../../../views/admin/signatures.tsx";
import { paths } from "../../../views/paths.ts";
import { actorOf, requireAccount } from "../../plugins/session.ts";
import { sendPage } from "../../render.ts";
import { organizerPage, queryText, readId, textField } from "../index.ts";
import type { AdminRouteFile } from "./index.ts";

type ActionParams = { org: string; id: string };

export const signatureRoutes: AdminRouteFile = (app, locale) => {
  const { ctx } = app;
  const t = translator(locale);
  const base = `/${locale}/admin/o/:org/actions/:id/signatures`;
  const access = (request: FastifyRequest<{ Params: ActionParams }>) =>
    ctx.organizations.access(actorOf(requireAccount(request)), request.params.org);

  app.get<{ Params: ActionParams }>(base, async (request, reply) => {
    const a = await access(request);
    const id = readId(request.params.id);
    const search = queryText(request.query, "q").slice(0, 100);
    const rawStatus = queryText(request.query, "status");
    const status = ["pending", "confirmed", "invalidated"].includes(rawStatus)
      ? (rawStatus as "pending")
      : null;
    const rawPage = queryText(request.query, "page");
    const pageNumber = /^\d{1,6}$/.test(rawPage) ? Math.max(1, Number(rawPage)) : 1;
    const { rows, total } = await ctx.signatureAdmin.list(a, id, { search, status }, pageNumber);
    const stored = await ctx.editor.find(a, id);
    const draft = await ctx.editor.draft(a, id);
    const view = SignaturesView({
      ...(await organizerPage(request, reply, t, a)),
      action: { id: stored.id, title: draft.texts[locale].title || draft.texts.en.title },
      rows,
      total,
      page: pageNumber,
      pageSize,
      search,
      status: status ?? "",
    });
    return sendPage(reply, 200, view);
  });

  app.post<{ Params: ActionParams & { sid: string } }>(`${base}/:sid`, async (request, reply) => {
    const a = await access(request);
    const id = readId(request.params.id);
    await ctx.signatureAdmin.setValid(
      a,
      id,
      readId(request.params.sid),
      textField(request.body, "valid") === "yes",
    );
    return reply.redirect(paths.signatures(locale, a.organization.slug, id), 303);
  });

  // gzip, not brotli: gzip keeps a few hundred KB of state per download, brotli's window grows
  // to megabytes with the file.
  const csvCompression: RouteShorthandOptions = { compress: { encodings: ["gzip", "deflate"] } };
  app.get<{ Params: ActionParams }>(`${base}.csv`, csvCompression, async (request, reply) => {
    const a = await access(request);
    const id = readId(request.params.id);
    const stored = await ctx.editor.find(a, id);
    const rows = ctx.signatureAdmin.exportCsv(a, id, {
      header: signatureCsvColumns.map((key) => t.t(key)),
      status: {
        pending: t.t("signatures.pending"),
        confirmed: t.t("signatures.confirmed"),
        invalidated: t.t("signatures.invalidated"),
      },
      yes: t.t("form.yes"),
      no: t.t("form.no"),
    });
    // Pull the first chunk before answering, so a refused export is a proper error page, not a broken download.
    // Pages are then read one ahead of the client (highWaterMark 1), never the whole export.
    const first = await rows.next();
    async function* all() {
      if (!first.done) yield first.value;
      yield* rows;
    }
    return reply
      .type("text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="${stored.slug}-signatures.csv"`)
      .send(Readable.from(all(), { highWaterMark: 1 }));
  });
};
