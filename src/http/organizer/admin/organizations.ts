/** Admin home, creating an organization, its page, its profile and its logo. */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { translator } from "../../../i18n/translator.ts";
import {
  readOrganizationForm,
  validateOrganizationForm,
} from "../../../modules/organizations/organization-form.ts";
import { InvalidLogoError, SlugTakenError } from "../../../modules/organizations/organizations.errors.ts";
import { readRetentionMonths } from "../../../modules/signer-rights/signer-rights.ts";
import {
  AdminHomeView,
  OrganizationFormView,
  OrganizationView,
} from "../../../views/admin/organizations.tsx";
import type { FieldErrorMap } from "../../../views/form.tsx";
import { paths } from "../../../views/paths.ts";
import { actorOf, loadAccount, requireAccount } from "../../plugins/session.ts";
import { sendPage } from "../../render.ts";
import { type AdminRouteFile, organizationAccess, organizerPage, setNotice } from "../shared.ts";

type OrgParams = { org: string };

export const organizationRoutes: AdminRouteFile = (app, locale) => {
  const { ctx } = app;
  const t = translator(locale);
  const base = `/${locale}/admin`;

  app.get(base, async (request, reply) => {
    const account = requireAccount(request);
    const props = await organizerPage(request, reply, t);
    return sendPage(reply, 200, AdminHomeView({ ...props, canCreate: account.isPlatformAdmin }));
  });

  const newOrganizationPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    problems?: { values: Record<string, string>; errors: FieldErrorMap },
  ) =>
    sendPage(
      reply,
      problems ? 422 : 200,
      OrganizationFormView({
        ...(await organizerPage(request, reply, t)),
        action: paths.newOrganization(locale),
        creating: true,
        values: problems?.values ?? { time_zone: "UTC" },
        errors: problems?.errors,
      }),
    );

  app.get(`${base}/organizations/new`, async (request, reply) => {
    // Only platform administrators learn that this page exists.
    if (!requireAccount(request).isPlatformAdmin) return reply.callNotFound();
    return newOrganizationPage(request, reply);
  });
  app.post(`${base}/organizations/new`, async (request, reply) => {
    const account = requireAccount(request);
    if (!account.isPlatformAdmin) return reply.callNotFound();
    const values = readOrganizationForm(request.body);
    const result = validateOrganizationForm(values, { creating: true });
    if (!result.ok) return newOrganizationPage(request, reply, { values, errors: result.errors });
    try {
      const slug = await ctx.organizations.create(actorOf(account), result.input);
      setNotice(reply, "notice.organizationCreated", { name: result.input.name });
      return reply.redirect(paths.organization(locale, slug), 303);
    } catch (error) {
      if (error instanceof SlugTakenError)
        return newOrganizationPage(request, reply, { values, errors: { slug: { key: "field.slug.taken" } } });
      throw error;
    }
  });

  app.get<{ Params: OrgParams }>(`${base}/o/:org`, async (request, reply) => {
    const a = await organizationAccess(request);
    const view = OrganizationView({
      ...(await organizerPage(request, reply, t, a)),
      actions: await ctx.editor.list(a, locale),
      canEdit: a.can("actions.edit"),
      heldComments: a.can("comments.moderate") ? await ctx.comments.heldCount(a) : null,
    });
    return sendPage(reply, 200, view);
  });

  /** The profile form, fresh (200) or with the problems found (422). */
  const profilePage = async (
    request: FastifyRequest<{ Params: OrgParams }>,
    reply: FastifyReply,
    problems?: {
      errors: FieldErrorMap;
      values?: Record<string, string>;
      status?: number;
      retention?: string;
    },
  ) => {
    const a = await organizationAccess(request);
    a.require("organization.manage");
    const org = a.organization;
    const values = problems?.values ?? {
      name: org.name,
      short_name: org.shortName ?? "",
      website: org.website ?? "",
      city: org.city ?? "",
      state: org.state ?? "",
      time_zone: org.timeZone,
      description_en: org.description.en,
      description_es: org.description.es,
    };
    const hasLogo = (await ctx.organizations.logo(org.slug)) !== undefined;
    const view = OrganizationFormView({
      ...(await organizerPage(request, reply, t, a)),
      action: paths.organizationProfile(locale, org.slug),
      creating: false,
      values,
      errors: problems?.errors,
      logo: { upload: paths.logoUpload(locale, org.slug), current: hasLogo ? paths.logo(org.slug) : null },
      retention: {
        action: paths.organizationRetention(locale, org.slug),
        months: problems?.retention ?? String(await ctx.signerRights.retention(a)),
      },
    });
    return sendPage(reply, problems ? (problems.status ?? 422) : 200, view);
  };

  app.get<{ Params: OrgParams }>(`${base}/o/:org/profile`, (request, reply) => profilePage(request, reply));
  app.post<{ Params: OrgParams }>(`${base}/o/:org/profile`, async (request, reply) => {
    const a = await organizationAccess(request);
    a.require("organization.manage");
    const values = readOrganizationForm(request.body);
    const result = validateOrganizationForm(values, { creating: false });
    if (!result.ok) return profilePage(request, reply, { errors: result.errors, values });
    await ctx.organizations.updateProfile(a, result.input);
    setNotice(reply, "notice.profileSaved");
    return reply.redirect(paths.organizationProfile(locale, a.organization.slug), 303);
  });

  app.post<{ Params: OrgParams }>(`${base}/o/:org/retention`, async (request, reply) => {
    const a = await organizationAccess(request);
    a.require("organization.manage");
    const raw = (request.body as Record<string, unknown> | undefined)?.retention_months;
    const months = readRetentionMonths(raw);
    if (months === null)
      return profilePage(request, reply, {
        errors: { retention_months: { key: "signerRights.retention.invalid" } },
        retention: typeof raw === "string" ? raw : "",
      });
    await ctx.signerRights.setRetention(a, months);
    setNotice(reply, "signerRights.retention.saved", { months });
    return reply.redirect(paths.organizationProfile(locale, a.organization.slug), 303);
  });

  app.post<{ Params: OrgParams }>(
    `${base}/o/:org/logo`,
    {
      // A file over the limit is cut off while it streams in: say that the image was too big,
      // on the profile page, instead of the generic "too large" page about text.
      // The body is read before the preHandler hooks, so the session is loaded here first.
      errorHandler: async (error: FastifyError, request, reply) => {
        if (error.code !== "FST_REQ_FILE_TOO_LARGE") throw error;
        await loadAccount(request);
        return profilePage(request as FastifyRequest<{ Params: OrgParams }>, reply, {
          errors: { logo: { key: "field.logo.tooLarge", params: { max: 200 } } },
          status: 413,
        });
      },
    },
    async (request, reply) => {
      const a = await organizationAccess(request);
      const logo = (request.body as Record<string, unknown> | undefined)?.logo;
      try {
        await ctx.organizations.saveLogo(a, Buffer.isBuffer(logo) ? logo : Buffer.alloc(0));
      } catch (error) {
        if (error instanceof InvalidLogoError)
          return profilePage(request, reply, { errors: { logo: { key: "field.logo.invalid" } } });
        throw error;
      }
      setNotice(reply, "notice.logoSaved");
      return reply.redirect(paths.organizationProfile(locale, a.organization.slug), 303);
    },
  );
};
