/**
 * The OSDI API at /api/v1/, in its own scope: JSON only (no form parsing, no CSRF, no cookies, no
 * locale), answered as HAL+JSON; `OSDI-API-Token` names the organization, 4 requests a second per
 * key; errors in both shapes clients read: Action Network's `error` string and OSDI's `osdi:error`.
 */
import type { FastifyError, FastifyInstance } from "fastify";
import { isDatabaseUnavailable } from "../../../db/database.ts";
import { translator } from "../../../i18n/translator.ts";
import type { ApiCaller } from "../../../modules/api-keys/api-keys.ts";
import { DomainError } from "../../../modules/domain-error.ts";
import {
  OsdiBadRequestError,
  OsdiInvalidFieldsError,
  OsdiUnprocessableError,
} from "../../../modules/osdi/osdi.errors.ts";
import { logUnavailable } from "../../errors.ts";
import { type ApiUrls, entryPoint } from "./hal.ts";
import type { ApiReference } from "./openapi.ts";
import { organizationRoutes } from "./organizations.ts";
import { peopleRoutes } from "./people.ts";
import { petitionRoutes } from "./petitions.ts";
import { hal, problemError, sendError, sendErrors } from "./replies.ts";
import { signatureRoutes } from "./signatures.ts";
import { tagRoutes } from "./tags.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The key's organization, set by the API's auth hook. */
    apiCaller: ApiCaller | null;
  }
}

/** What the API says for each domain error it can meet; anything else is a 500, logged. */
const domainStatus: Record<string, { status: number; description: string }> = {
  osdi_not_found: { status: 404, description: "Couldn't find that resource" },
  tag_not_found: { status: 404, description: "Couldn't find that tag" },
  tagging_not_found: { status: 404, description: "Couldn't find that tagging" },
  tag_person_not_found: { status: 404, description: "Couldn't find that person" },
  tag_name_invalid: { status: 422, description: "A tag's name must be 1 to 80 characters of readable text" },
  tag_description_invalid: {
    status: 422,
    description: "A tag's description must be at most 1,000 characters of readable text",
  },
  contact_conflict: {
    status: 409,
    description: "Concurrent writes of this person conflicted; send it again",
  },
  osdi_forbidden: {
    status: 403,
    description: "Only a key its organization trusts may publish, close or reopen a petition",
  },
  action_step_refused: {
    status: 409,
    description:
      "The petition cannot go there from where it stands (an archived one is restored in the admin first)",
  },
  action_not_found: { status: 404, description: "Couldn't find that petition" },
  action_closed: { status: 409, description: "This petition no longer takes signatures" },
  signing_busy: {
    status: 503,
    description: "Too many signatures are being saved right now; send it again shortly",
  },
};

