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

const nullableString = { type: ["string", "null"] } as const;

/** An OSDI person as the helpers take it: our fields described, anything else a client sends allowed. */
export const personBody = {
  type: "object",
  additionalProperties: true,
  properties: {
    given_name: nullableString,
    family_name: nullableString,
    source: { type: "string", description: "Acquisition code; only the first one is kept." },
    email_addresses: {
      type: ["array", "null"],
      description: "The primary (else the first) is the person's key.",
      items: {
        type: "object",
        additionalProperties: true,
        properties: {
          primary: { type: "boolean" },
          address: { type: "string" },
          status: { type: "string", enum: ["subscribed", "unsubscribed"] },
        },
      },
    },
    phone_numbers: {
      type: ["array", "null"],
      description: "The primary (else the first) mobile number, digits with the country code: a second key.",
      items: {
        type: "object",
        additionalProperties: true,
        properties: {
          primary: { type: "boolean" },
          number: { description: "Digits, with the country code; spaces and punctuation are dropped." },
          number_type: { type: "string" },
        },
      },
    },
    postal_addresses: {
      type: ["array", "null"],
      description: "The primary (else the first); a field sent as null is cleared, one absent is kept.",
      items: {
        type: "object",
        additionalProperties: true,
        properties: {
          primary: { type: "boolean" },
          address_lines: { type: ["array", "null"], items: { type: "string" } },
          locality: nullableString,
          region: nullableString,
          postal_code: nullableString,
          country: nullableString,
        },
      },
    },
    custom_fields: {
      type: ["object", "null"],
      // Values are left to the route's own check: a coercing union would turn null into "".
      description: "String values, merged key by key; a key sent as null is removed.",
      additionalProperties: true,
    },
  },
} as const;

/** person_signup_helper's body (Action Network's), extra fields allowed. */
export const personSignupBody = {
  type: "object",
  required: ["person"],
  additionalProperties: true,
  properties: {
    person: personBody,
    add_tags: { type: "array", items: { type: "string" }, description: "Tag names to add." },
    remove_tags: { type: "array", items: { type: "string" }, description: "Tag names to remove." },
  },
} as const;

/**
 * A petition as clients write it: POST creates (a draft unless `juntos:status` says otherwise),
 * PUT merges (absent fields stay). Other properties, Action Network's included, are ignored.
 */
export const petitionBody = {
  type: "object",
  properties: {
    title: { type: "string", description: "The public title." },
    name: {
      type: "string",
      description:
        "Action Network's administrative title: we keep one title, so it is used when `title` is absent.",
    },
    description: {
      type: "string",
      description:
        "Markdown (paragraphs, headings, lists, emphasis, links), stored as given: HTML shows as text.",
    },
    summary: {
      type: "string",
      description: "One or two sentences; when a new petition has none, its description's first paragraph.",
    },
    petition_text: { type: "string", description: "The letter delivered to the targets." },
    target: {
      type: "array",
      description: "Every target, in order: a list sent replaces the one stored.",
      items: { type: "object", required: ["name"], properties: { name: { type: "string" } } },
    },
    "juntos:slug": {
      type: "string",
      description: "The petition's link name; a new one without it takes one from its title.",
    },
    "juntos:goal": {
      type: "integer",
      description: "The number of signatures aimed at (1000 for a new one).",
    },
    "juntos:status": {
      type: "string",
      enum: ["draft", "published", "closed"],
      description: "Where the petition stands; changing it takes a key its organization trusts.",
    },
  },
} as const;
