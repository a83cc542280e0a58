/** Members of an organization: the list, invitations (sent, listed, revoked) and role changes. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { MessageKey } from "../../../i18n/catalog.ts";
import { translator } from "../../../i18n/translator.ts";
import { validateInvitationForm } from "../../../modules/organizations/invitation-form.ts";
import { InviteeProblemError, LastOwnerError } from "../../../modules/organizations/organizations.errors.ts";
import type { OrganizationAccess } from "../../../modules/organizations/organizations.service.ts";
import { isRole } from "../../../modules/organizations/policy.ts";
import { MembersView } from "../../../views/admin/members.tsx";
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

type OrgParams = { org: string };

/** What the members page shows next to the lists when a change was refused. */
interface Problems {
  status: 409 | 422;
  errors?: FieldErrorMap;
  formError?: MessageKey;
  values?: Record<string, string>;
}

export const memberRoutes: AdminRouteFile = (app, locale) => {
  const { ctx } = app;
  const t = translator(locale);
  const base = `/${locale}/admin/o/:org/members`;
  const membersPath = (a: OrganizationAccess) => paths.members(locale, a.organization.slug);

  const membersPage = async (
    request: FastifyRequest<{ Params: OrgParams }>,
    reply: FastifyReply,
    problems?: Problems,
  ) => {
    const a = await organizationAccess(request);
    const lists = await ctx.organizations.members(a);
    const view = MembersView({ ...(await organizerPage(request, reply, t, a)), ...lists, ...problems });
    return sendPage(reply, problems?.status ?? 200, view);
  };

  app.get<{ Params: OrgParams }>(base, (request, reply) => membersPage(request, reply));

  app.post<{ Params: OrgParams }>(`${base}/invite`, async (request, reply) => {
    const a = await organizationAccess(request);
    const values = { email: textField(request.body, "email"), role: textField(request.body, "role") };
    const form = validateInvitationForm(values);
    if (!form.ok) return membersPage(request, reply, { status: 422, errors: form.errors, values });
    try {
      const { replaced } = await ctx.organizations.invite(a, form.email, form.role, locale);
      setNotice(reply, replaced ? "invitations.resent" : "members.invited", { email: form.email });
    } catch (error) {
      if (!(error instanceof InviteeProblemError)) throw error;
      const key = error.reason === "yourself" ? "invitations.yourself" : "invitations.member";
      return membersPage(request, reply, { status: 422, errors: { email: { key } }, values });
    }
    return reply.redirect(membersPath(a), 303);
  });

  app.post<{ Params: OrgParams & { invitation: string } }>(
    `${base}/invitations/:invitation/revoke`,
    async (request, reply) => {
      const a = await organizationAccess(request);
      const invitationId = readId(request.params.invitation);
      if (!isConfirmed(request)) {
        const { invitations } = await ctx.organizations.members(a);
        const invitation = invitations.find((pending) => pending.id === invitationId);
        if (!invitation) return reply.callNotFound();
        const question = {
          title: t.t("invitations.revokeTitle"),
          body: t.t("invitations.revokeBody", { email: invitation.email }),
          confirmLabel: t.t("invitations.revoke"),
          cancelHref: membersPath(a),
        };
        return askToConfirm(request, reply, t, question, a);
      }
      const { email } = await ctx.organizations.revokeInvitation(a, invitationId);
      setNotice(reply, "invitations.revoked", { email });
      return reply.redirect(membersPath(a), 303);
    },
  );

  app.post<{ Params: OrgParams & { accountId: string } }>(`${base}/:accountId`, async (request, reply) => {
    const a = await organizationAccess(request);
    const role = textField(request.body, "role");
    if (!isRole(role) && role !== "remove")
      return membersPage(request, reply, { status: 422, errors: { role: { key: "field.required" } } });
    const accountId = readId(request.params.accountId);
    if (role === "remove" && !isConfirmed(request)) {
      const { members } = await ctx.organizations.members(a);
      const member = members.find((m) => m.accountId === accountId);
      if (!member) return reply.callNotFound();
      const question = {
        title: t.t("members.removeTitle"),
        body: t.t("members.removeBody", { name: member.name, organization: a.organization.name }),
        confirmLabel: t.t("members.remove"),
        cancelHref: membersPath(a),
      };
      return askToConfirm(request, reply, t, question, a);
    }
    try {
      await ctx.organizations.changeRole(a, accountId, role);
    } catch (error) {
      if (!(error instanceof LastOwnerError)) throw error;
      const formError = error.self ? "members.lastOwner.self" : "members.lastOwner.other";
      return membersPage(request, reply, { status: 409, formError });
    }
    setNotice(reply, role === "remove" ? "notice.memberRemoved" : "notice.roleChanged");
    return reply.redirect(membersPath(a), 303);
  });
};
