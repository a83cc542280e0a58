/**
 * The OSDI API at /api/v1/, in its own scope: JSON only (no form parsing, no CSRF, no cookies, no
 * locale), answered as HAL+JSON; `OSDI-API-Token` names the organization, 4 requests a second per
 * key; errors in both shapes clients read: Action Network's `error` string and OSDI's `osdi:error`.
 */
import type { FastifyError, FastifyInstance } from "fastify";
import type { ApiCaller } from "../../../modules/api-keys/api-keys.ts";
import { DomainError } from "../../../modules/domain-error.ts";
import { OsdiBadRequestError } from "../../../modules/osdi/osdi.errors.ts";
import { type ApiUrls, entryPoint } from "./hal.ts";
import { petitionRoutes } from "./petitions.ts";
import { hal, problemError, sendError } from "./replies.ts";
import { signatureRoutes } from "./signatures.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The key's organization, set by the API's auth hook. */
    apiCaller: ApiCaller | null;
  }
}

/** What the API says for each domain error it can meet; anything else is a 500, logged. */
const domainStatus: Record<string, { status: number; description: string }> = {
  osdi_not_found: { status: 404, description: "Couldn't find that resource" },
  action_not_found: { status: 404, description: "Couldn't find that petition" },
  action_closed: { status: 409, description: "This petition no longer takes signatures" },
};

class MalformedJsonError extends Error {}

declare module "fastify" {
  interface FastifyContextConfig {
    /** A helper that also takes requests without a key (embeds on partner sites). */
    keyless?: boolean;
  }
}

export async function osdiApi(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const urls: ApiUrls = { site: ctx.config.baseUrl, api: `${ctx.config.baseUrl}/api/v1` };
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
    if (error instanceof DomainError) {
      const known = domainStatus[error.code];
      if (known) return sendError(reply, known.status, { code: error.code, description: known.description });
    }
    const status = "statusCode" in error ? error.statusCode : undefined;
    if (status !== undefined && status >= 400 && status < 500)
      return sendError(reply, status, { code: "bad_request", description: error.message });
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
  petitionRoutes(app, urls);
  signatureRoutes(app, urls);
}
