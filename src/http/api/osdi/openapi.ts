/**
 * The API's OpenAPI 3.1 document, generated from the routes the API scope registers: their
 * `schema` (the same JSON Schemas Fastify validates requests with) and their `keyless` config.
 * Written here rather than with @fastify/swagger: no dependency, and the 200 bodies are
 * documented without a Fastify `response` schema, which would serialize HAL bodies through it and
 * drop every field the schema does not name.
 */
import { createRequire } from "node:module";
import type { FastifyInstance, FastifySchema, RouteOptions } from "fastify";
import { collectionPageBody, errorBody, halResourceBody } from "./schemas.ts";

/** A route of the API as registered, its path relative to the API's root (`/petitions/{id}`). */
export interface ApiRoute {
  method: string;
  path: string;
  schema: FastifySchema;
  keyless: boolean;
}

type JsonSchema = Record<string, unknown>;

/** Every answer the API gives besides 200, in the shared error shape (the page translates them). */
export const errorStatuses = {
  400: "The request is malformed: a bad parameter, filter or JSON body",
  401: "No API key, or a key that is not valid",
  403: "The API key was revoked",
  404: "No such resource for this key's organization",
  422: "The body is read but its values are refused",
  429: "Too many requests: at most 4 a second per key; see Retry-After",
} as const;
export type ErrorStatus = keyof typeof errorStatuses;

const { version } = createRequire(import.meta.url)("../../../../package.json") as { version: string };

/**
 * The API's routes as its scope registers them (`collect`), and the document built from them once
 * they are all registered (the API builds it as the app gets ready); the JSON route and the
 * reference page both read it.
 */
const unlisted = new Set(["HEAD", "OPTIONS"]);

export class ApiReference {
  readonly routes: ApiRoute[] = [];
  #document: OpenApiDocument | null = null;

  /** `server`: the API's root URL, `https://host/api/v1`. */
  constructor(readonly server: string) {}

  /**
   * Collects the routes registered in `app`'s scope from now on, but HEAD (Fastify adds one for
   * each GET) and OPTIONS (CORS preflights, which browsers send, not clients); the prefix's `/` is
   * one route, however many slashes Fastify registers it with.
   */
  collect(app: FastifyInstance): void {
    app.addHook("onRoute", (route: RouteOptions & { routePath: string }) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const path = openApiPath(route.routePath || "/");
      for (const method of methods.filter((m) => !unlisted.has(m))) {
        if (this.routes.some((r) => r.method === method && r.path === path)) continue;
        this.routes.push({
          method,
          path,
          schema: route.schema ?? {},
          keyless: route.config?.keyless === true,
        });
      }
    });
  }

  document(): OpenApiDocument {
    this.#document ??= openApiDocument(this.routes, this.server);
    return this.#document;
  }
}

/** `/petitions/:id` as OpenAPI writes it: `/petitions/{id}` (a Fastify regex on a param dropped). */
export const openApiPath = (fastifyPath: string) =>
  fastifyPath.replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, "{$1}");

export class UndocumentedRouteError extends Error {}

/** The document; throws for a route without a summary and tags, so none goes undocumented. */
export function openApiDocument(routes: readonly ApiRoute[], server: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  const tags: string[] = [];
  for (const route of routes) {
    const { summary, tags: routeTags } = route.schema;
    if (!summary || !routeTags || routeTags.length === 0)
      throw new UndocumentedRouteError(`${route.method} ${route.path} has no schema summary and tags`);
    for (const tag of routeTags) if (!tags.includes(tag)) tags.push(tag);
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Juntos OSDI API",
      version,
      description:
        "Petitions and letters of the key's organization, their signatures and the people who agreed to hear from it, in OSDI's HAL+JSON shape as Action Network serves it.",
      license: { name: "AGPL-3.0-or-later", identifier: "AGPL-3.0-or-later" },
    },
    servers: [{ url: server }],
    tags: tags.map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: "apiKey",
          in: "header",
          name: "OSDI-API-Token",
          description: "The organization's API key, made in its admin.",
        },
      },
      schemas: { Error: errorBody, CollectionPage: collectionPageBody, HalResource: halResourceBody },
      responses: Object.fromEntries(
        Object.entries(errorStatuses).map(([status, description]) => [
          `Error${status}`,
          {
            description,
            content: { "application/hal+json": { schema: { $ref: "#/components/schemas/Error" } } },
          },
        ]),
      ),
    },
    // A key is always read when sent; keyless routes also answer without one.
    security: [{ apiKey: [] }],
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;

function operation(route: ApiRoute) {
  const { schema } = route;
  const parameters = [
    ...parametersOf(schema.params as JsonSchema | undefined, "path"),
    ...parametersOf(schema.querystring as JsonSchema | undefined, "query"),
  ];
  const isList = parameters.some((p) => p.in === "query" && p.name === "per_page");
  const ok = schema.documentedReply ?? {
    description: isList ? "A page of the collection" : "The resource",
    contentType: "application/hal+json",
    schema: { $ref: `#/components/schemas/${isList ? "CollectionPage" : "HalResource"}` },
  };
  const statuses: ErrorStatus[] = [
    ...(parameters.length > 0 || schema.body ? [400 as const] : []),
    401,
    403,
    ...(schema.params ? [404 as const] : []),
    ...(schema.body ? [422 as const] : []),
    429,
  ];
  return {
    summary: schema.summary,
    ...(schema.description ? { description: schema.description } : {}),
    tags: schema.tags,
    ...(route.keyless ? { security: [{}, { apiKey: [] }] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(schema.body
      ? { requestBody: { required: true, content: { "application/json": { schema: schema.body } } } }
      : {}),
    responses: {
      200: {
        description: ok.description,
        content: { [ok.contentType]: { schema: ok.schema } },
      },
      ...Object.fromEntries(
        statuses.map((status) => [status, { $ref: `#/components/responses/Error${status}` }]),
      ),
    },
  };
}

function parametersOf(schema: JsonSchema | undefined, location: "path" | "query") {
  if (!schema) return [];
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? []) as readonly string[];
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === "path" || required.includes(name),
    ...(typeof property.description === "string" ? { description: property.description } : {}),
    schema: property,
  }));
}
