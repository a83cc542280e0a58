import { describe, expect, it } from "vitest";
import { maxOrigins, parseOrigin, parseOrigins, readStoredOrigins } from "./widgets.ts";

describe("parseOrigin", () => {
  it.each([
    ["https://example.org", "https://example.org"],
    ["https://example.org/", "https://example.org"],
    ["HTTPS://Example.ORG", "https://example.org"],
    ["https://example.org:443", "https://example.org"],
    ["http://example.org:80", "http://example.org"],
    ["http://127.0.0.1:8080", "http://127.0.0.1:8080"],
    ["http://localhost:3000/", "http://localhost:3000"],
    ["https://sub.partner-site.example", "https://sub.partner-site.example"],
    ["https://bücher.example", "https://xn--bcher-kva.example"],
  ])("takes %s as %s", (line, origin) => {
    expect(parseOrigin(line)).toEqual({ ok: true, origin });
  });

  it.each([
    ["https://example.org/page", "path"],
    ["https://example.org/?x=1", "path"],
    ["https://example.org?x=1", "path"],
    ["https://example.org#top", "path"],
    ["https://example.org//", "path"],
    ["https://evil.example\\@example.org", "path"],
    ["javascript:alert(1)", "scheme"],
    ["data:text/html,<p>", "scheme"],
    ["ftp://example.org", "scheme"],
    ["example.org", "scheme"],
    ["//example.org", "scheme"],
    ["*", "wildcard"],
    ["https://*.example.org", "wildcard"],
    ["https://example.org 'unsafe-inline'", "space"],
    ["https://a.example\thttps://b.example", "space"],
    ["https://user:pass@example.org", "credentials"],
    ["https://example.org@evil.example", "credentials"],
    ["https:example.org", "invalid"],
    ["https://", "invalid"],
    ["https://example.org:99999", "invalid"],
    ["https://example.org;script-src", "invalid"],
    ["https://exa'mple.org", "invalid"],
    ["https://[::1]:8080", "invalid"],
    ["https://example.org.", "invalid"],
    [`https://${"a".repeat(300)}.example`, "tooLong"],
  ])("refuses %s (%s)", (line, problem) => {
    expect(parseOrigin(line)).toEqual({ ok: false, problem });
  });
});

describe("parseOrigins", () => {
  it("reads one origin a line, skipping blank lines and repeats", () => {
    expect(parseOrigins("https://a.example\r\n\n  https://B.example/  \nhttps://a.example:443\n")).toEqual({
      ok: true,
      origins: ["https://a.example", "https://b.example"],
    });
    expect(parseOrigins("")).toEqual({ ok: true, origins: [] });
  });

  it("names the first bad line and what is wrong with it", () => {
    expect(parseOrigins("https://a.example\n\nhttps://b.example/x\njavascript:1")).toEqual({
      ok: false,
      errors: { origins: { key: "widgets.origins.path", params: { line: 3, max: 270 } } },
    });
  });

  it(`takes at most ${maxOrigins} origins, and refuses a huge paste before splitting it`, () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `https://s${i}.example`).join("\n");
    expect(parseOrigins(many(maxOrigins)).ok).toBe(true);
    expect(parseOrigins(many(maxOrigins + 1))).toEqual({
      ok: false,
      errors: { origins: { key: "widgets.origins.tooMany", params: { max: maxOrigins } } },
    });
    expect(parseOrigins("https://a.example\n".repeat(100_000))).toEqual({
      ok: false,
      errors: { origins: { key: "widgets.origins.tooMany", params: { max: maxOrigins } } },
    });
  });
});

describe("readStoredOrigins", () => {
  it("lets only exact origins out of the column", () => {
    expect(readStoredOrigins("https://a.example\nhttps://b.example; script-src *\n\n")).toEqual([
      "https://a.example",
    ]);
    expect(readStoredOrigins(undefined)).toEqual([]);
  });
});
