/** The organizer's action pages through the real routes: lifecycle, editor, dashboard. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../app.ts";
import {
  actionForm,
  createAccount,
  createAction,
  createOrganization,
  type TestAccount,
  type TestOrganization,
} from "./fixtures.ts";
import { type Browser, signIn } from "./session.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

async function ownerAndOrg(): Promise<{ owner: TestAccount; org: TestOrganization; browser: Browser }> {
  const owner = await createAccount(t.ctx, { name: "Owen Owner" });
  const org = await createOrganization(t.ctx, [{ account: owner, role: "owner" }]);
  return { owner, org, browser: await signIn(t.app, owner.email, owner.password) };
}

async function stored(id: number) {
  return t.ctx.database.db
    .selectFrom("actions")
    .innerJoin("action_texts", "action_texts.action_id", "actions.id")
    .select(["actions.status", "actions.archived_at", "action_texts.title"])
    .where("actions.id", "=", id)
    .where("action_texts.locale", "=", "en")
    .executeTakeFirstOrThrow();
}

describe("an archived action", () => {
  it("is neither reopened nor edited by a hand-made POST: 409 with a clear page, nothing changed", async () => {
    const { org, browser } = await ownerAndOrg();
    const action = await createAction(t.ctx, org);
    const base = `/en/admin/o/${org.slug}/actions/${action.id}`;
    expect((await browser.post(`${base}/status`, { status: "archived" })).statusCode).toBe(303);
    const before = await stored(action.id);

    const reopen = await browser.post(`${base}/status`, { status: "published" });
    expect(reopen.statusCode).toBe(409);
    expect(reopen.body).toContain("That change is not possible now");
    const edit = await browser.post(
      `${base}/edit`,
      actionForm({ slug: action.slug, title_en: "Sneaked in" }),
    );
    expect(edit.statusCode).toBe(409);
    expect(await stored(action.id)).toEqual(before);
    expect((await browser.get(`/en/a/${action.slug}`)).body).toContain("This action is closed");
  });
});
