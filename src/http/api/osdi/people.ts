/** People: the key's organization's contacts, its person_signup_helper, and their signatures. */
import type { FastifyInstance } from "fastify";
import { nowIso } from "../../../db/database.ts";
import { type Contact, isPersonProblem, readPersonSignup } from "../../../modules/contacts/contacts.ts";
import { osdiIdentifier } from "../../../modules/osdi/osdi.ts";
import { type ApiUrls, collectionPage } from "./hal.ts";
import { callerOf, filterOf, hal, idOf, pagingOf, type Query, sendError } from "./replies.ts";
import { idParams, listQuerystring, personSignupBody } from "./schemas.ts";
import { signatureResource } from "./signatures.ts";

export function peopleRoutes(app: FastifyInstance, urls: ApiUrls): void {
  const { ctx } = app;

  app.get<{ Querystring: Query }>(
    "/people",
    {
      schema: {
        summary: "List people (filters also on email_address and postal_code, with eq)",
        tags: ["People"],
        querystring: listQuerystring,
      },
    },
    async (request, reply) => {
      const paging = pagingOf(request.query, reply);
      if (!paging) return reply;
      const filter = filterOf(request.query);
      const page = await ctx.osdi.people(callerOf(request).organizationId, paging, filter);
      return hal(
        reply,
        collectionPage(urls, "osdi:people", "people", page, filter, (c) => personResource(urls, c)),
      );
    },
  );

  app.get<{ Params: { id: string } }>(
    "/people/:id",
    { schema: { summary: "Get a person", tags: ["People"], params: idParams("id") } },
    async (request, reply) => {
      const contact = await ctx.contacts.contactById(
        callerOf(request).organizationId,
        idOf(request.params.id),
      );
      return hal(reply, personResource(urls, contact));
    },
  );

  app.post(
    "/people",
    {
      schema: {
        summary: "person_signup_helper: create or update a person (email first, then mobile number)",
        tags: ["People"],
        body: personSignupBody,
      },
    },
    async (request, reply) => {
      const signup = readPersonSignup(request.body);
      if (isPersonProblem(signup))
        return sendError(reply, 422, {
          code: signup.code,
          description: signup.description,
          properties: signup.properties,
        });
      const { contact } = await ctx.contacts.signUp(
        callerOf(request).organizationId,
        signup,
        nowIso(ctx.clock.now()),
      );
      return hal(reply, personResource(urls, contact));
    },
  );

  app.get<{ Params: { id: string }; Querystring: Query }>(
    "/people/:id/signatures",
    {
      schema: {
        summary: "List a person's confirmed signatures on the organization's actions",
        tags: ["People", "Signatures"],
        params: idParams("id"),
        querystring: listQuerystring,
      },
    },
    async (request, reply) => {
      const paging = pagingOf(request.query, reply);
      if (!paging) return reply;
      const filter = filterOf(request.query);
      const personId = idOf(request.params.id);
      const page = await ctx.osdi.personSignatures(
        callerOf(request).organizationId,
        personId,
        paging,
        filter,
      );
      return hal(
        reply,
        collectionPage(urls, "osdi:signatures", `people/${personId}/signatures`, page, filter, (s) =>
          signatureResource(urls, s.petitionId, s),
        ),
      );
    },
  );
}

/** A contact as Action Network shapes a person: one of each address kind, marked primary. */
export function personResource(urls: ApiUrls, contact: Contact) {
  const self = `${urls.api}/people/${contact.id}`;
  const hasAddress =
    contact.addressLines.length > 0 ||
    [contact.locality, contact.region, contact.postalCode, contact.country].some((field) => field !== "");
  return {
    identifiers: [osdiIdentifier(contact.id)],
    origin_system: "Juntos",
    created_date: contact.createdAt,
    modified_date: contact.updatedAt,
    given_name: contact.givenName,
    family_name: contact.familyName,
    email_addresses:
      contact.email === null ? [] : [{ primary: true, address: contact.email, status: contact.emailStatus }],
    phone_numbers:
      contact.phone === null ? [] : [{ primary: true, number: contact.phone, number_type: "Mobile" }],
    postal_addresses: hasAddress
      ? [
          {
            primary: true,
            address_lines: contact.addressLines,
            locality: contact.locality,
            region: contact.region,
            postal_code: contact.postalCode,
            country: contact.country,
          },
        ]
      : [],
    custom_fields: contact.customFields,
    ...(contact.source === null ? {} : { source: contact.source }),
    _links: {
      self: { href: self },
      "osdi:signatures": { href: `${self}/signatures` },
      "osdi:taggings": { href: `${self}/taggings` },
    },
  };
}
