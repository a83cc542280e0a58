import { describe, expect, it } from "vitest";
import { canonicalEmail, isPlausibleEmail } from "./people.ts";

describe("canonicalEmail", () => {
  it("lower-cases and trims every address", () => {
    expect(canonicalEmail("  Rosa.Parks@Example.ORG ")).toBe("rosa.parks@example.org");
  });

  it("drops dots and +tags at Gmail, and treats googlemail.com as gmail.com", () => {
    expect(canonicalEmail("Rosa.Parks+petition@gmail.com")).toBe("rosaparks@gmail.com");
    expect(canonicalEmail("rosaparks@googlemail.com")).toBe("rosaparks@gmail.com");
    expect(canonicalEmail("r.o.s.a@GoogleMail.com")).toBe("rosa@gmail.com");
  });

  it("drops +tags but keeps dots at providers that only ignore tags", () => {
    expect(canonicalEmail("rosa.parks+news@outlook.com")).toBe("rosa.parks@outlook.com");
    expect(canonicalEmail("rosa.parks+x+y@proton.me")).toBe("rosa.parks@proton.me");
  });

  it("keeps dots and +tags at every other domain, where they may be different mailboxes", () => {
    expect(canonicalEmail("rosa.parks+news@example.org")).toBe("rosa.parks+news@example.org");
  });

  it("leaves strings without a local part alone", () => {
    expect(canonicalEmail("@gmail.com")).toBe("@gmail.com");
    expect(canonicalEmail("no-at-sign")).toBe("no-at-sign");
  });
});

describe("isPlausibleEmail", () => {
  it.each([
    "rosa@example.org",
    "rosa.parks+petition@gmail.com",
    "a@b.co",
    "o'brien@sub.example-domain.org",
    "ROSA@EXAMPLE.ORG",
  ])("accepts %s", (email) => {
    expect(isPlausibleEmail(email)).toBe(true);
  });

  it.each([
    ["no @", "rosa.example.org"],
    ["two @", "rosa@parks@example.org"],
    ["a space", "rosa parks@example.org"],
    ["angle brackets", "<rosa>@example.org"],
    ["a quote", 'ro"sa@example.org'],
    ["no dot in the domain", "rosa@localhost"],
    ["a numeric top-level domain", "rosa@example.123"],
    ["a domain label starting with a hyphen", "rosa@-example.org"],
    ["an empty local part", "@example.org"],
    ["a local part over 64 characters", `${"a".repeat(65)}@example.org`],
    ["an address over 254 characters", `${"a".repeat(64)}@${`${"b".repeat(60)}.`.repeat(4)}org`],
    ["a trailing newline", "rosa@example.org\n"],
  ])("refuses an address with %s", (_why, email) => {
    expect(isPlausibleEmail(email)).toBe(false);
  });
});
