/**
 * Tags of the key's organization and their taggings (a tag on one of its people), as Action
 * Network serves them: POST /tags answers the tag of that name when there is one, and tagging a
 * person twice answers the tagging already made.
 */
import type { FastifyInstance } from "fastify";
import { osdiIdentifier } from "../../../modules/osdi/osdi.ts";
import type { TaggingRecord, TagRecord } from "../../../modules/tags/tags.ts";
import { type ApiUrls, collectionPage } from "./hal.ts";
import { callerOf, filterOf, hal, idOf, pagingOf, personIdOfHref, type Query, sendError } from "./replies.ts";
import { idParams, listQuerystring, personLinkBody } from "./schemas.ts";

const tagBody = {
  type: "object",
  required: ["name"],
  properties: {
    name: {
      type: "string",
      description: "1 to 80 characters; names are one tag whatever their case.",
      examples: ["volunteer"],
    },
    description: { type: "string", description: "At most 1,000 characters." },
  },
} as const;

export function tagRoutes(app: FastifyInstance, urls: ApiUrls): void {
  const { ctx } = app;

  app.get<{ Querystring: Query }>(
    "/tags",
    { schema: { summary: "List tags", tags: ["Tags"], querystring: listQuerystring } },
    async (request, reply) => {
      const paging = pagingOf(request.query, reply);
      if (!paging) return reply;
      const filter = filterOf(request.query);
      const page = await ctx.tags.tags(callerOf(request).organizationId, paging, filter);
      return hal(
        reply,
        collectionPage(urls, "osdi:tags", "tags", page, filter, (t) => tagResource(urls, t)),
      );
    },
  );

  app.post<{ Body: { name: string; description?: string } }>(
    "/tags",
    {
      schema: {
        summary: "Create a tag, or get the one of that name",
        tags: ["Tags"],
        body: tagBody,
      },
    },
    async (request, reply) => {
      const { tag, created } = await ctx.tags.create(callerOf(request).organizationId, request.body);
      return hal(reply.code(created ? 201 : 200), tagResource(urls, tag));
    },
  );

  app.get<{ Params: { id: string } }>(
    "/tags/:id",
    { schema: { summary: "Get a tag", tags: ["Tags"], params: idParams("id") } },
    async (request, reply) => {
      const tag = await ctx.tags.tag(callerOf(request).organizationId, idOf(request.params.id));
      return hal(reply, tagResource(urls, tag));
    },
  );

  app.get<{ Params: { id: string }; Querystring: Query }>(
    "/tags/:id/taggings",
    {
      schema: {
        summary: "List a tag's taggings",
        tags: ["Tags"],
        params: idParams("id"),
        querystring: listQuerystring,
      },
    },
    async (request, reply) => {
      const paging = pagingOf(request.query, reply);
      if (!paging) return reply;
      const filter = filterOf(request.query);
      const tagId = idOf(request.params.id);
      const page = await ctx.tags.taggings(callerOf(request).organizationId, tagId, paging, filter);
      return hal(
        reply,
        collectionPage(urls, "osdi:taggings", `tags/${tagId}/taggings`, page, filter, (t) =>
          taggingResource(urls, t),
        ),
      );
    },
  );

  app.post<{ Params: { id: string }; Body: { _links: { "osdi:person": { href: string } } } }>(
    "/tags/:id/taggings",
    {
      schema: {
        summary: "Tag a person (again: the tagging already made)",
        tags: ["Tags"],
        params: idParams("id"),
        body: personLinkBody,
      },
    },
    async (request, reply) => {
      const href = request.body._links["osdi:person"].href;
      const personId = personIdOfHref(urls, href);
      if (personId === null)
        return sendError(reply, 422, {
          code: "invalid_person_link",
          description: "The person's link must be a person's URL in this API",
          properties: ["_links.osdi:person.href"],
          hint: `${urls.api}/people/12`,
        });
      const { tagging, created } = await ctx.tags.tagContact(
        callerOf(request).organizationId,
        idOf(request.params.id),
        personId,
      );
      return hal(reply.code(created ? 201 : 200), taggingResource(urls, tagging));
    },
  );

  app.get<{ Params: { id: string; taggingId: string } }>(
    "/tags/:id/taggings/:taggingId",
    { schema: { summary: "Get a tagging", tags: ["Tags"], params: idParams("id", "taggingId") } },
    async (request, reply) => {
      const tagging = await ctx.tags.tagging(
        callerOf(request).organizationId,
        idOf(request.params.id),
        idOf(request.params.taggingId),
      );
      return hal(reply, taggingResource(urls, tagging));
    },
  );

  app.delete<{ Params: { id: string; taggingId: string } }>(
    "/tags/:id/taggings/:taggingId",
    {
      schema: { summary: "Remove a tagging", tags: ["Tags"], params: idParams("id", "taggingId") },
    },
    async (request, reply) => {
      await ctx.tags.untag(
        callerOf(request).organizationId,
        idOf(request.params.id),
        idOf(request.params.taggingId),
      );
      return reply.code(204).send();
    },
  );

  app.get<{ Params: { id: string }; Querystring: Query }>(
    "/people/:id/taggings",
    {
      schema: {
        summary: "List a person's taggings",
        tags: ["Tags"],
        params: idParams("id"),
        querystring: listQuerystring,
      },
    },
    async (request, reply) => {
      const paging = pagingOf(request.query, reply);
      if (!paging) return reply;
      const filter = filterOf(request.query);
      const personId = idOf(request.params.id);
      const page = await ctx.tags.contactTaggings(callerOf(request).organizationId, personId, paging, filter);
      return hal(
        reply,
        collectionPage(urls, "osdi:taggings", `people/${personId}/taggings`, page, filter, (t) =>
          taggingResource(urls, t),
        ),
      );
    },
  );
}

export function tagResource(urls: ApiUrls, tag: TagRecord) {
  const self = `${urls.api}/tags/${tag.id}`;
  return {
    identifiers: [osdiIdentifier(tag.id)],
    origin_system: "Juntos",
    created_date: tag.createdAt,
    modified_date: tag.modifiedAt,
    name: tag.name,
    description: tag.description,
    _links: { self: { href: self }, "osdi:taggings": { href: `${self}/taggings` } },
  };
}

export function taggingResource(urls: ApiUrls, tagging: TaggingRecord) {
  const tag = `${urls.api}/tags/${tagging.tagId}`;
  return {
    identifiers: [osdiIdentifier(tagging.id)],
    item_type: "osdi:person",
    created_date: tagging.createdAt,
    modified_date: tagging.createdAt,
    _links: {
      self: { href: `${tag}/taggings/${tagging.id}` },
      "osdi:tag": { href: tag },
      "osdi:person": { href: `${urls.api}/people/${tagging.contactId}` },
    },
  };
}
