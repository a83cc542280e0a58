/** The action editor, its dashboard, preview and lifecycle steps. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { MessageKey } from "../../../i18n/catalog.ts";
import { translator } from "../../../i18n/translator.ts";
import {
  type ActionFormValues,
  draftToValues,
  newActionForm,
  readActionForm,
  validateActionForm,
  withEmptyTarget,
} from "../../../modules/actions/action-form.ts";
import type { StatusStep } from "../../../modules/actions/editor.service.ts";
import { SlugTakenError } from "../../../modules/organizations/organizations.errors.ts";
import { ActionDashboardView, ActionFormView } from "../../../views/admin/actions.tsx";
import type { FieldErrorMap } from "../../../views/form.tsx";
import { ActionView } from "../../../views/pages/action.tsx";
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

type OrgParams = { org: string };
type ActionParams = OrgParams & { id: string };
type Body = Record<string, unknown>;

/** Each lifecycle step: its notice afterwards, and whether it asks first (hard to undo). */
const steps: Record<StatusStep, { notice: MessageKey; confirm?: "close" | "archive" | "delete" }> = {
  publish: { notice: "notice.actionPublished" },
  close: { notice: "notice.actionClosed", confirm: "close" },
  reopen: { notice: "notice.actionReopened" },
  archive: { notice: "notice.actionArchived", confirm: "archive" },
  unarchive: { notice: "notice.actionUnarchived" },
  delete: { notice: "notice.actionDeleted", confirm: "delete" },
};

export const actionRoutes: AdminRouteFile = (app, locale) => {
  const { ctx } = app;
  const t = translator(locale);
  const base = `/${locale}/admin/o/:org/actions`;

  /** The editor, fresh (200) or sent back with the problems found (422). */
  const editorPage = async (
    request: FastifyRequest<{ Params: OrgParams }>,
    reply: FastifyReply,
    form: { action: string; title: string; values: ActionFormValues; errors?: FieldErrorMap },
  ) => {
    const a = await organizationAccess(request);
    const view = ActionFormView({ ...(await organizerPage(request, reply, t, a)), ...form });
    return sendPage(reply, form.errors ? 422 : 200, view);
  };

  /**
   * Saves the posted editor form through `save`, or sends it back: with one more target
   * fieldset when "Add another target" was pressed, with the problems found otherwise.
   */
  const saveEditor = async (
    request: FastifyRequest<{ Params: OrgParams }>,
    reply: FastifyReply,
    form: { action: string; title: string },
    save: (draft: Parameters<typeof ctx.editor.create>[1]) => Promise<string>,
  ) => {
    const values = readActionForm((request.body ?? {}) as Body);
    if (textField(request.body, "add_target"))
      return editorPage(request, reply, { ...form, values: withEmptyTarget(values) });
    const result = validateActionForm(values);
    if (!result.ok) return editorPage(request, reply, { ...form, values, errors: result.errors });
    try {
      return reply.redirect(await save(result.draft), 303);
    } catch (error) {
      if (error instanceof SlugTakenError)
        return editorPage(request, reply, { ...form, values, errors: { slug: { key: "field.slug.taken" } } });
      throw error;
    }
  };

  app.get<{ Params: OrgParams }>(`${base}/new`, async (request, reply) => {
    const a = await organizationAccess(request);
    a.require("actions.edit");
    const action = paths.newAction(locale, a.organization.slug);
    return editorPage(request, reply, {
      action,
      title: t.t("action.new"),
      values: newActionForm(new Date()),
    });
  });
  app.post<{ Params: OrgParams }>(`${base}/new`, async (request, reply) => {
    const a = await organizationAccess(request);
    a.require("actions.edit");
    const form = { action: paths.newAction(locale, a.organization.slug), title: t.t("action.new") };
    return saveEditor(request, reply, form, async (draft) => {
      const id = await ctx.editor.create(a, draft);
      setNotice(reply, "notice.actionCreated");
      return paths.adminAction(locale, a.organization.slug, id);
    });
  });

  app.get<{ Params: ActionParams }>(`${base}/:id`, async (request, reply) => {
    const a = await organizationAccess(request);
    const dashboard = await ctx.editor.dashboard(a, readId(request.params.id), locale);
    const view = ActionDashboardView({
      ...(await organizerPage(request, reply, t, a)),
      dashboard,
      canEdit: a.can("actions.edit"),
    });
    return sendPage(reply, 200, view);
  });

  app.get<{ Params: ActionParams }>(`${base}/:id/edit`, async (request, reply) => {
    const a = await organizationAccess(request);
    a.require("actions.edit");
    const id = readId(request.params.id);
    const values = draftToValues(await ctx.editor.draftToEdit(a, id));
    const action = paths.editAction(locale, a.organization.slug, id);
    return editorPage(request, reply, { action, title: t.t("dashboard.edit"), values });
  });
  app.post<{ Params: ActionParams }>(`${base}/:id/edit`, async (request, reply) => {
    const a = await organizationAccess(request);
    a.require("actions.edit");
    const id = readId(request.params.id);
    const form = { action: paths.editAction(locale, a.organization.slug, id), title: t.t("dashboard.edit") };
    return saveEditor(request, reply, form, async (draft) => {
      await ctx.editor.update(a, id, draft);
      setNotice(reply, "notice.actionSaved");
      return paths.adminAction(locale, a.organization.slug, id);
    });
  });

  app.get<{ Params: ActionParams }>(`${base}/:id/preview`, async (request, reply) => {
    const a = await organizationAccess(request);
    const id = readId(request.params.id);
    const { page, published } = await ctx.editor.preview(a, id, locale);
    const view = ActionView({
      t,
      baseUrl: ctx.config.baseUrl,
      action: page,
      countText: t.t("action.signatures", { count: page.signatureCount }),
      progressValue: String(Math.min(page.signatureCount, page.goal)),
      form: { formToken: "", source: null, partner: null, website: null },
      preview: { published, dashboard: paths.adminAction(locale, a.organization.slug, id) },
      signInChoices: ctx.commenters.choices(),
    });
    return sendPage(reply, 200, view);
  });

  for (const [step, { notice, confirm }] of Object.entries(steps) as [
    StatusStep,
    (typeof steps)[StatusStep],
  ][]) {
    app.post<{ Params: ActionParams }>(`${base}/:id/${step}`, async (request, reply) => {
      const a = await organizationAccess(request);
      a.require("actions.edit");
      const id = readId(request.params.id);
      const dashboard = paths.adminAction(locale, a.organization.slug, id);
      if (confirm && !isConfirmed(request)) {
        const { title } = await ctx.editor.overview(a, id, locale);
        const question = {
          title: t.t(`step.${confirm}.title`, { title }),
          body: t.t(`step.${confirm}.body`),
          confirmLabel: t.t(`step.${confirm}`),
          cancelHref: dashboard,
          undoable: confirm !== "delete",
        };
        return askToConfirm(request, reply, t, question, a);
      }
      await ctx.editor.takeStep(a, id, step);
      setNotice(reply, notice);
      return reply.redirect(
        step === "delete" ? paths.organization(locale, a.organization.slug) : dashboard,
        303,
      );
    });
  }
};
