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
 * Action Network's record_signature_helper body. Other properties (`add_tags`, `triggers`,
 * `identifiers`, `origin_system`, `action_date`, …) are allowed and not read.
 */
export const signatureHelperBody = {
  type: "object",
  required: ["person"],
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
          type: "array",
          items: {
            type: "object",
            properties: { postal_code: { type: "string" }, primary: { type: "boolean" } },
          },
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
  },
} as const;
