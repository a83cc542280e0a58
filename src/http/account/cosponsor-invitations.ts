/**
 * The page behind an emailed invitation to co-sponsor an action. Its GET only shows what the
 * invitation offers (mail scanners follow links); its POST accepts: creating the invitee's
 * account if they have none, their organization, and its co-sponsorship.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Locale } from "../../i18n/locale.ts";
import { translator } from "../../i18n/translator.ts";
import { networkKey } from "../../modules/abuse/rate-limits.ts";
import { InviteeHasAccountError } from "../../modules/cosponsors/cosponsors.errors.ts";
import type { Acceptor } from "../../modules/cosponsors/cosponsors.service.ts";
import { validateAcceptanceForm } from "../../modules/cosponsors/cosponsors.ts";
import { CosponsorInvitationView } from "../../views/account/cosponsor-invitation.tsx";
import type { FieldErrorMap } from "../../views/form.tsx";
import { paths } from "../../views/paths.ts";
import { organizerPage, setNotice, textField } from "../organizer/shared.ts";
import { startSession } from "../plugins/session.ts";
import { sendPage } from "../render.ts";

type TokenParams = { token: string };

export function cosponsorInvitationRoutes(app: FastifyInstance, locale: Locale): void {
  const { ctx } = app;
  const t = translator(locale);
  const route = paths.cosponsorInvitation(locale, ":token");

  /** The invitation's page, fresh (200) or with the problems found in the form. */
  const invitationPage = async (
    request: FastifyRequest<{ Params: TokenParams }>,
    reply: FastifyReply,
    problems?: { values: Record<string, string>; errors?: FieldErrorMap },
    status = problems?.errors ? 422 : 200,
  ) => {
    const invitation = await ctx.cosponsors.invitationToAccept(request.params.token, locale, request.account);
    const view = CosponsorInvitationView({
      ...(await organizerPage(request, reply, t)),
      ...invitation,
      token: request.params.token,
      signedInAs: request.account?.email ?? null,
      values: problems?.values ?? { organization_name: invitation.organizationName },
      ...(problems?.errors ? { errors: problems.errors } : {}),
    });
    return sendPage(reply, status, view);
  };

  app.get<{ Params: TokenParams }>(route, (request, reply) => invitationPage(request, reply));

  app.post<{ Params: TokenParams }>(route, async (request, reply) => {
    const account = request.account;
    const values = {
      organization_name: textField(request.body, "organization_name"),
      ...(account ? {} : { name: textField(request.body, "name") }),
    };
    const form = validateAcceptanceForm(
      account ? values : { ...values, password: textField(request.body, "password") },
    );
    // Passwords are never sent back.
    if (!form.ok) return invitationPage(request, reply, { values, errors: form.errors });
    const who: Acceptor = account
      ? { accountId: account.id }
      : { name: form.name ?? "", password: form.password ?? "", locale, networkKey: networkKey(request.ip) };
    let accepted: Awaited<ReturnType<typeof ctx.cosponsors.acceptEmailInvitation>>;
    try {
      accepted = await ctx.cosponsors.acceptEmailInvitation(
        request.params.token,
        who,
        form.organizationName,
        locale,
      );
    } catch (error) {
      // The address got an account since the page was shown: the page now asks to sign in.
      if (error instanceof InviteeHasAccountError) return invitationPage(request, reply, { values }, 409);
      throw error;
    }
    if (!account) await startSession(reply, accepted.accountId);
    setNotice(reply, "notice.cosponsorJoined", { name: form.organizationName, title: accepted.title });
    return reply.redirect(paths.cosponsoring(locale, accepted.organizationSlug), 303);
  });
}
