/**
 * Co-sponsors: the sponsor's page per action (decide requests, invite an organization or anyone
 * by email, review sign-ons, paste or upload a list) and a co-sponsor organization's page
 * (accept, withdraw, ask to co-sponsor).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import type { MessageKey } from "../../../i18n/catalog.ts";
import { isLocale } from "../../../i18n/locale.ts";
import { translator } from "../../../i18n/translator.ts";
import { TooManyInvitationsError } from "../../../modules/cosponsors/cosponsors.errors.ts";
import {
  type CosponsorMove,
  maxListFileBytes,
  type ParsedList,
  validateEmailInvitationForm,
} from "../../../modules/cosponsors/cosponsors.ts";
import { CosponsoringView, CosponsorsView, type SponsorForms } from "../../../views/admin/cosponsors.tsx";
import type { FieldErrorMap } from "../../../views/form.tsx";
import { paths } from "../../../views/paths.ts";
import { actorOf, loadAccount, requireAccount } from "../../plugins/session.ts";
import { sendPage } from "../../render.ts";
import {
  type AdminRouteFile,
  askToConfirm,
  isConfirmed,
  organizerPage,
  queryText,
  readId,
  setNotice,
  textField,
} from "../shared.ts";

type ActionParams = { org: string; id: string };
type CosponsorParams = ActionParams & { cosponsor: string };
type SignOnParams = ActionParams & { signon: string };
type InvitationParams = ActionParams & { emailInvitation: string };

/** The notice after each move, per side. */
const sponsorNotices: Record<"approve" | "decline" | "remove", MessageKey> = {
  approve: "notice.cosponsorApproved",
  decline: "notice.cosponsorDeclined",
  remove: "notice.cosponsorRemoved",
};
const cosponsorNotices: Record<"accept" | "decline" | "withdraw", MessageKey> = {
  accept: "notice.cosponsorAccepted",
  decline: "notice.cosponsorInvitationDeclined",
  withdraw: "notice.cosponsorWithdrawn",
};

