/**
 * Reading the discussion through the real routes: helpful marks by signed-in readers (one per
 * person, taken back by a second press, never on one's own comment, shown on the cached page
 * without re-rendering it per vote), the orders and the language filter with their links across
 * pages, and "in reply to" on replies to the third level.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Locale } from "../../src/i18n/locale.ts";
import type { Voter } from "../../src/modules/comments/comments.ts";
import type { OrganizationAccess } from "../../src/modules/organizations/organizations.service.ts";
import { canonicalEmail } from "../../src/modules/people/people.ts";
import { createTestApp, type TestApp } from "../support/app.ts";
import { Browser, signIn } from "../support/browser-session.ts";
import { ManualClock } from "../support/clock.ts";
import { createAccount, ownedAction, type TestAccount } from "../support/fixtures.ts";

let t: TestApp;
let clock: ManualClock;
let slug: string;
let access: OrganizationAccess;

beforeEach(async () => {
  clock = new ManualClock();
  t = await createTestApp({}, { clock });
  ({
    action: { slug },
    access,
  } = await ownedAction(t.ctx));
});
afterEach(async () => {
  await t.close();
});

let people = 0;

/** A comment through the service, approved by a moderator: shown at once. */
async function shown(
  body: string,
  options: { name?: string; email?: string; locale?: Locale; parent?: number } = {},
): Promise<number> {
  people++;
  const email = options.email ?? `person${people}@example.org`;
  const posted = await t.ctx.comments.post(
    slug,
    options.locale ?? "en",
    {
      name: options.name ?? `Person ${people}`,
      email,
      emailCanonical: canonicalEmail(email),
      website: null,
      body,
      stance: null,
      notify: null,
      parentId: options.parent ?? null,
    },
    { tooFast: false },
  );
  if (posted.status !== "approved")
    expect(await t.ctx.comments.moderate(access, [posted.id], "approve")).toBe(1);
  return posted.id;
}

/** Votes as if that many different people had signed in, straight through the service. */
async function markedBy(commentId: number, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const voter: Voter = { provider: "wordpress", subject: `reader-${commentId}-${i}`, email: null };
    expect(await t.ctx.comments.vote(slug, commentId, voter)).toBe(true);
  }
  await t.ctx.comments.flushVotes();
}

const page = async (path = `/en/a/${slug}`) => {
  const response = await t.app.inject(path);
  expect(response.statusCode, path).toBe(200);
  return response.body;
};

/** The comments of a page in document order: threads in their order, each followed by its replies. */
const order = (html: string) =>
  [...html.matchAll(/<li id="comment-(\d+)" class="comment">/g)].map((m) => Number(m[1]));

/** A signed-in commenter (a Juntos account), in a browser of their own. */
async function reader(account?: TestAccount): Promise<{ browser: Browser; account: TestAccount }> {
  const person = account ?? (await createAccount(t.ctx, { name: "Vera Lector" }));
  const browser = await signIn(t.app, person.email, person.password);
  const signedIn = await browser.get(`/en/a/${slug}/comment-sign-in/juntos`);
  expect(signedIn.statusCode).toBe(303);
  expect(browser.cookie("juntos_commenter")).toBeTruthy();
  return { browser, account: person };
}

const votes = () =>
  t.ctx.database.db.selectFrom("comment_votes").selectAll().orderBy("voter_subject").execute();
const helpfulCount = async (id: number) =>
  (
    await t.ctx.database.db
      .selectFrom("comments")
      .select("helpful_count")
      .where("id", "=", id)
      .executeTakeFirstOrThrow()
  ).helpful_count;

