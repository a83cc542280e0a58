/**
 * An action's updates: the list with each one's mail numbers, a new one (posting asks first,
 * saying how many signers will be emailed), editing one, deleting one (asked first).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { translator } from "../../../i18n/translator.ts";
import {
  emptyUpdateForm,
  type UpdateFormValues,
  validateUpdateForm,
} from "../../../modules/updates/updates.ts";
import { UpdateFormView, UpdatesListView } from "../../../views/admin/updates.tsx";
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
type UpdateParams = ActionParams & { update: string };

function formValues(body: unknown): UpdateFormValues {
  return {
    kind: textField(body, "kind"),
    title_en: textField(body, "title_en"),
    body_en: textField(body, "body_en"),
    title_es: textField(body, "title_es"),
    body_es: textField(body, "body_es"),
  };
}

export const updateRoutes: AdminRouteFile = (app, locale) => {
  const { ctx } = app;
  const t = translator(locale);
  const base = `/${locale}/admin/o/:org/actions/:id/updates`;

  app.get<{ Params: ActionParams }>(base, async (request, reply) => {
    const a = await organizationAccess(request);
    const overview = await ctx.updates.overview(a, readId(request.params.id), locale);
    return sendPage(
      reply,
      200,
      UpdatesListView({ ...(await organizerPage(request, reply, t, a)), ...overview }),
    );
  });

  /** The new-update form, fresh (200) or sent back with its problems (422). */
  const newForm = async (
    request: FastifyRequest<{ Params: ActionParams }>,
    reply: FastifyReply,
    problems?: { errors: FieldErrorMap; values: UpdateFormValues },
  ) => {
    const a = await organizationAccess(request);
    const action = await ctx.updates.postable(a, readId(request.params.id), locale);
    const view = UpdateFormView({
      ...(await organizerPage(request, reply, t, a)),
      action,
      values: problems?.values ?? emptyUpdateForm,
      errors: problems?.errors,
    });
    return sendPage(reply, problems ? 422 : 200, view);
  };

  app.get<{ Params: ActionParams }>(`${base}/new`, (request, reply) => newForm(request, reply));

  app.post<{ Params: ActionParams }>(base, async (request, reply) => {
    const a = await organizationAccess(request);
    const id = readId(request.params.id);
    await ctx.updates.postable(a, id);
    const values = formValues(request.body);
    const validated = validateUpdateForm(values);
    if (!validated.ok) return newForm(request, reply, { errors: validated.errors, values });
    const recipients = await ctx.updates.recipientCount(a, id);
    if (!isConfirmed(request)) {
      const question = {
        title: t.t("updates.confirm.title"),
        body: t.t("updates.confirm.body", { count: recipients, title: values.title_en }),
        confirmLabel: t.t("updates.confirm.post"),
        cancelHref: paths.adminUpdates(locale, a.organization.slug, id),
      };
      return askToConfirm(request, reply, t, question, a);
    }
    await ctx.updates.post(a, id, validated.draft);
    setNotice(reply, "notice.updatePosted", { count: recipients });
    return reply.redirect(paths.adminUpdates(locale, a.organization.slug, id), 303);
  });

  const editForm = async (
    request: FastifyRequest<{ Params: UpdateParams }>,
    reply: FastifyReply,
    problems?: { errors: FieldErrorMap; values: UpdateFormValues },
  ) => {
    const a = await organizationAccess(request);
    const updateId = readId(request.params.update);
    const { action, values } = await ctx.updates.editable(a, readId(request.params.id), updateId, locale);
    const view = UpdateFormView({
      ...(await organizerPage(request, reply, t, a)),
      action,
      updateId,
      values: problems?.values ?? values,
      errors: problems?.errors,
    });
    return sendPage(reply, problems ? 422 : 200, view);
  };

  app.get<{ Params: UpdateParams }>(`${base}/:update`, (request, reply) => editForm(request, reply));

  app.post<{ Params: UpdateParams }>(`${base}/:update`, async (request, reply) => {
    const a = await organizationAccess(request);
    const id = readId(request.params.id);
    a.require("updates.manage");
    const values = formValues(request.body);
    const validated = validateUpdateForm(values);
    if (!validated.ok) return editForm(request, reply, { errors: validated.errors, values });
    await ctx.updates.edit(a, id, readId(request.params.update), validated.draft);
    setNotice(reply, "notice.updateSaved");
    return reply.redirect(paths.adminUpdates(locale, a.organization.slug, id), 303);
  });

  app.post<{ Params: UpdateParams }>(`${base}/:update/delete`, async (request, reply) => {
    const a = await organizationAccess(request);
    const id = readId(request.params.id);
    const updateId = readId(request.params.update);
    const list = paths.adminUpdates(locale, a.organization.slug, id);
    if (!isConfirmed(request)) {
      a.require("updates.manage");
      const title = await ctx.updates.title(a, id, updateId, locale);
      const question = {
        title: t.t("updates.delete.title"),
        body: t.t("updates.delete.body", { title }),
        confirmLabel: t.t("updates.admin.delete"),
        cancelHref: list,
      };
      return askToConfirm(request, reply, t, question, a);
    }
    const title = await ctx.updates.remove(a, id, updateId);
    setNotice(reply, "notice.updateDeleted", { title });
    return reply.redirect(list, 303);
  });
};
