import { describe, expect, it } from "vitest";
import { readRemembered, rememberCookie, rememberedValue } from "./remembered-details.ts";

describe("remembered details", () => {
  const cookie = (value: string) => `other=1; ${rememberCookie}=${value}`;

  it("come back as they were kept, whatever the characters, with nothing a cookie may not hold", () => {
    const details = {
      name: "José «Pepe» Núñez; 名前",
      email: "pepe@example.org",
      website: "https://a.example/?q=1,2",
    };
    const value = rememberedValue(details);
    expect(value).toMatch(/^[\w%.!~*'()-]+$/);
    expect(readRemembered(cookie(value))).toEqual(details);
    expect(readRemembered({ [rememberCookie]: value })).toEqual(details);
  });

  it("read anything else as untrusted: cut to each field's length, or nothing", () => {
    const long = rememberedValue({ name: "n".repeat(500), email: "e".repeat(500), website: "w".repeat(500) });
    expect(readRemembered(cookie(long))).toEqual({
      name: "n".repeat(100),
      email: "e".repeat(254),
      website: "w".repeat(300),
    });
    const typed = encodeURIComponent(
      JSON.stringify({ name: 42, email: ["a"], website: "https://ok.example" }),
    );
    expect(readRemembered(cookie(typed))).toEqual({ name: "", email: "", website: "https://ok.example" });
    for (const value of ["%E0%A4%A", "null", encodeURIComponent("[1]"), encodeURIComponent("{}"), "x"])
      expect(readRemembered(cookie(value)), value).toBeNull();
    expect(readRemembered(undefined)).toBeNull();
    expect(readRemembered("other=1")).toBeNull();
  });
});
