/** Members of an organization: the list, invitations and role changes. */
import type { FastifyReply, FastifyRequest } from "fastify";
import { translator } from "../../../i18n/translator.ts";
import { isRole } from "../../../modules/organizations/policy.ts";
import { isPlausibleEmail } from "../../../modules/people/people.ts";
import { MembersView } from "../../../views/admin/members.tsx";
import type { FieldErrorMap } from "../../../views/form.tsx";
import { paths } from "../../../views/paths.ts";
import { actorOf, requireAccount } from "../../plugins/session.ts";
import { sendPage } from "../../render.ts";
import { askToConfirm, isConfirmed, organizerPage, readId, setNotice, textField } from "../index.ts";
import type { AdminRouteFile } from "./index.ts";

type OrgParams = { org: string };

export const memberRoutes: AdminRouteFile = (app, locale) => {
  const { ctx } = app;
  const t = translator(locale);
  const base = `/${locale}/admin/o/:org/members`;
  const access = (request: FastifyRequest<{ Params: OrgParams }>) =>
    ctx.organizations.access(actorOf(requireAccount(request)), request.params.org);

  const membersPage = async (
    request: FastifyRequest<{ Params: OrgParams }>,
    reply: FastifyReply,
    problems?: { errors: FieldErrorMap; values: Record<string, string> },
  ) => {
    const a = await access(request);
    const members = await ctx.organizations.members(a);
    const view = MembersView({ ...(await organizerPage(request, reply, t, a)), members, ...problems });
    return sendPage(reply, problems ? 422 : 200, view);
  };

  app.get<{ Params: OrgParams }>(base, (request, reply) => membersPage(request, reply));
  app.post<{ Params: OrgParams }>(`${base}/invite`, async (request, reply) => {
    const a = await access(request);
    const values = { email: textField(request.body, "email"), role: textField(request.body, "role") };
    const errors: FieldErrorMap = {};
    if (!isPlausibleEmail(values.email)) errors.email = { key: "field.email.invalid" };
    if (!isRole(values.role)) errors.role = { key: "field.required" };
    if (Object.keys(errors).length > 0) return membersPage(request, reply, { errors, values });
    await ctx.organizations.invite(a, values.email, values.role as "owner", locale);
    setNotice(reply, "members.invited", { email: values.email });
    return reply.redirect(paths.members(locale, a.organization.slug), 303);
  });
  app.post<{ Params: OrgParams & { accountId: string } }>(`${base}/:accountId`, async (request, reply) => {
    const a = await access(request);
    const role = textField(request.body, "role");
    if (!isRole(role) && role !== "remove")
      return membersPage(request, reply, { errors: { role: { key: "field.required" } }, values: {} });
    const accountId = readId(request.params.accountId);
    if (role === "remove" && !isConfirmed(request)) {
      const member = (await ctx.organizations.members(a)).find((m) => m.accountId === accountId);
      return askToConfirm(
        request,
        reply,
        t,
        {
          title: t.t("members.removeTitle"),
          body: t.t("members.removeBody", { name: member?.name ?? "", organization: a.organization.name }),
          confirmLabel: t.t("members.remove"),
          cancelHref: paths.members(locale, a.organization.slug),
        },
        a,
      );
    }
    await ctx.organizations.changeRole(a, accountId, role);
    setNotice(reply, role === "remove" ? "notice.memberRemoved" : "notice.roleChanged");
    return reply.redirect(paths.members(locale, a.organization.slug), 303);
  });
};
