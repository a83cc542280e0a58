/** Sends a Preact page as a complete HTML document. */
import type { FastifyReply } from "fastify";
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
