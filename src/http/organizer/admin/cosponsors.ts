/**
 * Co-sponsors: the sponsor's page per action (decide requests, invite, review sign-ons, paste a
 * list) and a co-sponsor organization's page (accept, withdraw, ask to co-sponsor).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { MessageKey } from "../../../i18n/catalog.ts";
import { translator } from "../../../i18n/translator.ts";
import type { CosponsorMove } from "../../../modules/cosponsors/cosponsors.ts";
import { CosponsoringView, CosponsorsView } from "../../../views/admin/cosponsors.tsx";
import type { FieldErrorMap } from "../../../views/form.tsx";
import { paths } from "../../../views/paths.ts";
import { actorOf, requireAccount } from "../../plugins/session.ts";
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

  const sponsorPage = async (
    request: FastifyRequest<{ Params: ActionParams }>,
    reply: FastifyReply,
    list?: { text: string; parsed: Awaited<ReturnType<typeof ctx.cosponsors.previewList>> },
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
      ...(list ? { list } : {}),
    });
    return sendPage(reply, list && !list.parsed.ok ? 422 : 200, view);
  };

  app.get<{ Params: ActionParams }>(base, (request, reply) => sponsorPage(request, reply));

  app.post<{ Params: ActionParams }>(`${base}/invite`, async (request, reply) => {
    const a = await access(request);
    const id = readId(request.params.id);
    const { name } = await ctx.cosponsors.invite(a, id, textField(request.body, "organization"));
    setNotice(reply, "notice.cosponsorInvited", { name });
    return reply.redirect(paths.cosponsors(locale, a.organization.slug, id), 303);
  });

  app.post<{ Params: ActionParams }>(`${base}/list`, async (request, reply) => {
    const a = await access(request);
    const id = readId(request.params.id);
    const text = textField(request.body, "organizations");
    if (textField(request.body, "step") !== "add")
      return sponsorPage(request, reply, { text, parsed: await ctx.cosponsors.previewList(a, id, text) });
    const parsed = await ctx.cosponsors.addList(a, id, text, locale);
    if (!parsed.ok) return sponsorPage(request, reply, { text, parsed });
    setNotice(reply, "notice.cosponsorListAdded", { count: parsed.organizations.length });
    return reply.redirect(paths.cosponsors(locale, a.organization.slug, id), 303);
  });

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
