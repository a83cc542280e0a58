/**
 * A cap on the connections one network holds at once, counted on the raw `connection` event so
 * that a client over the cap costs no parsing at all. Networks are IPv4 addresses or IPv6 /64
 * prefixes (one phone rotating its interface id is still one network).
 */
import type { Server } from "node:http";
import { networkKey } from "../modules/abuse/rate-limits.ts";

export function capConnectionsPerNetwork(server: Server, max: number): void {
  if (max <= 0) return;
  const open = new Map<string, number>();
  server.on("connection", (socket) => {
    const key = networkKey(socket.remoteAddress ?? "");
    const count = open.get(key) ?? 0;
    if (count >= max) {
      socket.destroy();
      return;
    }
    open.set(key, count + 1);
    socket.once("close", () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left === 0) open.delete(key);
      else open.set(key, left);
    });
  });
}
