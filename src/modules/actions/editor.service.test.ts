import { describe, expect, it } from "vitest";
import { eachTestContext, type TestContext } from "../../../test/support/app.ts";
import { actionForm, createAccount, createOrganization } from "../../../test/support/fixtures.ts";
import { readActionForm, validateActionForm } from "./action-form.ts";
import { ActionClosedError, ActionStepRefusedError } from "./actions.errors.ts";
import type { StatusStep } from "./editor.service.ts";

let ctx: TestContext;
eachTestContext((fresh) => {
  ctx = fresh;
});

function draftOf(overrides: Record<string, string> = {}) {
  const result = validateActionForm(readActionForm(actionForm(overrides)));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.draft;
}

async function organizerAccess() {
  const owner = await createAccount(ctx);
  const org = await createOrganization(ctx, [{ account: owner, role: "owner" }]);
  const access = await ctx.organizations.access({ accountId: owner.id, isPlatformAdmin: false }, org.slug);
  return { owner, org, access };
}

async function lifecycleOf(id: number) {
  return ctx.database.db
    .selectFrom("actions")
    .select(["status", "archived_at"])
    .where("id", "=", id)
    .executeTakeFirst();
}

describe("the editor's lifecycle", () => {
  it("refuses every change to an archived action but restoring it, which returns it where it was", async () => {
    const { access } = await organizerAccess();
    const draft = draftOf();
    const id = await ctx.editor.create(access, draft);
    await ctx.editor.takeStep(access, id, "publish");
    await ctx.editor.takeStep(access, id, "archive");

    for (const step of ["publish", "close", "reopen", "archive", "delete"] as StatusStep[]) {
      await expect(ctx.editor.takeStep(access, id, step), step).rejects.toBeInstanceOf(
        ActionStepRefusedError,
      );
    }
    await expect(
      ctx.editor.update(access, id, {
        ...draft,
        texts: { ...draft.texts, en: { ...draft.texts.en, title: "X" } },
      }),
    ).rejects.toBeInstanceOf(ActionStepRefusedError);
    expect((await ctx.editor.draft(access, id)).texts.en.title).toBe(draft.texts.en.title);
    // Archived while published: shown as closed and signing is refused.
    const page = await ctx.actions.getPublicPage(draft.slug, "en");
    expect(page.archived).toBe(true);
    await expect(
      ctx.signatures.sign(draft.slug, {
        name: "Ana",
        email: "ana@example.org",
        emailCanonical: "ana@example.org",
        postalCode: "94110",
        comment: null,
        consentSponsor: false,
        source: null,
        referrerOrganizationId: null,
        website: null,
        consentReferrer: false,
        locale: "en",
      }),
    ).rejects.toBeInstanceOf(ActionClosedError);
    expect(await ctx.actions.listPublic("en")).toEqual([]);

    await ctx.editor.takeStep(access, id, "unarchive");
    expect(await lifecycleOf(id)).toEqual({ status: "published", archived_at: null });
    expect((await ctx.actions.listPublic("en")).map((a) => a.slug)).toEqual([draft.slug]);
  });

  it("closes, reopens and refuses steps that do not fit the status", async () => {
    const { access } = await organizerAccess();
    const id = await ctx.editor.create(access, draftOf());
    await expect(ctx.editor.takeStep(access, id, "close")).rejects.toBeInstanceOf(ActionStepRefusedError);
    await expect(ctx.editor.takeStep(access, id, "reopen")).rejects.toBeInstanceOf(ActionStepRefusedError);
    await ctx.editor.takeStep(access, id, "publish");
    await expect(ctx.editor.takeStep(access, id, "publish")).rejects.toBeInstanceOf(ActionStepRefusedError);
    await ctx.editor.takeStep(access, id, "close");
    expect((await lifecycleOf(id))?.status).toBe("closed");
    await ctx.editor.takeStep(access, id, "reopen");
    expect((await lifecycleOf(id))?.status).toBe("published");
  });

  it("deletes a draft, never a published action", async () => {
    const { access } = await organizerAccess();
    const draftId = await ctx.editor.create(access, draftOf());
    await ctx.editor.takeStep(access, draftId, "delete");
    expect(await lifecycleOf(draftId)).toBeUndefined();
    const publishedId = await ctx.editor.create(access, draftOf());
    await ctx.editor.takeStep(access, publishedId, "publish");
    await expect(ctx.editor.takeStep(access, publishedId, "delete")).rejects.toBeInstanceOf(
      ActionStepRefusedError,
    );
    expect((await lifecycleOf(publishedId))?.status).toBe("published");
  });

  it("writes every change to the audit log with the title, and nothing for a refused step", async () => {
    const { owner, org, access } = await organizerAccess();
    const draft = draftOf({ title_en: "Fund the center" });
    const id = await ctx.editor.create(access, draft);
    await ctx.editor.update(access, id, draft);
    for (const step of ["publish", "close", "reopen", "archive", "unarchive"] as StatusStep[]) {
      await ctx.editor.takeStep(access, id, step);
    }
    await expect(ctx.editor.takeStep(access, id, "delete")).rejects.toBeInstanceOf(ActionStepRefusedError);
    const other = await ctx.editor.create(access, draftOf({ title_en: "Scrapped" }));
    await ctx.editor.takeStep(access, other, "delete");

    const rows = await ctx.database.db
      .selectFrom("audit_log")
      .select(["account_id", "organization_id", "event", "subject", "detail"])
      .orderBy("id")
      .execute();
    expect(rows.every((row) => row.account_id === owner.id && row.organization_id === org.id)).toBe(true);
    expect(rows.map((row) => [row.event, row.subject, JSON.parse(row.detail)])).toEqual([
      ["action.created", `action:${id}`, { title: "Fund the center", slug: draft.slug }],
      ["action.updated", `action:${id}`, { title: "Fund the center" }],
      ["action.published", `action:${id}`, { title: "Fund the center", from: "draft", to: "published" }],
      [
        "action.closed",
        `action:${id}`,
        { title: "Fund the center", from: "published", to: "closed", outcome: "closed" },
      ],
      ["action.reopened", `action:${id}`, { title: "Fund the center", from: "closed", to: "published" }],
      ["action.archived", `action:${id}`, { title: "Fund the center", from: "published", to: "archived" }],
      ["action.unarchived", `action:${id}`, { title: "Fund the center", from: "archived", to: "published" }],
      ["action.created", `action:${other}`, { title: "Scrapped", slug: expect.any(String) }],
      ["action.deleted", `action:${other}`, { title: "Scrapped", from: "draft", to: "deleted" }],
    ]);
  });
});
