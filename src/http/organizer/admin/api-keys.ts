/**
 * The organization's API keys: list, create (the secret shown on that one answer), revoke, and
 * how the signatures each records are confirmed.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { translator } from "../../../i18n/translator.ts";
import type { ApiKeyFormValues, ApiKeyListItem } from "../../../modules/api-keys/api-keys.ts";
import { ApiKeysView } from "../../../views/admin/api-keys.tsx";
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
type KeyParams = OrgParams & { apiKey: string };

export const apiKeyRoutes: AdminRouteFile = (app, locale) => {
  const { ctx } = app;
  const t = translator(locale);
  const base = `/${locale}/admin/o/:org/api-keys`;

  const keysPage = async (
    request: FastifyRequest<{ Params: OrgParams }>,
    reply: FastifyReply,
    outcome?:
      | { created: { key: ApiKeyListItem; secret: string } }
      | { errors: FieldErrorMap; values: ApiKeyFormValues },
  ) => {
    const a = await organizationAccess(request);
    const keys = await ctx.apiKeys.list(a);
    const view = ApiKeysView({ ...(await organizerPage(request, reply, t, a)), keys, ...outcome });
    return sendPage(reply, outcome && "errors" in outcome ? 422 : 200, view);
  };

  app.get<{ Params: OrgParams }>(base, (request, reply) => keysPage(request, reply));

  // Answered with the page itself, not a redirect: the secret must not travel in a cookie or URL,
  // and the organizer pages are no-store, so it is shown exactly once.
  app.post<{ Params: OrgParams }>(base, async (request, reply) => {
    const a = await organizationAccess(request);
    const values = {
      name: textField(request.body, "name"),
      trusted: textField(request.body, "trusted") === "yes",
    };
    const outcome = await ctx.apiKeys.create(a, values);
    if (!outcome.ok) return keysPage(request, reply, { errors: outcome.errors, values });
    return keysPage(request, reply, { created: { key: outcome.key, secret: outcome.secret } });
  });

  app.post<{ Params: KeyParams }>(`${base}/:apiKey/revoke`, async (request, reply) => {
    const a = await organizationAccess(request);
    const id = readId(request.params.apiKey);
    const list = paths.apiKeys(locale, a.organization.slug);
    if (!isConfirmed(request)) {
      const key = await ctx.apiKeys.find(a, id);
      const question = {
        title: t.t("apiKeys.revokeTitle"),
        body: t.t("apiKeys.revokeBody", { name: key.name, prefix: key.prefix }),
        confirmLabel: t.t("apiKeys.revoke"),
        cancelHref: list,
      };
      return askToConfirm(request, reply, t, question, a);
    }
    const key = await ctx.apiKeys.revoke(a, id);
    setNotice(reply, "notice.apiKeyRevoked", { name: key.name });
    return reply.redirect(list, 303);
  });

  app.post<{ Params: KeyParams }>(`${base}/:apiKey/signature-confirmation`, async (request, reply) => {
    const a = await organizationAccess(request);
    // Anything but an explicit "immediate" is the safe choice: the signer's email.
    const wanted = textField(request.body, "confirmation") === "immediate" ? "immediate" : "email";
    const key = await ctx.apiKeys.setSignatureConfirmation(a, readId(request.params.apiKey), wanted);
    setNotice(
      reply,
      key.signatureConfirmation === "immediate"
        ? "notice.apiKeySignaturesImmediate"
        : "notice.apiKeySignaturesEmail",
      { name: key.name },
    );
    return reply.redirect(paths.apiKeys(locale, a.organization.slug), 303);
  });
};
