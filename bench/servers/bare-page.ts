/** Baseline: bare Fastify answering a fixed HTML page of PAGE_BYTES bytes (no plugins, no I/O). */
import Fastify from "fastify";

const bytes = Number(process.env.PAGE_BYTES);
if (!Number.isInteger(bytes) || bytes < 100) throw new Error("PAGE_BYTES must be a whole number ≥ 100");
const open = "<!doctype html><html><body><p>";
const close = "</p></body></html>";
const page = open + "x".repeat(bytes - open.length - close.length) + close;

const app = Fastify({ logger: false });
app.get("/healthz", async () => ({ ok: true }));
app.get("/page", (_request, reply) => reply.type("text/html; charset=utf-8").send(page));
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
process.on("SIGTERM", () => app.close().then(() => process.exit(0)));
