import { describe, expect, it } from "vitest";
import { type KeysetSource, PageStarts, readWindow } from "./keyset.ts";

/** A list of ids in order, read the way repositories read theirs, counting the boundary walks. */
function listOf(ids: number[]) {
  const walks: number[] = [];
  const source: KeysetSource<{ id: number }> = {
    count: async () => ids.length,
    boundary: async (skip) => {
      walks.push(skip);
      return ids[skip - 1] ?? null;
    },
    seek: async (afterId, limit) =>
      ids
        .filter((id) => id > afterId)
        .slice(0, limit)
        .map((id) => ({ id })),
  };
  return { source, walks };
}

describe("readWindow", () => {
  it("seeks from a cursor, or from the boundary after skip, and is empty past the end", async () => {
    const { source, walks } = listOf([2, 4, 6, 8, 10]);
    expect(await readWindow({ afterId: null, skip: 0, limit: 2 }, source)).toEqual({
      total: 5,
      rows: [{ id: 2 }, { id: 4 }],
    });
    expect((await readWindow({ afterId: 4, skip: 2, limit: 2 }, source)).rows).toEqual([
      { id: 6 },
      { id: 8 },
    ]);
    expect(walks).toEqual([]);
    expect((await readWindow({ afterId: null, skip: 4, limit: 2 }, source)).rows).toEqual([{ id: 10 }]);
    expect(walks).toEqual([4]);
    expect((await readWindow({ afterId: null, skip: 6, limit: 2 }, source)).rows).toEqual([]);
  });
});

describe("PageStarts", () => {
  it("knows where a served page and the one after it begin, for the list's total then", () => {
    const starts = new PageStarts();
    starts.remember("list", 2, 5, [{ id: 6 }, { id: 8 }], 2);
    expect(starts.find("list", 2)).toMatchObject({ total: 5, afterId: 5 });
    expect(starts.find("list", 4)).toMatchObject({ total: 5, afterId: 8 });
    expect(starts.find("list", 6)).toBeUndefined();
    expect(starts.find("other", 2)).toBeUndefined();
    // A short page is the last: nothing follows it.
    starts.remember("list", 4, 5, [{ id: 10 }], 2);
    expect(starts.find("list", 6)).toBeUndefined();
  });

  it("forgets after its time and past its size, the least recently written first", () => {
    let now = 0;
    const starts = new PageStarts({ maxEntries: 2, ttlMs: 1000, now: () => now });
    starts.remember("a", 0, 9, [{ id: 1 }], 5);
    starts.remember("b", 0, 9, [{ id: 1 }], 5);
    starts.remember("c", 0, 9, [{ id: 1 }], 5);
    expect(starts.find("a", 0)).toBeUndefined();
    expect(starts.find("b", 0)).toBeDefined();
    now = 1001;
    expect(starts.find("c", 0)).toBeUndefined();
  });
});
