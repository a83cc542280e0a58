/**
 * Every route a built app registered, read from Fastify's own route tree (printRoutes): a route
 * added anywhere shows up here without a list to keep.
 */
import type { FastifyInstance } from "fastify";

export interface RegisteredRoute {
  method: string;
  /** As Fastify names it: `/en/a/:slug/confirm/:token`. */
  url: string;
}

export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  const found: RegisteredRoute[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split("\n")) {
    const match = /^([│ ├└─]*)(\S.*?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!match) continue;
    const depth = (match[1] as string).length / 4;
    stack.length = depth;
    stack.push(match[2] as string);
    const url = stack.join("");
    for (const method of match[3]?.split(", ") ?? []) found.push({ method, url });
  }
  return found;
}
