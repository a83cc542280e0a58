import { describe, expect, it } from "vitest";
import { isLoopback, KeyedRateLimit, NetworkRateLimit, networkBlockKey, networkKey } from "./rate-limits.ts";

describe("networkKey", () => {
  it("keys IPv4 by address and IPv6 by its /64 network", () => {
    expect(networkKey("203.0.113.7")).toBe("203.0.113.7");
    expect(networkKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2");
    expect(networkKey("2001:db8:1:2::1")).toBe(networkKey("2001:db8:1:2:ffff::9"));
    expect(networkKey("2001:db8:1:3::1")).not.toBe(networkKey("2001:db8:1:2::1"));
  });

  it("finds the /64 of compressed addresses, whatever the interface id", () => {
    expect(networkKey("2001:db8::1")).toBe("2001:db8:0:0");
    expect(networkKey("2001:db8::1234:5678:9abc:def0")).toBe("2001:db8:0:0");
    expect(networkKey("2001:db8:0:0:ffff::2")).toBe("2001:db8:0:0");
    expect(networkKey("2001:DB8:0001:0002::1")).toBe("2001:db8:1:2");
    expect(networkKey("fe80::1%eth0")).toBe("fe80:0:0:0");
    expect(networkKey("::1")).toBe("0:0:0:0");
    expect(networkKey("64:ff9b::192.0.2.1")).toBe("64:ff9b:0:0");
  });

  it("treats IPv4-mapped IPv6 as the IPv4 address", () => {
    expect(networkKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });
});

describe("isLoopback", () => {
  it.each(["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"])("counts %s as loopback", (ip) => {
    expect(isLoopback(ip)).toBe(true);
  });

  it.each(["10.0.0.1", "128.0.0.1", "::2", "2001:db8::1", "::ffff:10.0.0.1"])("does not count %s", (ip) => {
    expect(isLoopback(ip)).toBe(false);
  });
});

describe("networkBlockKey", () => {
  it("puts IPv4 addresses of one /24 together, and IPv6 by its /64", () => {
    expect(networkBlockKey("203.0.113.7")).toBe("203.0.113/24");
    expect(networkBlockKey("203.0.113.250")).toBe(networkBlockKey("203.0.113.7"));
    expect(networkBlockKey("203.0.114.7")).not.toBe(networkBlockKey("203.0.113.7"));
    expect(networkBlockKey("::ffff:203.0.113.9")).toBe("203.0.113/24");
    expect(networkBlockKey("2001:db8:1:2::1")).toBe("2001:db8:1:2");
    expect(networkBlockKey("2001:db8:1:2:ffff::9")).toBe(networkBlockKey("2001:db8:1:2::1"));
    expect(networkBlockKey("2001:db8:1:3::1")).not.toBe(networkBlockKey("2001:db8:1:2::1"));
  });

  it("never mistakes an IPv6 /64 for an IPv4 /24", () => {
    expect(networkBlockKey("203.0.113.7")).not.toBe(networkBlockKey("203:0:113::7"));
  });
});

describe("KeyedRateLimit", () => {
  it("allows a key its points, then refuses it with the seconds until the window ends", async () => {
    const limit = new KeyedRateLimit({ points: 2, durationSeconds: 60 });
    expect(await limit.consume("rosa@example.org")).toEqual({ allowed: true });
    expect(await limit.consume("rosa@example.org")).toEqual({ allowed: true });
    const third = await limit.consume("rosa@example.org");
    expect(third).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) });
    const { retryAfterSeconds } = third as { retryAfterSeconds: number };
    expect(retryAfterSeconds).toBeGreaterThan(55);
    expect(retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await limit.consume("other@example.org")).toEqual({ allowed: true });
  });
});

describe("NetworkRateLimit", () => {
  it("allows an address its points, then refuses it while other addresses go on", async () => {
    const limit = new NetworkRateLimit({ points: 2, durationSeconds: 60 });
    expect((await limit.consume("203.0.113.7")).allowed).toBe(true);
    expect((await limit.consume("203.0.113.7")).allowed).toBe(true);
    expect((await limit.consume("203.0.113.7")).allowed).toBe(false);
    expect((await limit.consume("203.0.113.8")).allowed).toBe(true);
  });

  it("counts every address of one IPv6 /64 together", async () => {
    const limit = new NetworkRateLimit({ points: 1, durationSeconds: 60 });
    expect((await limit.consume("2001:db8:1:2::1")).allowed).toBe(true);
    expect((await limit.consume("2001:db8:1:2::2")).allowed).toBe(false);
    expect((await limit.consume("2001:db8:1:3::1")).allowed).toBe(true);
  });

  it("also limits the /24 around an address, so walking through its addresses meets a limit", async () => {
    const limit = new NetworkRateLimit(
      { points: 2, durationSeconds: 60 },
      { points: 5, durationSeconds: 60 },
    );
    const answers = [];
    for (let host = 1; host <= 7; host++) answers.push((await limit.consume(`198.51.100.${host}`)).allowed);
    expect(answers).toEqual([true, true, true, true, true, false, false]);
    expect((await limit.consume("198.51.101.1")).allowed).toBe(true);
  });

  it("spares the network's points when the address itself is refused", async () => {
    const limit = new NetworkRateLimit(
      { points: 1, durationSeconds: 60 },
      { points: 2, durationSeconds: 60 },
    );
    expect((await limit.consume("192.0.2.1")).allowed).toBe(true);
    for (let i = 0; i < 5; i++) expect((await limit.consume("192.0.2.1")).allowed).toBe(false);
    // The network spent one point (the first comment), so a neighbour still gets the second.
    expect((await limit.consume("192.0.2.2")).allowed).toBe(true);
    expect((await limit.consume("192.0.2.3")).allowed).toBe(false);
  });
});
