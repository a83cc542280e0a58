/**
 * JSON Schemas the API's routes validate requests with; the OpenAPI document is generated from
 * the same route schemas. Query values stay strings here: the OSDI rules (readPaging,
 * parseFilter) answer a bad value with a message that says how to fix it.
 */

declare module "fastify" {
  interface FastifySchema {
    /** One line for the reference: what the route does. */
    summary?: string;
    /** The reference's section for the route. */
    tags?: readonly string[];
  }
}

/** `page`, `per_page`, `filter` (or `$filter`) and our `after` cursor, as every list takes them. */
export const listQuerystring = {
  type: "object",
  properties: {
    page: { type: "string", description: "The page, from 1. Past the last page the list is empty." },
    per_page: { type: "string", description: "Records a page, 1 to 25 (the default)." },
    filter: {
      type: "string",
      description: "OData subset: `<field> eq|gt|lt '<value>'` joined by `and`.",
      examples: ["modified_date gt '2024-01-01'"],
    },
    $filter: { type: "string", description: "The same as `filter`." },
    after: { type: "string", description: "The seek cursor of a `next` link: follow links as given." },
  },
} as const;

/** Path parameters, each a native id (the identifier without `juntos:`). */
export function idParams<Name extends string>(...names: Name[]) {
  return {
    type: "object",
    required: names,
    properties: Object.fromEntries(
      names.map((name) => [name, { type: "string", description: "A native id" }]),
    ),
  } as const;
}

/** A body that names one of the organization's people by link, as Action Network's clients send it. */
export const personLinkBody = {
  type: "object",
  required: ["_links"],
  properties: {
    _links: {
      type: "object",
      required: ["osdi:person"],
      properties: {
        "osdi:person": {
          type: "object",
          required: ["href"],
          properties: {
            href: {
              type: "string",
              description: "The person's URL in this API",
              examples: ["https://juntos.example/api/v1/people/12"],
            },
          },
        },
      },
    },
  },
} as const;
