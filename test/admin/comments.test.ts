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
    expect((await owner.get(`/en/admin/o/${org.slug}/audit`)).body).toMatch(
      /Approved the comment by Person \d+ on “Fund the day labor center”\./,
    );
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
      reportsToHide: 3,
      closeAfterDays: null,
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

const orgRoute = (rest: string) => `/en/admin/o/${org.slug}/comments/${rest}`;

/** Another organization with its owner signed in, to try :org-scoped ids from the outside. */
async function otherOrganization() {
  const account = await createAccount(t.ctx);
  const other = await createOrganization(t.ctx, [{ account, role: "owner" }]);
  return { other, browser: await signIn(t.app, account.email, account.password) };
}

describe("a moderator's edit", () => {
  it("changes a comment's text from the queue, shown as edited and audited; a refused text comes back kept", async () => {
    const id = await comment("Call me on 555-0100, please.");
    await t.ctx.comments.moderate(await ownerAccess(), [id], "approve");
    const approvedQueue = await owner.get(queue("approved"));
    expect(approvedQueue.body).toContain(`href="/en/admin/o/${org.slug}/comments/${id}/edit"`);
    const form = await owner.get(orgRoute(`${id}/edit`));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain("Call me on 555-0100, please.</textarea>");
    expect(form.body).toContain("On “Fund the day labor center”");

    const refused = await owner.post(orgRoute(`${id}/edit`), { body: "x" });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('id="errors"');
    expect(refused.body).toContain("Write a comment of at least 2 characters.");
    expect(refused.body).toContain(">x</textarea>");

    const saved = await owner.post(orgRoute(`${id}/edit`), { body: "Call me, please." });
    expect(redirectOf(saved)).toBe(queue("approved"));
    const after = await owner.get(queue("approved"));
    expect(after.body).toMatch(/The comment by Person \d+ is changed\./);
    expect(after.body).toContain('<span class="badge">edited</span>');
    const html = await publicPage();
    expect(html).toContain("Call me, please.");
    expect(html).not.toContain("555-0100");
    expect(html).toContain(" · edited");
    expect((await auditEvents()).at(-1)).toEqual({
      event: "comment.edited",
      account_id: ownerId,
      subject: `comment:${id}`,
    });
    expect((await viewer.get(orgRoute(`${id}/edit`))).statusCode).toBe(403);
    expect((await viewer.post(orgRoute(`${id}/edit`), { body: "Viewer's text." })).statusCode).toBe(403);
  });

  it("finds no comment of another organization, under either organization's address (404)", async () => {
    const id = await comment("Ours alone.");
    const { other, browser } = await otherOrganization();
    const underOwn = `/en/admin/o/${other.slug}/comments/${id}`;
    expect((await browser.get(`${underOwn}/edit`)).statusCode).toBe(404);
    expect((await browser.post(`${underOwn}/edit`, { body: "Taken over." })).statusCode).toBe(404);
    expect((await browser.get(`${underOwn}/reply`)).statusCode).toBe(404);
    expect((await browser.post(`${underOwn}/reply`, { body: "Taken over.", locale: "en" })).statusCode).toBe(
      404,
    );
    expect((await browser.get(orgRoute(`${id}/edit`))).statusCode).toBe(404);
    expect((await owner.get(orgRoute("999999/edit"))).statusCode).toBe(404);
    expect((await owner.get(orgRoute("not-a-number/reply"))).statusCode).toBe(404);
    const [row] = await t.ctx.database.db.selectFrom("comments").select(["body"]).execute();
    expect(row).toEqual({ body: "Ours alone." });
    expect(await t.ctx.database.db.selectFrom("comments").select("id").execute()).toHaveLength(1);
  });
});

