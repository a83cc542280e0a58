/**
 * The discussion under an action through the real routes: posting (approved, held, refused),
 * moderation rules, threading, paging, permalinks, the feed, the author's edit window, and that
 * no commenter's email ever reaches a public answer.
 */
import type { LightMyRequestResponse } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { OrganizationAccess } from "../../src/modules/organizations/organizations.service.ts";
import { agedFormToken, createTestApp, type TestApp } from "../support/app.ts";
import { type Browser, signIn } from "../support/browser-session.ts";
import { ManualClock } from "../support/clock.ts";
import { createAccount, createAction, createOrganization, ownedAction } from "../support/fixtures.ts";
import { hostileComments, hostileScript, invalidUtf8 } from "../support/hostile-comments.ts";
import { solvedProof } from "../support/proof-of-work.ts";

let t: TestApp;
let clock: ManualClock;
let slug: string;
let actionId: number;
let access: OrganizationAccess;

beforeEach(async () => {
  clock = new ManualClock();
  t = await createTestApp({}, { clock });
  ({
    action: { slug, id: actionId },
    access,
  } = await ownedAction(t.ctx));
});
afterEach(async () => {
  await t.close();
});

let nextAddress = 0;
/** A fresh client address per post, so the per-network limit is not what a test measures. */
function freshAddress(): string {
  nextAddress++;
  return `10.9.${(nextAddress >> 8) & 255}.${nextAddress & 255}`;
}

interface CommentFields {
  name?: string;
  email?: string;
  website?: string;
  body?: string;
  stance?: string;
  parent?: string;
  ts?: string;
  url?: string;
  altcha?: string;
}