describe("marking a comment as helpful", () => {
  it("sends a reader who is not signed in to the ways to sign in, which come back to the comment", async () => {
    const id = await shown("Worth reading.");
    const anonymous = new Browser(t.app);
    const press = await anonymous.post(`/en/a/${slug}/comments/${id}/helpful`);
    expect(press.statusCode).toBe(303);
    const here = `/en/a/${slug}/comments/${id}/helpful`;
    expect(press.headers.location).toBe(here);
    expect(await votes()).toEqual([]);

    const choices = await anonymous.get(here);
    expect(choices.statusCode).toBe(200);
    expect(choices.headers["cache-control"]).toBe("no-store");
    expect(choices.body).toContain("Sign in to mark this comment as helpful.");
    expect(choices.body).toContain("Worth reading.");
    const signInLink = `/en/a/${slug}/comment-sign-in/juntos?back=${encodeURIComponent(here)}`;
    expect(choices.body).toContain(`href="${signInLink.replaceAll("&", "&amp;")}"`);
    expect(choices.body).not.toContain("Mark as helpful");

    // Through the account sign-in and back to the comment, where the mark is one press away.
    const account = await createAccount(t.ctx, { name: "Vera Lector" });
    const start = await anonymous.get(signInLink);
    expect(start.headers.location).toBe(`/en/account/login?next=${encodeURIComponent(signInLink)}`);
    const login = await anonymous.post(String(start.headers.location), {
      email: account.email,
      password: account.password,
    });
    expect(login.headers.location).toBe(signInLink);
    const back = await anonymous.get(signInLink);
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe(here);
    const offered = await anonymous.get(here);
    expect(offered.body).toContain("Commenting as");
    expect(offered.body).toContain(
      `<form method="post" action="${here}"><button type="submit">Mark as helpful`,
    );
  });

  it("comes back only to the action's own pages after signing in", async () => {
    const { browser } = await reader();
    for (const back of ["https://evil.example/", "//evil.example/x", `/en/a/other/comments/1/helpful`]) {
      const response = await browser.get(
        `/en/a/${slug}/comment-sign-in/juntos?back=${encodeURIComponent(back)}`,
      );
      // Anywhere else asked for, the sign-in ends at one's own comment form.
      expect(response.headers.location, back).toBe(`/en/a/${slug}/comments/new#leave-a-reply`);
    }
  });

  it("marks with a press and takes the mark back with a second, shown on the cached page", async () => {
    const id = await shown("Helpful, I hope.");
    expect(await page()).toContain(
      `action="/en/a/${slug}/comments/${id}/helpful" class="vote"><button type="submit">Helpful</button>`,
    );
    const { browser, account } = await reader();

    const first = await browser.post(`/en/a/${slug}/comments/${id}/helpful`);
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`/en/a/${slug}#comment-${id}`);
    expect(await page()).toContain('<button type="submit">Helpful · 1</button>');
    // Stored by who is signed in, never by where the request came from.
    expect(await votes()).toEqual([
      expect.objectContaining({
        comment_id: id,
        voter_provider: "juntos",
        voter_subject: String(account.id),
      }),
    ]);
    expect(Object.keys((await votes())[0]!).sort()).toEqual([
      "comment_id",
      "created_at",
      "voter_provider",
      "voter_subject",
    ]);
    expect((await browser.get(`/en/a/${slug}/comments/${id}/helpful`)).body).toContain(
      "You marked this comment as helpful.",
    );

    clock.advance(10_000);
    const second = await browser.post(`/en/a/${slug}/comments/${id}/helpful`);
    expect(second.statusCode).toBe(303);
    expect(await votes()).toEqual([]);
    expect(await helpfulCount(id)).toBe(0);
    expect(await page()).toContain(`<button type="submit">Helpful</button>`);
  });

  it("counts one mark per person: the same account on another device takes it back, another person adds one", async () => {
    const id = await shown("One each.");
    const { browser: laptop, account } = await reader();
    const { browser: phone } = await reader(account);
    const { browser: other, account: otherAccount } = await reader(
      await createAccount(t.ctx, { name: "Otra Persona" }),
    );
    await laptop.post(`/en/a/${slug}/comments/${id}/helpful`);
    await other.post(`/en/a/${slug}/comments/${id}/helpful`);
    expect(await helpfulCount(id)).toBe(2);
    await phone.post(`/en/a/${slug}/comments/${id}/helpful`);
    expect(await helpfulCount(id)).toBe(1);
    expect((await votes()).map((vote) => vote.voter_subject)).toEqual([String(otherAccount.id)]);
  });

  it("is not for one's own comment", async () => {
    const account = await createAccount(t.ctx, { name: "Ana Autora" });
    const id = await shown("My own words.", { email: account.email.toUpperCase() });
    const { browser } = await reader(account);
    const press = await browser.post(`/en/a/${slug}/comments/${id}/helpful`);
    expect(press.statusCode).toBe(403);
    expect(press.body).toContain("This is your own comment");
    expect(await votes()).toEqual([]);
    const asked = await browser.get(`/es/a/${slug}/comments/${id}/helpful`);
    expect(asked.body).toContain("Son los demás quienes deciden si tu comentario es útil");
    expect(asked.body).not.toContain("Marcar como útil");
  });

  it("is refused for a comment not shown and once the discussion is closed, which still shows the count", async () => {
    const id = await shown("Closing soon.");
    await markedBy(id, 2);
    const { browser } = await reader();
    expect((await browser.post(`/en/a/${slug}/comments/999999/helpful`)).statusCode).toBe(404);
    const action = await t.ctx.actions.publicAction(slug);
    await t.ctx.comments.setClosed(access, action.id, true);
    expect((await browser.post(`/en/a/${slug}/comments/${id}/helpful`)).statusCode).toBe(409);
    const html = await page();
    expect(html).not.toContain(`/comments/${id}/helpful`);
    expect(html).toContain("2 people found this helpful");
    expect(await helpfulCount(id)).toBe(2);
  });

  it("stores a burst of marks at once but moves the cached page once per window", async () => {
    const id = await shown("Viral comment.");
    const voter = (n: number): Voter => ({ provider: "wordpress", subject: `burst-${n}`, email: null });
    await t.ctx.comments.vote(slug, id, voter(0));
    // The first mark after a quiet spell shows at once: its voter sees it.
    expect(await page()).toContain("Helpful · 1");
    const version = async () => (await t.ctx.actions.getPublicPage(slug, "en")).version;
    const before = await version();
    for (let n = 1; n <= 20; n++) await t.ctx.comments.vote(slug, id, voter(n));
    expect(await helpfulCount(id)).toBe(21);
    // The cached page stays as it was (no re-render per mark) …
    expect(await version()).toBe(before);
    expect(await page()).toContain("Helpful · 1");
    // … while a page rendered per request already counts them all.
    expect(await page(`/en/a/${slug}?sort=helpful`)).toContain("Helpful · 21");
    // The window's end moves it once, with all of them.
    await t.ctx.comments.flushVotes();
    expect(await version()).not.toBe(before);
    expect(await page()).toContain("Helpful · 21");
    clock.advance(10_000);
    await t.ctx.comments.vote(slug, id, voter(21));
    expect(await page()).toContain("Helpful · 22");
  });
});

