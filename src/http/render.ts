/** Sends a Preact page as a complete HTML document. */
import type { FastifyReply } from "fastify";
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";

export function html(vnode: VNode): string {
  return `<!doctype html>${renderToString(vnode)}`;
}

export function sendPage(reply: FastifyReply, status: number, vnode: VNode | string): FastifyReply {
  return reply
    .code(status)
    .type("text/html; charset=utf-8")
    .send(typeof vnode === "string" ? vnode : html(vnode));
}
