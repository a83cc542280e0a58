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

/** The owner's access as a service sees it, for reading what the routes stored. */
async function access(org: TestOrganization) {
  return t.ctx.organizations.access({ accountId: 0, isPlatformAdmin: true }, org.slug);
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

describe("a translation left empty", () => {
  it("stays empty in the editor and shows the English, as it is now, on the preview and the public page", async () => {
    const { org, browser } = await ownerAndOrg();
    const empty = { title_es: "", summary_es: "", description_es: "", letter_es: "", targets_es: "" };
    const created = await browser.post(`/en/admin/o/${org.slug}/actions/new`, {
      ...actionForm({ title_en: "First English title", ...empty }),
    });
    expect(created.statusCode).toBe(303);
    const base = created.headers.location as string;
    const id = Number(base.split("/").pop());
    const { slug } = await t.ctx.editor.find(await access(org), id);

    const edit = await browser.get(`${base}/edit`);
    expect(edit.body).toMatch(/name="title_es" value(="")?\/>/);
    expect(edit.body).toMatch(/name="summary_es"[^>]*><\/textarea>/);
    const spanishRows = await t.ctx.database.db
      .selectFrom("action_texts")
      .select(["title", "summary", "description", "letter_text"])
      .where("action_id", "=", id)
      .where("locale", "=", "es")
      .executeTakeFirstOrThrow();
    expect(spanishRows).toEqual({ title: "", summary: "", description: "", letter_text: "" });
    expect((await browser.get(`/es/admin/o/${org.slug}/actions/${id}/preview`)).body).toContain(
      "<h1>First English title</h1>",
    );

    const saved = await browser.post(
      `${base}/edit`,
      actionForm({ slug, title_en: "Second English title", ...empty }),
    );
    expect(saved.statusCode).toBe(303);
    expect((await browser.get(`/es/admin/o/${org.slug}/actions/${id}/preview`)).body).toContain(
      "<h1>Second English title</h1>",
    );
    await browser.post(`${base}/status`, { status: "published" });
    const page = (await browser.get(`/es/a/${slug}`)).body;
    expect(page).toContain("<h1>Second English title</h1>");
    expect(page).toContain("Grace Hopper");
    expect((await browser.get("/es/")).body).toContain(">Second English title</a>");
  });
});
