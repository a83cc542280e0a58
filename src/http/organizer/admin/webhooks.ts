/**
 * An organization's webhooks: list and add (with the events it sends) (the secret shown on the answer to the POST, once),
 * one webhook's delivery log, pause, resume, delete (asked first) and "send again".
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { translator } from "../../../i18n/translator.ts";
import { WebhooksView, WebhookView } from "../../../views/admin/webhooks.tsx";
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
type WebhookParams = OrgParams & { webhook: string };

export const webhookRoutes: AdminRouteFile = (app, locale) => {
  const { ctx } = app;
  const t = translator(locale);
  const base = `/${locale}/admin/o/:org/webhooks`;

  app.get<{ Params: OrgParams }>(base, async (request, reply) => {
    const a = await organizationAccess(request);
    const webhooks = await ctx.webhooks.list(a);
    return sendPage(reply, 200, WebhooksView({ ...(await organizerPage(request, reply, t, a)), webhooks }));
  });

  // Answered with the page itself, not a redirect: the secret must not outlive this one answer.
  app.post<{ Params: OrgParams }>(base, async (request: FastifyRequest<{ Params: OrgParams }>, reply) => {
    const a = await organizationAccess(request);
    const url = textField(request.body, "url");
    const events = checkedValues(request.body, "events");
    const outcome = await ctx.webhooks.create(a, { url, events });
    const webhooks = await ctx.webhooks.list(a);
    const page = await organizerPage(request, reply, t, a);
    if (!outcome.ok)
      return sendPage(reply, 422, WebhooksView({ ...page, webhooks, errors: outcome.errors, url, events }));
    return sendPage(
      reply,
      200,
      WebhooksView({ ...page, notice: t.t("notice.webhookCreated"), webhooks, secret: outcome.secret }),
    );
  });

  app.get<{ Params: WebhookParams }>(`${base}/:webhook`, async (request, reply) => {
    const a = await organizationAccess(request);
    const { subscription, deliveries } = await ctx.webhooks.detail(a, readId(request.params.webhook));
    const page = await organizerPage(request, reply, t, a);
    return sendPage(reply, 200, WebhookView({ ...page, webhook: subscription, deliveries }));
  });

  const backTo = (reply: FastifyReply, org: string, id: number) =>
    reply.redirect(paths.webhook(locale, org, id), 303);

  for (const paused of [true, false]) {
    app.post<{ Params: WebhookParams }>(
      `${base}/:webhook/${paused ? "pause" : "resume"}`,
      async (request, reply) => {
        const a = await organizationAccess(request);
        const webhook = await ctx.webhooks.setPaused(a, readId(request.params.webhook), paused);
        setNotice(reply, paused ? "notice.webhookPaused" : "notice.webhookResumed");
        return backTo(reply, a.organization.slug, webhook.id);
      },
    );
  }

  app.post<{ Params: WebhookParams }>(`${base}/:webhook/delete`, async (request, reply) => {
    const a = await organizationAccess(request);
    const id = readId(request.params.webhook);
    if (!isConfirmed(request)) {
      const { subscription } = await ctx.webhooks.detail(a, id);
      const question = {
        title: t.t("webhooks.deleteTitle"),
        body: t.t("webhooks.deleteBody", { url: subscription.url }),
        confirmLabel: t.t("webhooks.delete"),
        cancelHref: paths.webhook(locale, a.organization.slug, id),
      };
      return askToConfirm(request, reply, t, question, a);
    }
    const removed = await ctx.webhooks.remove(a, id);
    setNotice(reply, "notice.webhookDeleted", { url: removed.url });
    return reply.redirect(paths.webhooks(locale, a.organization.slug), 303);
  });

  app.post<{ Params: WebhookParams & { delivery: string } }>(
    `${base}/:webhook/deliveries/:delivery/send-again`,
    async (request, reply) => {
      const a = await organizationAccess(request);
      const id = readId(request.params.webhook);
      await ctx.webhooks.sendAgain(a, id, readId(request.params.delivery));
      setNotice(reply, "notice.webhookSentAgain");
      return backTo(reply, a.organization.slug, id);
    },
  );
};

/** The values of a posted group of checkboxes: none, one (a string) or several (an array). */
function checkedValues(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | null | undefined)?.[name];
  return ([] as unknown[]).concat(value ?? []).filter((item): item is string => typeof item === "string");
}
