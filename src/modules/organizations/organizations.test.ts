import { describe, expect, it } from "vitest";
import { slugCandidates } from "./organizations.ts";

describe("link names for an organization created from its name", () => {
  it("start with its slug, then number it, then make it random", () => {
    const candidates = slugCandidates("Árbol Collective", () => "f00d42");
    expect(candidates.slice(0, 3)).toEqual(["arbol-collective", "arbol-collective-2", "arbol-collective-3"]);
    expect(candidates.at(-1)).toBe("arbol-collective-f00d42");
    expect(new Set(candidates).size).toBe(candidates.length);
  });

  it("fall back to `organization` for names that make no acceptable slug", () => {
    for (const name of ["日本", "AB", "admin", "---"])
      expect(slugCandidates(name, () => "x")[0], name).toBe("organization");
  });

  it("stay within the 60 characters of a slug, numbered too", () => {
    for (const slug of slugCandidates("word ".repeat(40), () => "abcdef")) {
      expect(slug.length).toBeLessThanOrEqual(60);
      expect(slug).toMatch(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])$/);
    }
  });
});
