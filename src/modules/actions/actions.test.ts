import { describe, expect, it } from "vitest";
import { allowedSteps, type Lifecycle, stepLifecycle } from "./actions.ts";

const draft: Lifecycle = { status: "draft", archived: false };
const published: Lifecycle = { status: "published", archived: false };
const closed: Lifecycle = { status: "closed", archived: false };
const archived = (from: Lifecycle): Lifecycle => ({ ...from, archived: true });

describe("the action lifecycle", () => {
  it("publishes a draft, closes it, reopens it", () => {
    expect(stepLifecycle(draft, "publish")).toEqual(published);
    expect(stepLifecycle(published, "close")).toEqual(closed);
    expect(stepLifecycle(closed, "reopen")).toEqual(published);
  });

  it("archives from anywhere and restores to the status the action had", () => {
    for (const from of [draft, published, closed]) {
      const shelved = stepLifecycle(from, "archive");
      expect(shelved).toEqual(archived(from));
      expect(stepLifecycle(shelved as Lifecycle, "unarchive")).toEqual(from);
    }
  });

  it("lets nothing but restoring touch an archived action", () => {
    for (const from of [draft, published, closed]) {
      expect(allowedSteps(archived(from))).toEqual(["unarchive"]);
    }
  });

  it("deletes only drafts", () => {
    expect(stepLifecycle(draft, "delete")).toBe("deleted");
    expect(stepLifecycle(published, "delete")).toBeUndefined();
    expect(stepLifecycle(closed, "delete")).toBeUndefined();
    expect(stepLifecycle(archived(draft), "delete")).toBeUndefined();
  });

  it("offers exactly the steps that lead somewhere", () => {
    expect(allowedSteps(draft)).toEqual(["edit", "publish", "archive", "delete"]);
    expect(allowedSteps(published)).toEqual(["edit", "close", "archive"]);
    expect(allowedSteps(closed)).toEqual(["edit", "reopen", "archive"]);
  });
});