describe("replying as the organization", () => {
  it("shows the reply at once with the organizer label, and hostile text stays text on every page", async () => {
    const id = await comment("Where do we meet?");
    const form = await owner.get(orgRoute(`${id}/reply`));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`Reply to Person `);
    expect(form.body).toContain("This comment waits for review: replying approves it.");
    expect(form.body).toContain('<option value="en" selected>English</option>');

    const empty = await owner.post(orgRoute(`${id}/reply`), { body: " ", locale: "es" });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('<option value="es" selected>Spanish</option>');

    const hostile = '<script>alert(1)</script> "><img src=x onerror=alert(1)> javascript:alert(1)';
    const posted = await owner.post(orgRoute(`${id}/reply`), {
      body: `At the library. ${hostile}`,
      locale: "en",
    });
    expect(redirectOf(posted)).toBe(queue("approved"));
    expect((await owner.get(queue("approved"))).body).toMatch(/Your reply to Person \d+ is shown\./);
    expect(await statuses()).toEqual(["approved", "approved"]);

    for (const html of [await publicPage(), (await owner.get(queue("approved"))).body]) {
      expect(html).toContain("At the library.");
      expect(html).not.toContain("<script>alert(1)");
      expect(html).not.toContain("<img");
      expect(html).not.toMatch(/href="javascript:/i);
    }
    const html = await publicPage();
    expect(html).toContain(
      `<strong class="comment-author">${org.name}</strong> <span class="organizer-label">organizer</span>`,
    );
    expect(html).toContain("&lt;script>alert(1)&lt;/script>");
    const spanish = (await t.app.inject(`/es/a/${action.slug}`)).body;
    expect(spanish).toContain('<span class="organizer-label">organización</span>');
    expect((await auditEvents()).map((entry) => entry.event)).toEqual([
      "comment.approved",
      "comment.replied",
    ]);
    expect((await viewer.get(orgRoute(`${id}/reply`))).statusCode).toBe(403);
  });
});

describe("reported comments in the queue", () => {
  it("wait with their report count and reasons, and stay shown once approved", async () => {
    const id = await comment("Reported later.");
    const access = await ownerAccess();
    await t.ctx.comments.moderate(access, [id], "approve");
    const reports: [subject: string, reason: string][] = [
      ["a", "It insults a neighbour"],
      ["b", ""],
      ["c", "<b>spam</b>"],
    ];
    for (const [subject, reason] of reports)
      await t.ctx.commentModeration.report(
        action.slug,
        id,
        { signedIn: { provider: "juntos", subject } },
        reason,
      );
    const page = await owner.get(queue());
    expect(page.body).toContain("Waiting for review (1)");
    expect(page.body).toContain('<span class="badge">Hidden after reports</span>');
    expect(page.body).toContain("<strong>Reported by 3 people</strong>");
    expect(page.body).toContain("<li>It insults a neighbour</li><li>&lt;b>spam&lt;/b></li>");
    expect((await owner.get(`/es/admin/o/${org.slug}/comments`)).body).toContain("Denunciado por 3 personas");
    await owner.post(orgRoute("moderate"), { one: `${id}:approve`, status: "pending" });
    expect(await publicPage()).toContain("Reported later.");
    expect((await owner.get(queue("approved"))).body).not.toContain("Reported by");
  });
});

