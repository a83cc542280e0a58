/** Petitions (our petition and letter actions) of the key's organization. */
import type { FastifyInstance } from "fastify";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { type OsdiPetition, osdiIdentifier, osdiNamespace } from "../../../modules/osdi/osdi.ts";
import { Markdown } from "../../../views/markdown.tsx";
import { paths } from "../../../views/paths.ts";
import { type ApiUrls, collectionPage } from "./hal.ts";
import { callerOf, filterOf, hal, idOf, pagingOf, type Query } from "./replies.ts";
import { idParams, listQuerystring } from "./schemas.ts";

export function petitionRoutes(app: FastifyInstance, urls: ApiUrls): void {
  const { ctx } = app;

  app.get<{ Querystring: Query }>(
    "/petitions",
    { schema: { summary: "List petitions", tags: ["Petitions"], querystring: listQuerystring } },
    async (request, reply) => {
      const paging = pagingOf(request.query, reply);
      if (!paging) return reply;
      const filter = filterOf(request.query);
      const page = await ctx.osdi.petitions(callerOf(request).organizationId, paging, filter);
      return hal(
        reply,
        collectionPage(urls, "osdi:petitions", "petitions", page, filter, (p) => petitionResource(urls, p)),
      );
    },
  );

  app.get<{ Params: { id: string } }>(
    "/petitions/:id",
    { schema: { summary: "Get a petition", tags: ["Petitions"], params: idParams("id") } },
    async (request, reply) => {
      const petition = await ctx.osdi.petition(callerOf(request).organizationId, idOf(request.params.id));
      return hal(reply, petitionResource(urls, petition));
    },
  );
}

export function petitionResource(urls: ApiUrls, petition: OsdiPetition) {
  const self = `${urls.api}/petitions/${petition.id}`;
  return {
    identifiers: [osdiIdentifier(petition.id)],
    origin_system: "Juntos",
    created_date: petition.createdAt,
    modified_date: petition.modifiedAt,
    name: petition.title,
    title: petition.title,
    description: renderToString(h(Markdown, { source: petition.description })),
    summary: petition.summary,
    petition_text: petition.petitionText,
    browser_url: urls.site + paths.action("en", petition.slug),
    target: petition.targets.map((name) => ({ name })),
    total_signatures: petition.totalSignatures,
    // Action Network's own way of naming an action's group, which its clients read.
    "action_network:sponsor": { title: petition.sponsor.name },
    // OSDI has one sponsor; the coalition behind an action is ours to name.
    [`${osdiNamespace}:cosponsors`]: petition.cosponsors.map((name) => ({ name })),
    _links: {
      self: { href: self },
      "osdi:signatures": { href: `${self}/signatures` },
      "osdi:record_signature_helper": { href: `${self}/signatures` },
    },
    _embedded: { "osdi:creator": { name: petition.sponsor.name } },
  };
}
