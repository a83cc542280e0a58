/**
 * Baseline: bare Fastify answering the bytes of PAGE_FILE from memory (no plugins, no I/O). The
 * bench gives it our own page, so the load generator reads the same bytes from both: autocannon
 * decodes every body to a string, and a page of other characters (all ASCII, say) costs it less.
 */
import { readFileSync } from "node:fs";
import Fastify from "fastify";

const file = process.env.PAGE_FILE;
if (!file) throw new Error("PAGE_FILE must name the page to serve");
const page = readFileSync(file);

const app = Fastify({ logger: false });
app.get("/healthz", async () => ({ ok: true }));
app.get("/page", (_request, reply) => reply.type("text/html; charset=utf-8").send(page));
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
process.on("SIGTERM", () => app.close().then(() => process.exit(0)));