/** Posts the comment form as a browser with JavaScript does: aged form token, solved proof of work. */
async function post(fields: CommentFields, options: { locale?: string; address?: string } = {}) {
  const form = new URLSearchParams({
    name: "Rosa Parks",
    email: "rosa@example.org",
    body: "The center keeps families fed.",
    ts: agedFormToken(t.ctx),
    altcha: await solvedProof(t.ctx),
    ...fields,
  } as Record<string, string>);
  return t.app.inject({
    method: "POST",
    url: `/${options.locale ?? "en"}/a/${slug}/comments`,
    remoteAddress: options.address ?? freshAddress(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: form.toString(),
  });
}

async function rows() {
  return t.ctx.database.db
    .selectFrom("comments")
    .select(["id", "parent_id", "root_id", "depth", "status", "name", "body", "stance"])
    .orderBy("id")
    .execute();
}

async function lastId(): Promise<number> {
  return (await rows()).at(-1)!.id;
}

async function approve(...ids: number[]) {
  expect(await t.ctx.comments.moderate(access, ids, "approve")).toBe(ids.length);
}

/** Posts a comment and approves it: the person is then known to this organization. */
async function approvedComment(fields: CommentFields = {}): Promise<number> {
  const response = await post(fields);
  expect(response.statusCode, response.body.slice(0, 200)).toBeLessThan(400);
  const id = await lastId();
  if ((await rows()).at(-1)!.status !== "approved") await approve(id);
  return id;
}

const page = async (path = `/en/a/${slug}`) => (await t.app.inject(path)).body;

describe("posting a comment", () => {
  it("holds a person's first comment with a clear message, keeps the text, and shows it once approved", async () => {
    const response = await post({ body: "First thoughts:\n\nthe center matters." });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("Your comment is waiting for review");
    expect(response.body).toContain("<p>First thoughts:</p><p>the center matters.</p>");
    const [row] = await rows();
    expect(row).toMatchObject({ status: "pending", depth: 0, parent_id: null, name: "Rosa Parks" });
    expect(await page()).not.toContain("the center matters");
    expect(await page()).toContain("0 comments.");

    await approve(row!.id);
    const html = await page();
    expect(html).toContain(`<li id="comment-${row!.id}" class="comment">`);
    expect(html).toContain("the center matters.");
    expect(html).toContain("1 comment.");
  });

  it("says it in Spanish on the Spanish page", async () => {
    const response = await post({}, { locale: "es" });
    expect(response.body).toContain("Tu comentario espera revisión");
    expect((await rows())[0]).toMatchObject({ status: "pending" });
  });

  it("approves the next comments of a person approved once (same canonical email) and redirects to the anchor", async () => {
    await approvedComment({ email: "rosa.parks@gmail.com" });
    const response = await post({ email: "RosaParks+news@gmail.com", body: "And a second thought." });
    const id = await lastId();
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/en/a/${slug}#comment-${id}`);
    expect((await rows()).at(-1)!.status).toBe("approved");
    expect(await page()).toContain("And a second thought.");
  });

  it("holds a comment with more links than the rule allows, and links the allowed ones safely", async () => {
    await approvedComment();
    const two = await post({ body: "See https://example.org/a and http://example.org/b." });
    expect(two.statusCode).toBe(303);
    const html = await page();
    expect(html).toContain(
      '<a href="https://example.org/a" rel="nofollow ugc noopener">https://example.org/a</a>',
    );
    expect(html).toContain(
      '<a href="http://example.org/b" rel="nofollow ugc noopener">http://example.org/b</a>.',
    );
    const three = await post({ body: "https://a.example.org https://b.example.org https://c.example.org" });
    expect(three.statusCode).toBe(200);
    expect(three.body).toContain("Your comment is waiting for review");
    expect((await rows()).at(-1)!.status).toBe("pending");
  });

  it("sends comments with a spam word to spam and holds those with a hold word, telling both the same", async () => {
    await approvedComment();
    const saved = await t.ctx.comments.saveRules(access, {
      hold_first: true,
      max_links: "2",
      spam_words: "Casino\ncheap pills",
      hold_words: "lawsuit",
    });
    expect(saved).toEqual({ ok: true });
    const spam = await post({ body: "Best CASÍNO bonus here" });
    expect(spam.body).toContain("Your comment is waiting for review");
    expect((await rows()).at(-1)!.status).toBe("spam");
    const held = await post({ body: "There may be a lawsuit about it." });
    expect(held.body).toContain("Your comment is waiting for review");
    expect((await rows()).at(-1)!.status).toBe("pending");
    // Whole words only: "classy" holds nothing because "lawsuit" is not in it.
    expect((await post({ body: "Cheap pillsbury dough is fine." })).statusCode).toBe(303);
  });

  it("approves a first comment when the organization does not hold first comments", async () => {
    await t.ctx.comments.saveRules(access, {
      hold_first: false,
      max_links: "2",
      spam_words: "",
      hold_words: "",
    });
    expect((await post({})).statusCode).toBe(303);
  });

  it("holds a comment sent faster than a person types, even from a known person, and never refuses it", async () => {
    await approvedComment();
    const response = await post({ ts: t.ctx.formTokens.issue(), body: "Too quick to be typed." });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("Your comment is waiting for review");
    expect((await rows()).at(-1)).toMatchObject({ status: "pending", body: "Too quick to be typed." });
  });

  it("answers a filled honeypot like a person and stores nothing", async () => {
    const response = await post({ url: "http://spam.example" });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/en/a/${slug}#discussion`);
    expect(await rows()).toEqual([]);
  });

  it("sends the form back with every problem, the values kept and nothing stored (422)", async () => {
    const response = await post({
      name: "",
      email: "not an address",
      website: "javascript:alert(1)",
      body: "x",
      stance: "loves",
    });
    expect(response.statusCode).toBe(422);
    const html = response.body;
    expect(html).toContain('id="comment-errors"');
    expect(html).toContain("There are 5 problems");
    expect(html).toContain("Enter your name.");
    expect(html).toContain("Enter an email address like name@example.org.");
    expect(html).toContain("Enter an address starting with https:// or http://, or leave it empty.");
    expect(html).toContain("Write a comment of at least 2 characters.");
    expect(html).toContain('value="not an address"');
    expect(html).not.toContain('href="javascript:');
    expect(await rows()).toEqual([]);
  });

  it("refuses an expired form with the text kept", async () => {
    const response = await post({ ts: "garbage", body: "Keep this text, please." });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("Keep this text, please.");
    expect(await rows()).toEqual([]);
  });

  it("refuses a network over its limit with the form and the text (429), others unaffected", async () => {
    const address = "10.200.0.1";
    await t.ctx.comments.saveRules(access, {
      hold_first: false,
      max_links: "2",
      spam_words: "",
      hold_words: "",
    });
    for (let i = 0; i < 20; i++)
      expect(
        (await post({ email: `person${i}@example.org`, body: `Comment number ${i}` }, { address }))
          .statusCode,
      ).toBe(303);
    const refused = await post({ body: "The twenty-first." }, { address });
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain("The twenty-first.");
    expect(refused.body).toContain("Many comments came from your network");
    expect((await post({ body: "From elsewhere." }, { address: "10.201.0.1" })).statusCode).toBe(303);
  });

  it("stores the stance and counts the approved ones above the discussion", async () => {
    await approvedComment({ stance: "supports" });
    await post({ stance: "opposes", body: "Not convinced at all." });
    await post({ stance: "opposes", email: "other@example.org", body: "Held, not counted." });
    const html = await page();
    expect(html).toContain('<span class="stance stance-supports">Supports</span> 1');
    expect(html).toContain('<span class="stance stance-opposes">Opposes</span> 1');
    expect(html).toContain('<span class="stance stance-doubts">Has doubts</span> 0');
    expect(html).not.toContain("Held, not counted.");
  });

  it("refuses comments once the organizers close the discussion, and keeps showing the approved ones", async () => {
    await approvedComment({ body: "Said before closing." });
    await t.ctx.comments.setClosed(access, actionId, true);
    const html = await page();
    expect(html).toContain("Said before closing.");
    expect(html).toContain("The discussion is closed to new comments.");
    expect(html).not.toContain(`action="/en/a/${slug}/comments`);
    expect((await post({})).statusCode).toBe(409);
    await t.ctx.comments.setClosed(access, actionId, false);
    expect(await page()).toContain(`action="/en/a/${slug}/comments#comment-errors"`);
  });
});

describe("threads", () => {
  it("nests replies three levels deep; a reply to the third level joins that thread at the third level", async () => {
    const top = await approvedComment({ body: "Top level." });
    const first = await approvedComment({ parent: String(top), body: "Reply one." });
    const second = await approvedComment({ parent: String(first), body: "Reply two." });
    const third = await approvedComment({ parent: String(second), body: "Reply three." });
    const all = await rows();
    const byId = new Map(all.map((row) => [row.id, row]));
    expect(byId.get(first)).toMatchObject({ depth: 1, parent_id: top, root_id: top });
    expect(byId.get(second)).toMatchObject({ depth: 2, parent_id: first, root_id: top });
    expect(byId.get(third)).toMatchObject({ depth: 2, parent_id: first, root_id: top });
    const html = await page();
    // Reply two and three are siblings inside reply one's list, in order.
    const replyOne = html.indexOf(`id="comment-${first}"`);
    const list = html.slice(replyOne, html.indexOf("</ol></li></ol></li>", replyOne));
    expect(list.indexOf(`id="comment-${second}"`)).toBeGreaterThan(0);
    expect(list.indexOf(`id="comment-${third}"`)).toBeGreaterThan(list.indexOf(`id="comment-${second}"`));
    expect(html.match(/<ol class="replies">/g)).toHaveLength(2);
  });

  it("shows the form for one parent on its reply page, and refuses replies to comments not shown", async () => {
    const top = await approvedComment({ body: "Answer me." });
    const reply = await t.app.inject(`/es/a/${slug}/comments/${top}/reply`);
    expect(reply.statusCode).toBe(200);
    expect(reply.body).toContain("Responder a Rosa Parks");
    expect(reply.body).toContain(`<input type="hidden" name="parent" value="${top}"/>`);
    expect(reply.body).toContain("Answer me.");
    await post({ email: "held@example.org", body: "Held one." });
    const held = await lastId();
    expect((await t.app.inject(`/en/a/${slug}/comments/${held}/reply`)).statusCode).toBe(404);
    expect((await post({ parent: String(held) })).statusCode).toBe(404);
    // An invalid reply comes back on the reply page, with the parent kept.
    const invalid = await post({ parent: String(top), body: "" });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain(`<input type="hidden" name="parent" value="${top}"/>`);
  });
});

describe("pages of the discussion and permalinks", () => {
  it("shows 50 threads a page, pages on with ?comments=, and sends a permalink to the right page", async () => {
    await t.ctx.comments.saveRules(access, {
      hold_first: false,
      max_links: "2",
      spam_words: "",
      hold_words: "",
    });
    for (let i = 1; i <= 51; i++) {
      await t.ctx.comments.post(
        slug,
        "en",
        {
          name: `Person ${i}`,
          email: `p${i}@example.org`,
          emailCanonical: `p${i}@example.org`,
          website: null,
          body: `Numbered comment ${i}.`,
          stance: null,
          parentId: null,
          notify: null,
        },
        { tooFast: false },
      );
    }
    const ids = (await rows()).map((row) => row.id);
    const first = await page();
    expect(first).toContain("51 comments.");
    expect(first).toContain("Numbered comment 50.");
    expect(first).not.toContain("Numbered comment 51.");
    expect(first).toContain(`href="/en/a/${slug}?comments=2#discussion"`);
    const second = await page(`/en/a/${slug}?comments=2`);
    expect(second).toContain("Numbered comment 51.");
    expect(second).not.toContain("Numbered comment 50.");
    expect(second).toContain("Page 2 of 2");
    expect(second).toContain(`href="/en/a/${slug}#discussion"`);

    const permalink = await t.app.inject(`/en/a/${slug}/comments/${ids[50]}`);
    expect(permalink.statusCode).toBe(302);
    expect(permalink.headers.location).toBe(`/en/a/${slug}?comments=2#comment-${ids[50]}`);
    const early = await t.app.inject(`/es/a/${slug}/comments/${ids[0]}`);
    expect(early.headers.location).toBe(`/es/a/${slug}#comment-${ids[0]}`);
    expect((await t.app.inject(`/en/a/${slug}/comments/999999`)).statusCode).toBe(404);
  });
});

describe("the feed", () => {
  it("is linked from the page and holds approved comments only, as valid Atom", async () => {
    const shown = await approvedComment({
      body: "Shown <b>in</b> the feed & more.",
      website: "https://rosa.example.org",
    });
    await post({ email: "waiting@example.org", body: "Waiting, not in the feed." });
    const html = await page();
    expect(html).toContain(
      `<link rel="alternate" type="application/atom+xml" title="Comments feed (Atom)" href="/en/a/${slug}/comments.atom"/>`,
    );
    const feed = await t.app.inject(`/en/a/${slug}/comments.atom`);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers["content-type"]).toBe("application/atom+xml; charset=utf-8");
    const xml = feed.body;
    expect(
      xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"'),
    ).toBe(true);
    expect(xml).toContain(`<id>http://juntos.test/en/a/${slug}/comments/${shown}</id>`);
    expect(xml).toContain("Shown &lt;b&gt;in&lt;/b&gt; the feed &amp; more.");
    expect(xml).toContain("<uri>https://rosa.example.org</uri>");
    expect(xml).not.toContain("Waiting, not in the feed.");
    expect(xml.match(/<entry>/g)).toHaveLength(1);
    expect(wellFormed(xml)).toBe(true);
  });
});

