/** Moderating comments in the admin: the queue, single and bulk moves with audit entries, rules, closing. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { agedFormToken, createTestApp, type TestApp } from "../support/app.ts";
import { type Browser, redirectOf, signIn } from "../support/browser-session.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  type TestOrganization,
} from "../support/fixtures.ts";
import { solvedProof } from "../support/proof-of-work.ts";

let t: TestApp;
let owner: Browser;
let viewer: Browser;
let org: TestOrganization;
let action: { id: number; slug: string };
let ownerId: number;

beforeEach(async () => {
  t = await createTestApp();
  const olga = await createAccount(t.ctx, { name: "Olga Owner" });
  const vic = await createAccount(t.ctx, { name: "Vic Viewer" });
  ownerId = olga.id;
  org = await createOrganization(t.ctx, [
    { account: olga, role: "owner" },
    { account: vic, role: "viewer" },
  ]);
  action = await createAction(t.ctx, org);
  owner = await signIn(t.app, olga.email, olga.password);
  viewer = await signIn(t.app, vic.email, vic.password);
});
afterEach(() => t.close());

let address = 0;
async function comment(body: string, email = `c${address}@example.org`): Promise<number> {
  address++;
  const response = await t.app.inject({
    method: "POST",
    url: `/en/a/${action.slug}/comments`,
    remoteAddress: `10.50.0.${address}`,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({
      name: `Person ${address}`,
      email,
      body,
      ts: agedFormToken(t.ctx),
      altcha: await solvedProof(t.ctx),
    }).toString(),
  });
  expect(response.statusCode).toBeLessThan(400);
  const row = await t.ctx.database.db
    .selectFrom("comments")
    .select("id")
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function statuses(): Promise<string[]> {
  const rows = await t.ctx.database.db.selectFrom("comments").select("status").orderBy("id").execute();
  return rows.map((row) => row.status);
}

async function auditEvents(): Promise<{ event: string; account_id: number | null; subject: string }[]> {
  return t.ctx.database.db
    .selectFrom("audit_log")
    .select(["event", "account_id", "subject"])
    .where("organization_id", "=", org.id)
    .where("event", "like", "comment.%")
    .orderBy("id")
    .execute();
}

const queue = (status = "") => `/en/admin/o/${org.slug}/comments${status ? `?status=${status}` : ""}`;
const publicPage = async () => (await t.app.inject(`/en/a/${action.slug}`)).body;

describe("the moderation queue", () => {
  it("lists held comments with their emails for moderators, counts them on the home page, and approves one", async () => {
    const id = await comment("Please publish me.", "queue-person@example.org");
    const home = await owner.get(`/en/admin/o/${org.slug}`);
    expect(home.body).toContain("1 comment waits for review.");
    expect((await viewer.get(`/en/admin/o/${org.slug}`)).body).not.toContain("waits for review");
    const page = await owner.get(queue());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Please publish me.");
    expect(page.body).toContain("queue-person@example.org");
    expect(page.body).toContain("Waiting for review (1)");
    expect((await viewer.get(queue())).statusCode).toBe(403);

    const approved = await owner.post(`/en/admin/o/${org.slug}/comments/moderate`, {
      one: `${id}:approve`,
      status: "pending",
    });
    expect(redirectOf(approved)).toBe(queue());
    expect((await owner.get(queue())).body).toContain("1 comment moved.");
    expect(await statuses()).toEqual(["approved"]);
    expect(await publicPage()).toContain("Please publish me.");
    expect(await auditEvents()).toEqual([
      { event: "comment.approved", account_id: ownerId, subject: `comment:${id}` },
    ]);
    expect((await owner.get(`/en/admin/o/${org.slug}/audit`)).body).toContain("comment.approved");
  });

  it("asks before sending several comments to the trash, then moves them all and takes them off the page", async () => {
    const ids = [await comment("One."), await comment("Two."), await comment("Three.")];
    await t.ctx.comments.moderate(await ownerAccess(), ids, "approve");
    expect(await publicPage()).toContain("Three.");
    const body = `${ids.map((id) => `comment=${id}`).join("&")}&move=trash&status=approved`;
    const asked = await owner.postRaw(`/en/admin/o/${org.slug}/comments/moderate`, body);
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain("Move 3 comments?");
    expect(asked.body).toContain(`name="comment" value="${ids.join(",")}"`);
    expect(await statuses()).toEqual(["approved", "approved", "approved"]);
    const confirmed = await owner.post(`/en/admin/o/${org.slug}/comments/moderate`, {
      comment: ids.join(","),
      move: "trash",
      status: "approved",
      confirm: "yes",
    });
    expect(redirectOf(confirmed)).toBe(queue("approved"));
    expect(await statuses()).toEqual(["trash", "trash", "trash"]);
    const html = await publicPage();
    expect(html).not.toContain("Three.");
    expect(html).toContain("0 comments.");
    expect((await auditEvents()).filter((entry) => entry.event === "comment.trashed")).toHaveLength(3);

    // Restore puts them back in the queue; spam of one needs no question.
    await owner.postRaw(
      `/en/admin/o/${org.slug}/comments/moderate`,
      `comment=${ids[0]}&move=restore&status=trash`,
    );
    await owner.post(`/en/admin/o/${org.slug}/comments/moderate`, { one: `${ids[1]}:spam`, status: "trash" });
    expect(await statuses()).toEqual(["pending", "spam", "trash"]);
  });

  it("does not move another organization's comments", async () => {
    const otherOwner = await createAccount(t.ctx);
    const otherOrg = await createOrganization(t.ctx, [{ account: otherOwner, role: "owner" }]);
    const browser = await signIn(t.app, otherOwner.email, otherOwner.password);
    const id = await comment("Not yours.");
    const response = await browser.post(`/en/admin/o/${otherOrg.slug}/comments/moderate`, {
      one: `${id}:approve`,
    });
    expect(redirectOf(response)).toBe(`/en/admin/o/${otherOrg.slug}/comments`);
    expect(await statuses()).toEqual(["pending"]);
    expect((await browser.get(queue())).statusCode).toBe(404);
  });
});

async function ownerAccess() {
  return t.ctx.organizations.access({ accountId: ownerId, isPlatformAdmin: false }, org.slug);
}

describe("the moderation rules", () => {
  it("are saved per organization, sent back with problems, and audited", async () => {
    const rules = `/en/admin/o/${org.slug}/comments/rules`;
    const form = await owner.get(rules);
    expect(form.body).toContain('name="hold_first" value="yes" checked');
    expect(form.body).toContain('value="2"');
    const bad = await owner.post(rules, { max_links: "lots", spam_words: "", hold_words: "" });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('id="errors"');
    expect(bad.body).toContain("Enter a whole number from 0 to 50.");
    const saved = await owner.post(rules, {
      max_links: "0",
      spam_words: "Lottery\n\nlottery\n",
      hold_words: "",
    });
    expect(redirectOf(saved)).toBe(rules);
    expect((await owner.get(rules)).body).toContain("The moderation rules are saved.");
    expect(await t.ctx.comments.rules(await ownerAccess())).toEqual({
      holdFirst: false,
      maxLinks: 0,
      spamWords: ["lottery"],
      holdWords: [],
    });
    expect((await auditEvents()).map((entry) => entry.event)).toEqual(["comment.rules_changed"]);
    // No first-comment hold now, but a link is one too many.
    await comment("No links here.");
    await comment("One link: https://example.org");
    expect(await statuses()).toEqual(["approved", "pending"]);
  });
});

describe("closing a discussion", () => {
  it("takes the form off the page and refuses posts until it is opened again", async () => {
    const closed = await owner.post(`/en/admin/o/${org.slug}/actions/${action.id}/comments/close`);
    expect(redirectOf(closed)).toBe(queue());
    const page = await owner.get(queue());
    expect(page.body).toContain("is closed to new comments.");
    expect(await publicPage()).toContain("The discussion is closed to new comments.");
    const refused = await t.app.inject({
      method: "POST",
      url: `/en/a/${action.slug}/comments`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: `name=A&email=a%40example.org&body=Hello&ts=${agedFormToken(t.ctx)}`,
    });
    expect(refused.statusCode).toBe(409);
    await owner.post(`/en/admin/o/${org.slug}/actions/${action.id}/comments/open`);
    expect(await publicPage()).toContain("Leave a Reply");
    expect((await auditEvents()).map((entry) => entry.event)).toEqual([
      "comment.discussion_closed",
      "comment.discussion_opened",
    ]);
  });
});
