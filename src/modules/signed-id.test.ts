import { describe, expect, it } from "vitest";
import { readSignedId, signId } from "./signed-id.ts";

const secret = "a-test-secret-that-is-long-enough-for-hmac";

describe("signed ids", () => {
  it("read back the id they sign, for their purpose only", () => {
    const token = signId(secret, "signature-confirm", 42);
    expect(token).toMatch(/^42-[A-Za-z0-9_-]{32}$/);
    expect(readSignedId(secret, "signature-confirm", token)).toBe(42);
    expect(readSignedId(secret, "account-token:magic_link", token)).toBeNull();
    expect(readSignedId("another-secret-of-the-same-sort-and-length", "signature-confirm", token)).toBeNull();
  });

  it("refuse a changed id, a changed mac and malformed tokens", () => {
    const token = signId(secret, "p", 7);
    const mac = token.slice(token.indexOf("-") + 1);
    expect(readSignedId(secret, "p", `8-${mac}`)).toBeNull();
    expect(readSignedId(secret, "p", `7-${mac.slice(0, -1)}${mac.endsWith("A") ? "B" : "A"}`)).toBeNull();
    for (const bad of ["", "7", "7-", `x-${mac}`, `7-${mac}x`, `${"9".repeat(16)}-${mac}`])
      expect(readSignedId(secret, "p", bad), bad).toBeNull();
  });
});