/** A small well-formedness check: every tag closed in order, no raw `<` or `&` in text. */
function wellFormed(xml: string): boolean {
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^>]*\?>/, "");
  for (const match of body.matchAll(/<(\/?)([A-Za-z][\w:-]*)([^>]*?)(\/?)>|([^<]+)/g)) {
    const [, closing, name, , selfClosing, text] = match;
    if (text !== undefined) {
      if (/&(?!(amp|lt|gt|quot|#39);)/.test(text)) return false;
      continue;
    }
    if (selfClosing) continue;
    if (closing) {
      if (stack.pop() !== name) return false;
    } else stack.push(name!);
  }
  return stack.length === 0;
}

describe("no commenter's email in any public answer", () => {
  it("never shows one in any page, permalink, reply page or feed, in either language", async () => {
    const emails = ["zq-distinct-one@example.org", "ZQ.Distinct.Two@gmail.com", "zq-held-three@example.org"];
    const one = await approvedComment({ email: emails[0], body: "Mine is private." });
    await approvedComment({ email: emails[1], parent: String(one), body: "Mine too." });
    await post({ email: emails[2], body: "Held with an address." });
    const paths: string[] = [];
    for (const locale of ["en", "es"])
      paths.push(
        `/${locale}/a/${slug}`,
        `/${locale}/a/${slug}?comments=2`,
        `/${locale}/a/${slug}/comments.atom`,
        `/${locale}/a/${slug}/comments/${one}/reply`,
        `/${locale}/a/${slug}/comments/${one}/report`,
        `/${locale}/a/${slug}/comments/new`,
        `/${locale}/`,
        "/sitemap.xml",
      );
    for (const path of paths) {
      const response = await t.app.inject(path);
      expect(response.statusCode, path).toBeLessThan(400);
      for (const email of emails) {
        const local = email.split("@")[0]!.toLowerCase();
        expect(response.body.toLowerCase(), `${path} shows ${email}`).not.toContain(local);
      }
    }
    // The held page answers the author with their text, not their address.
    const heldAnswer = await post({ email: "zq-held-four@example.org", body: "Another held one." });
    expect(heldAnswer.body).not.toContain("zq-held-four");
  });
});

/** Attributes named on… in any tag of the page, attribute values read as values (quotes in them are escaped). */
function eventHandlers(html: string): string[] {
  const found: string[] = [];
  for (const [, attributes = ""] of html.matchAll(
    /<[a-zA-Z][\w-]*((?:\s+[^\s"'<>/=]+(?:="[^"]*")?)*)\s*\/?>/g,
  ))
    for (const [, name = ""] of attributes.matchAll(/\s([^\s"'<>/=]+)(?:="[^"]*")?/g))
      if (/^on/i.test(name)) found.push(name);
  return found;
}

describe("hostile input", () => {
  function expectSafe(response: LightMyRequestResponse, what: string) {
    expect(response.statusCode, what).toBeLessThan(500);
    expect(response.body, what).not.toContain(hostileScript);
    expect(response.body, what).not.toContain("<img");
    expect(response.body, what).not.toContain("<svg");
    expect(response.body, what).not.toMatch(/<a [^>]*href="\s*(javascript|data|vbscript):/i);
    expect(eventHandlers(response.body), what).toEqual([]);
  }

  it("never answers 500 and never shows input unescaped, in any field, stored or refused", async () => {
    await t.ctx.comments.saveRules(access, {
      hold_first: false,
      max_links: "50",
      spam_words: "",
      hold_words: "",
    });
    let n = 0;
    for (const field of ["name", "website", "body"] as const) {
      for (const value of hostileComments) {
        // Each from its own person with its own text, so the limits and duplicates are not what answers.
        n++;
        const response = await post({
          email: `hostile${n}@example.org`,
          body: `Hostile ${n}.`,
          [field]: value,
        });
        expectSafe(response, `${field} = ${value.slice(0, 40)}`);
        expect([303, 422], `${field} = ${value.slice(0, 40)}`).toContain(response.statusCode);
      }
    }
    // Raw invalid UTF-8 is read as U+FFFD and refused as unreadable.
    const raw = await t.app.inject({
      method: "POST",
      url: `/en/a/${slug}/comments`,
      remoteAddress: freshAddress(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: Buffer.concat([
        Buffer.from(`name=Rosa&email=rosa%40example.org&ts=${agedFormToken(t.ctx)}&body=`),
        invalidUtf8,
      ]),
    });
    expect(raw.statusCode).toBe(422);
    expect(raw.body).toContain("characters we cannot read");
    // What was stored shows escaped on every public page.
    for (const path of [`/en/a/${slug}`, `/es/a/${slug}`, `/en/a/${slug}/comments.atom`])
      expectSafe(await t.app.inject(path), path);
    const stored = await rows();
    expect(stored.length).toBeGreaterThan(0);
    expect(await page()).toContain("<p>&lt;script>window.juntosHostileRan=1;alert(1)&lt;/script></p>");
  });

  it("says how long a too long comment is", async () => {
    const response = await post({ body: "é".repeat(5_001) });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain("Your comment has 5,001 characters; shorten it to 5,000.");
    expect(response.body).toContain("é".repeat(5_001));
  });
});

describe("the author's edit window", () => {
  function cookieOf(response: LightMyRequestResponse): string {
    const header = String(response.headers["set-cookie"]);
    expect(header).toMatch(/HttpOnly; SameSite=Strict/);
    expect(header).toContain(`Path=/en/a/${slug}/comments/`);
    return header.split(";")[0]!;
  }

  it("lets the author change and delete their comment from the same device for 15 minutes", async () => {
    await approvedComment();
    const posted = await post({ body: "Typo in thsi one." });
    const id = await lastId();
    const cookie = cookieOf(posted);
    const edit = `/en/a/${slug}/comments/${id}/edit`;
    expect((await t.app.inject(edit)).statusCode).toBe(404);
    const form = await t.app.inject({ url: edit, headers: { cookie } });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain("Typo in thsi one.");
    const saved = await t.app.inject({
      method: "POST",
      url: edit,
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      payload: "body=Typo+fixed+now.&stance=doubts",
    });
    expect(saved.statusCode).toBe(303);
    const html = await page();
    expect(html).toContain("Typo fixed now.");
    expect(html).toContain("edited");
    expect(html).not.toContain("thsi");

    clock.advance(16 * 60 * 1000);
    expect((await t.app.inject({ url: edit, headers: { cookie } })).statusCode).toBe(410);
  });

  it("takes a deleted comment off the page, and an edit never shows a held comment", async () => {
    await approvedComment();
    const posted = await post({ body: "To be deleted." });
    const id = await lastId();
    const cookie = cookieOf(posted);
    expect(await page()).toContain("To be deleted.");
    const deleted = await t.app.inject({
      method: "POST",
      url: `/en/a/${slug}/comments/${id}/delete`,
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      payload: "",
    });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.body).toContain("Your comment is deleted");
    expect(await page()).not.toContain("To be deleted.");
    expect((await rows()).at(-1)!.status).toBe("trash");

    const held = await post({ email: "new@example.org", body: "Held first." });
    const heldId = await lastId();
    await t.app.inject({
      method: "POST",
      url: `/en/a/${slug}/comments/${heldId}/edit`,
      headers: { cookie: cookieOf(held), "content-type": "application/x-www-form-urlencoded" },
      payload: "body=Edited+while+held.",
    });
    expect((await rows()).at(-1)).toMatchObject({ status: "pending", body: "Edited while held." });
    expect(await page()).not.toContain("Edited while held.");
  });
});

describe("reporting a comment", () => {
  const reportPath = (id: number, locale = "en") => `/${locale}/a/${slug}/comments/${id}/report`;

  function report(
    id: number,
    fields: { reason?: string; ts?: string; url?: string } = {},
    options: { address?: string; cookie?: string } = {},
  ) {
    return t.app.inject({
      method: "POST",
      url: reportPath(id),
      remoteAddress: options.address ?? freshAddress(),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        ...(options.cookie ? { cookie: options.cookie } : {}),
      },
      payload: new URLSearchParams({ reason: "", ts: agedFormToken(t.ctx), ...fields }).toString(),
    });
  }

  const reports = () => t.ctx.database.db.selectFrom("comment_reports").selectAll().execute();

  it("links each comment to a page that asks first, in both languages, and thanks a replay like a first report", async () => {
    const id = await approvedComment({ body: "Report me maybe." });
    expect(await page()).toContain(`<a href="/en/a/${slug}/comments/${id}/report" rel="nofollow">Report</a>`);
    const asked = await t.app.inject(reportPath(id));
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain("<h1>Report this comment?</h1>");
    expect(asked.body).toContain("Report me maybe.");
    expect(asked.body).toContain(`action="/en/a/${slug}/comments/${id}/report#comment-errors"`);
    expect(asked.body).toContain('<meta name="robots" content="noindex"');
    const spanish = await t.app.inject(reportPath(id, "es"));
    expect(spanish.body).toContain("¿Denunciar este comentario?");
    expect(await page(`/es/a/${slug}`)).toContain(">Denunciar</a>");

    const address = "10.77.0.1";
    const first = await report(id, { reason: "Off topic" }, { address });
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain("Thank you for telling us");
    const replay = await report(id, { reason: "Off topic" }, { address });
    expect(replay.statusCode).toBe(200);
    expect(replay.body).toBe(first.body);
    expect(await reports()).toMatchObject([{ comment_id: id, reason: "Off topic", reviewed_at: null }]);
    // No address is stored with a report.
    expect(JSON.stringify(await reports())).not.toContain("10.77");
  });

  it("hides a comment after three people report it, and counts a signed-in reader once from any network", async () => {
    const id = await approvedComment({ body: "Three strikes." });
    const account = await createAccount(t.ctx);
    const reader: Browser = await signIn(t.app, account.email, account.password);
    await reader.get(`/en/a/${slug}/comment-sign-in/juntos`);
    const cookie = `juntos_commenter=${reader.cookie("juntos_commenter")}`;
    expect(cookie.length).toBeGreaterThan(30);
    expect((await report(id, {}, { cookie, address: "10.78.0.1" })).statusCode).toBe(200);
    expect((await report(id, {}, { cookie, address: "10.78.0.2" })).statusCode).toBe(200);
    expect(await reports()).toHaveLength(1);
    await report(id, {}, { address: "10.78.0.3" });
    expect(await page()).toContain("Three strikes.");
    await report(id, {}, { address: "10.78.0.4" });
    const html = await page();
    expect(html).not.toContain("Three strikes.");
    expect(html).toContain("0 comments.");
    expect((await rows()).at(-1)).toMatchObject({ id, status: "pending" });
    expect((await t.app.inject(reportPath(id))).statusCode).toBe(404);
    expect((await report(id)).statusCode).toBe(404);
    expect((await t.app.inject(`/en/a/${slug}/comments/${id}/reply`)).statusCode).toBe(404);
  });

  it("refuses a network over its limit with the reason kept (429), an expired form (400), a long reason (422)", async () => {
    const id = await approvedComment();
    const address = "10.79.0.1";
    for (let i = 0; i < 10; i++) expect((await report(id, {}, { address })).statusCode).toBe(200);
    const limited = await report(id, { reason: "Still offensive" }, { address });
    expect(limited.statusCode).toBe(429);
    // The real wait: the window opened by the first of these reports, 10 minutes long.
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(limited.headers["retry-after"])).toBeLessThanOrEqual(600);
    expect(limited.body).toContain("Many reports came from your network just now.");
    expect(limited.body).toContain(">Still offensive</textarea>");
    expect((await report(id, {}, { address: "10.79.0.2" })).statusCode).toBe(200);

    const expired = await report(id, { ts: "garbage", reason: "Keep my reason" });
    expect(expired.statusCode).toBe(400);
    expect(expired.body).toContain(">Keep my reason</textarea>");
    const long = await report(id, { reason: "é".repeat(501) });
    expect(long.statusCode).toBe(422);
    expect(long.body).toContain("Keep it under 500 characters.");
    expect(long.body).toContain('<a href="#c-reason">Why? (optional): Keep it under 500 characters.</a>');
    expect(long.body).toContain(`${"é".repeat(501)}</textarea>`);
    // Two networks counted; the refused ones and the repeats did not.
    expect(await reports()).toHaveLength(2);
  });

  it("counts nothing for a filled honeypot, and finds no comment of another action or one not shown (404)", async () => {
    const id = await approvedComment();
    const honeypot = await report(id, { url: "http://spam.example" });
    expect(honeypot.statusCode).toBe(200);
    expect(honeypot.body).toContain("Thank you for telling us");
    await post({ email: "held-one@example.org", body: "Held, not reportable." });
    const held = await lastId();
    const otherOrg = await createOrganization(t.ctx, [
      { account: await createAccount(t.ctx), role: "owner" },
    ]);
    const other = await createAction(t.ctx, otherOrg);
    const otherComment = await t.ctx.comments.post(
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
    const otherAccess = await t.ctx.organizations.access(
      { accountId: (await createAccount(t.ctx, { platformAdmin: true })).id, isPlatformAdmin: true },
      otherOrg.slug,
    );
    await t.ctx.comments.moderate(otherAccess, [otherComment.id], "approve");
    for (const target of [held, otherComment.id]) {
      expect((await t.app.inject(reportPath(target))).statusCode).toBe(404);
      expect((await report(target)).statusCode).toBe(404);
    }
    expect((await t.app.inject(`/en/a/${slug}/comments/abc/report`)).statusCode).toBe(404);
    expect(await reports()).toEqual([]);
  });
});

describe("closing after N days", () => {
  it("shows the last day on the cached page, then closes it when the day passes, refusing posts", async () => {
    await approvedComment({ body: "Early comment." });
    await t.ctx.comments.saveRules(access, {
      hold_first: true,
      max_links: "2",
      spam_words: "",
      hold_words: "",
      close_after_days: "2",
    });
    const open = await page();
    expect(open).toMatch(/The discussion takes new comments until \w+ \d+, \d{4}\./);
    expect(open).toContain(`action="/en/a/${slug}/comments#comment-errors"`);
    expect(await page(`/es/a/${slug}`)).toMatch(
      /La conversación acepta comentarios nuevos hasta el \d+ de \w+ de \d{4}\./,
    );

    clock.advance(3 * 24 * 60 * 60 * 1000);
    const closed = await page();
    expect(closed).toContain("The discussion is closed to new comments.");
    expect(closed).not.toContain(`action="/en/a/${slug}/comments`);
    expect(closed).toContain("Early comment.");
    // Closed while someone wrote: their text comes back to copy, not lost with a bare error page.
    const late = await post({ body: "Too late now <b>really</b>." });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain("The discussion closed while you were writing");
    expect(late.body).toContain("readonly>Too late now &lt;b>really&lt;/b>.</textarea>");
    const top = (await rows())[0]!.id;
    expect((await t.app.inject(`/en/a/${slug}/comments/${top}/reply`)).statusCode).toBe(409);
    // Reporting stays possible on a closed discussion.
    expect((await t.app.inject(`/en/a/${slug}/comments/${top}/report`)).statusCode).toBe(200);
  });
});

describe("remember me on this device", () => {
  const cookieName = "juntos_comment_details";

  function postWith(fields: CommentFields & { remember?: string }, cookie?: string, locale = "en") {
    const form = new URLSearchParams({
      name: "Rosa Parks",
      email: "rosa@example.org",
      website: "https://rosa.example.org",
      body: "Remember me, please.",
      ts: agedFormToken(t.ctx),
      ...fields,
    } as Record<string, string>);
    return t.app.inject({
      method: "POST",
      url: `/${locale}/a/${slug}/comments`,
      remoteAddress: freshAddress(),
      headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
      payload: form.toString(),
    });
  }

  function rememberHeader(response: LightMyRequestResponse): string | undefined {
    const header = response.headers["set-cookie"];
    const lines = Array.isArray(header) ? header : header ? [header] : [];
    return lines.find((line) => line.startsWith(`${cookieName}=`));
  }

  it("is offered unticked in both languages, and sets nothing unless ticked", async () => {
    for (const [locale, label] of [
      ["en", "Remember my name, email and website on this device"],
      ["es", "Recordar mi nombre, correo y sitio web en este dispositivo"],
    ] as const) {
      const html = await page(`/${locale}/a/${slug}`);
      expect(html).toContain(
        '<input type="checkbox" id="c-remember" name="remember" value="yes" aria-describedby="c-remember-hint"/>',
      );
      expect(html).toContain(label);
    }
    const response = await postWith({});
    expect(response.statusCode).toBe(200);
    expect(rememberHeader(response)).toBeUndefined();
  });

  it("keeps name, email and website in a first-party cookie when ticked, and fills the per-request forms with them", async () => {
    const response = await postWith({
      remember: "yes",
      name: "  Rosa Parks ",
      website: "https://rosa.example.org",
    });
    expect(response.statusCode).toBe(200);
    const header = rememberHeader(response)!;
    expect(header).toMatch(/; Path=\/; Max-Age=31536000; SameSite=Lax$/);
    // The cached page's script reads it, so it cannot be HttpOnly.
    expect(header).not.toContain("HttpOnly");
    const cookie = header.split(";")[0]!;
    expect(JSON.parse(decodeURIComponent(cookie.slice(cookieName.length + 1)))).toEqual({
      name: "Rosa Parks",
      email: "rosa@example.org",
      website: "https://rosa.example.org",
    });

    const top = await approvedComment({ email: "other@example.org", body: "Reply to me." });
    for (const path of [`/es/a/${slug}/comments/${top}/reply`, `/en/a/${slug}/comments/new`]) {
      const filled = await t.app.inject({ url: path, headers: { cookie } });
      expect(filled.statusCode, path).toBe(200);
      expect(filled.headers["cache-control"], path).toBe("private, no-store");
      expect(filled.body, path).toContain('name="name" maxlength="100" value="Rosa Parks"');
      expect(filled.body, path).toContain('value="rosa@example.org"');
      expect(filled.body, path).toContain('value="https://rosa.example.org"');
      expect(filled.body, path).toContain('name="remember" value="yes" checked');
    }
    // Without the cookie the same pages are empty and unticked.
    const empty = (await t.app.inject(`/en/a/${slug}/comments/new`)).body;
    expect(empty).toContain('name="name" maxlength="100" value type="text"');
    expect(empty).not.toContain("checked aria-describedby");
  });

  it("is forgotten when a guest posts with the box unticked, and left alone when a post is refused", async () => {
    const cookie = `${cookieName}=${encodeURIComponent(JSON.stringify({ name: "Old", email: "old@example.org", website: "" }))}`;
    const refused = await postWith({ body: "" }, cookie);
    expect(refused.statusCode).toBe(422);
    expect(rememberHeader(refused)).toBeUndefined();
    const refusedTicked = await postWith({ body: "", remember: "yes" });
    expect(rememberHeader(refusedTicked)).toBeUndefined();
    expect(refusedTicked.body).toContain('name="remember" value="yes" checked');

    const forgotten = await postWith({}, cookie);
    expect(forgotten.statusCode).toBe(200);
    expect(rememberHeader(forgotten)).toBe(`${cookieName}=; Path=/; Max-Age=0; SameSite=Lax`);
    // The edit key still comes with it.
    expect(String(forgotten.headers["set-cookie"])).toContain("juntos_comment_");
  });

  it("reads a changed or hostile cookie as untrusted input: escaped, cut to length, or ignored", async () => {
    const hostile = { name: '"><script>alert(1)</script>', email: "x".repeat(400), website: 42 };
    const cookies = [
      `${cookieName}=${encodeURIComponent(JSON.stringify(hostile))}`,
      `${cookieName}=%E0%A4%A`,
      `${cookieName}=null`,
      `${cookieName}=${encodeURIComponent("[1,2]")}`,
    ];
    for (const cookie of cookies) {
      const response = await t.app.inject({ url: `/en/a/${slug}/comments/new`, headers: { cookie } });
      expect(response.statusCode, cookie).toBe(200);
      expect(response.body, cookie).not.toContain("<script>alert(1)");
      expect(response.body, cookie).not.toContain("x".repeat(255));
    }
    const first = await t.app.inject({ url: `/en/a/${slug}/comments/new`, headers: { cookie: cookies[0]! } });
    expect(first.body).toContain('value="&quot;>&lt;script>alert(1)&lt;/script>"');
    expect(first.body).toContain(`value="${"x".repeat(254)}"`);
  });

  it("leaves the cached action page the same for a visitor with remembered details", async () => {
    await postWith({ remember: "yes" });
    const cookie = `${cookieName}=${encodeURIComponent(JSON.stringify({ name: "Rosa Parks", email: "rosa@example.org", website: "" }))}`;
    const bare = await t.app.inject(`/en/a/${slug}`);
    const remembered = await t.app.inject({ url: `/en/a/${slug}`, headers: { cookie } });
    const sameToken = (html: string) => html.replace(/name="ts" value="[^"]+"/g, "");
    expect(sameToken(remembered.body)).toBe(sameToken(bare.body));
    expect(remembered.body).not.toContain("rosa@example.org");
    expect(remembered.headers["set-cookie"]).toBeUndefined();
  });
});
