/**
 * The API reference for people, rendered from the OpenAPI document itself: each route's method,
 * path, summary, parameters, body fields and answers. The document's words (summaries, tags,
 * descriptions) are the API's own, in English, and marked so.
 */
import type { ErrorStatus } from "../../http/api/osdi/openapi.ts";
import type { MessageKey } from "../../i18n/catalog.ts";
import type { Translator } from "../../i18n/translator.ts";
import { Layout } from "../layout.tsx";
import { paths } from "../paths.ts";

interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
}

interface Parameter {
  name: string;
  in: "path" | "query";
  required: boolean;
  description?: string;
}

interface Operation {
  summary: string;
  description?: string;
  tags: string[];
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { content: { "application/json": { schema: JsonSchema } } };
  responses: Record<
    string,
    { $ref?: string; description?: string; content?: Record<string, { schema: { $ref?: string } }> }
  >;
}

/** What the page reads of the document (openapi.ts builds it). */
export interface ReferenceDocument {
  servers: { url: string }[];
  tags: { name: string }[];
  paths: Record<string, Record<string, unknown>>;
}

interface Field {
  name: string;
  type: string;
  required: boolean;
  description?: string;
}

/** A body's fields, nested ones by their dotted path (`_links.osdi:person.href`, `target[].name`). */
function fieldsOf(schema: JsonSchema, prefix = ""): Field[] {
  const required = schema.required ?? [];
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
    const path = prefix + name;
    const field = {
      name: path,
      type: typeOf(property),
      required: required.includes(name),
      ...described(property),
    };
    if (property.properties) return [field, ...fieldsOf(property, `${path}.`)];
    if (property.items?.properties) return [field, ...fieldsOf(property.items, `${path}[].`)];
    return [field];
  });
}

function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const named = types.map((type) => (type === "array" && schema.items ? `${typeOf(schema.items)}[]` : type));
  return named.join(" | ") || "any";
}

const described = (schema: { description?: string }) =>
  schema.description ? { description: schema.description } : {};

/** An anchor per operation: `get-petitions-id`. */
const anchorOf = (method: string, path: string) =>
  `${method}${path}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/-$/, "");

export function ApiReferenceView({
  t,
  baseUrl,
  document,
}: {
  t: Translator;
  baseUrl: string;
  document: ReferenceDocument;
}) {
  const server = document.servers[0]?.url ?? "";
  const root = new URL(server).pathname;
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method,
      path,
      operation: operation as Operation,
    })),
  );
  return (
    <Layout t={t} title={t.t("apiReference.title")} path={paths.apiReference(t.locale)} baseUrl={baseUrl}>
      <h1>{t.t("apiReference.title")}</h1>
      <p>{t.t("apiReference.intro", { address: server })}</p>
      <p>{t.t("apiReference.auth")}</p>
      <p>
        {t.t("apiReference.document")}{" "}
        <a href={paths.openApiDocument()}>{t.t("apiReference.documentLink")}</a>
      </p>
      <p class="note">{t.t("apiReference.errorShape")}</p>
      {t.locale === "en" ? null : <p class="note">{t.t("apiReference.englishNote")}</p>}
      {document.tags.map(({ name: tag }) => {
        // Each route is shown once, in the section of its first tag.
        const tagged = operations.filter(({ operation }) => operation.tags[0] === tag);
        if (tagged.length === 0) return null;
        const id = `tag-${anchorOf("", tag)}`;
        return (
          <section aria-labelledby={id}>
            <h2 id={id} lang="en">
              {tag}
            </h2>
            {tagged.map(({ method, path, operation }) => (
              <OperationView t={t} method={method} path={root + path} operation={operation} />
            ))}
          </section>
        );
      })}
    </Layout>
  );
}

function OperationView({
  t,
  method,
  path,
  operation,
}: {
  t: Translator;
  method: string;
  path: string;
  operation: Operation;
}) {
  const anchor = anchorOf(method, path);
  const body = operation.requestBody?.content["application/json"].schema;
  const fields = body ? fieldsOf(body) : [];
  const ok = operation.responses["200"];
  const okRef = ok?.content?.["application/hal+json"]?.schema.$ref;
  const keyless = operation.security?.some((requirement) => Object.keys(requirement as object).length === 0);
  return (
    <section aria-labelledby={anchor}>
      <h3 id={anchor}>
        <code>
          {method.toUpperCase()} {path}
        </code>
      </h3>
      <p lang="en">{operation.summary}</p>
      {operation.description ? <p lang="en">{operation.description}</p> : null}
      {keyless ? <p class="note">{t.t("apiReference.keyless")}</p> : null}
      {operation.parameters && operation.parameters.length > 0 ? (
        <>
          <h4>{t.t("apiReference.parameters")}</h4>
          <ul>
            {operation.parameters.map((parameter) => (
              <li>
                <code>{parameter.name}</code> ({t.t(`apiReference.in.${parameter.in}`)},{" "}
                {t.t(parameter.required ? "apiReference.required" : "apiReference.optional")})
                {parameter.description ? <span lang="en">: {parameter.description}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {fields.length > 0 ? (
        <>
          <h4>{t.t("apiReference.body")}</h4>
          <ul>
            {fields.map((field) => (
              <li>
                <code>{field.name}</code> (<code>{field.type}</code>,{" "}
                {t.t(field.required ? "apiReference.required" : "apiReference.optional")})
                {field.description ? <span lang="en">: {field.description}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h4>{t.t("apiReference.answers")}</h4>
      <ul>
        <li>
          <code>200</code>:{" "}
          {okRef ? (
            t.t(okRef === collectionPageRef ? "apiReference.status.200.list" : "apiReference.status.200")
          ) : (
            <span lang="en">{ok?.description}</span>
          )}
        </li>
        {Object.keys(operation.responses)
          .filter((status) => status !== "200")
          .map((status) => (
            <li>
              <code>{status}</code>: {t.t(errorMessage(status))}
            </li>
          ))}
      </ul>
    </section>
  );
}

const collectionPageRef = "#/components/schemas/CollectionPage";

const errorMessages: Record<ErrorStatus, MessageKey> = {
  400: "apiReference.status.400",
  401: "apiReference.status.401",
  403: "apiReference.status.403",
  404: "apiReference.status.404",
  422: "apiReference.status.422",
  429: "apiReference.status.429",
};

function errorMessage(status: string): MessageKey {
  const message = errorMessages[Number(status) as ErrorStatus];
  if (!message) throw new Error(`No message for the API's status ${status}`);
  return message;
}
