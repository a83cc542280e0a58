import { describe, expect, it } from "vitest";
import { BatchLoader } from "./batch-loader.ts";

describe("BatchLoader", () => {
  it("answers lookups made together with one call, each with its own value", async () => {
    const calls: number[][] = [];
    const loader = new BatchLoader(async (keys: number[]) => {
      calls.push(keys);
      return new Map(keys.filter((key) => key !== 3).map((key) => [key, `row ${key}`]));
    });
    const values = await Promise.all([1, 2, 3, 2].map((key) => loader.load(key)));
    expect(values).toEqual(["row 1", "row 2", undefined, "row 2"]);
    expect(calls).toEqual([[1, 2, 3]]);
    expect(await loader.load(4)).toBe("row 4");
    expect(calls).toEqual([[1, 2, 3], [4]]);
  });

  it("rejects every lookup of a failed call, and the next lookups still work", async () => {
    let fail = true;
    const loader = new BatchLoader(async (keys: string[]) => {
      if (fail) throw new Error("database gone");
      return new Map(keys.map((key) => [key, key.length]));
    });
    const results = await Promise.allSettled([loader.load("a"), loader.load("bb")]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await loader.load("ccc")).toBe(3);
  });
});
