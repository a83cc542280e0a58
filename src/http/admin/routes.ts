/** Organizer pages. Each route: read input, resolve access, call one service, render. */
import { Readable } from "node:stream";
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from "fastify";
import { locales } from "../../i18n/locale.ts";
import { type Translator, translator } from "../../i18n/translator.ts";
import {
  type ActionFormValues,
  actionFormFields,
  draftToValues,
  readActionForm,
  slugProblem,
  validateActionForm,
} from "../../modules/actions/action-form.ts";
import { InvalidLogoError, SlugTakenError } from "../../modules/organizations/organizations.errors.ts";
import type { OrganizationInput } from "../../modules/organizations/organizations.service.ts";
import { maxLogoBytes } from "../../modules/organizations/organizations.ts";
import { isRole } from "../../modules/organizations/policy.ts";
import { isPlausibleEmail } from "../../modules/people/people.ts";
import { pageSize } from "../../modules/signatures/signature-admin.service.ts";
import {
  ActionDashboardView,
  ActionFormView,
  AdminHomeView,
  AuditView,
  MembersView,
  OrganizationFormView,
  OrganizationView,
  SignaturesView,
  signatureCsvColumns,
} from "../../views/admin/pages.tsx";
import type { FieldErrorMap } from "../../views/form.tsx";
import { ActionView } from "../../views/pages/action.tsx";
import { paths } from "../../views/paths.ts";
import { actorOf, loadAccount, requireAccount } from "../plugins/session.ts";
import { sendPage } from "../render.ts";

type OrgParams = { org: string };
type ActionParams = OrgParams & { id: string };
type Body = Record<string, unknown>;

function text(body: unknown, field: string): string {
  const value = (body as Body | undefined)?.[field];
  return typeof value === "string" ? value.trim() : "";
}

function readId(raw: string): number {
  return /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
}

function organizationInput(body: unknown): {
  values: Record<string, string>;
  input: OrganizationInput;
  errors: FieldErrorMap;
} {
  const fields = [
    "name",
    "slug",
    "short_name",
    "website",
    "city",
    "state",
    "description_en",
    "description_es",
  ];
  const values = Object.fromEntries(fields.map((f) => [f, text(body, f)]));
  const errors: FieldErrorMap = {};
  if (values.name === "" || values.name!.length > 160)
    errors.name = { key: values.name === "" ? "field.required" : "field.tooLong", params: { max: 160 } };
  if (values.website && !/^https?:\/\/\S+\.\S+$/.test(values.website))
    errors.website = { key: "field.url.invalid" };
  for (const f of ["short_name", "city", "state"])
    if (values[f]!.length > 80) errors[f] = { key: "field.tooLong", params: { max: 80 } };
  for (const f of ["description_en", "description_es"])
    if (values[f]!.length > 5000) errors[f] = { key: "field.tooLong", params: { max: 5000 } };
  const orNull = (v: string | undefined) => (v ? v : null);
  return {
    values,
    errors,
    input: {
      name: values.name!,
      slug: values.slug!,
      shortName: orNull(values.short_name),
      website: orNull(values.website),
      city: orNull(values.city),
      state: orNull(values.state),
      description: { en: values.description_en!, es: values.description_es! },
    },
  };
}

