/**
 * The operator's endpoints: /healthz (the process answers), /readyz (it can serve: database
 * reachable, outbox not lagging; 503 otherwise, for the load balancer), /metrics (Prometheus text,
 * only with METRICS_TOKEN set and sent as a bearer token). None of them is cached or localized.
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";

function bearerMatches(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization;
  if (typeof header !== "string" || !header.startsWith("Bearer ")) return false;
  const given = Buffer.from(header.slice("Bearer ".length));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function operationsRoutes(app: FastifyInstance): void {
  const { operations, config } = app.ctx;
  // Every answer is counted under its route's pattern (never its path: no ids or slugs as labels).
  app.addHook("onResponse", (request, reply, done) => {
    operations.recordRequest(
      request.method,
      request.routeOptions.url ?? "unmatched",
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });

  app.get("/healthz", async (_request, reply) => {
    reply.header("cache-control", "no-store");
    return { ok: true };
  });

  app.get("/readyz", async (_request, reply) => {
    const readiness = await operations.readiness();
    reply.header("cache-control", "no-store");
    if (!readiness.ready) reply.code(503).header("retry-after", "5");
    return readiness;
  });

  app.get("/metrics", async (request, reply) => {
    const token = config.metricsToken;
    if (token === null) return reply.callNotFound();
    if (!bearerMatches(request, token)) {
      return reply
        .code(401)
        .header("www-authenticate", 'Bearer realm="metrics"')
        .send({ error: "unauthorized" });
    }
    reply.header("cache-control", "no-store").type("text/plain; version=0.0.4; charset=utf-8");
    return operations.render();
  });
}
