/** Reports, a moderator's edit and reply as the organization, and closing after N days, through the services. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../test/support/app.ts";
import { ManualClock } from "../../../test/support/clock.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  type TestOrganization,
} from "../../../test/support/fixtures.ts";
import { ForbiddenError } from "../organizations/organizations.errors.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import { CommentNotFoundError, CommentsClosedError } from "./comments.errors.ts";
import type { Reporter } from "./moderation.service.ts";

let ctx: TestContext;
let clock: ManualClock;
let org: TestOrganization;
let access: OrganizationAccess;
let viewerAccess: OrganizationAccess;
let ownerId: number;
let slug: string;
let actionId: number;

beforeEach(async () => {
  people = 0;
  clock = new ManualClock();
  ctx = await createTestContext({}, { clock });
  const owner = await createAccount(ctx, { name: "Olga Owner" });
  const viewer = await createAccount(ctx);
  ownerId = owner.id;
  org = await createOrganization(ctx, [
    { account: owner, role: "owner" },
    { account: viewer, role: "viewer" },
  ]);
  ({ slug, id: actionId } = await createAction(ctx, org));
  access = await ctx.organizations.access({ accountId: owner.id, isPlatformAdmin: false }, org.slug);
  viewerAccess = await ctx.organizations.access({ accountId: viewer.id, isPlatformAdmin: false }, org.slug);
});
afterEach(async () => {
  await ctx.close();
  await ctx.dropDatabase();
});

let people: number;
/** A comment by a new person, approved by the owner unless `held`. */
async function comment(body: string, options: { held?: boolean; parentId?: number; on?: string } = {}) {
  people++;
  const posted = await ctx.comments.post(
    options.on ?? slug,
    "en",
    {
      name: `Person ${people}`,
      email: `p${people}@example.org`,
      emailCanonical: `p${people}@example.org`,
      website: null,
      body,
      stance: null,
      notify: null,
      parentId: options.parentId ?? null,
    },
    { tooFast: false },
  );
  if (!options.held && posted.status !== "approved")
    expect(await ctx.comments.moderate(access, [posted.id], "approve")).toBe(1);
  return posted.id;
}

