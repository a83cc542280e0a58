/** Builds the Fastify app from a context: plugins first, then route folders. */

import ValidatorSelector from "@fastify/ajv-compiler";
import compress from "@fastify/compress";
import formbody from "@fastify/formbody";
import Fastify, { type FastifyInstance } from "fastify";
import type { AppContext } from "../context.ts";
import { osdiApi } from "./api/osdi/index.ts";
import { ApiReference } from "./api/osdi/openapi.ts";
import { capConnectionsPerNetwork } from "./connection-cap.ts";
import { errorHandler, notFoundHandler } from "./errors.ts";
import { shedLoad } from "./load-shedding.ts";
import { operationsRoutes } from "./operations.ts";
import { organizerPlugin } from "./organizer/index.ts";
import { apiReferencePages } from "./public/api-reference.ts";
import { commentNotificationRoutes } from "./public/comment-notifications.ts";
import { commentProofRoutes } from "./public/comment-proof.ts";
import { commentReportRoutes } from "./public/comment-reports.ts";
import { commenterAuthRoutes } from "./public/commenter-auth.ts";
import { commentRoutes } from "./public/comments.ts";
import { devMailPages } from "./public/dev-mail.ts";
import { geographyRoutes } from "./public/geography.ts";
import { myDataRoutes } from "./public/my-data.ts";
import { publicPages } from "./public/pages.ts";
import { shortLinkRoutes } from "./public/shortlinks.ts";
import { signRoute } from "./public/sign.ts";
import { signOnRoutes } from "./public/signon.ts";
import { updateRoutes, updateUnsubscribeRoutes } from "./public/updates.ts";
import { widgetRoutes } from "./public/widget.ts";
import { securityHeaders } from "./security.ts";

declare module "fastify" {
  interface FastifyInstance {
    ctx: AppContext;
    /** Sent with every answer; errors.ts also uses it for answers given before routing. */
    securityHeaders: Readonly<Record<string, string>>;
  }
}

/**
 * Form bodies and query strings decoded like browsers do: undecodable bytes become U+FFFD, and so
 * does NUL (no one types it, and PostgreSQL text cannot hold it), which validation refuses as
 * unreadable; a repeated key becomes an array (also refused by the form readers).
 */
function parseForm(body: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = Object.create(null);
  for (const [rawKey, rawValue] of new URLSearchParams(body)) {
    const key = rawKey.replaceAll("\0", "\uFFFD");
    const value = rawValue.replaceAll("\0", "\uFFFD");
    const seen = fields[key];
    if (seen === undefined) fields[key] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else fields[key] = [seen, value];
  }
  return fields;
}

/**
 * Path parameters decoded the same way: a NUL (`%00`) becomes U+FFFD, so it names no record
 * instead of reaching PostgreSQL, whose text cannot hold it.
 */
function withoutNul(params: unknown): void {
  if (params === null || typeof params !== "object") return;
  const decoded = params as Record<string, unknown>;
  for (const name in decoded) {
    const value = decoded[name];
    if (typeof value === "string" && value.includes("\0")) decoded[name] = value.replaceAll("\0", "\uFFFD");
  }
}

const apiPrefix = "/api/v1";

/** Forms are small; anything bigger is refused with 413 before it is parsed. */
export const bodyLimitBytes = 32 * 1024;

/**
 * One pool of request validators for every app of this process: a route schema (a module
 * constant) is compiled once, not once per app. Production builds one app; tests build hundreds.
 */
const sharedValidators = ValidatorSelector();

export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    schemaController: { compilersFactory: { buildValidator: sharedValidators } },
    // No logger in Fastify: no per-request log lines (they would hold signers' IP addresses) and no
    // per-request logging machinery (response listeners, timers) on the viral path. Our code logs
    // through ctx.log.
    logger: false,
    bodyLimit: bodyLimitBytes,
    trustProxy: ctx.config.trustProxy,
    routerOptions: { maxParamLength: 200, querystringParser: parseForm },
    // Malformed URLs get our localized error page and security headers, not Fastify's bare JSON.
    frameworkErrors: errorHandler,
    // A client that trickles its request holds a connection: the whole request must arrive in
    // time (else 408), headers sooner; idle keep-alive connections are let go after 5 s.
    requestTimeout: ctx.config.requestTimeoutMs,
    connectionTimeout: 60_000,
    keepAliveTimeout: 5_000,
    http: {
      headersTimeout: Math.min(10_000, ctx.config.requestTimeoutMs),
      // How often Node looks for requests past their time (its default, 30 s, would let them overrun).
      connectionsCheckingInterval: Math.min(1_000, ctx.config.requestTimeoutMs),
    },
  });
  capConnectionsPerNetwork(app.server, ctx.config.maxConnectionsPerNetwork);
  app.decorate("ctx", ctx);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  const https = ctx.config.baseUrl.startsWith("https:");
  const headers = securityHeaders({ https });
  app.decorate("securityHeaders", headers);
  app.addHook("onRequest", (request, reply, done) => {
    reply.headers(headers);
    withoutNul(request.params);
    done();
  });
  shedLoad(app, ctx.config.maxInFlightRequests);
  await app.register(compress, { global: true, threshold: 1024, encodings: ["br", "gzip"] });
  await app.register(formbody, { parser: parseForm });

  shortLinkRoutes(app);
  operationsRoutes(app);
  publicPages(app);
  signRoute(app, widgetRoutes(app));
  signOnRoutes(app);
  geographyRoutes(app);
  myDataRoutes(app);
  commentRoutes(app);
  commentProofRoutes(app);
  commentReportRoutes(app);
  // Its own scope: one-click unsubscribe takes a POST whatever its body's type (RFC 8058).
  await app.register(commentNotificationRoutes);
  updateRoutes(app);
  // Its own scope too: one-click unsubscribe from a sponsor's updates (RFC 8058).
  await app.register(updateUnsubscribeRoutes);
  devMailPages(app);
  const apiReference = new ApiReference(`${ctx.config.baseUrl}${apiPrefix}`);
  apiReferencePages(app, apiReference);
  // Its own scope: the only public routes that read or set cookies (the commenter's and the flow's).
  await app.register(commenterAuthRoutes);
  // The organizer side (account pages, OpenID sign-in, the admin) is one plugin with its own
  // cookies, sessions, CSRF and headers: public pages neither parse nor set a cookie (but for signing
  // in to comment, above).
  await app.register(organizerPlugin);
  // Its own scope: JSON bodies only, API-key auth, no cookies, CSRF or locale.
  await app.register(osdiApi, { prefix: apiPrefix, reference: apiReference });
  return app;
}
