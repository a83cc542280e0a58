import { describe, expect, it } from "vitest";
import { splitName } from "./osdi.ts";

describe("splitName", () => {
  it("splits a name into given and family names", () => {
    expect(splitName("Ada María Lovelace")).toEqual({ given_name: "Ada María", family_name: "Lovelace" });
    expect(splitName("Cher")).toEqual({ given_name: "Cher" });
  });
});
