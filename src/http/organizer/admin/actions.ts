/** The action editor, its dashboard, preview and status changes. */
import type { FastifyReply, FastifyRequest } from "fastify";
import { translator } from "../../../i18n/translator.ts";
import {
  type ActionFormValues,
  draftToValues,
  newActionForm,
  readActionForm,
  validateActionForm,
  withEmptyTarget,
} from "../../../modules/actions/action-form.ts";
import { SlugTakenError } from "../../../modules/organizations/organizations.errors.ts";
import { ActionDashboardView, ActionFormView } from "../../../views/admin/actions.tsx";
import type { FieldErrorMap } from "../../../views/form.tsx";
import { ActionView } from "../../../views/pages/action.tsx";
import { paths } from "../../../views/paths.ts";
import { actorOf, requireAccount } from "../../plugins/session.ts";
import { sendPage } from "../../render.ts";
import { organizerPage, readId, textField } from "../index.ts";
import type { AdminRouteFile } from "./index.ts";

type OrgParams = { org: string };
type ActionParams = OrgParams & { id: string };
type Body = Record<string, unknown>;

export const actionRoutes: AdminRouteFile = (app, locale) => {
  const { ctx } = app;
  const t = translator(locale);
  const base = `/${locale}/admin/o/:org/actions`;
  const access = (request: FastifyRequest<{ Params: OrgParams }>) =>
    ctx.organizations.access(actorOf(requireAccount(request)), request.params.org);

  /** The editor, fresh (200) or sent back with the problems found (422). */
  const editorPage = async (
    request: FastifyRequest<{ Params: OrgParams }>,
    reply: FastifyReply,
    form: { action: string; title: string; values: ActionFormValues; errors?: FieldErrorMap },
  ) => {
    const a = await access(request);
    const view = ActionFormView({ ...(await organizerPage(request, reply, t, a)), ...form });
    return sendPage(reply, form.errors ? 422 : 200, view);
  };

  app.get<{ Params: OrgParams }>(`${base}/new`, async (request, reply) => {
    const a = await access(request);
    a.require("actions.edit");
    const action = paths.newAction(locale, a.organization.slug);
    return editorPage(request, reply, {
      action,
      title: t.t("action.new"),
      values: newActionForm(new Date()),
    });
  });
  app.post<{ Params: OrgParams }>(`${base}/new`, async (request, reply) => {
    const a = await access(request);
    a.require("actions.edit");
    const values = readActionForm((request.body ?? {}) as Body);
    const form = { action: paths.newAction(locale, a.organization.slug), title: t.t("action.new"), values };
    if (textField(request.body, "add_target"))
      return editorPage(request, reply, { ...form, values: withEmptyTarget(values) });
    const result = validateActionForm(values);
    if (!result.ok) return editorPage(request, reply, { ...form, errors: result.errors });
    try {
      const id = await ctx.editor.create(a, result.draft);
      return reply.redirect(paths.adminAction(locale, a.organization.slug, id), 303);
    } catch (error) {
      if (error instanceof SlugTakenError)
        return editorPage(request, reply, { ...form, errors: { slug: { key: "field.slug.taken" } } });
      throw error;
    }
  });

  app.get<{ Params: ActionParams }>(`${base}/:id`, async (request, reply) => {
    const a = await access(request);
    const id = readId(request.params.id);
    const stored = await ctx.editor.find(a, id);
    const draft = await ctx.editor.draft(a, id);
    const view = ActionDashboardView({
      ...(await organizerPage(request, reply, t, a)),
      action: {
        id,
        slug: stored.slug,
        title: draft.texts[locale].title || draft.texts.en.title,
        status: stored.status,
        archived: stored.archived,
      },
      data: await ctx.signatureAdmin.dashboard(a, id),
      canEdit: a.can("actions.edit"),
    });
    return sendPage(reply, 200, view);
  });

  app.get<{ Params: ActionParams }>(`${base}/:id/edit`, async (request, reply) => {
    const a = await access(request);
    a.require("actions.edit");
    const id = readId(request.params.id);
    const values = draftToValues(await ctx.editor.draft(a, id));
    const action = paths.editAction(locale, a.organization.slug, id);
    return editorPage(request, reply, { action, title: t.t("dashboard.edit"), values });
  });
  app.post<{ Params: ActionParams }>(`${base}/:id/edit`, async (request, reply) => {
    const a = await access(request);
    a.require("actions.edit");
    const id = readId(request.params.id);
    const values = readActionForm((request.body ?? {}) as Body);
    const form = {
      action: paths.editAction(locale, a.organization.slug, id),
      title: t.t("dashboard.edit"),
      values,
    };
    if (textField(request.body, "add_target"))
      return editorPage(request, reply, { ...form, values: withEmptyTarget(values) });
    const result = validateActionForm(values);
    if (!result.ok) return editorPage(request, reply, { ...form, errors: result.errors });
    try {
      await ctx.editor.update(a, id, result.draft);
      return reply.redirect(paths.adminAction(locale, a.organization.slug, id), 303);
    } catch (error) {
      if (error instanceof SlugTakenError)
        return editorPage(request, reply, { ...form, errors: { slug: { key: "field.slug.taken" } } });
      throw error;
    }
  });

  app.get<{ Params: ActionParams }>(`${base}/:id/preview`, async (request, reply) => {
    const a = await access(request);
    const action = await ctx.editor.preview(a, readId(request.params.id), locale);
    const view = ActionView({
      t,
      baseUrl: ctx.config.baseUrl,
      action,
      countText: t.t("action.signatures", { count: action.signatureCount }),
      progressValue: String(Math.min(action.signatureCount, action.goal)),
      form: { formToken: "", source: null },
    });
    return sendPage(reply, 200, view);
  });

  app.post<{ Params: ActionParams }>(`${base}/:id/status`, async (request, reply) => {
    const a = await access(request);
    a.require("actions.edit");
    const id = readId(request.params.id);
    const status = textField(request.body, "status");
    if (status === "archived") await ctx.editor.archive(a, id);
    else if (status === "published" || status === "closed") await ctx.editor.setStatus(a, id, status);
    else return reply.code(422).send();
    return reply.redirect(paths.adminAction(locale, a.organization.slug, id), 303);
  });
};