describe("the order of the discussion", () => {
  it("sorts threads by their top-level comment, replies oldest first inside, with links that say which is shown", async () => {
    const a = await shown("Thread A.");
    const a1 = await shown("Reply A1.", { parent: a });
    const b = await shown("Thread B.");
    const c = await shown("Thread C.");
    const a2 = await shown("Reply A2.", { parent: a });
    await markedBy(b, 2);
    await markedBy(c, 1);
    await markedBy(a1, 5);

    expect(order(await page())).toEqual([a, a1, a2, b, c]);
    expect(order(await page(`/en/a/${slug}?sort=oldest`))).toEqual([a, a1, a2, b, c]);
    expect(order(await page(`/en/a/${slug}?sort=newest`))).toEqual([c, b, a, a1, a2]);
    expect(order(await page(`/en/a/${slug}?sort=helpful`))).toEqual([b, c, a, a1, a2]);
    // Anything else reads as the default: the cached page.
    expect(order(await page(`/en/a/${slug}?sort=loudest&lang=fr`))).toEqual([a, a1, a2, b, c]);

    const helpful = await page(`/en/a/${slug}?sort=helpful`);
    expect(helpful).toContain(
      `<a href="/en/a/${slug}?sort=helpful#discussion" aria-current="true">Most helpful</a>`,
    );
    expect(helpful).toContain(`<a href="/en/a/${slug}#discussion">Oldest first</a>`);
    expect(helpful).toContain(`<a href="/en/a/${slug}?sort=newest#discussion">Newest first</a>`);
    expect(helpful).toContain(`<a href="/en/a/${slug}?sort=helpful&amp;lang=es#discussion">Spanish</a>`);
    // A mark from a sorted page comes back to it.
    expect(helpful).toContain(`action="/en/a/${slug}/comments/${b}/helpful?sort=helpful"`);
    const { browser } = await reader();
    const press = await browser.post(`/en/a/${slug}/comments/${c}/helpful?sort=helpful`);
    expect(press.headers.location).toBe(`/en/a/${slug}?sort=helpful#comment-${c}`);
    const es = await page(`/es/a/${slug}?sort=newest`);
    expect(es).toContain(
      `<a href="/es/a/${slug}?sort=newest#discussion" aria-current="true">Más recientes primero</a>`,
    );
    expect(es).toContain("Más útiles");
  });

  it("keeps the order and the language across pages", async () => {
    await t.ctx.comments.saveRules(access, {
      hold_first: false,
      max_links: "2",
      spam_words: "",
      hold_words: "",
    });
    const ids: number[] = [];
    for (let i = 1; i <= 52; i++)
      ids.push(await shown(`Numbered ${i}.`, { locale: i % 2 === 0 ? "es" : "en" }));
    await shown("Solo en inglés.", { locale: "en" });
    const newest = await page(`/en/a/${slug}?sort=newest`);
    expect(newest).toContain("Page 1 of 2");
    expect(order(newest)[0]).toBe(ids.at(-1)! + 1);
    expect(newest).toContain(`<a href="/en/a/${slug}?sort=newest&amp;comments=2#discussion">Next page</a>`);
    const secondNewest = await page(`/en/a/${slug}?sort=newest&comments=2`);
    expect(order(secondNewest)).toEqual([ids[2], ids[1], ids[0]]);
    expect(secondNewest).toContain(`<a href="/en/a/${slug}?sort=newest#discussion">Previous page</a>`);

    // 26 Spanish threads: one page, so no paging links; 27 English ones with the extra one.
    const spanish = await page(`/en/a/${slug}?lang=es&sort=newest`);
    expect(order(spanish)).toEqual(ids.filter((_, i) => (i + 1) % 2 === 0).reverse());
    expect(spanish).not.toContain("Page 1 of");
    expect(spanish).toContain("53 comments.");
    await t.ctx.comments.saveRules(access, {
      hold_first: false,
      max_links: "2",
      spam_words: "",
      hold_words: "",
    });
    for (let i = 0; i < 30; i++) await shown(`Más ${i}.`, { locale: "es" });
    const spanishFirst = await page(`/es/a/${slug}?lang=es&sort=newest`);
    expect(spanishFirst).toContain("Página 1 de 2");
    expect(spanishFirst).toContain(
      `<a href="/es/a/${slug}?sort=newest&amp;lang=es&amp;comments=2#discussion">Página siguiente</a>`,
    );
    const spanishSecond = await page(`/es/a/${slug}?sort=newest&lang=es&comments=2`);
    // 56 Spanish threads: the oldest six on the second page.
    expect(order(spanishSecond)).toEqual([ids[11], ids[9], ids[7], ids[5], ids[3], ids[1]]);
    // Oldest first keeps its own words for the way back and on.
    expect(await page(`/en/a/${slug}?lang=es`)).toContain(
      `<a href="/en/a/${slug}?lang=es&amp;comments=2#discussion">Later comments</a>`,
    );
  });
});

