import { describe, expect, it } from "vitest";
import { countBucket } from "./count-bucket.ts";

describe("countBucket", () => {
  it("rounds down to 0, 10, 25, 50 and then 1, 2.5, 5 per power of ten", () => {
    const cases: [number, number][] = [
      [0, 0],
      [1, 0],
      [9, 0],
      [10, 10],
      [24, 10],
      [25, 25],
      [49, 25],
      [50, 50],
      [99, 50],
      [100, 100],
      [249, 100],
      [250, 250],
      [999, 500],
      [1_000, 1_000],
      [2_499, 1_000],
      [2_500, 2_500],
      [9_999, 5_000],
      [10_000, 10_000],
      [31_337, 25_000],
      [1_234_567, 1_000_000],
    ];
    expect(cases.map(([count]) => [count, countBucket(count)])).toEqual(cases);
  });

  it("treats a negative or non-number count as 0", () => {
    expect(countBucket(-5)).toBe(0);
    expect(countBucket(Number.NaN)).toBe(0);
  });
});
