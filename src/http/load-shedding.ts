/**
 * Load shedding: past a bound on requests in progress, a request is answered 503 with
 * Retry-After at once, before any work, instead of joining a queue whose every member would wait
 * longer. Memory stays bounded and the requests let in keep their latency.
 *
 * A form a person filled in (a urlencoded POST) is let in up to twice the bound: its route can
 * still answer "busy" with the form and what was typed (the sign form does, when too many
 * signatures wait for the database). Past twice the bound everything is shed.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { overloaded, sendErrorPage } from "./errors.ts";

function carriesTyping(request: FastifyRequest): boolean {
  return (
    request.method === "POST" &&
    (request.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")
  );
}

export function shedLoad(app: FastifyInstance, maxInFlight: number): void {
  if (maxInFlight === 0) return;
  let inFlight = 0;
  app.ctx.operations.metrics.gauge(
    "juntos_http_in_flight_requests",
    "Requests being answered now.",
    async () => [{ value: inFlight }],
  );
  app.addHook("onRequest", async (request, reply) => {
    const bound = carriesTyping(request) ? 2 * maxInFlight : maxInFlight;
    if (inFlight >= bound) return sendErrorPage(request, reply, overloaded);
    inFlight++;
    // "close" comes for every response, finished or cut off, so the count cannot drift.
    reply.raw.once("close", () => {
      inFlight--;
    });
  });
}
