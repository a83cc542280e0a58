import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../test/support/clock.ts";
import {
  defaultView,
  isDefaultView,
  isOwnComment,
  readDiscussionView,
  replyPlacement,
  signerCommentName,
} from "./comments.ts";
import { VoteRefresh } from "./vote-refresh.ts";

describe("readDiscussionView", () => {
  it("reads the order, the language and the page, and anything else as the default", () => {
    expect(readDiscussionView({})).toEqual(defaultView);
    expect(readDiscussionView({ sort: "helpful", lang: "es", comments: "3" })).toEqual({
      sort: "helpful",
      lang: "es",
      page: 3,
    });
    expect(readDiscussionView({ sort: "loudest", lang: "fr", comments: "x" })).toEqual(defaultView);
    expect(readDiscussionView({ sort: ["newest"], lang: ["en"] })).toEqual(defaultView);
    expect(isDefaultView(readDiscussionView({ sort: "oldest", comments: "1" }))).toBe(true);
    expect(isDefaultView(readDiscussionView({ lang: "en" }))).toBe(false);
  });
});

describe("signerCommentName", () => {
  it("keeps the first word of the name and the city, nothing else", () => {
    expect(signerCommentName("Ana María López", "Oakland")).toBe("Ana, Oakland");
    expect(signerCommentName("  José   Pérez ", null)).toBe("José");
    // Direction overrides would make the name read as something else; long ones are cut.
    expect(signerCommentName("Ana\u202e Evil", "Reno")).toBe("Ana, Reno");
    expect(signerCommentName("A".repeat(100), "City").length).toBeLessThanOrEqual(100);
  });
});

describe("isOwnComment", () => {
  const guest = { accountId: null, emailCanonical: "rosaparks@gmail.com" };
  it("knows a reader's own comment by their account or their email", () => {
    expect(
      isOwnComment(
        { accountId: 7, emailCanonical: "x@example.org" },
        { provider: "juntos", subject: "7", email: null },
      ),
    ).toBe(true);
    expect(
      isOwnComment(guest, { provider: "wordpress", subject: "7", email: "Rosa.Parks+x@gmail.com" }),
    ).toBe(true);
    expect(isOwnComment(guest, { provider: "wordpress", subject: "7", email: null })).toBe(false);
    // Subject 7 at another provider is another person than Juntos account 7.
    expect(
      isOwnComment(
        { accountId: 7, emailCanonical: "x@example.org" },
        { provider: "wordpress", subject: "7", email: "y@example.org" },
      ),
    ).toBe(false);
  });
});

describe("replyPlacement", () => {
  it("attaches a reply to the third level beside it, so it must say whom it answers", () => {
    expect(replyPlacement({ id: 9, parentId: 5, rootId: 1, depth: 2 })).toEqual({
      parentId: 5,
      rootId: 1,
      depth: 2,
    });
    expect(replyPlacement({ id: 5, parentId: 1, rootId: 1, depth: 1 })).toEqual({
      parentId: 5,
      rootId: 1,
      depth: 2,
    });
  });
});

describe("VoteRefresh", () => {
  const silent = { warn: () => {} };

  it("moves a page with the first vote, then once at the end of the window for the ones within it", async () => {
    const clock = new ManualClock();
    const moved: number[] = [];
    const refresh = new VoteRefresh(async (id) => void moved.push(id), clock, silent, 10_000);
    expect(refresh.movesNow(1)).toBe(true);
    expect(refresh.movesNow(1)).toBe(false);
    expect(refresh.movesNow(1)).toBe(false);
    // Another action has a window of its own.
    expect(refresh.movesNow(2)).toBe(true);
    await refresh.flush();
    expect(moved).toEqual([1]);
    await refresh.flush();
    expect(moved).toEqual([1]);
    clock.advance(9_999);
    expect(refresh.movesNow(1)).toBe(false);
    clock.advance(10_000);
    // A move is still due: the vote waits for it instead of moving the page twice.
    expect(refresh.movesNow(1)).toBe(false);
    await refresh.flush();
    expect(moved).toEqual([1, 1]);
    clock.advance(10_000);
    expect(refresh.movesNow(1)).toBe(true);
  });

  it("makes a due move by itself when the window ends", async () => {
    const moved: number[] = [];
    const refresh = new VoteRefresh(async (id) => void moved.push(id), new ManualClock(), silent, 20);
    refresh.movesNow(3);
    refresh.movesNow(3);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(moved).toEqual([3]);
  });

  it("keeps going when a move fails", async () => {
    const warnings: unknown[] = [];
    const refresh = new VoteRefresh(
      async () => {
        throw new Error("database away");
      },
      new ManualClock(),
      { warn: (detail: unknown) => void warnings.push(detail) },
    );
    refresh.movesNow(4);
    refresh.movesNow(4);
    await refresh.flush();
    expect(warnings).toHaveLength(1);
  });
});