async function row(id: number) {
  return ctx.database.db
    .selectFrom("comments")
    .select(["status", "hold_reason", "body", "edited_at", "author_kind", "account_id", "as_organization_id"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

async function commentEvents() {
  const rows = await ctx.database.db
    .selectFrom("audit_log")
    .select(["event", "account_id", "subject", "detail"])
    .where("organization_id", "=", org.id)
    .where("event", "like", "comment.%")
    .orderBy("id")
    .execute();
  return rows.map((entry) => ({ ...entry, detail: JSON.parse(entry.detail ?? "{}") }));
}

const shownOnPage = async (text: string) =>
  JSON.stringify((await ctx.actions.getPublicPage(slug, "en")).discussion.threads).includes(text);

const person = (subject: string): Reporter => ({ signedIn: { provider: "juntos", subject } });
const guest = (address: string): Reporter => ({ guestAddress: address });

describe("reports", () => {
  it("hide a comment for review after 3 reports from different people, audited, and off the page", async () => {
    const id = await comment("Reported text.");
    expect(await ctx.commentModeration.report(slug, id, person("1"), "Insulting")).toEqual({ ok: true });
    // Replays: the same person from anywhere, the same guest network, another address of its /64.
    expect(await ctx.commentModeration.report(slug, id, person("1"), "")).toEqual({ ok: true });
    await ctx.commentModeration.report(slug, id, guest("2001:db8:1:2::10"), "");
    await ctx.commentModeration.report(slug, id, guest("2001:db8:1:2::99"), "");
    await ctx.commentModeration.report(slug, id, guest("2001:db8:1:2::10"), "Again");
    expect(await row(id)).toMatchObject({ status: "approved", hold_reason: null });
    expect(await shownOnPage("Reported text.")).toBe(true);

    await ctx.commentModeration.report(slug, id, guest("198.51.100.7"), "Spam, clearly");
    expect(await row(id)).toMatchObject({ status: "pending", hold_reason: "reported" });
    expect(await shownOnPage("Reported text.")).toBe(false);
    const hidden = (await commentEvents()).filter((entry) => entry.event === "comment.reported_hidden");
    expect(hidden).toEqual([
      {
        event: "comment.reported_hidden",
        account_id: null,
        subject: `comment:${id}`,
        detail: { name: "Person 1", title: "Fund the day labor center", count: 3 },
      },
    ]);
    const queue = await ctx.comments.queue(access, "pending", 1);
    expect(queue.items[0]).toMatchObject({
      id,
      holdReason: "reported",
      reports: 3,
      reportReasons: ["Insulting", "Spam, clearly"],
    });
  });

  it("never hide again by the old reports once a moderator approved the comment", async () => {
    const id = await comment("Approved after review.");
    for (const who of [person("a"), person("b"), person("c")])
      await ctx.commentModeration.report(slug, id, who, "");
    expect((await row(id)).status).toBe("pending");
    await ctx.comments.moderate(access, [id], "approve");
    expect(await row(id)).toMatchObject({ status: "approved", hold_reason: null });
    // The same people report again: they had reported it, so nothing counts.
    for (const who of [person("a"), person("b"), person("c")])
      await ctx.commentModeration.report(slug, id, who, "");
    expect((await row(id)).status).toBe("approved");
    expect((await ctx.comments.queue(access, "approved", 1)).items[0]).toMatchObject({ id, reports: 0 });
    // New people still can.
    for (const who of [person("d"), person("e")]) await ctx.commentModeration.report(slug, id, who, "");
    expect((await row(id)).status).toBe("approved");
    await ctx.commentModeration.report(slug, id, person("f"), "");
    expect((await row(id)).status).toBe("pending");
  });

  it("follow the organization's number, and count a guest network again only after a day", async () => {
    await ctx.comments.saveRules(access, {
      hold_first: true,
      max_links: "2",
      spam_words: "",
      hold_words: "",
      reports_to_hide: "2",
    });
    const id = await comment("Two reports are enough.");
    await ctx.commentModeration.report(slug, id, guest("203.0.113.5"), "");
    clock.advance(23 * 60 * 60 * 1000);
    await ctx.commentModeration.report(slug, id, guest("203.0.113.5"), "");
    expect((await row(id)).status).toBe("approved");
    clock.advance(2 * 60 * 60 * 1000);
    await ctx.commentModeration.report(slug, id, guest("203.0.113.5"), "");
    expect((await row(id)).status).toBe("pending");
  });

  it("are refused for comments not shown on this action, and for an unreadable reason, counting nothing", async () => {
    const held = await comment("Waiting.", { held: true });
    await expect(ctx.commentModeration.report(slug, held, person("1"), "")).rejects.toBeInstanceOf(
      CommentNotFoundError,
    );
    const otherOrg = await createOrganization(ctx, [{ account: await createAccount(ctx), role: "owner" }]);
    const other = await createAction(ctx, otherOrg);
    const elsewhere = await ctx.comments.post(
      other.slug,
      "en",
      {
        name: "Elsewhere",
        email: "elsewhere@example.org",
        emailCanonical: "elsewhere@example.org",
        website: null,
        body: "On another action.",
        stance: null,
        notify: null,
        parentId: null,
      },
      { tooFast: false },
    );
    await expect(ctx.commentModeration.report(slug, elsewhere.id, person("1"), "")).rejects.toBeInstanceOf(
      CommentNotFoundError,
    );
    const shown = await comment("Shown.");
    expect(await ctx.commentModeration.report(slug, shown, person("1"), "bad \uFFFD")).toEqual({
      ok: false,
      errors: { reason: { key: "comments.error.unreadable" } },
    });
    const reports = await ctx.database.db.selectFrom("comment_reports").selectAll().execute();
    expect(reports).toEqual([]);
  });
});

describe("a moderator's edit", () => {
  it("changes the text, shows it as edited, audits it and keeps the status", async () => {
    const id = await comment("Contact me at 555-0100 please.");
    const before = (await ctx.actions.getPublicPage(slug, "en")).version;
    expect(await ctx.commentModeration.edit(access, id, "Contact me here please.")).toEqual({ ok: true });
    expect(await row(id)).toMatchObject({ status: "approved", body: "Contact me here please." });
    expect((await row(id)).edited_at).not.toBeNull();
    const page = await ctx.actions.getPublicPage(slug, "en");
    expect(page.version).not.toBe(before);
    expect(page.discussion.threads[0]?.editedAt).not.toBeNull();
    expect(await shownOnPage("555-0100")).toBe(false);
    expect((await commentEvents()).at(-1)).toEqual({
      event: "comment.edited",
      account_id: ownerId,
      subject: `comment:${id}`,
      detail: { name: "Person 1", title: "Fund the day labor center" },
    });
    // The same text again changes and records nothing.
    await ctx.commentModeration.edit(access, id, "Contact me here please.");
    expect((await commentEvents()).filter((entry) => entry.event === "comment.edited")).toHaveLength(1);
  });

  it("refuses a bad text, viewers, and another organization's comment", async () => {
    const id = await comment("Fine as it is.");
    expect(await ctx.commentModeration.edit(access, id, "x")).toEqual({
      ok: false,
      errors: { body: { key: "comments.error.bodyShort", params: { min: 2 } } },
    });
    await expect(ctx.commentModeration.edit(viewerAccess, id, "Changed.")).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const outsider = await createAccount(ctx);
    const otherOrg = await createOrganization(ctx, [{ account: outsider, role: "owner" }]);
    const otherAccess = await ctx.organizations.access(
      { accountId: outsider.id, isPlatformAdmin: false },
      otherOrg.slug,
    );
    await expect(ctx.commentModeration.edit(otherAccess, id, "Changed.")).rejects.toBeInstanceOf(
      CommentNotFoundError,
    );
    await expect(ctx.commentModeration.comment(otherAccess, id)).rejects.toBeInstanceOf(CommentNotFoundError);
    expect((await row(id)).body).toBe("Fine as it is.");
  });
});

describe("replying as the organization", () => {
  it("shows the reply at once under the organization's name, with the moderator's account recorded", async () => {
    const id = await comment("When is the hearing?");
    const outcome = await ctx.commentModeration.replyAsOrganization(access, id, {
      body: "On 3 June, <b>at noon</b>.",
      locale: "es",
    });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    expect(await row(outcome.id)).toMatchObject({
      status: "approved",
      author_kind: "account",
      account_id: ownerId,
      as_organization_id: org.id,
      body: "On 3 June, <b>at noon</b>.",
    });
    const [thread] = (await ctx.actions.getPublicPage(slug, "en")).discussion.threads;
    expect(thread?.replies).toMatchObject([
      { id: outcome.id, name: org.name, byOrganization: true, locale: "es", depth: 1, website: null },
    ]);
    expect(thread?.byOrganization).toBe(false);
    expect((await commentEvents()).at(-1)).toMatchObject({
      event: "comment.replied",
      account_id: ownerId,
      subject: `comment:${outcome.id}`,
      detail: { name: "Person 1" },
    });
  });

  it("approves a waiting comment it answers, and refuses spam, trash, viewers and other organizations", async () => {
    const held = await comment("Held question?", { held: true });
    const outcome = await ctx.commentModeration.replyAsOrganization(access, held, {
      body: "Answered.",
      locale: "xx",
    });
    expect(outcome.ok).toBe(true);
    expect((await row(held)).status).toBe("approved");
    expect((await commentEvents()).map((entry) => entry.event)).toEqual([
      "comment.approved",
      "comment.replied",
    ]);
    if (outcome.ok) expect((await ctx.commentModeration.comment(access, outcome.id)).locale).toBe("en");

    const trashed = await comment("Trashed.");
    await ctx.comments.moderate(access, [trashed], "trash");
    await expect(
      ctx.commentModeration.replyAsOrganization(access, trashed, { body: "No.", locale: "en" }),
    ).rejects.toBeInstanceOf(CommentNotFoundError);
    await expect(
      ctx.commentModeration.replyAsOrganization(viewerAccess, held, { body: "No.", locale: "en" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const outsider = await createAccount(ctx);
    const otherOrg = await createOrganization(ctx, [{ account: outsider, role: "owner" }]);
    const otherAccess = await ctx.organizations.access(
      { accountId: outsider.id, isPlatformAdmin: false },
      otherOrg.slug,
    );
    await expect(
      ctx.commentModeration.replyAsOrganization(otherAccess, held, { body: "Mine now.", locale: "en" }),
    ).rejects.toBeInstanceOf(CommentNotFoundError);
    expect(
      await ctx.commentModeration.replyAsOrganization(access, held, { body: "", locale: "en" }),
    ).toMatchObject({ ok: false, errors: { body: { key: "comments.error.bodyShort" } } });
  });
});

describe("closing after N days", () => {
  const rules = (days: string) => ({
    hold_first: false,
    max_links: "2",
    spam_words: "",
    hold_words: "",
    close_after_days: days,
  });
  const day = 24 * 60 * 60 * 1000;

  it("closes the discussion when the day passes, with a new page version and posts refused", async () => {
    const before = await ctx.actions.getPublicPage(slug, "en");
    expect(before.discussion.closesAt).toBeNull();
    await ctx.comments.saveRules(access, rules("10"));
    const open = await ctx.actions.getPublicPage(slug, "en");
    // The rule is shown on the page, so saving it renders the page anew.
    expect(open.version).not.toBe(before.version);
    expect(open.discussion).toMatchObject({ closed: false });
    expect(open.discussion.closesAt).not.toBeNull();
    await comment("Before the date.");

    clock.advance(10 * day);
    expect((await ctx.actions.getPublicPage(slug, "en")).discussion.closed).toBe(false);
    clock.advance(day);
    const closed = await ctx.actions.getPublicPage(slug, "en");
    expect(closed.discussion.closed).toBe(true);
    expect(closed.version).not.toBe(open.version);
    expect(ctx.actions.peekPublicPage(slug, "en")?.discussion.closed).toBe(true);
    await expect(comment("After the date.")).rejects.toBeInstanceOf(CommentsClosedError);
    expect((await ctx.comments.discussions(access, "en"))[0]).toMatchObject({
      actionId,
      closed: false,
      closedByDate: true,
    });

    // Emptying the rule opens it again.
    await ctx.comments.saveRules(access, rules(""));
    expect((await ctx.actions.getPublicPage(slug, "en")).discussion).toMatchObject({
      closed: false,
      closesAt: null,
    });
    expect(await comment("Open again.")).toBeGreaterThan(0);
  });

  it("counts from the first publication: closing and reopening the action does not move the date", async () => {
    await ctx.comments.saveRules(access, rules("5"));
    const first = (await ctx.actions.getPublicPage(slug, "en")).discussion.closesAt;
    clock.advance(2 * day);
    await ctx.editor.takeStep(access, actionId, "close");
    await ctx.editor.takeStep(access, actionId, "reopen");
    expect((await ctx.actions.getPublicPage(slug, "en")).discussion.closesAt).toBe(first);
  });
});