export const cosponsorRoutes: AdminRouteFile = (app, locale) => {
  const { ctx } = app;
  const t = translator(locale);
  const base = `/${locale}/admin/o/:org/actions/:id/cosponsors`;
  const access = (request: FastifyRequest<{ Params: { org: string } }>) =>
    ctx.organizations.access(actorOf(requireAccount(request)), request.params.org);

  /** The sponsor's page, fresh (200), or with one form's preview or problems and their status. */
  const sponsorPage = async (
    request: FastifyRequest<{ Params: ActionParams }>,
    reply: FastifyReply,
    forms: SponsorForms = {},
    status = 200,
  ) => {
    const a = await access(request);
    const id = readId(request.params.id);
    const overview = await ctx.cosponsors.overview(a, id, locale);
    const canEdit = a.can("actions.edit");
    const query = queryText(request.query, "q");
    const found = canEdit ? await ctx.cosponsors.searchOrganizations(a, query) : [];
    const view = CosponsorsView({
      ...(await organizerPage(request, reply, t, a)),
      ...overview,
      canEdit,
      query,
      found,
      ...forms,
    });
    return sendPage(reply, status, view);
  };
  const listPage = (
    request: FastifyRequest<{ Params: ActionParams }>,
    reply: FastifyReply,
    list: { text: string; parsed: ParsedList; source: "paste" | "file" },
    status = list.parsed.ok ? 200 : 422,
  ) => sponsorPage(request, reply, { list }, status);

  app.get<{ Params: ActionParams }>(base, (request, reply) => sponsorPage(request, reply));

  app.post<{ Params: ActionParams }>(`${base}/invite`, async (request, reply) => {
    const a = await access(request);
    const id = readId(request.params.id);
    const { name } = await ctx.cosponsors.invite(a, id, textField(request.body, "organization"));
    setNotice(reply, "notice.cosponsorInvited", { name });
    return reply.redirect(paths.cosponsors(locale, a.organization.slug, id), 303);
  });

  app.post<{ Params: ActionParams }>(`${base}/invite-email`, async (request, reply) => {
    const a = await access(request);
    a.require("actions.edit");
    const id = readId(request.params.id);
    const chosen = textField(request.body, "locale");
    const values = {
      organization_name: textField(request.body, "organization_name"),
      email: textField(request.body, "email"),
      locale: isLocale(chosen) ? chosen : locale,
    };
    const form = validateEmailInvitationForm(values);
    if (!form.ok) return sponsorPage(request, reply, { emailInvite: { values, errors: form.errors } }, 422);
    let replaced: boolean;
    try {
      ({ replaced } = await ctx.cosponsors.inviteByEmail(a, id, { ...form, locale: values.locale }));
    } catch (error) {
      if (!(error instanceof TooManyInvitationsError)) throw error;
      const errors = { email: { key: "cosponsors.emailInvite.tooMany" as const } };
      reply.header("retry-after", "3600");
      return sponsorPage(request, reply, { emailInvite: { values, errors } }, 429);
    }
    setNotice(reply, replaced ? "notice.cosponsorEmailInviteReplaced" : "notice.cosponsorEmailInvited", {
      name: form.organizationName,
      email: form.email,
    });
    return reply.redirect(paths.cosponsors(locale, a.organization.slug, id), 303);
  });

  app.post<{ Params: InvitationParams }>(
    `${base}/email-invitations/:emailInvitation/revoke`,
    async (request, reply) => {
      const a = await access(request);
      const id = readId(request.params.id);
      const invitationId = readId(request.params.emailInvitation);
      const list = paths.cosponsors(locale, a.organization.slug, id);
      if (!isConfirmed(request)) {
        const { invitation } = await ctx.cosponsors.findEmailInvitation(a, id, invitationId);
        const name = invitation.organizationName;
        return askToConfirm(
          request,
          reply,
          t,
          {
            title: t.t("cosponsors.confirm.revoke.title", { name }),
            body: t.t("cosponsors.confirm.revoke.body", { email: invitation.email }),
            confirmLabel: t.t("cosponsors.emailInvitations.revoke"),
            cancelHref: list,
          },
          a,
        );
      }
      const { organizationName } = await ctx.cosponsors.revokeEmailInvitation(a, id, invitationId);
      setNotice(reply, "notice.cosponsorInvitationRevoked", { name: organizationName });
      return reply.redirect(list, 303);
    },
  );

  app.post<{ Params: ActionParams }>(`${base}/list`, async (request, reply) => {
    const a = await access(request);
    const id = readId(request.params.id);
    const text = textField(request.body, "organizations");
    if (textField(request.body, "step") !== "add")
      return listPage(request, reply, {
        text,
        parsed: await ctx.cosponsors.previewList(a, id, text),
        source: "paste",
      });
    const parsed = await ctx.cosponsors.addList(a, id, text, locale);
    if (!parsed.ok) return listPage(request, reply, { text, parsed, source: "paste" });
    setNotice(reply, "notice.cosponsorListAdded", { count: parsed.organizations.length });
    return reply.redirect(paths.cosponsors(locale, a.organization.slug, id), 303);
  });

  // An uploaded file is only read: its preview puts its text in the list's box, and adding it
  // is the pasted list's "add" step, so both ways share one path to the database.
  app.post<{ Params: ActionParams }>(
    `${base}/list/file`,
    {
      config: { multipartOptions: { limits: { fileSize: maxListFileBytes } } },
      // A file over the limit is cut off while it streams in, before the preHandler hooks (so
      // the session is loaded here): say so on the form instead of the generic "too large" page.
      errorHandler: async (error: FastifyError, request, reply) => {
        if (error.code !== "FST_REQ_FILE_TOO_LARGE") throw error;
        await loadAccount(request);
        const parsed: ParsedList = { ok: false, problem: "fileTooLarge" };
        return listPage(
          request as FastifyRequest<{ Params: ActionParams }>,
          reply,
          {
            text: "",
            parsed,
            source: "file",
          },
          413,
        );
      },
    },
    async (request, reply) => {
      const a = await access(request);
      const file = (request.body as Record<string, unknown> | undefined)?.file;
      const preview = await ctx.cosponsors.previewListFile(
        a,
        readId(request.params.id),
        Buffer.isBuffer(file) ? file : undefined,
      );
      return listPage(request, reply, { ...preview, source: "file" });
    },
  );

  for (const move of ["approve", "decline", "remove"] as const) {
    app.post<{ Params: CosponsorParams }>(`${base}/:cosponsor/${move}`, async (request, reply) => {
      const a = await access(request);
      const id = readId(request.params.id);
      const organizationId = readId(request.params.cosponsor);
      const list = paths.cosponsors(locale, a.organization.slug, id);
      if (move !== "approve" && !isConfirmed(request)) {
        const { action, cosponsor } = await ctx.cosponsors.findCosponsor(a, id, organizationId);
        return askToConfirm(request, reply, t, confirmQuestion(move, cosponsor.name, action.title, list), a);
      }
      const { name } = await ctx.cosponsors.sponsorMove(a, id, organizationId, move);
      setNotice(reply, sponsorNotices[move], { name });
      return reply.redirect(list, 303);
    });

    app.post<{ Params: SignOnParams }>(`${base}/signons/:signon/${move}`, async (request, reply) => {
      const a = await access(request);
      const id = readId(request.params.id);
      const signOnId = readId(request.params.signon);
      const list = paths.cosponsors(locale, a.organization.slug, id);
      if (move !== "approve" && !isConfirmed(request)) {
        const { action, signOn } = await ctx.cosponsors.findSignOn(a, id, signOnId);
        return askToConfirm(request, reply, t, confirmQuestion(move, signOn.name, action.title, list), a);
      }
      const { name } = await ctx.cosponsors.decideSignOn(a, id, signOnId, move);
      setNotice(reply, sponsorNotices[move], { name });
      return reply.redirect(list, 303);
    });
  }

  const cosponsoring = `/${locale}/admin/o/:org/cosponsoring`;
  const cosponsoringPage = async (
    request: FastifyRequest<{ Params: { org: string } }>,
    reply: FastifyReply,
    problems?: { address: string; errors: FieldErrorMap },
  ) => {
    const a = await access(request);
    const view = CosponsoringView({
      ...(await organizerPage(request, reply, t, a)),
      items: await ctx.cosponsors.cosponsoring(a, locale),
      canEdit: a.can("actions.edit"),
      ...problems,
    });
    return sendPage(reply, problems ? 422 : 200, view);
  };

  app.get<{ Params: { org: string } }>(cosponsoring, (request, reply) => cosponsoringPage(request, reply));

  app.post<{ Params: { org: string } }>(`${cosponsoring}/ask`, async (request, reply) => {
    const a = await access(request);
    const address = textField(request.body, "address");
    const outcome = await ctx.cosponsors.ask(a, address);
    if (!outcome.ok) return cosponsoringPage(request, reply, { address, errors: outcome.errors });
    setNotice(reply, "notice.cosponsorRequested", { title: outcome.title });
    return reply.redirect(paths.cosponsoring(locale, a.organization.slug), 303);
  });

  const cosponsorMoves: Record<"accept" | "decline" | "withdraw", CosponsorMove> = {
    accept: "approve",
    decline: "decline",
    withdraw: "withdraw",
  };
  for (const [step, move] of Object.entries(cosponsorMoves) as [
    "accept" | "decline" | "withdraw",
    CosponsorMove,
  ][]) {
    app.post<{ Params: { org: string; id: string } }>(
      `${cosponsoring}/:id/${step}`,
      async (request, reply) => {
        const a = await access(request);
        const id = readId(request.params.id);
        const back = paths.cosponsoring(locale, a.organization.slug);
        if (step !== "accept" && !isConfirmed(request)) {
          a.require("actions.edit");
          const item = await ctx.cosponsors.findCosponsored(a, id, locale);
          const question =
            step === "withdraw"
              ? {
                  title: t.t("cosponsors.confirm.withdraw.title", { title: item.title }),
                  body: t.t("cosponsors.confirm.withdraw.body", { title: item.title }),
                  confirmLabel: t.t("cosponsors.withdraw"),
                  cancelHref: back,
                }
              : confirmQuestion("decline", a.organization.name, item.title, back);
          return askToConfirm(request, reply, t, question, a);
        }
        const { title } = await ctx.cosponsors.cosponsorMove(a, id, move);
        setNotice(reply, cosponsorNotices[step], { title });
        return reply.redirect(back, 303);
      },
    );
  }

  function confirmQuestion(move: "decline" | "remove", name: string, title: string, cancelHref: string) {
    return {
      title: t.t(`cosponsors.confirm.${move}.title`, { name }),
      body: t.t(`cosponsors.confirm.${move}.body`, { name, title }),
      confirmLabel: t.t(move === "decline" ? "cosponsors.decline" : "cosponsors.remove"),
      cancelHref,
      undoable: true,
    };
  }
};