describe("the language filter", () => {
  it("shows one language or both, keeps each comment's lang, and counts the whole discussion above", async () => {
    const en = await shown("In English.", { locale: "en" });
    const es = await shown("En español.", { locale: "es" });
    const enReplyToEs = await shown("An English reply.", { locale: "en", parent: es });
    const esReply = await shown("Una respuesta.", { locale: "es", parent: es });

    const both = await page();
    expect(order(both)).toEqual([en, es, enReplyToEs, esReply]);
    expect(both).toContain(`<div class="comment-body" lang="es"><p>En español.</p>`);
    expect(both).toContain(`<div class="comment-body" lang="en"><p>In English.</p>`);
    expect(both).toContain(`<a href="/en/a/${slug}#discussion" aria-current="true">Both languages</a>`);

    const spanish = await page(`/en/a/${slug}?lang=es`);
    expect(order(spanish)).toEqual([es, esReply]);
    expect(spanish).toContain("4 comments.");
    expect(spanish).toContain(`<a href="/en/a/${slug}?lang=es#discussion" aria-current="true">Spanish</a>`);
    const english = await page(`/es/a/${slug}?lang=en`);
    expect(order(english)).toEqual([en]);
    expect(english).toContain("4 comentarios.");
    expect(english).toContain(`<a href="/es/a/${slug}?lang=en#discussion" aria-current="true">Inglés</a>`);
    expect(english).toContain(`<a href="/es/a/${slug}#discussion">Ambos idiomas</a>`);
  });

  it("says so when no comment is in the language asked for", async () => {
    await shown("Only English here.", { locale: "en" });
    const html = await page(`/es/a/${slug}?lang=es`);
    expect(order(html)).toEqual([]);
    expect(html).toContain("Todavía no hay comentarios en este idioma.");
  });
});