describe("rules for reports and closing", () => {
  it("are in the rules form, sent back with a bad number kept, and close the discussion on the page", async () => {
    const rules = orgRoute("rules");
    const form = await owner.get(rules);
    expect(form.body).toContain('name="reports_to_hide" value="3"');
    expect(form.body).toContain('name="close_after_days" value aria-describedby="f-close_after_days-hint"');
    const bad = await owner.post(rules, {
      max_links: "2",
      spam_words: "",
      hold_words: "",
      reports_to_hide: "0",
      close_after_days: "forever",
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain("Enter a whole number from 1 to 50.");
    expect(bad.body).toContain("Enter a whole number from 1 to 3,650.");
    expect(bad.body).toContain('value="forever"');
    await owner.post(rules, {
      max_links: "2",
      spam_words: "",
      hold_words: "",
      reports_to_hide: "4",
      close_after_days: "30",
    });
    expect(await t.ctx.comments.rules(await ownerAccess())).toMatchObject({
      reportsToHide: 4,
      closeAfterDays: 30,
    });
    expect(await publicPage()).toMatch(/The discussion takes new comments until \w+ \d+, \d{4}\./);
    expect((await owner.get(queue())).body).toMatch(/Open until \w+ \d+, \d{4}/);
  });
});

describe("the audit log of comments", () => {
  it("reads every comment event as a sentence in both languages, and filters comments from the rest", async () => {
    const access = await ownerAccess();
    const [a, b, c] = [await comment("First."), await comment("Second."), await comment("Third.")];
    const [first, second, third] = [address - 2, address - 1, address].map((n) => `Person ${n}`);
    await t.ctx.comments.moderate(access, [a!], "approve");
    await t.ctx.comments.moderate(access, [b!], "spam");
    await t.ctx.comments.moderate(access, [b!], "restore");
    await t.ctx.comments.moderate(access, [c!], "trash");
    await t.ctx.commentModeration.edit(access, a!, "First, edited.");
    await t.ctx.commentModeration.replyAsOrganization(access, a!, { body: "Thanks!", locale: "en" });
    for (const subject of ["x", "y", "z"])
      await t.ctx.commentModeration.report(
        action.slug,
        a!,
        { signedIn: { provider: "juntos", subject } },
        "",
      );
    await t.ctx.comments.saveRules(access, {
      hold_first: true,
      max_links: "2",
      spam_words: "",
      hold_words: "",
    });
    await t.ctx.comments.setClosed(access, action.id, true);
    await t.ctx.comments.setClosed(access, action.id, false);

    const title = "“Fund the day labor center”";
    const english = (await owner.get(`/en/admin/o/${org.slug}/audit?kind=comment`)).body;
    for (const sentence of [
      `Approved the comment by ${first} on ${title}.`,
      `Sent the comment by ${second} on ${title} to spam.`,
      `Put the comment by ${second} on ${title} back in the review queue.`,
      `Moved the comment by ${third} on ${title} to the trash.`,
      `Edited the text of the comment by ${first} on ${title}.`,
      `Replied to ${first} as the organization on ${title}.`,
      `Hid the comment by ${first} on ${title} for review after 3 reports.`,
      "Changed the moderation rules for comments.",
      `Closed the discussion of ${title} to new comments.`,
      `Opened the discussion of ${title} to new comments.`,
    ])
      expect(english, sentence).toContain(sentence);
    expect(english).toContain('<td data-label="Who">Juntos</td>');
    expect(english).not.toContain("Published “");
    expect(english).not.toMatch(/comment\.\w+ comment:/);
    expect(english).toContain('<option value="comment" selected>Comments and moderation</option>');

    const spanish = (await owner.get(`/es/admin/o/${org.slug}/audit?kind=comment`)).body;
    for (const sentence of [
      `Aprobó el comentario de ${first} en “Fund the day labor center”.`,
      `Mandó a spam el comentario de ${second}`,
      `Devolvió a la cola de revisión el comentario de ${second}`,
      `Mandó a la papelera el comentario de ${third}`,
      `Editó el texto del comentario de ${first}`,
      `Respondió a ${first} como organización`,
      "tras 3 denuncias.",
      "Cambió las reglas de moderación de los comentarios.",
      "Cerró la conversación de “Fund the day labor center” a comentarios nuevos.",
      "Abrió la conversación de “Fund the day labor center” a comentarios nuevos.",
    ])
      expect(spanish, sentence).toContain(sentence);
    expect((await owner.get(`/en/admin/o/${org.slug}/audit`)).body).toContain("Published “");
  });

  it("pages through many entries with the filter kept", async () => {
    const access = await ownerAccess();
    const ids: number[] = [];
    for (let i = 0; i < 60; i++) ids.push(await comment(`Bulk ${i}.`));
    await t.ctx.comments.moderate(access, ids.slice(0, 50), "approve");
    await t.ctx.comments.moderate(access, ids.slice(50), "approve");
    const log = `/en/admin/o/${org.slug}/audit`;
    const first = (await owner.get(`${log}?kind=comment`)).body;
    expect(first.match(/Approved the comment by/g)).toHaveLength(50);
    expect(first).toContain(`<a href="${log}?kind=comment&amp;page=2">Older changes</a>`);
    expect(first).not.toContain("Newer changes");
    const second = (await owner.get(`${log}?kind=comment&page=2`)).body;
    expect(second.match(/Approved the comment by/g)).toHaveLength(10);
    expect(second).toContain(`<a href="${log}?kind=comment">Newer changes</a>`);
    expect(second).not.toContain("Older changes");
    expect(second).not.toContain("Published “");
    // Without the filter the action's own entries follow the comments' on the second page.
    expect((await owner.get(`${log}?page=2`)).body).toContain("Published “");
  });
});
