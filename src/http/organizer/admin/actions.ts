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
import { validateOutcome } from "../../../modules/actions/lifecycle.ts";
import { SlugTakenError } from "../../../modules/organizations/organizations.errors.ts";
import {
  CloseActionView,
  type LifecycleForms,
  type OutcomeFormValues,
} from "../../../views/admin/action-lifecycle.tsx";
import { ActionDashboardView, ActionFormView } from "../../../views/admin/actions.tsx";
import type { FieldErrorMap } from "../../../views/form.tsx";
import { ActionView } from "../../../views/pages/action.tsx";
import { countSentence } from "../../../views/pages/action-lifecycle.tsx";
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

/** The outcome form as posted (the close confirmation's and the closed dashboard's). */
function outcomeValues(body: unknown): OutcomeFormValues {
  return {
    outcome: textField(body, "outcome"),
    note_en: textField(body, "note_en"),
    note_es: textField(body, "note_es"),
  };
}

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
    /** The end already stored (an edit may keep one that passed), null for a new action. */
    storedEndsAt: string | null = null,
  ) => {
    const values = readActionForm((request.body ?? {}) as Body);
    if (textField(request.body, "add_target"))
      return editorPage(request, reply, { ...form, values: withEmptyTarget(values) });
    const a = await organizationAccess(request);
    const result = validateActionForm(values, {
      timeZone: a.organization.timeZone,
      now: ctx.clock.now(),
      storedEndsAt,
    });
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

  /** The dashboard, or sent back with a goal or outcome form's problems (422). */
  const dashboardPage = async (
    request: FastifyRequest<{ Params: ActionParams }>,
    reply: FastifyReply,
    forms: LifecycleForms = {},
  ) => {
    const a = await organizationAccess(request);
    const dashboard = await ctx.editor.dashboard(a, readId(request.params.id), locale);
    const view = ActionDashboardView({
      ...(await organizerPage(request, reply, t, a)),
      dashboard,
      canEdit: a.can("actions.edit"),
      forms,
    });
    return sendPage(reply, forms.goal || forms.outcome ? 422 : 200, view);
  };

  app.get<{ Params: ActionParams }>(`${base}/:id`, (request, reply) => dashboardPage(request, reply));

  app.post<{ Params: ActionParams }>(`${base}/:id/goal`, async (request, reply) => {
    const a = await organizationAccess(request);
    a.require("actions.edit");
    const id = readId(request.params.id);
    const typed = textField(request.body, "goal");
    const result = await ctx.editor.setNextGoal(a, id, typed);
    if (!result.ok) return dashboardPage(request, reply, { goal: { value: typed, errors: result.errors } });
    setNotice(reply, "notice.goalSet", { goal: result.goal });
    return reply.redirect(paths.adminAction(locale, a.organization.slug, id), 303);
  });

  app.post<{ Params: ActionParams }>(`${base}/:id/outcome`, async (request, reply) => {
    const a = await organizationAccess(request);
    a.require("actions.edit");
    const id = readId(request.params.id);
    const values = outcomeValues(request.body);
    const result = validateOutcome(values);
    if (!result.ok) return dashboardPage(request, reply, { outcome: { values, errors: result.errors } });
    await ctx.editor.changeOutcome(a, id, result.choice);
    setNotice(reply, "notice.outcomeSaved");
    return reply.redirect(paths.adminAction(locale, a.organization.slug, id), 303);
  });

  /**
   * Closing asks first, with the outcome to show (closed unless chosen otherwise) and its note;
   * the confirmed POST closes and sets them in one transaction.
   */
  app.post<{ Params: ActionParams }>(`${base}/:id/close`, async (request, reply) => {
    const a = await organizationAccess(request);
    a.require("actions.edit");
    const id = readId(request.params.id);
    const dashboard = paths.adminAction(locale, a.organization.slug, id);
    const values = outcomeValues(request.body);
    const result = isConfirmed(request) ? validateOutcome(values) : undefined;
    if (!result?.ok) {
      const { title } = await ctx.editor.overview(a, id, locale);
      const view = CloseActionView({
        ...(await organizerPage(request, reply, t, a)),
        title,
        action: paths.actionStep(locale, a.organization.slug, id, "close"),
        cancelHref: dashboard,
        values,
        errors: result?.errors,
      });
      return sendPage(reply, result ? 422 : 200, view);
    }
    await ctx.editor.takeStep(a, id, "close", result.choice);
    setNotice(reply, steps.close.notice);
    return reply.redirect(dashboard, 303);
  });

  app.get<{ Params: ActionParams }>(`${base}/:id/edit`, async (request, reply) => {
    const a = await organizationAccess(request);
    a.require("actions.edit");
    const id = readId(request.params.id);
    const values = draftToValues(await ctx.editor.draftToEdit(a, id), a.organization.timeZone);
    const action = paths.editAction(locale, a.organization.slug, id);
    return editorPage(request, reply, { action, title: t.t("dashboard.edit"), values });
  });
  app.post<{ Params: ActionParams }>(`${base}/:id/edit`, async (request, reply) => {
    const a = await organizationAccess(request);
    a.require("actions.edit");
    const id = readId(request.params.id);
    const form = { action: paths.editAction(locale, a.organization.slug, id), title: t.t("dashboard.edit") };
    const { ends_at } = await ctx.editor.find(a, id);
    return saveEditor(
      request,
      reply,
      form,
      async (draft) => {
        await ctx.editor.update(a, id, draft);
        setNotice(reply, "notice.actionSaved");
        return paths.adminAction(locale, a.organization.slug, id);
      },
      ends_at,
    );
  });

  app.get<{ Params: ActionParams }>(`${base}/:id/preview`, async (request, reply) => {
    const a = await organizationAccess(request);
    const id = readId(request.params.id);
    const { page, published } = await ctx.editor.preview(a, id, locale);
    const view = ActionView({
      t,
      baseUrl: ctx.config.baseUrl,
      action: page,
      countText: countSentence(t, page),
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
    // Closing has its own route above: it asks for the outcome too.
    if (step === "close") continue;
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
