/** Petitions (our petition and letter actions) of the key's organization: read, created, updated. */
import type { FastifyInstance } from "fastify";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import {
  type OsdiPetition,
  osdiIdentifier,
  osdiNamespace,
  type PetitionInput,
} from "../../../modules/osdi/osdi.ts";
import { Markdown } from "../../../views/markdown.tsx";
import { paths } from "../../../views/paths.ts";
import { type ApiUrls, collectionPage } from "./hal.ts";
import { organizationHref } from "./organizations.ts";
import { callerOf, filterOf, hal, idOf, pagingOf, type Query } from "./replies.ts";
import { idParams, listQuerystring, petitionBody } from "./schemas.ts";

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

  // 200 with the petition, as Action Network answers a create (scripts written for it check for 200).
  app.post<{ Body: PetitionInput }>(
    "/petitions",
    { schema: { summary: "Create a petition", tags: ["Petitions"], body: petitionBody } },
    async (request, reply) => {
      const petition = await ctx.osdi.createPetition(callerOf(request), request.body);
      return hal(reply, petitionResource(urls, petition));
    },
  );

  app.put<{ Params: { id: string }; Body: PetitionInput }>(
    "/petitions/:id",
    {
      schema: {
        summary: "Update a petition",
        tags: ["Petitions"],
        params: idParams("id"),
        body: petitionBody,
      },
    },
    async (request, reply) => {
      const petition = await ctx.osdi.updatePetition(
        callerOf(request),
        idOf(request.params.id),
        request.body,
      );
      return hal(reply, petitionResource(urls, petition));
    },
  );
}

export function petitionResource(urls: ApiUrls, petition: OsdiPetition) {
  const self = `${urls.api}/petitions/${petition.id}`;
  const sponsor = { href: organizationHref(urls, petition.sponsor.id) };
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
    // A draft has no public page yet.
    ...(petition.status === "draft" ? {} : { browser_url: urls.site + paths.action("en", petition.slug) }),
    target: petition.targets.map((name) => ({ name })),
    total_signatures: petition.totalSignatures,
    [`${osdiNamespace}:status`]: petition.status,
    [`${osdiNamespace}:archived`]: petition.archived,
    [`${osdiNamespace}:slug`]: petition.slug,
    [`${osdiNamespace}:goal`]: petition.goal,
    // Action Network's own way of naming an action's group, which its clients read.
    "action_network:sponsor": { title: petition.sponsor.name },
    // OSDI has one sponsor; the coalition behind an action is ours to name. Organizations that
    // signed on without an account have no resource of their own.
    [`${osdiNamespace}:cosponsors`]: petition.cosponsors.map((cosponsor) => ({
      organization: cosponsor.name,
      ...(cosponsor.website ? { site_url: cosponsor.website } : {}),
      ...(cosponsor.organizationId === null
        ? {}
        : { _links: { self: { href: organizationHref(urls, cosponsor.organizationId) } } }),
    })),
    _links: {
      self: { href: self },
      "osdi:signatures": { href: `${self}/signatures` },
      "osdi:record_signature_helper": { href: `${self}/signatures` },
      "osdi:creator": sponsor,
      "osdi:sponsor": sponsor,
    },
    _embedded: { "osdi:creator": { name: petition.sponsor.name } },
  };
}
