/**
 * The confirmed signatures of the key's organization's petitions, and the record_signature_helper
 * at the same URL: keyed (a CRM sending its supporters) or keyless (an embed on a partner's page).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isLoopback } from "../../../modules/abuse/rate-limits.ts";
import {
  type OsdiSignature,
  osdiNamespace,
  type SignatureHelperBody,
  signatureFields,
} from "../../../modules/osdi/osdi.ts";
import { type ApiUrls, collectionPage } from "./hal.ts";
import { callerOf, filterOf, hal, idOf, pagingOf, personIdOfHref, type Query, sendError } from "./replies.ts";
import { idParams, listQuerystring, signatureHelperBody } from "./schemas.ts";

/**
 * Any page may post to the helper (jquery-osdi on a partner's site): no cookie is ever read here,
 * so allowing every origin gives a page nothing but the answer to its own request.
 */
const corsHeaders = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST",
  "access-control-allow-headers": "Content-Type, OSDI-API-Token",
  "access-control-max-age": "86400",
};

/** Every answer of the helper, errors included, is readable by the page that posted. */
async function allowAnyOrigin(_request: FastifyRequest, reply: FastifyReply) {
  reply.header("access-control-allow-origin", "*");
}

/** A schema failure as the API says it: the property at fault (`person.given_name`), 422; no JSON object at all, 400. */
function schemaProblem(
  reply: FastifyReply,
  validation: { instancePath: string; message?: string; params: { missingProperty?: string } },
) {
  const path = [
    ...validation.instancePath.split("/").slice(1),
    ...(validation.params.missingProperty ? [validation.params.missingProperty] : []),
  ]
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join("");
  if (path === "")
    return sendError(reply, 400, { code: "bad_request", description: "The body must be a JSON object" });
  return sendError(reply, 422, {
    code: "invalid_field",
    description: `${path} ${validation.message ?? "is not valid"}`,
    properties: [path],
  });
}

export function signatureRoutes(app: FastifyInstance, urls: ApiUrls): void {
  const { ctx } = app;

  app.get<{ Params: { id: string }; Querystring: Query }>(
    "/petitions/:id/signatures",
    {
      schema: {
        summary: "List a petition's confirmed signatures",
        tags: ["Signatures"],
        params: idParams("id"),
        querystring: listQuerystring,
      },
    },
    async (request, reply) => {
      const paging = pagingOf(request.query, reply);
      if (!paging) return reply;
      const filter = filterOf(request.query);
      const petitionId = idOf(request.params.id);
      const page = await ctx.osdi.signatures(callerOf(request).organizationId, petitionId, paging, filter);
      return hal(
        reply,
        collectionPage(urls, "osdi:signatures", `petitions/${petitionId}/signatures`, page, filter, (s) =>
          signatureResource(urls, petitionId, s),
        ),
      );
    },
  );

  app.options(
    "/petitions/:id/signatures",
    {
      config: { keyless: true },
      schema: {
        summary: "CORS preflight of the record_signature_helper",
        tags: ["Signatures"],
        params: idParams("id"),
      },
    },
    (_request, reply) => reply.code(204).headers(corsHeaders).send(),
  );

  app.post<{ Params: { id: string }; Body: SignatureHelperBody }>(
    "/petitions/:id/signatures",
    {
      config: { keyless: true },
      attachValidation: true,
      onRequest: allowAnyOrigin,
      schema: {
        summary:
          "Record a signature (record_signature_helper): with a key, answered with the Signature; without one, with {}. With a key, the body may name one of the organization's people by `_links.osdi:person` instead of an inline `person`.",
        tags: ["Signatures"],
        params: idParams("id"),
        body: signatureHelperBody,
      },
    },
    async (request, reply) => {
      const caller = request.apiCaller;
      // Keyed requests met the key's limit in the auth hook; keyless ones meet the form's.
      const exempt = ctx.config.benchLoopbackExempt && isLoopback(request.ip);
      const verdict = caller || exempt ? null : await ctx.signingRateLimit.consume(request.ip);
      if (verdict && !verdict.allowed) {
        reply.header("retry-after", String(verdict.retryAfterSeconds));
        return sendError(reply, 429, {
          code: "rate_limited",
          description: "Too many signatures from this network: try again later",
          hint: `Retry after ${verdict.retryAfterSeconds} s`,
        });
      }
      if (request.validationError) return schemaProblem(reply, request.validationError.validation[0]);
      const petitionId = idOf(request.params.id);
      const { person, _links: links } = request.body;
      if (person) {
        const signature = await ctx.osdi.recordSignature(caller, petitionId, { ...request.body, person });
        return hal(reply, signature ? signatureResource(urls, petitionId, signature) : {});
      }
      // Only a key names its organization's people; without one, a link names no one.
      if (!caller)
        return sendError(reply, 401, {
          code: "missing_api_key",
          description: "A signature by a person's link needs the API key of that person's organization",
          properties: ["OSDI-API-Token"],
        });
      const contactId = personIdOfHref(urls, links?.["osdi:person"].href ?? "");
      if (contactId === null)
        return sendError(reply, 422, {
          code: "invalid_person_link",
          description: "The person's link must be a person's URL in this API",
          properties: ["_links.osdi:person.href"],
          hint: `${urls.api}/people/12`,
        });
      const signature = await ctx.osdi.recordContactSignature(caller, petitionId, contactId, request.body);
      return hal(reply, signatureResource(urls, petitionId, signature));
    },
  );

  app.get<{ Params: { id: string; signatureId: string } }>(
    "/petitions/:id/signatures/:signatureId",
    {
      schema: {
        summary: "Get a signature",
        tags: ["Signatures"],
        params: idParams("id", "signatureId"),
      },
    },
    async (request, reply) => {
      const petitionId = idOf(request.params.id);
      const signature = await ctx.osdi.signature(
        callerOf(request).organizationId,
        petitionId,
        idOf(request.params.signatureId),
      );
      return hal(reply, signatureResource(urls, petitionId, signature));
    },
  );
}

/**
 * A signature of a petition: Action Network's fields (the person, and its link, only when the
 * signer consented to the key's organization), the spec's `referrer_data` beside Action
 * Network's, the consent given.
 */
export function signatureResource(urls: ApiUrls, petitionId: number, signature: OsdiSignature) {
  const petition = `${urls.api}/petitions/${petitionId}`;
  return {
    ...signatureFields(signature),
    origin_system: "Juntos",
    referrer_data: signature.referrerData,
    [`${osdiNamespace}:consent`]: signature.consent,
    [`${osdiNamespace}:status`]: signature.status,
    _links: {
      self: { href: `${petition}/signatures/${signature.id}` },
      "osdi:petition": { href: petition },
      ...(signature.contactId === null
        ? {}
        : { "osdi:person": { href: `${urls.api}/people/${signature.contactId}` } }),
    },
  };
}
