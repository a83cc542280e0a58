/** Sends a Preact page as a complete HTML document, or one of our scripts. */
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";

export function html(vnode: VNode): string {
  return `<!doctype html>${renderToString(vnode)}`;
}

/** Sends a page: a Preact tree, or HTML already rendered (as text, or as UTF-8 bytes). */
export function sendPage(reply: FastifyReply, status: number, page: VNode | string | Buffer): FastifyReply {
  return reply
    .code(status)
    .type("text/html; charset=utf-8")
    .send(typeof page === "string" || Buffer.isBuffer(page) ? page : html(page));
}

/** Serves one of our scripts at `path`: cached for an hour, then revalidated by its ETag. */
export function scriptRoute(
  app: FastifyInstance,
  path: string,
  script: string,
  headers: Record<string, string> = {},
): void {
  const etag = `"${createHash("sha256").update(script).digest("base64url").slice(0, 16)}"`;
  app.get(path, (request, reply) => {
    reply.header("cache-control", "public, max-age=3600").header("etag", etag).headers(headers);
    if (request.headers["if-none-match"] === etag) return reply.code(304).send();
    return reply.type("text/javascript; charset=utf-8").send(script);
  });
}
