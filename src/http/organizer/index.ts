/**
 * The one organizer plugin: everything people do signed in (account pages, OpenID sign-in and
 * the admin) runs inside it, so cookies, sessions, CSRF, the organizer stylesheet and
 * `Cache-Control: no-store` exist only here, and public pages neither parse nor set a cookie.
 * What its routes share is in ./shared.ts.
 */
import type { FastifyInstance } from "fastify";
import { oidcRoutes } from "../account/oidc-routes.ts";
import { accountRoutes } from "../account/routes.ts";
import { loadAccount, registerSessionSupport } from "../plugins/session.ts";
import { organizerContentSecurityPolicy } from "../security.ts";
import { adminRoutes } from "./admin/index.ts";

export async function organizerPlugin(app: FastifyInstance): Promise<void> {
  const csp = organizerContentSecurityPolicy({ https: app.ctx.config.baseUrl.startsWith("https:") });
  app.addHook("onRequest", (_request, reply, done) => {
    reply.header("content-security-policy", csp);
    // Organizer pages show personal data and per-person links: no browser or proxy keeps a copy.
    reply.header("cache-control", "no-store");
    done();
  });
  await registerSessionSupport(app);
  app.addHook("preHandler", loadAccount);
  app.addHook("preHandler", (request, reply, done) => {
    if (request.method === "GET" || request.method === "HEAD") return done();
    app.csrfProtection(request, reply, done);
  });
  accountRoutes(app);
  oidcRoutes(app);
  await app.register(adminRoutes);
}