export function adminRoutes(app: FastifyInstance): void {
  const { ctx } = app;
  const { baseUrl } = ctx.config;

  // Only the logo upload is multipart; its size is capped while it streams in.
  app.register(multipart, {
    attachFieldsToBody: "keyValues",
    limits: { fileSize: maxLogoBytes, files: 1, fields: 2, parts: 3, fieldSize: 1024 },
  });
  app.addHook("preHandler", loadAccount);
  app.addHook("preHandler", (request, reply, done) => {
    if (request.method === "GET" || request.method === "HEAD") return done();
    app.csrfProtection(request, reply, done);
  });

  const page = (request: FastifyRequest, reply: FastifyReply, t: Translator) => ({
    t,
    baseUrl,
    path: request.url.split("?")[0] ?? "/",
    csrf: reply.generateCsrf(),
    account: request.account,
  });
  const access = (request: FastifyRequest<{ Params: OrgParams }>) =>
    ctx.organizations.access(actorOf(requireAccount(request)), request.params.org);

  for (const locale of locales) {
    const t = translator(locale);
    const base = `/${locale}/admin`;

    app.get(base, async (request, reply) => {
      const account = requireAccount(request);
      const organizations = await ctx.organizations.list(actorOf(account));
      return sendPage(
        reply,
        200,
        AdminHomeView({ ...page(request, reply, t), organizations, canCreate: account.isPlatformAdmin }),
      );
    });

    app.get(`${base}/organizations/new`, async (request, reply) => {
      const account = requireAccount(request);
      if (!account.isPlatformAdmin) return reply.callNotFound();
      return sendPage(
        reply,
        200,
        OrganizationFormView({
          ...page(request, reply, t),
          action: paths.newOrganization(locale),
          creating: true,
        }),
      );
    });
    app.post(`${base}/organizations/new`, async (request, reply) => {
      const account = requireAccount(request);
      // The same answer as the form page: only platform administrators see that it exists.
      if (!account.isPlatformAdmin) return reply.callNotFound();
      const { values, input, errors } = organizationInput(request.body);
      const problem = slugProblem(input.slug);
      if (problem) errors.slug = { key: problem };
      const render = (status: number, errs: FieldErrorMap) =>
        sendPage(
          reply,
          status,
          OrganizationFormView({
            ...page(request, reply, t),
            action: paths.newOrganization(locale),
            creating: true,
            values,
            errors: errs,
          }),
        );
      if (Object.keys(errors).length > 0) return render(422, errors);
      try {
        const slug = await ctx.organizations.create(actorOf(account), input);
        return reply.redirect(paths.organization(locale, slug), 303);
      } catch (error) {
        if (error instanceof SlugTakenError) return render(422, { slug: { key: "field.slug.taken" } });
        throw error;
      }
    });

    app.get<{ Params: OrgParams }>(`${base}/o/:org`, async (request, reply) => {
      const a = await access(request);
      const view = OrganizationView({
        ...page(request, reply, t),
        org: a.organization,
        actions: await ctx.editor.list(a),
        canEdit: a.can("actions.edit"),
        canManage: a.can("organization.manage"),
      });
      return sendPage(reply, 200, view);
    });

    /** The profile form, fresh (200) or with the problems found (422). */
    const profilePage = async (
      request: FastifyRequest<{ Params: OrgParams }>,
      reply: FastifyReply,
      problems?: { errors: FieldErrorMap; values?: Record<string, string> },
    ) => {
      const a = await access(request);
      a.require("organization.manage");
      const org = a.organization;
      const values = problems?.values ?? {
        name: org.name,
        short_name: org.shortName ?? "",
        website: org.website ?? "",
        city: org.city ?? "",
        state: org.state ?? "",
        description_en: org.description.en,
        description_es: org.description.es,
      };
      const hasLogo = (await ctx.organizations.logo(org.slug)) !== undefined;
      const view = OrganizationFormView({
        ...page(request, reply, t),
        action: paths.organizationProfile(locale, org.slug),
        creating: false,
        values,
        errors: problems?.errors,
        logo: { upload: paths.logoUpload(locale, org.slug), current: hasLogo ? paths.logo(org.slug) : null },
      });
      return sendPage(reply, problems ? 422 : 200, view);
    };

    app.get<{ Params: OrgParams }>(`${base}/o/:org/profile`, (request, reply) => profilePage(request, reply));
    app.post<{ Params: OrgParams }>(`${base}/o/:org/profile`, async (request, reply) => {
      const a = await access(request);
      a.require("organization.manage");
      const { values, input, errors } = organizationInput(request.body);
      if (Object.keys(errors).length > 0) return profilePage(request, reply, { errors, values });
      await ctx.organizations.updateProfile(a, input);
      return reply.redirect(paths.organization(locale, a.organization.slug), 303);
    });
    app.post<{ Params: OrgParams }>(`${base}/o/:org/logo`, async (request, reply) => {
      const a = await access(request);
      const logo = (request.body as Body | undefined)?.logo;
      try {
        await ctx.organizations.saveLogo(a, Buffer.isBuffer(logo) ? logo : Buffer.alloc(0));
      } catch (error) {
        if (error instanceof InvalidLogoError)
          return profilePage(request, reply, { errors: { logo: { key: "field.logo.invalid" } } });
        throw error;
      }
      return reply.redirect(paths.organizationProfile(locale, a.organization.slug), 303);
    });

    const membersPage = async (
      request: FastifyRequest<{ Params: OrgParams }>,
      reply: FastifyReply,
      extra: Partial<Parameters<typeof MembersView>[0]> = {},
      status = 200,
    ) => {
      const a = await access(request);
      const members = await ctx.organizations.members(a);
      return sendPage(
        reply,
        status,
        MembersView({ ...page(request, reply, t), org: a.organization, members, ...extra }),
      );
    };
    app.get<{ Params: OrgParams; Querystring: { invited?: string } }>(
      `${base}/o/:org/members`,
      (request, reply) =>
        membersPage(request, reply, request.query.invited ? { notice: "members.invited" } : {}),
    );
    app.post<{ Params: OrgParams }>(`${base}/o/:org/members/invite`, async (request, reply) => {
      const a = await access(request);
      const values = { email: text(request.body, "email"), role: text(request.body, "role") };
      const errors: FieldErrorMap = {};
      if (!isPlausibleEmail(values.email)) errors.email = { key: "field.email.invalid" };
      if (!isRole(values.role)) errors.role = { key: "field.required" };
      if (Object.keys(errors).length > 0) return membersPage(request, reply, { errors, values }, 422);
      await ctx.organizations.invite(a, values.email, values.role as "owner", locale);
      return reply.redirect(`${paths.members(locale, a.organization.slug)}?invited=1`, 303);
    });
    app.post<{ Params: OrgParams & { accountId: string } }>(
      `${base}/o/:org/members/:accountId`,
      async (request, reply) => {
        const a = await access(request);
        const role = text(request.body, "role");
        if (!isRole(role) && role !== "remove") return membersPage(request, reply, {}, 422);
        await ctx.organizations.changeRole(a, readId(request.params.accountId), role);
        return reply.redirect(paths.members(locale, a.organization.slug), 303);
      },
    );

    app.get<{ Params: OrgParams }>(`${base}/o/:org/audit`, async (request, reply) => {
      const a = await access(request);
      const entries = await ctx.organizations.auditLog(a);
      return sendPage(reply, 200, AuditView({ ...page(request, reply, t), org: a.organization, entries }));
    });

    const emptyForm = (): ActionFormValues => {
      const values = Object.fromEntries(actionFormFields.map((f) => [f, ""])) as ActionFormValues;
      return {
        ...values,
        type: "petition",
        action_date: new Date().toISOString().slice(0, 10),
        goal: "1000",
      };
    };

    app.get<{ Params: OrgParams }>(`${base}/o/:org/actions/new`, async (request, reply) => {
      const a = await access(request);
      a.require("actions.edit");
      const action = paths.newAction(locale, a.organization.slug);
      return sendPage(
        reply,
        200,
        ActionFormView({ ...page(request, reply, t), action, title: t.t("action.new"), values: emptyForm() }),
      );
    });
    app.post<{ Params: OrgParams }>(`${base}/o/:org/actions/new`, async (request, reply) => {
      const a = await access(request);
      a.require("actions.edit");
      const values = readActionForm((request.body ?? {}) as Body);
      const action = paths.newAction(locale, a.organization.slug);
      const render = (errors: FieldErrorMap) =>
        sendPage(
          reply,
          422,
          ActionFormView({ ...page(request, reply, t), action, title: t.t("action.new"), values, errors }),
        );
      const result = validateActionForm(values);
      if (!result.ok) return render(result.errors);
      try {
        const id = await ctx.editor.create(a, result.draft);
        return reply.redirect(paths.adminAction(locale, a.organization.slug, id), 303);
      } catch (error) {
        if (error instanceof SlugTakenError) return render({ slug: { key: "field.slug.taken" } });
        throw error;
      }
    });

    app.get<{ Params: ActionParams }>(`${base}/o/:org/actions/:id`, async (request, reply) => {
      const a = await access(request);
      const id = readId(request.params.id);
      const stored = await ctx.editor.find(a, id);
      const draft = await ctx.editor.draft(a, id);
      const view = ActionDashboardView({
        ...page(request, reply, t),
        org: a.organization,
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

    app.get<{ Params: ActionParams }>(`${base}/o/:org/actions/:id/edit`, async (request, reply) => {
      const a = await access(request);
      a.require("actions.edit");
      const id = readId(request.params.id);
      const values = draftToValues(await ctx.editor.draft(a, id));
      const action = paths.editAction(locale, a.organization.slug, id);
      return sendPage(
        reply,
        200,
        ActionFormView({ ...page(request, reply, t), action, title: t.t("dashboard.edit"), values }),
      );
    });
    app.post<{ Params: ActionParams }>(`${base}/o/:org/actions/:id/edit`, async (request, reply) => {
      const a = await access(request);
      a.require("actions.edit");
      const id = readId(request.params.id);
      const values = readActionForm((request.body ?? {}) as Body);
      const action = paths.editAction(locale, a.organization.slug, id);
      const render = (errors: FieldErrorMap) =>
        sendPage(
          reply,
          422,
          ActionFormView({
            ...page(request, reply, t),
            action,
            title: t.t("dashboard.edit"),
            values,
            errors,
          }),
        );
      const result = validateActionForm(values);
      if (!result.ok) return render(result.errors);
      try {
        await ctx.editor.update(a, id, result.draft);
        return reply.redirect(paths.adminAction(locale, a.organization.slug, id), 303);
      } catch (error) {
        if (error instanceof SlugTakenError) return render({ slug: { key: "field.slug.taken" } });
        throw error;
      }
    });

    app.get<{ Params: ActionParams }>(`${base}/o/:org/actions/:id/preview`, async (request, reply) => {
      const a = await access(request);
      const action = await ctx.editor.preview(a, readId(request.params.id), locale);
      const view = ActionView({
        t,
        baseUrl,
        action,
        countText: t.t("action.signatures", { count: action.signatureCount }),
        progressValue: String(Math.min(action.signatureCount, action.goal)),
        form: { formToken: "", source: null },
      });
      return sendPage(reply, 200, view);
    });

    app.post<{ Params: ActionParams }>(`${base}/o/:org/actions/:id/status`, async (request, reply) => {
      const a = await access(request);
      a.require("actions.edit");
      const id = readId(request.params.id);
      const status = text(request.body, "status");
      if (status === "archived") await ctx.editor.archive(a, id);
      else if (status === "published" || status === "closed") await ctx.editor.setStatus(a, id, status);
      else return reply.code(422).send();
      return reply.redirect(paths.adminAction(locale, a.organization.slug, id), 303);
    });

    app.get<{ Params: ActionParams; Querystring: { q?: string; status?: string; page?: string } }>(
      `${base}/o/:org/actions/:id/signatures`,
      async (request, reply) => {
        const a = await access(request);
        const id = readId(request.params.id);
        const search = (request.query.q ?? "").slice(0, 100);
        const status = ["pending", "confirmed", "invalidated"].includes(request.query.status ?? "")
          ? (request.query.status as "pending")
          : null;
        const pageNumber = /^\d{1,6}$/.test(request.query.page ?? "")
          ? Math.max(1, Number(request.query.page))
          : 1;
        const { rows, total } = await ctx.signatureAdmin.list(a, id, { search, status }, pageNumber);
        const stored = await ctx.editor.find(a, id);
        const draft = await ctx.editor.draft(a, id);
        const view = SignaturesView({
          ...page(request, reply, t),
          org: a.organization,
          action: { id: stored.id, title: draft.texts[locale].title || draft.texts.en.title },
          rows,
          total,
          page: pageNumber,
          pageSize,
          search,
          status: status ?? "",
        });
        return sendPage(reply, 200, view);
      },
    );

    app.post<{ Params: ActionParams & { sid: string } }>(
      `${base}/o/:org/actions/:id/signatures/:sid`,
      async (request, reply) => {
        const a = await access(request);
        const id = readId(request.params.id);
        await ctx.signatureAdmin.setValid(
          a,
          id,
          readId(request.params.sid),
          text(request.body, "valid") === "yes",
        );
        return reply.redirect(paths.signatures(locale, a.organization.slug, id), 303);
      },
    );

    // gzip, not brotli: gzip keeps a few hundred KB of state per download, brotli's window grows
    // to megabytes with the file.
    const csvCompression: RouteShorthandOptions = { compress: { encodings: ["gzip", "deflate"] } };
    app.get<{ Params: ActionParams }>(
      `${base}/o/:org/actions/:id/signatures.csv`,
      csvCompression,
      async (request, reply) => {
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
          .header("cache-control", "no-store")
          .send(Readable.from(all(), { highWaterMark: 1 }));
      },
    );
  }
}
