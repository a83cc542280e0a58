/**
 * Email about a discussion through the real routes, over real SMTP: double opt-in, notices only
 * after approval (never unapproved text, never to the comment's author), one-click unsubscribe
 * from the raw List-Unsubscribe header, clear answers to replayed and forged links, and the
 * moderators' digest at most once per window, also with two nodes on one database.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createContext } from "../../src/context.ts";
import { collectJobs } from "../../src/jobs/registry.ts";
import { digestWindowMs } from "../../src/modules/comment-notifications/comment-notifications.ts";
import type { OrganizationAccess } from "../../src/modules/organizations/organizations.service.ts";
import { signId } from "../../src/modules/signed-id.ts";
import { agedFormToken, createTestApp, type TestApp } from "../support/app.ts";
import { ManualClock } from "../support/clock.ts";
import { testEngine } from "../support/engine.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  type TestAccount,
  type TestOrganization,
} from "../support/fixtures.ts";
import { solvedProof } from "../support/proof-of-work.ts";
import { type ReceivedMail, rawHeader, startSmtp, type TestSmtp } from "../support/smtp-server.ts";

let t: TestApp;
let smtp: TestSmtp;
let clock: ManualClock;
let owner: TestAccount;
let org: TestOrganization;
let slug: string;
let access: OrganizationAccess;

const titles = { en: "Fund the day labor center", es: "Financien el centro de jornaleros" };

beforeEach(async () => {
  smtp = await startSmtp();
  clock = new ManualClock();
  t = await createTestApp({ SMTP_URL: smtp.url }, { clock });
  owner = await createAccount(t.ctx, { name: "Mona Moderator" });
  org = await createOrganization(t.ctx, [{ account: owner, role: "owner" }]);
  ({ slug } = await createAction(t.ctx, org));
  access = await t.ctx.organizations.access({ accountId: owner.id, isPlatformAdmin: false }, org.slug);
});
afterEach(async () => {
  await t.close();
  await smtp.close();
});

let nextAddress = 0;
/** A fresh client address per post, so the per-network limit is not what a test measures. */
function freshAddress(): string {
  nextAddress++;
  return `10.8.${(nextAddress >> 8) & 255}.${nextAddress & 255}`;
}

type Locale = "en" | "es";

