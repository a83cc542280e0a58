import { describe, expect, it } from "vitest";
import { eachTestContext, type TestContext } from "../../../test/support/app.ts";
import { createAction, createOrganization, insertActionRows } from "../../../test/support/fixtures.ts";
import { backfillPublishedAt } from "./019-comment-moderation.ts";

let ctx: TestContext;
eachTestContext((fresh) => {
  ctx = fresh;
});

describe("migration 019", () => {
  it("dates actions published before it from the audit log, else from their last change; drafts stay undated", async () => {
    const { db } = ctx.database;
    const org = await createOrganization(ctx);
    const published = await createAction(ctx, org);
    const closed = await createAction(ctx, org, { status: "closed" });
    const draft = await createAction(ctx, org, { status: "draft" });
    const loaded = await insertActionRows(db);
    const publishedAt = async (id: number) =>
      (await db.selectFrom("actions").select("published_at").where("id", "=", id).executeTakeFirstOrThrow())
        .published_at;
    const auditDate = async (id: number) =>
      (
        await db
          .selectFrom("audit_log")
          .select("created_at")
          .where("event", "=", "action.published")
          .where("subject", "=", `action:${id}`)
          .executeTakeFirstOrThrow()
      ).created_at;
    // As the rows were before the migration, and the closed one changed since it was published.
    await db.updateTable("actions").set({ published_at: null }).execute();
    await db.updateTable("actions").set({ updated_at: "2031-01-01T00:00:00.000Z" }).execute();

    await backfillPublishedAt(db);

    expect(await publishedAt(published.id)).toBe(await auditDate(published.id));
    expect(await publishedAt(closed.id)).toBe(await auditDate(closed.id));
    expect(await publishedAt(loaded.id)).toBe("2031-01-01T00:00:00.000Z");
    expect(await publishedAt(draft.id)).toBeNull();
  });
});
