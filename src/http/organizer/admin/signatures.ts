/** An action's signatures: the list with search, invalidating and restoring, the CSV export. */
import { translator } from "../../../i18n/translator.ts";
import type { SignatureSeek, SignatureStatus } from "../../../modules/signatures/signatures.repository.ts";
import { SignaturesView, signatureCsvColumns } from "../../../views/admin/signatures.tsx";
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

const statuses: readonly string[] = ["pending", "confirmed", "invalidated"] satisfies SignatureStatus[];

/** The page's cursor: `before` (older signatures) or `after` (newer ones) an id; none is the newest. */
function readCursor(query: unknown): SignatureSeek {
  const id = (name: string) => {
    const raw = queryText(query, name);
    return /^\d{1,15}$/.test(raw) ? Number(raw) : null;
  };
  const before = id("before");
  if (before !== null) return { older: before };
  const after = id("after");
  return after !== null ? { newer: after } : null;
}

export const signatureRoutes: AdminRouteFile = (app, locale) => {
  const { ctx } = app;
  const t = translator(locale);
  const base = `/${locale}/admin/o/:org/actions/:id/signatures`;

  app.get<{ Params: ActionParams }>(base, async (request, reply) => {
    const a = await organizationAccess(request);
    const search = queryText(request.query, "q").slice(0, 100);
    const rawStatus = queryText(request.query, "status");
    const status = statuses.includes(rawStatus) ? (rawStatus as SignatureStatus) : null;
    const list = await ctx.signatureAdmin.listPage(a, readId(request.params.id), {
      search,
      status,
      cursor: readCursor(request.query),
      locale,
    });
    const view = SignaturesView({
      ...(await organizerPage(request, reply, t, a)),
      ...list,
      search,
      status: status ?? "",
    });
    return sendPage(reply, 200, view);
  });

  // Invalidating asks first; restoring is its undo, so it does not.
  app.post<{ Params: ActionParams & { sid: string } }>(`${base}/:sid`, async (request, reply) => {
    const a = await organizationAccess(request);
    const id = readId(request.params.id);
    const signatureId = readId(request.params.sid);
    const valid = textField(request.body, "valid") === "yes";
    const list = paths.signatures(locale, a.organization.slug, id);
    if (!valid && !isConfirmed(request)) {
      const signature = await ctx.signatureAdmin.signature(a, id, signatureId);
      const question = {
        title: t.t("signatures.invalidateTitle"),
        body: t.t("signatures.invalidateBody", { name: signature.name, email: signature.email }),
        confirmLabel: t.t("signatures.invalidate"),
        cancelHref: list,
        undoable: true,
      };
      return askToConfirm(request, reply, t, question, a);
    }
    await ctx.signatureAdmin.setValid(a, id, signatureId, valid);
    setNotice(reply, valid ? "notice.signatureRestored" : "notice.signatureInvalidated");
    return reply.redirect(list, 303);
  });

  app.get<{ Params: ActionParams }>(`${base}.csv`, csvCompression, async (request, reply) => {
    const a = await organizationAccess(request);
    const csv = await ctx.signatureAdmin.exportCsv(a, readId(request.params.id), {
      header: signatureCsvColumns.map((key) => t.t(key)),
      status: csvStatusLabels(t),
      yes: t.t("form.yes"),
      no: t.t("form.no"),
    });
    return sendCsv(reply, csv);
  });
};
