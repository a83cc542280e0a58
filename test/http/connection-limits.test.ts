/**
 * Connection-level limits, on a real server listening on loopback: a request that trickles in
 * is cut off after REQUEST_TIMEOUT_SECONDS, and one network cannot hold more than
 * MAX_CONNECTIONS_PER_NETWORK connections at once.
 */
import { EventEmitter } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { capConnectionsPerNetwork } from "../../src/http/connection-cap.ts";
import { createTestApp, type TestApp } from "../support/app.ts";

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function listen(env: Record<string, string>): Promise<number> {
  t = await createTestApp(env);
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  return (t.app.server.address() as AddressInfo).port;
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
    socket.on("error", reject);
  });
}

/** What the server sent until it closed the connection, and after how many milliseconds. */
function untilClosed(socket: Socket, startedAt: number): Promise<{ text: string; afterMs: number }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", () => {});
    socket.on("close", () =>
      resolve({ text: Buffer.concat(chunks).toString("utf8"), afterMs: Date.now() - startedAt }),
    );
  });
}

/** Sends one keep-alive GET and resolves with the status of its answer. */
function statusOf(socket: Socket, path = "/healthz"): Promise<number> {
  return new Promise((resolve, reject) => {
    let received = "";
    const onData = (chunk: Buffer) => {
      received += chunk.toString("latin1");
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1];
      if (status && received.includes("\r\n\r\n")) {
        socket.off("data", onData);
        resolve(Number(status));
      }
    };
    socket.on("data", onData);
    socket.once("close", () => reject(new Error(`connection closed before an answer (got "${received}")`)));
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`);
  });
}

const trickleHeaders =
  "POST /en/a/some-action/sign HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
  "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 30000\r\n\r\n";

describe("a slow request", () => {
  it("declaring a 30 KB body and trickling it is cut off after the request timeout", async () => {
    const port = await listen({ REQUEST_TIMEOUT_SECONDS: "1" });
    const socket = await open(port);
    const startedAt = Date.now();
    const closed = untilClosed(socket, startedAt);
    socket.write(trickleHeaders);
    const trickle = setInterval(() => socket.writable && socket.write("a"), 100);
    const outcome = await Promise.race([
      closed,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 6_000)),
    ]);
    clearInterval(trickle);
    socket.destroy();
    expect(outcome, "the connection was still open after 6 s").not.toBeNull();
    expect(outcome!.afterMs).toBeLessThan(3_500);
    if (outcome!.text) expect(outcome!.text).toMatch(/^HTTP\/1\.1 408/);
  });

  it("trickling its headers is cut off after the request timeout too", async () => {
    const port = await listen({ REQUEST_TIMEOUT_SECONDS: "1" });
    const socket = await open(port);
    const startedAt = Date.now();
    const closed = untilClosed(socket, startedAt);
    socket.write("GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    const trickle = setInterval(() => socket.writable && socket.write("X-A: b\r\n"), 100);
    const outcome = await Promise.race([
      closed,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 6_000)),
    ]);
    clearInterval(trickle);
    socket.destroy();
    expect(outcome, "the connection was still open after 6 s").not.toBeNull();
    expect(outcome!.afterMs).toBeLessThan(3_500);
  });
});

describe("connections per network", () => {
  it("refuses the one over the cap from one address while the others are served", async () => {
    const port = await listen({ MAX_CONNECTIONS_PER_NETWORK: "3" });
    const held = [await open(port), await open(port), await open(port)];
    // An answer on each proves the server has counted it.
    for (const socket of held) expect(await statusOf(socket)).toBe(200);

    const extra = await open(port);
    const refused = untilClosed(extra, Date.now());
    extra.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    expect((await refused).text).toBe("");

    for (const socket of held) expect(await statusOf(socket)).toBe(200);

    // A closed connection frees its place.
    const gone = untilClosed(held[0]!, Date.now());
    held[0]!.end();
    await gone;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const next = await open(port);
    expect(await statusOf(next)).toBe(200);
    for (const socket of [...held, next]) socket.destroy();
  });

  it("has no cap with MAX_CONNECTIONS_PER_NETWORK=0", async () => {
    const port = await listen({ MAX_CONNECTIONS_PER_NETWORK: "0" });
    const sockets = await Promise.all(Array.from({ length: 8 }, () => open(port)));
    for (const socket of sockets) expect(await statusOf(socket)).toBe(200);
    for (const socket of sockets) socket.destroy();
  });
});

describe("the network a connection counts against", () => {
  /** A socket as the cap sees it: an address, destroy, and a close event. */
  class FakeSocket extends EventEmitter {
    destroyed = false;
    constructor(readonly remoteAddress: string) {
      super();
    }
    destroy() {
      this.destroyed = true;
    }
  }

  it("is the IPv4 address, or the IPv6 /64, whatever the interface id", () => {
    const server = new EventEmitter();
    capConnectionsPerNetwork(server as unknown as Server, 2);
    const arrive = (address: string) => {
      const socket = new FakeSocket(address);
      server.emit("connection", socket);
      return socket;
    };
    const phone = [arrive("2001:db8:1:2::a"), arrive("2001:db8:1:2:ffff::b")];
    expect(arrive("2001:db8:1:2:1234:5678:9abc:def0").destroyed).toBe(true);
    expect(arrive("2001:db8:1:3::a").destroyed).toBe(false);
    expect([arrive("::ffff:192.0.2.7"), arrive("192.0.2.7")].map((s) => s.destroyed)).toEqual([false, false]);
    expect(arrive("192.0.2.7").destroyed).toBe(true);
    expect(arrive("192.0.2.8").destroyed).toBe(false);
    phone[0]!.emit("close");
    expect(arrive("2001:db8:1:2::c").destroyed).toBe(false);
  });
});
