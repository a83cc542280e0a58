/** The confirmed signatures of the key's organization's petitions. */
import type { FastifyInstance } from "fastify";
import { type OsdiSignature, osdiNamespace, signatureFields } from "../../../modules/osdi/osdi.ts";
import { type ApiUrls, collectionPage } from "./hal.ts";
import { callerOf, filterOf, hal, idOf, pagingOf, type Query } from "./replies.ts";
import { idParams, listQuerystring } from "./schemas.ts";

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
 * A signature of a petition: Action Network's fields (the person only when the signer consented
 * to the key's organization), the spec's `referrer_data` beside Action Network's, the consent given.
 */
export function signatureResource(urls: ApiUrls, petitionId: number, signature: OsdiSignature) {
  const petition = `${urls.api}/petitions/${petitionId}`;
  return {
    ...signatureFields(signature),
    origin_system: "Juntos",
    referrer_data: signature.referrerData,
    [`${osdiNamespace}:consent`]: signature.consent,
    _links: {
      self: { href: `${petition}/signatures/${signature.id}` },
      "osdi:petition": { href: petition },
    },
  };
}
