/**
 * Load shedding on a real server on loopback: past MAX_IN_FLIGHT_REQUESTS a request is answered
 * 503 with Retry-After and a page at once; a filled-in form is let in up to twice the bound; and
 * a signature that finds too many others waiting for the database gets its form back, as typed.
 */
import type { AddressInfo } from "node:net";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { agedFormToken, createTestApp, type TestApp } from "../support/app.ts";
import { insertActionRows } from "../support/fixtures.ts";

let t: TestApp | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await t?.close();
  t = undefined;
});

async function listen(env: Record<string, string>): Promise<string> {
  t = await createTestApp(env);
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}

/** A request whose headers arrived and whose body never does: it stays in progress. */
async function holdRequest(origin: string, formPost: boolean): Promise<void> {
  const { port } = new URL(origin);
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s = connect(Number(port), "127.0.0.1", () => resolve(s));
    s.on("error", reject);
  });
  sockets.push(socket);
  const type = formPost ? "application/x-www-form-urlencoded" : "application/json";
  socket.write(
    `POST /en/a/held/sign HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\nContent-Length: 100\r\n\r\n`,
  );
  // The server counts it once it has read the headers.
  await new Promise((resolve) => setTimeout(resolve, 50));
}

describe("past the bound on requests in progress", () => {
  it("answers 503 with Retry-After and a readable page at once, and recovers when they end", async () => {
    const origin = await listen({ MAX_IN_FLIGHT_REQUESTS: "2" });
    await holdRequest(origin, false);
    await holdRequest(origin, false);

    const shed = await fetch(`${origin}/es/`);
    expect(shed.status).toBe(503);
    expect(shed.headers.get("retry-after")).toBe("5");
    const page = await shed.text();
    expect(page).toContain("Mucha actividad en este momento");
    expect(page).toContain('lang="es"');

    // A form someone filled in still gets to its route, up to twice the bound.
    const form = await fetch(`${origin}/en/a/no-such-action/sign`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "name=Ana",
    });
    expect(form.status).toBe(404);

    for (const socket of sockets.splice(0)) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await fetch(`${origin}/es/`)).status).toBe(200);
  });

  it("sheds forms too past twice the bound", async () => {
    const origin = await listen({ MAX_IN_FLIGHT_REQUESTS: "1" });
    await holdRequest(origin, true);
    await holdRequest(origin, true);
    const form = await fetch(`${origin}/en/a/no-such-action/sign`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "name=Ana",
    });
    expect(form.status).toBe(503);
    expect(form.headers.get("retry-after")).toBe("5");
  });
});

describe("a signature when too many wait for the database", () => {
  it("gets the form back with 503, Retry-After and what was typed, and nothing is stored", async () => {
    t = await createTestApp({ MAX_QUEUED_SIGNATURES: "1" });
    const app = t;
    const action = await insertActionRows(app.ctx.database.db);
    // The page read now keeps the action in memory, so the refused signing needs no database read.
    expect((await app.app.inject(`/en/a/${action.slug}`)).statusCode).toBe(200);

    // Writes that cannot finish yet fill every commit slot (one on SQLite, four on PostgreSQL),
    // each its own batch, and one more waits behind them.
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const blockers: Promise<void>[] = [];
    for (let i = 0; i < 10 && !app.ctx.committer.overloaded; i++) {
      blockers.push(app.ctx.committer.run(() => gate));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const overloaded = app.ctx.committer.overloaded;
    const response = await app.app
      .inject({
        method: "POST",
        url: `/en/a/${action.slug}/sign`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({
          ts: agedFormToken(app.ctx),
          name: "Rosa Parks",
          email: "rosa@example.org",
          postal_code: "94110",
        }).toString(),
      })
      .finally(open);
    await Promise.all(blockers);
    expect(overloaded).toBe(true);

    expect(response.statusCode).toBe(503);
    expect(response.headers["retry-after"]).toBe("5");
    expect(response.body).toContain("So many people are signing right now");
    expect(response.body).toContain('value="Rosa Parks"');
    expect(response.body).toContain('value="rosa@example.org"');
    const stored = await app.ctx.database.db.selectFrom("signatures").select("id").execute();
    expect(stored).toEqual([]);
  });
});
