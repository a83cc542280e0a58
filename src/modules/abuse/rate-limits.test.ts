import { describe, expect, it } from "vitest";
import { isLoopback, networkKey, SigningRateLimit } from "./rate-limits.ts";

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

describe("SigningRateLimit", () => {
  it("allows a network its points, then refuses it while other networks go on", async () => {
    const limit = new SigningRateLimit(2, 60);
    expect(await limit.allow("203.0.113.7")).toBe(true);
    expect(await limit.allow("203.0.113.7")).toBe(true);
    expect(await limit.allow("203.0.113.7")).toBe(false);
    expect(await limit.allow("203.0.113.8")).toBe(true);
  });

  it("counts every address of one IPv6 /64 together", async () => {
    const limit = new SigningRateLimit(1, 60);
    expect(await limit.allow("2001:db8:1:2::1")).toBe(true);
    expect(await limit.allow("2001:db8:1:2::2")).toBe(false);
  });
});
