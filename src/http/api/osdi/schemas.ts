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
    /** More than the summary, for the reference, when a route needs it. */
    description?: string;
    /**
     * The 200 answer of a route that is not a HAL resource or collection page, documented only:
     * a Fastify `response` schema would serialize the reply through it.
     */
    documentedReply?: { description: string; contentType: string; schema: object };
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

/*
 * The 200 and error bodies, for the OpenAPI document only: as Fastify `response` schemas they
 * would serialize the replies and drop every field they do not name.
 */

const link = {
  type: "object",
  required: ["href"],
  properties: { href: { type: "string", format: "uri" }, title: { type: "string" } },
} as const;

/** A resource: its fields, `_links` (self first) and `_embedded` resources. */
export const halResourceBody = {
  type: "object",
  description: "A HAL+JSON resource in OSDI's shape; `identifiers` name it as `juntos:<id>`.",
  properties: {
    identifiers: { type: "array", items: { type: "string" } },
    created_date: { type: "string", format: "date-time" },
    modified_date: { type: "string", format: "date-time" },
    _links: {
      type: "object",
      properties: { self: link },
      additionalProperties: { anyOf: [link, { type: "array", items: link }] },
    },
    _embedded: { type: "object" },
  },
} as const;

/** A page of a collection, as collectionPage (hal.ts) builds it. */
export const collectionPageBody = {
  type: "object",
  required: ["total_pages", "per_page", "page", "total_records", "_links", "_embedded"],
  properties: {
    total_pages: { type: "integer", minimum: 0 },
    per_page: { type: "integer", minimum: 1, maximum: 25 },
    page: { type: "integer", minimum: 1 },
    total_records: { type: "integer", minimum: 0 },
    _links: {
      type: "object",
      required: ["self"],
      properties: { self: link, next: link, previous: link },
      description: "Also `osdi:<collection>`: the self link of each record of the page.",
    },
    _embedded: {
      type: "object",
      description: "One key, `osdi:<collection>`: the page's records (empty past the last page).",
      additionalProperties: { type: "array", items: { type: "object" } },
    },
  },
} as const;

/** Every error, in both shapes clients read (sendError in replies.ts). */
export const errorBody = {
  type: "object",
  required: ["error", "osdi:error"],
  properties: {
    error: { type: "string", description: "Action Network's shape: what went wrong." },
    "osdi:error": {
      type: "object",
      description: "OSDI's shape.",
      required: ["request_type", "response_code", "resource_status"],
      properties: {
        request_type: { const: "atomic" },
        response_code: { type: "integer" },
        resource_status: {
          type: "array",
          items: {
            type: "object",
            properties: {
              response_code: { type: "integer" },
              error_descriptions: {
                type: "array",
                items: {
                  type: "object",
                  required: ["error_code", "description"],
                  properties: {
                    error_code: { type: "string", description: "Stable, for programs: `missing_api_key`." },
                    description: { type: "string" },
                    properties: {
                      type: "array",
                      items: { type: "string" },
                      description: "The fields or headers at fault.",
                    },
                    hint: { type: "string", description: "How to fix it, when we know." },
                  },
                },
              },
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

const referrerData = {
  type: "object",
  description: "Where the signer came from; `referrer` may be a co-sponsor's code (its slug).",
  properties: {
    source: { type: "string", description: "A source code: letters, digits, - and _, up to 40." },
    referrer: { type: "string", description: "A referral code; a co-sponsor's is credited to it." },
    website: { type: "string", description: "The referring site (only its host is kept)." },
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

/**
 * Action Network's record_signature_helper body, with its person inline or (its non-helper form,
 * with a key) linked by `_links.osdi:person`. Other properties (`triggers`, `identifiers`,
 * `origin_system`, `action_date`, …) are allowed and not read.
 */
export const signatureHelperBody = {
  type: "object",
  anyOf: [{ required: ["person"] }, { required: ["_links"] }],
  properties: {
    person: {
      type: "object",
      properties: {
        given_name: { type: "string" },
        family_name: { type: "string" },
        email_addresses: {
          type: "array",
          description: "Required: a signature is one per email address and petition.",
          items: {
            type: "object",
            properties: {
              address: { type: "string" },
              primary: { type: "boolean" },
              status: {
                type: "string",
                description:
                  "With a key: consent to the sponsor unless `unsubscribed`. Without one: only when `subscribed`.",
              },
            },
          },
        },
        postal_addresses: {
          ...personBody.properties.postal_addresses,
          description:
            "The primary (else the first) postal code is the signature's; with a key and consent, the whole address goes to the person.",
        },
        phone_numbers: {
          ...personBody.properties.phone_numbers,
          description: "With a key and consent to the sponsor, the person's mobile number (a second key).",
        },
        custom_fields: {
          ...personBody.properties.custom_fields,
          description: "With a key and consent to the sponsor, merged into the person's, key by key.",
        },
        languages_spoken: {
          type: "array",
          items: { type: "string" },
          description: "The first one Juntos speaks (en, es) is the confirmation mail's language.",
        },
      },
    },
    comments: { type: ["string", "null"], description: "Up to 1,000 characters; null clears a stored one." },
    referrer_data: referrerData,
    "action_network:referrer_data": referrerData,
    add_tags: {
      type: "array",
      items: { type: "string" },
      description: "With a key and consent to the sponsor: tag names to add to the person.",
    },
    remove_tags: {
      type: "array",
      items: { type: "string" },
      description: "With a key and consent to the sponsor: tag names to remove from the person.",
    },
    _links: {
      ...personLinkBody.properties._links,
      description: "Instead of `person`, with a key: one of the organization's people, by URL.",
    },
  },
} as const;