/** A body property as clients name it, from a JSON Schema error: `target[0].name`. */
function schemaProperty(validation: { instancePath: string; params: Record<string, unknown> }): string {
  const segments = validation.instancePath.split("/").filter(Boolean);
  const missing = validation.params.missingProperty;
  if (typeof missing === "string") segments.push(missing);
  return segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

const openApiType = "application/vnd.oai.openapi+json";

class MalformedJsonError extends Error {}

declare module "fastify" {
  interface FastifyContextConfig {
    /** A helper that also takes requests without a key (embeds on partner sites). */
    keyless?: boolean;
  }
}

/** `reference` collects every route of the scope, for the OpenAPI document and the reference page. */
export async function osdiApi(
  app: FastifyInstance,
  { reference }: { reference: ApiReference },
): Promise<void> {
  const { ctx } = app;
  const urls: ApiUrls = { site: ctx.config.baseUrl, api: reference.server };
  reference.collect(app);
  // Built as the app starts, when every route is registered: an undocumented route stops the start.
  app.addHook("onReady", async () => {
    reference.document();
  });
  app.decorateRequest("apiCaller", null);

  // Clients send JSON, some without saying so: every body is read as JSON, whatever its type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => {
    if (body === "") return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new MalformedJsonError(), undefined);
    }
  });

  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (error instanceof MalformedJsonError)
      return sendError(reply, 400, {
        code: "malformed_json",
        description: "The request body is not valid JSON",
      });
    if (error instanceof OsdiBadRequestError) return sendError(reply, 400, problemError(error.problem));
    if (error instanceof OsdiUnprocessableError) return sendError(reply, 422, problemError(error.problem));
    if (error instanceof OsdiInvalidFieldsError) {
      // The API has no visitor's language: its messages are the English ones.
      const english = translator("en");
      return sendErrors(
        reply,
        422,
        error.fields.map((field) => ({
          code: field.key,
          description: `${field.property}: ${english.t(field.key, field.params)}`,
          properties: [field.property],
        })),
      );
    }
    if (error instanceof DomainError) {
      const known = domainStatus[error.code];
      if (known?.status === 503) reply.header("retry-after", "5");
      if (known) return sendError(reply, known.status, { code: error.code, description: known.description });
    }
    const status = "statusCode" in error ? error.statusCode : undefined;
    if ("validation" in error && error.validation)
      return sendError(reply, 400, {
        code: "invalid_request",
        description: error.message,
        properties: error.validation.map(schemaProperty).filter((property) => property !== ""),
      });
    if (status !== undefined && status >= 400 && status < 500)
      return sendError(reply, status, { code: "bad_request", description: error.message });
    if (isDatabaseUnavailable(error)) {
      logUnavailable(request, error);
      reply.header("retry-after", "5");
      return sendError(reply, 503, {
        code: "database_unavailable",
        description: "Try again in a few seconds",
      });
    }
    ctx.log.error({ err: error, url: request.url }, "API request failed");
    return sendError(reply, 500, { code: "server_error", description: "Something went wrong on our side" });
  });
  app.setNotFoundHandler((_request, reply) =>
    sendError(reply, 404, { code: "not_found", description: "No such resource" }),
  );

  // Header only, as Action Network takes it: a key in the query string ends up in logs and histories.
  app.addHook("onRequest", async (request, reply) => {
    const token = request.headers["osdi-api-token"];
    const keyless = typeof token !== "string" || token === "";
    if (keyless && request.routeOptions.config.keyless) return;
    if (keyless)
      return sendError(reply, 401, {
        code: "missing_api_key",
        description: "Send your API key in the OSDI-API-Token header",
        properties: ["OSDI-API-Token"],
      });
    const found = await ctx.apiKeys.authenticate(token as string);
    if (found.status === "unknown")
      return sendError(reply, 401, { code: "invalid_api_key", description: "This API key is not valid" });
    if (found.status === "revoked")
      return sendError(reply, 403, { code: "revoked_api_key", description: "This API key was revoked" });
    const verdict = await ctx.apiRateLimit.consume(String(found.caller.keyId));
    if (!verdict.allowed) {
      reply.header("retry-after", String(verdict.retryAfterSeconds));
      return sendError(reply, 429, {
        code: "rate_limited",
        description: "Too many requests: at most 4 a second per key",
        hint: `Retry after ${verdict.retryAfterSeconds} s`,
      });
    }
    request.apiCaller = found.caller;
  });

  app.get("/", { schema: { summary: "The entry point", tags: ["Entry point"] } }, (_request, reply) =>
    hal(reply, entryPoint(urls)),
  );
  // Public documentation, as the reference page built from it; API tools read it from their own origin.
  app.get(
    "/openapi.json",
    {
      config: { keyless: true },
      schema: {
        summary: "This API's OpenAPI 3.1 document",
        tags: ["Entry point"],
        documentedReply: {
          description: "The OpenAPI 3.1 document the reference page is built from",
          contentType: openApiType,
          schema: { type: "object", required: ["openapi", "paths"] },
        },
      },
    },
    (_request, reply) =>
      reply
        .type(`${openApiType}; charset=utf-8`)
        .header("access-control-allow-origin", "*")
        .send(reference.document()),
  );
  petitionRoutes(app, urls);
  signatureRoutes(app, urls);
  tagRoutes(app, urls);
  peopleRoutes(app, urls);
  organizationRoutes(app, urls);
}