function form(path: string, fields: Record<string, string>) {
  return t.app.inject({
    method: "POST",
    url: path,
    remoteAddress: freshAddress(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams(fields).toString(),
  });
}

/** Posts a comment as a guest; returns its id. */
async function comment(
  fields: { name?: string; email?: string; body?: string; parent?: string; notify?: string },
  locale: Locale = "en",
): Promise<number> {
  const response = await form(`/${locale}/a/${slug}/comments`, {
    name: "Rosa Parks",
    email: "rosa@example.org",
    body: "The center keeps families fed.",
    ts: agedFormToken(t.ctx),
    altcha: await solvedProof(t.ctx),
    ...fields,
  });
  expect(response.statusCode, response.body.slice(0, 300)).toBeLessThan(400);
  const row = await t.ctx.database.db
    .selectFrom("comments")
    .select("id")
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function statusOf(id: number) {
  const row = await t.ctx.database.db
    .selectFrom("comments")
    .select("status")
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return row.status;
}

async function moderate(move: "approve" | "spam" | "trash", ...ids: number[]) {
  expect(await t.ctx.comments.moderate(access, ids, move)).toBe(ids.length);
}

/** Runs the outbox until nothing is due: a fan-out's notices are jobs of their own. */
async function settle(): Promise<void> {
  while ((await t.ctx.worker.drain()) > 0);
}

const recipient = (mail: ReceivedMail) => {
  const to = mail.parsed.to;
  return to && !Array.isArray(to) ? to.text : "";
};

async function mailsTo(address: string): Promise<ReceivedMail[]> {
  await settle();
  return smtp.mails.filter((mail) => recipient(mail) === address);
}

/** The path of the first link in a mail's text that matches `pattern`. */
function linkIn(mail: ReceivedMail, pattern: RegExp): string {
  const link = (mail.parsed.text ?? "").match(pattern)?.[0];
  if (!link) throw new Error(`no link like ${pattern} in "${mail.parsed.subject}"`);
  return new URL(link).pathname;
}

const confirmLink = (mail: ReceivedMail) =>
  linkIn(mail, /http:\/\/juntos\.test\/(en|es)\/comment-subscriptions\/confirm\/\S+/);

/** The URL a mail client POSTs to, straight from the raw mail's header. */
function oneClickUrl(mail: ReceivedMail): URL {
  const header = rawHeader(mail.raw, "List-Unsubscribe");
  const url = /^<(https?:\/\/[^>]+)>$/.exec(header ?? "")?.[1];
  if (!url) throw new Error(`no List-Unsubscribe URL in "${mail.parsed.subject}": ${header}`);
  return new URL(url);
}

/** What a mail client sends for RFC 8058: a form POST, no cookie, nothing else. */
function oneClick(url: URL) {
  return t.app.inject({
    method: "POST",
    url: url.pathname,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: "List-Unsubscribe=One-Click",
  });
}

async function subscriptionsOf(email: string) {
  return t.ctx.database.db
    .selectFrom("comment_subscriptions")
    .select(["scope", "status", "comment_id", "locale"])
    .where("email", "=", email)
    .orderBy("id")
    .execute();
}

function follow(email: string, locale: Locale = "en", extra: Record<string, string> = {}) {
  return form(`/${locale}/a/${slug}/comments/follow`, { email, ts: agedFormToken(t.ctx), ...extra });
}

/** A reader who follows the discussion and confirmed it through the mail's link and button. */
async function confirmedFollower(email: string, locale: Locale = "en"): Promise<void> {
  expect((await follow(email, locale)).statusCode).toBe(200);
  const [mail] = await mailsTo(email);
  const confirmed = await t.app.inject({ method: "POST", url: confirmLink(mail!) });
  expect(confirmed.statusCode).toBe(200);
  expect(await subscriptionsOf(email)).toMatchObject([{ scope: "all", status: "confirmed" }]);
}

describe("subscribing, with double opt-in", () => {
  it("mails a confirmation in the commenter's language, and nothing else until it is confirmed", async () => {
    const ana = await comment(
      { name: "Ana", email: "ana@example.org", body: "Primera opinión.", notify: "replies" },
      "es",
    );
    expect(await statusOf(ana)).toBe("pending");
    const [confirmation, ...more] = await mailsTo("ana@example.org");
    expect(more).toEqual([]);
    expect(confirmation!.parsed.subject).toBe(
      `Confirma: avísame de las respuestas a mi comentario en “${titles.es}”`,
    );
    expect(rawHeader(confirmation!.raw, "List-Unsubscribe")).toMatch(
      /^<http:\/\/juntos\.test\/es\/unsubscribe\/\d+-[\w-]{32}>$/,
    );
    expect(rawHeader(confirmation!.raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(await subscriptionsOf("ana@example.org")).toMatchObject([
      { scope: "replies", status: "pending", comment_id: ana, locale: "es" },
    ]);

    // A reply approved before Ana confirmed tells her nothing.
    await moderate("approve", ana);
    const early = await comment({
      name: "Bob",
      email: "bob@example.org",
      parent: String(ana),
      body: "Too early.",
    });
    await moderate("approve", early);
    expect(await mailsTo("ana@example.org")).toHaveLength(1);

    // The link's GET only shows the button; the POST confirms.
    const path = confirmLink(confirmation!);
    const shown = await t.app.inject(path);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain("Confirma tu suscripción");
    expect(shown.body).toContain(`<form method="post" action="${path}">`);
    expect(await subscriptionsOf("ana@example.org")).toMatchObject([{ status: "pending" }]);
    const confirmed = await t.app.inject({ method: "POST", url: path });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain("Ya tienes la suscripción");
    expect(await subscriptionsOf("ana@example.org")).toMatchObject([{ status: "confirmed" }]);

    const carla = await comment({
      name: "Carla",
      email: "carla@example.org",
      parent: String(ana),
      body: "Carla answers Ana.",
    });
    expect(await mailsTo("ana@example.org")).toHaveLength(1);
    await moderate("approve", carla);
    const [, notice, ...others] = await mailsTo("ana@example.org");
    expect(others).toEqual([]);
    expect(notice!.parsed.subject).toBe(`Respuesta nueva a tu comentario en “${titles.es}”`);
    expect(notice!.parsed.text).toContain("Carla escribió:\n\n> Carla answers Ana.");
    expect(notice!.parsed.text).not.toContain("Too early.");
    const permalink = linkIn(notice!, new RegExp(`http://juntos\\.test/es/a/${slug}/comments/${carla}\\b`));
    expect((await t.app.inject(permalink)).headers.location).toBe(`/es/a/${slug}#comment-${carla}`);
    expect(oneClickUrl(notice!).pathname).toMatch(/^\/es\/unsubscribe\/\d+-[\w-]{32}$/);
  });

  it("lets a reader follow the whole discussion from a form on the page, without commenting", async () => {
    const page = (await t.app.inject(`/en/a/${slug}`)).body;
    expect(page).toContain(`action="/en/a/${slug}/comments/follow#follow-errors"`);
    expect(page).toContain('<input type="radio" id="c-notify-none" name="notify" value checked/>');

    const asked = await follow("reader@example.org");
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain("Check your email");
    const [mail] = await mailsTo("reader@example.org");
    expect(mail!.parsed.subject).toBe(`Confirm: email me new comments on “${titles.en}”`);

    // Asking again within the hour sends nothing more (the form cannot flood a mailbox); later it does.
    expect((await follow("Reader@Example.org")).statusCode).toBe(200);
    expect(await mailsTo("reader@example.org")).toHaveLength(1);
    clock.advance(61 * 60_000);
    expect((await follow("reader@example.org")).statusCode).toBe(200);
    expect(await mailsTo("reader@example.org")).toHaveLength(2);
    expect(await subscriptionsOf("reader@example.org")).toMatchObject([{ scope: "all", status: "pending" }]);

    const invalid = await follow("not-an-address");
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain("Enter an email address like name@example.org.");
    expect(invalid.body).toContain('value="not-an-address"');
    const expired = await follow("late@example.org", "en", { ts: "" });
    expect(expired.statusCode).toBe(400);
    expect(expired.body).toContain('value="late@example.org"');
    const bot = await follow("victim@example.org", "en", { url: "http://spam.example" });
    expect(bot.statusCode).toBe(200);
    expect(await mailsTo("victim@example.org")).toEqual([]);
    expect(await mailsTo("late@example.org")).toEqual([]);
    expect((await t.app.inject(`/en/a/${slug}`)).body).not.toContain("reader@example.org");
  });
});

describe("notices, only after approval", () => {
  it("sends nothing for held or spam comments, then one mail per subscriber with only that comment's text", async () => {
    await confirmedFollower("sam@example.org");
    await confirmedFollower("sol@example.org", "es");
    await t.ctx.comments.saveRules(access, {
      hold_first: true,
      max_links: "2",
      spam_words: "casino",
      hold_words: "",
    });
    const held = await comment({
      name: "Hana",
      email: "hana@example.org",
      body: "Held words, approved later.",
    });
    const spam = await comment({ name: "Spam", email: "spam@example.org", body: "Best casino deals here." });
    const waiting = await comment({
      name: "Dana",
      email: "dana@example.org",
      body: "UNAPPROVED-SECRET text.",
    });
    expect([await statusOf(held), await statusOf(spam), await statusOf(waiting)]).toEqual([
      "pending",
      "spam",
      "pending",
    ]);
    expect(await mailsTo("sam@example.org")).toHaveLength(1);
    expect(await mailsTo("sol@example.org")).toHaveLength(1);

    await moderate("approve", held);
    const [, sam, ...moreSam] = await mailsTo("sam@example.org");
    const [, sol, ...moreSol] = await mailsTo("sol@example.org");
    expect([...moreSam, ...moreSol]).toEqual([]);
    expect(sam!.parsed.subject).toBe(`New comment on “${titles.en}”`);
    expect(sam!.parsed.text).toContain("Hana wrote:\n\n> Held words, approved later.");
    expect(sol!.parsed.subject).toBe(`Comentario nuevo en “${titles.es}”`);
    for (const mail of smtp.mails) {
      expect(mail.raw).not.toContain("UNAPPROVED-SECRET");
      expect(mail.raw).not.toContain("casino");
    }

    // Taken back and approved again, the comment is old news: nobody is told twice.
    await moderate("spam", held);
    await moderate("approve", held);
    expect(await mailsTo("sam@example.org")).toHaveLength(2);
    expect(await mailsTo("sol@example.org")).toHaveLength(2);
  });

  it("checks again when the mail goes out: a comment taken back before then sends nothing", async () => {
    await confirmedFollower("sam@example.org");
    const held = await comment({ name: "Hana", email: "hana@example.org", body: "Approved, then trashed." });
    await moderate("approve", held);
    await moderate("trash", held);
    expect(await mailsTo("sam@example.org")).toHaveLength(1);
    // Between the fan-out and its notice too.
    const second = await comment({ name: "Hana", email: "hana@example.org", body: "Approved, then spam." });
    await moderate("approve", second);
    await t.ctx.worker.drain();
    await moderate("spam", second);
    expect(await mailsTo("sam@example.org")).toHaveLength(1);
  });

  it("never mails a comment's author about it, even when they follow the discussion or their own thread", async () => {
    await confirmedFollower("ana.lopez@gmail.com");
    await confirmedFollower("sam@example.org");
    // The same person, as the canonical address knows her.
    const own = await comment({ name: "Ana", email: "AnaLopez+talk@gmail.com", body: "My own thoughts." });
    await moderate("approve", own);
    expect(await mailsTo("ana.lopez@gmail.com")).toHaveLength(1);
    expect(await mailsTo("sam@example.org")).toHaveLength(2);

    const rosa = await comment({
      name: "Rosa",
      email: "rosa@example.org",
      notify: "replies",
      body: "Reply to me.",
    });
    await moderate("approve", rosa);
    const [confirmation] = await mailsTo("rosa@example.org");
    expect((await t.app.inject({ method: "POST", url: confirmLink(confirmation!) })).statusCode).toBe(200);
    await comment({
      name: "Rosa",
      email: "rosa@example.org",
      parent: String(rosa),
      body: "Answering myself.",
    });
    expect(await mailsTo("rosa@example.org")).toHaveLength(1);
    expect(await mailsTo("sam@example.org")).toHaveLength(4);
  });
});

describe("one-click unsubscribe (RFC 8058)", () => {
  it("unsubscribes with the cookie-less POST to the raw header's URL; later comments send nothing", async () => {
    await confirmedFollower("sam@example.org");
    const first = await comment({ name: "Hana", email: "hana@example.org", body: "First approved." });
    await moderate("approve", first);
    const [, notice] = await mailsTo("sam@example.org");
    expect(rawHeader(notice!.raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    const url = oneClickUrl(notice!);
    expect(url.origin).toBe("http://juntos.test");

    // A scanner following the link changes nothing; the page has the button.
    const page = await t.app.inject(url.pathname);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<form method="post" action="${url.pathname}">`);
    expect(await subscriptionsOf("sam@example.org")).toMatchObject([{ status: "confirmed" }]);

    const done = await oneClick(url);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain("You are unsubscribed");
    expect(done.headers["set-cookie"]).toBeUndefined();
    expect(done.headers["cache-control"]).toBe("no-store");
    expect(await subscriptionsOf("sam@example.org")).toMatchObject([{ status: "ended" }]);
    expect((await oneClick(url)).statusCode).toBe(200);

    const later = await comment({ name: "Hana", email: "hana@example.org", body: "After the unsubscribe." });
    expect(await statusOf(later)).toBe("approved");
    expect(await mailsTo("sam@example.org")).toHaveLength(2);
  });

  it("takes any body type, and ends every subscription of the address on the action", async () => {
    const own = await comment({ email: "rosa@example.org", notify: "replies", body: "Tell me of replies." });
    expect((await follow("rosa@example.org")).statusCode).toBe(200);
    // Both confirmations go out in one run, in either order.
    const mails = await mailsTo("rosa@example.org");
    const bySubject = (subject: string) => mails.find((mail) => mail.parsed.subject === subject);
    const confirmation = bySubject(`Confirm: email me replies to my comment on “${titles.en}”`);
    const followConfirmation = bySubject(`Confirm: email me new comments on “${titles.en}”`);
    expect(mails).toHaveLength(2);
    expect((await t.app.inject({ method: "POST", url: confirmLink(followConfirmation!) })).statusCode).toBe(
      200,
    );
    expect(await subscriptionsOf("rosa@example.org")).toMatchObject([
      { scope: "replies", status: "pending", comment_id: own },
      { scope: "all", status: "confirmed" },
    ]);
    const boundary = "----juntos";
    const response = await t.app.inject({
      method: "POST",
      url: oneClickUrl(confirmation!).pathname,
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    expect(response.statusCode).toBe(200);
    expect(await subscriptionsOf("rosa@example.org")).toMatchObject([
      { scope: "replies", status: "ended" },
      { scope: "all", status: "ended" },
    ]);
  });
});

describe("replayed and forged links", () => {
  it("answers each one clearly, never with 500", async () => {
    await follow("sam@example.org", "es");
    const [mail] = await mailsTo("sam@example.org");
    const confirm = confirmLink(mail!);
    const stop = oneClickUrl(mail!).pathname;
    const [confirmToken] = confirm.split("/").slice(-1);
    const [stopToken] = stop.split("/").slice(-1);

    for (let i = 0; i < 2; i++) {
      const again = await t.app.inject({ method: "POST", url: confirm });
      expect(again.statusCode).toBe(200);
      expect(again.body).toContain("Ya tienes la suscripción");
    }
    expect((await t.app.inject(confirm)).body).toContain("Ya tienes la suscripción");

    const id = Number(confirmToken!.split("-")[0]);
    const flipped = confirmToken!.slice(0, -1) + (confirmToken!.endsWith("A") ? "B" : "A");
    const forged = [
      flipped,
      `${id}-${"A".repeat(32)}`,
      signId("not the secret", "comment-subscription-confirm", id),
      // Signed for real, but for a subscription that does not exist.
      signId(t.ctx.config.secret, "comment-subscription-confirm", id + 1000),
      "abc",
      "0-0",
      "%00",
      "%E2%80%AE1-x",
      `${id}-${"x".repeat(150)}`,
    ];
    for (const locale of ["en", "es"] as const) {
      const expected = locale === "en" ? "This link is not valid" : "Este enlace no es válido";
      const paths = [
        ...forged.flatMap((token) => [
          `/${locale}/comment-subscriptions/confirm/${token}`,
          `/${locale}/unsubscribe/${token}`,
        ]),
        // Each link is signed for its own purpose only.
        `/${locale}/comment-subscriptions/confirm/${stopToken}`,
        `/${locale}/unsubscribe/${confirmToken}`,
      ];
      for (const path of paths)
        for (const method of ["GET", "POST"] as const) {
          const response = await t.app.inject({ method, url: path });
          expect(response.statusCode, `${method} ${path}`).toBe(404);
          expect(response.body, `${method} ${path}`).toContain(expected);
        }
    }
    expect(await subscriptionsOf("sam@example.org")).toMatchObject([{ status: "confirmed" }]);

    // After unsubscribing, the confirmation link says plainly that it confirms nothing now.
    expect((await oneClick(new URL(`http://juntos.test${stop}`))).statusCode).toBe(200);
    for (const method of ["GET", "POST"] as const) {
      const stale = await t.app.inject({ method, url: confirm });
      expect(stale.statusCode).toBe(410);
      expect(stale.body).toContain("Esta suscripción se canceló");
    }
    expect(await subscriptionsOf("sam@example.org")).toMatchObject([{ status: "ended" }]);
  });
});

describe("the moderators' digest", () => {
  /** An organization with a moderator of each kind, and an action of its own. */
  async function moderationTeam() {
    const organizer = await createAccount(t.ctx, { name: "Olga Organizer" });
    const viewer = await createAccount(t.ctx, { name: "Vera Viewer" });
    await t.ctx.database.db
      .updateTable("accounts")
      .set({ locale: "es" })
      .where("id", "=", organizer.id)
      .execute();
    const organization = await createOrganization(t.ctx, [
      { account: owner, role: "owner" },
      { account: organizer, role: "organizer" },
      { account: viewer, role: "viewer" },
    ]);
    ({ slug } = await createAction(t.ctx, organization));
    return { team: organization, organizer, viewer };
  }

  const digests = (to: string) =>
    mailsTo(to).then((mails) => mails.filter((mail) => /wait|espera/.test(mail.parsed.subject ?? "")));

  it("mails the moderators at most once per window, and only when something new is held", async () => {
    const { team, organizer, viewer } = await moderationTeam();
    const tick = async () => {
      clock.advance(61_000);
      await t.ctx.scheduler.runDue();
    };
    await tick();
    expect(await digests(owner.email)).toEqual([]);

    await comment({ name: "Guest One", email: "one@example.org", body: "First held." });
    await tick();
    const [first, ...more] = await digests(owner.email);
    expect(more).toEqual([]);
    expect(first!.parsed.subject).toBe(`1 comment waits for review at ${team.name}`);
    expect(linkIn(first!, /http:\/\/juntos\.test\/\S+/)).toBe(`/en/admin/o/${team.slug}/comments`);
    const [spanish] = await digests(organizer.email);
    expect(spanish!.parsed.subject).toBe(`1 comentario espera revisión en ${team.name}`);
    expect(await digests(viewer.email)).toEqual([]);

    // Within the window a newly held comment waits for the next digest.
    clock.advance(5 * 60_000);
    await comment({ name: "Guest Two", email: "two@example.org", body: "Second held." });
    await tick();
    expect(await digests(owner.email)).toHaveLength(1);
    clock.advance(digestWindowMs);
    await tick();
    const [, second, ...none] = await digests(owner.email);
    expect(none).toEqual([]);
    expect(second!.parsed.subject).toBe(`2 comments wait for review at ${team.name}`);

    // Nothing new held: nothing sent, however long it waits.
    clock.advance(2 * digestWindowMs);
    await tick();
    expect(await digests(owner.email)).toHaveLength(2);
    expect(await digests(organizer.email)).toHaveLength(2);
  });

  it("sends one digest when two nodes look at the same moment", async () => {
    await moderationTeam();
    // Nodes share PostgreSQL; SQLite serves one process, where two runs at once share its connection.
    const other = testEngine() === "postgres" ? await createContext(t.ctx.config, { clock }) : t.ctx;
    try {
      await comment({ name: "Guest One", email: "one@example.org", body: "First held." });
      clock.advance(61_000);
      const ran = await Promise.all([t.ctx.scheduler.runDue(), other.scheduler.runDue()]);
      expect(ran.flat().filter((name) => name === "comment-notifications.moderator-digest")).toHaveLength(1);
      await other.worker.drain();
      expect(await digests(owner.email)).toHaveLength(1);

      // Even run outside the scheduler's lease, the digest row lets one node through.
      await comment({ name: "Guest Two", email: "two@example.org", body: "Second held." });
      clock.advance(digestWindowMs);
      const task = (ctx: typeof t.ctx) =>
        collectJobs({ ...ctx, baseUrl: ctx.config.baseUrl, db: ctx.database.db }).tasks.find(
          (candidate) => candidate.name === "comment-notifications.moderator-digest",
        )!;
      await Promise.all([task(t.ctx).run(clock.now()), task(other).run(clock.now())]);
      await other.worker.drain();
      expect(await digests(owner.email)).toHaveLength(2);
    } finally {
      if (other !== t.ctx) await other.close();
    }
  });
});

describe("what is kept, and what is refused", () => {
  it("forgets addresses that unsubscribed or never confirmed after 30 days, and keeps confirmed ones", async () => {
    await confirmedFollower("kept@example.org");
    await confirmedFollower("gone@example.org");
    expect((await follow("never@example.org")).statusCode).toBe(200);
    const held = await comment({ name: "Hana", email: "hana@example.org", body: "Told to two." });
    await moderate("approve", held);
    const [, notice] = await mailsTo("gone@example.org");
    const stop = oneClickUrl(notice!);
    expect((await oneClick(stop)).statusCode).toBe(200);

    const day = 24 * 60 * 60_000;
    clock.advance(29 * day);
    expect(await t.ctx.scheduler.runDue()).toContain("comment-notifications.purge-stale");
    const left = async () =>
      (
        await t.ctx.database.db.selectFrom("comment_subscriptions").select("email").orderBy("id").execute()
      ).map((row) => row.email);
    expect(await left()).toEqual(["kept@example.org", "gone@example.org", "never@example.org"]);
    clock.advance(2 * day);
    expect(await t.ctx.scheduler.runDue()).toContain("comment-notifications.purge-stale");
    expect(await left()).toEqual(["kept@example.org"]);
    expect(await t.ctx.database.db.selectFrom("comment_notices").selectAll().execute()).toEqual([]);
    // The old link now names nothing, and says so.
    const stale = await oneClick(stop);
    expect(stale.statusCode).toBe(404);
    expect(stale.body).toContain("This link is not valid");
  });

  it("answers hostile input to the follow form and the email choice with the form again, never 500", async () => {
    const script = "<script>alert(1)</script>";
    for (const value of [script, '"><img src=x onerror=alert(1)>', "a\u0000b", "x".repeat(5_000)]) {
      const response = await follow(value);
      expect(response.statusCode, value.slice(0, 40)).toBe(422);
      expect(response.body).not.toContain(script);
      expect(response.body).not.toContain("<img src=x");
    }
    expect((await follow("x".repeat(40_000))).statusCode).toBe(413);
    const refused = await form(`/en/a/${slug}/comments`, {
      name: "Rosa",
      email: "rosa@example.org",
      body: "With a strange choice.",
      notify: script,
      ts: agedFormToken(t.ctx),
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain("Choose one of the email options.");
    expect(refused.body).toContain('href="#c-notify"');
    expect(refused.body).not.toContain(script);
    expect(await mailsTo("rosa@example.org")).toEqual([]);
  });
});
