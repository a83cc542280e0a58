/**
 * Organizations (OSDI 1.2, what `osdi:sponsor` points at): the key's own and those co-sponsoring
 * its actions, with what their public pages show and nothing else.
 */
import type { FastifyInstance } from "fastify";
import { type OsdiOrganization, osdiIdentifier } from "../../../modules/osdi/osdi.ts";
import { paths } from "../../../views/paths.ts";
import { type ApiUrls, collectionPage } from "./hal.ts";
import { callerOf, filterOf, hal, idOf, pagingOf, type Query } from "./replies.ts";
import { idParams, listQuerystring } from "./schemas.ts";

export const organizationHref = (urls: ApiUrls, id: number) => `${urls.api}/organizations/${id}`;

export function organizationRoutes(app: FastifyInstance, urls: ApiUrls): void {
  const { ctx } = app;

  app.get<{ Querystring: Query }>(
    "/organizations",
    {
      schema: {
        summary: "List the key's organization and the organizations co-sponsoring its actions",
        tags: ["Organizations"],
        querystring: listQuerystring,
      },
    },
    async (request, reply) => {
      const paging = pagingOf(request.query, reply);
      if (!paging) return reply;
      const filter = filterOf(request.query);
      const { organizationId } = callerOf(request);
      const page = await ctx.osdi.organizations(organizationId, paging, filter);
      return hal(
        reply,
        collectionPage(urls, "osdi:organizations", "organizations", page, filter, (o) =>
          organizationResource(urls, o, organizationId),
        ),
      );
    },
  );

  app.get<{ Params: { id: string } }>(
    "/organizations/:id",
    { schema: { summary: "Get an organization", tags: ["Organizations"], params: idParams("id") } },
    async (request, reply) => {
      const { organizationId } = callerOf(request);
      const organization = await ctx.osdi.organization(organizationId, idOf(request.params.id));
      return hal(reply, organizationResource(urls, organization, organizationId));
    },
  );
}

/** An organization's public facts; its petitions are linked for the key's own organization only. */
export function organizationResource(
  urls: ApiUrls,
  organization: OsdiOrganization,
  keyOrganizationId: number,
) {
  return {
    identifiers: [osdiIdentifier(organization.id)],
    origin_system: "Juntos",
    created_date: organization.createdAt,
    modified_date: organization.modifiedAt,
    organization: organization.name,
    ...(organization.website ? { site_url: organization.website } : {}),
    ...(organization.logoUpdatedAt
      ? {
          logo_image_url: `${urls.site}${paths.logo(organization.slug)}?v=${encodeURIComponent(organization.logoUpdatedAt)}`,
        }
      : {}),
    description: organization.description,
    _links: {
      self: { href: organizationHref(urls, organization.id) },
      ...(organization.id === keyOrganizationId
        ? { "osdi:petitions": { href: `${urls.api}/petitions` } }
        : {}),
    },
  };
}