describe("in reply to", () => {
  it("names whom a reply to the third level answers, and links to that comment", async () => {
    const top = await shown("Top.", { name: "Tomás" });
    const second = await shown("Second.", { name: "Segunda", parent: top });
    const third = await shown("Third.", { name: "Tercera", parent: second });
    const fourth = await shown("Fourth.", { name: "Cuarta", parent: third });
    const row = await t.ctx.database.db
      .selectFrom("comments")
      .select(["parent_id", "reply_to_id", "depth"])
      .where("id", "=", fourth)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ parent_id: second, reply_to_id: third, depth: 2 });
    const html = await page();
    const item = (id: number) =>
      html.slice(
        html.indexOf(`id="comment-${id}"`),
        html.indexOf("comment-body", html.indexOf(`id="comment-${id}"`)),
      );
    expect(item(fourth)).toContain(`<a href="#comment-${third}">in reply to Tercera</a>`);
    for (const id of [top, second, third]) expect(item(id)).not.toContain("in reply to");
    expect(await page(`/es/a/${slug}`)).toContain(`<a href="#comment-${third}">en respuesta a Tercera</a>`);
    // Once the comment answered is no longer shown, nobody is named.
    await t.ctx.comments.moderate(access, [third], "trash");
    expect(await page()).not.toContain("in reply to");
  });

  it("escapes the name it quotes", async () => {
    const top = await shown("Top.");
    const second = await shown("Second.", { parent: top });
    const hostile = await shown("Third.", { name: `<img src=x onerror=alert(1)>`, parent: second });
    await shown("Fourth.", { parent: hostile });
    const html = await page();
    expect(html).toContain("in reply to &lt;img src=x onerror=alert(1)>");
    expect(html).not.toContain("<img src=x");
  });
});
