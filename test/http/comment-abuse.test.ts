/**
 * The comment form's abuse defences through the real routes: the proof-of-work challenge and its
 * script from our origin, solutions verified (missing, expired, forged or replayed ones held, never
 * refused), limits per address, per /24 or /64 network and per person, duplicate texts, and a
 * scripted flood of 1,000 posts from one address beside a person commenting from another.
 */
import type { LightMyRequestResponse } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { OrganizationAccess } from "../../src/modules/organizations/organizations.service.ts";
import { agedFormToken, createTestApp, type TestApp } from "../support/app.ts";
import { ManualClock } from "../support/clock.ts";
import { createAction, createOrganization, ownedAction } from "../support/fixtures.ts";
import { encodeProof, solve, solvedProof } from "../support/proof-of-work.ts";

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
  // Shown at once unless something holds it, so "held" below is the defence speaking.
  await t.ctx.comments.saveRules(access, {
    hold_first: false,
    max_links: "2",
    spam_words: "",
    hold_words: "",
  });
});
afterEach(async () => {
  await t.close();
});

let nextAddress = 0;
/** A fresh client address per post (each in its own /24), so that no limit but the one tested speaks. */
function freshAddress(): string {
  nextAddress++;
  return `10.${(nextAddress >> 8) & 255}.${nextAddress & 255}.1`;
}

let nextPerson = 0;
const freshEmail = () => `person${++nextPerson}@example.org`;

interface Fields {
  name?: string;
  email?: string;
  body?: string;
  altcha?: string;
  parent?: string;
}

/** Posts the comment form; `altcha` defaults to a freshly solved proof, as a browser with JavaScript sends. */
async function post(
  fields: Fields = {},
  options: { address?: string; locale?: "en" | "es"; slug?: string; forwardedFor?: string } = {},
): Promise<LightMyRequestResponse> {
  const form = new URLSearchParams({
    name: "Ada Commenter",
    email: freshEmail(),
    body: `A comment of my own, number ${nextPerson}.`,
    ts: agedFormToken(t.ctx),
    altcha: fields.altcha ?? (await solvedProof(t.ctx)),
    ...fields,
  } as Record<string, string>);
  return t.app.inject({
    method: "POST",
    url: `/${options.locale ?? "en"}/a/${options.slug ?? slug}/comments`,
    remoteAddress: options.address ?? freshAddress(),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(options.forwardedFor ? { "x-forwarded-for": options.forwardedFor } : {}),
    },
    payload: form.toString(),
  });
}

async function statuses(): Promise<string[]> {
  const rows = await t.ctx.database.db
    .selectFrom("comments")
    .select("status")
    .where("action_id", "=", actionId)
    .orderBy("id")
    .execute();
  return rows.map((row) => row.status);
}

const actionPage = async (locale = "en") => (await t.app.inject(`/${locale}/a/${slug}`)).body;
const heldText = "Your comment is waiting for review";

describe("the proof-of-work challenge and its script", () => {
  it("serves a fresh signed challenge as JSON that no one caches", async () => {
    const [first, second] = await Promise.all([
      t.app.inject("/comments/challenge"),
      t.app.inject("/comments/challenge"),
    ]);
    for (const response of [first!, second!]) {
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toMatch(/^application\/json/);
      expect(response.headers["cache-control"]).toBe("no-store");
      expect(String(response.headers["content-security-policy"])).toContain("default-src 'none'");
      const challenge = response.json();
      expect(challenge.parameters).toMatchObject({ algorithm: "SHA-256", cost: 1 });
      expect(challenge.parameters.expiresAt * 1000).toBeGreaterThan(Date.now() + 50 * 60 * 1000);
      expect(challenge.signature).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(first!.json().parameters.nonce).not.toBe(second!.json().parameters.nonce);
    // What the endpoint hands out is what the form takes.
    const field = encodeProof(first!.json(), solve(first!.json()));
    expect(await t.ctx.proofOfWork.check(field)).toBe("verified");
  });

  it("serves the solver from our origin, cached for an hour and revalidated", async () => {
    const script = await t.app.inject("/comments/proof.js");
    expect(script.statusCode).toBe(200);
    expect(script.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(script.headers["cache-control"]).toBe("public, max-age=3600");
    expect(script.body).toContain("crypto.subtle");
    expect(script.body).toContain("input[name=altcha][data-challenge]");
    expect(script.body).not.toMatch(/https?:\/\//);
    const again = await t.app.inject({
      url: "/comments/proof.js",
      headers: { "if-none-match": String(script.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it("is loaded deferred at the end of both forms, after the signing button, allowed by script-src 'self'", async () => {
    const top = await post();
    expect(top.statusCode).toBe(303);
    const [comment] = await t.ctx.database.db.selectFrom("comments").select("id").execute();
    const solver = '<script src="/comments/proof.js" defer>';
    // The cached page also fills remembered details with its inline script, after the form; the
    // per-request reply page fills them on the server.
    const pages: [string, string[]][] = [
      [`/en/a/${slug}`, [solver, "<script>"]],
      [`/es/a/${slug}`, [solver, "<script>"]],
      [`/en/a/${slug}/comments/${comment!.id}/reply`, [solver]],
    ];
    for (const [path, expected] of pages) {
      const response = await t.app.inject(path);
      const html = response.body;
      expect(String(response.headers["content-security-policy"]), path).toContain("script-src 'self'");
      const scripts = [...html.matchAll(/<script[^>]*>/g)].map((match) => match[0]);
      expect(scripts, path).toEqual(expected);
      expect(html, path).toContain(
        '<input type="hidden" name="altcha" data-challenge="/comments/challenge"/>',
      );
      const form = html.indexOf('class="comment-form"');
      expect(form, path).toBeGreaterThan(0);
      expect(html.indexOf("<script"), path).toBeGreaterThan(form);
      expect(html.indexOf("<script"), path).toBeLessThan(html.indexOf("</form>", form));
    }
    // The signing form comes first on the action page, and the script after its button.
    const html = await actionPage();
    const signForm = html.indexOf(`action="/en/a/${slug}/sign`);
    expect(signForm).toBeGreaterThan(0);
    expect(html.indexOf("<script")).toBeGreaterThan(html.indexOf("</button>", signForm));
  });
});

describe("verifying the proof of work", () => {
  it("shows a solved comment at once and holds the same person's comment without one, never refusing it", async () => {
    const email = freshEmail();
    const solved = await post({ email, body: "Solved in my browser." });
    expect(solved.statusCode).toBe(303);
    for (const altcha of ["", "not a proof", "A".repeat(5_000)]) {
      const response = await post({ email, body: `Without a proof (${altcha.length}).`, altcha });
      expect(response.statusCode, altcha.slice(0, 20)).toBe(200);
      expect(response.body).toContain(heldText);
      expect(response.body).toContain(`Without a proof (${altcha.length}).`);
    }
    // No field at all, as a form posted by a script that never loaded the page.
    const bare = await t.app.inject({
      method: "POST",
      url: `/en/a/${slug}/comments`,
      remoteAddress: freshAddress(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({
        name: "Ada",
        email,
        body: "No field at all.",
        ts: agedFormToken(t.ctx),
      }).toString(),
    });
    expect(bare.body).toContain(heldText);
    expect(await statuses()).toEqual(["approved", "pending", "pending", "pending", "pending"]);
    expect(await actionPage()).not.toContain("Without a proof");
  });

  it("holds a comment whose solution expired, was forged, or was already used", async () => {
    const hourAgo = Date.now() - 2 * 60 * 60 * 1000;
    const expired = await post({ body: "An old solution.", altcha: await solvedProof(t.ctx, hourAgo) });
    expect(expired.body).toContain(heldText);

    const challenge = await t.ctx.proofOfWork.challenge();
    const solution = solve(challenge);
    const forged = encodeProof(
      { ...challenge, parameters: { ...challenge.parameters, keyPrefix: solution.derivedKey.slice(0, 2) } },
      solution,
    );
    expect((await post({ body: "A forged challenge.", altcha: forged })).body).toContain(heldText);
    const wrongKey = encodeProof(challenge, { ...solution, derivedKey: "ab".repeat(32) });
    expect((await post({ body: "A wrong key.", altcha: wrongKey })).body).toContain(heldText);

    const field = encodeProof(challenge, solution);
    expect((await post({ body: "The real solution.", altcha: field })).statusCode).toBe(303);
    const replay = await post({ body: "The same solution again.", altcha: field });
    expect(replay.statusCode).toBe(200);
    expect(replay.body).toContain(heldText);
    expect(await statuses()).toEqual(["pending", "pending", "pending", "approved", "pending"]);
  });

  it("does not spend a solution on a form sent back for a correction", async () => {
    const field = await solvedProof(t.ctx);
    expect((await post({ body: "", altcha: field })).statusCode).toBe(422);
    expect((await post({ body: "Corrected.", altcha: field })).statusCode).toBe(303);
  });
});

describe("limits", () => {
  const limited = "Many comments came from your network just now.";

  it("refuses the 21st comment from one address in ten minutes with 429, Retry-After and the text", async () => {
    const address = "203.0.113.10";
    for (let i = 1; i <= 20; i++)
      expect((await post({ altcha: "" }, { address })).statusCode, `comment ${i}`).toBe(200);
    const refused = await post({ body: "Number twenty-one, kept." }, { address });
    expect(refused.statusCode).toBe(429);
    const retryAfter = Number(refused.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(refused.body).toContain(limited);
    expect(refused.body).toContain("Number twenty-one, kept.");
    expect(refused.body).toContain('id="comment-errors"');
    const spanish = await post({ body: "Y en español." }, { address, locale: "es" });
    expect(spanish.statusCode).toBe(429);
    expect(spanish.body).toContain("Llegaron muchos comentarios desde tu red");
    expect(spanish.body).toContain("Y en español.");
    expect((await post({}, { address: "203.0.113.11" })).statusCode).toBe(303);
  });

  it("refuses a script walking through the addresses of one /24 after 60, while the next /24 goes on", async () => {
    for (let host = 1; host <= 60; host++)
      expect((await post({ altcha: "" }, { address: `198.51.100.${host}` })).statusCode, `host ${host}`).toBe(
        200,
      );
    const refused = await post({ body: "From the 61st address." }, { address: "198.51.100.61" });
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain("From the 61st address.");
    expect((await post({}, { address: "198.51.101.1" })).statusCode).toBe(303);
  });

  it("counts every address of one IPv6 /64 together", async () => {
    for (let i = 1; i <= 20; i++)
      expect((await post({ altcha: "" }, { address: `2001:db8:5:6::${i.toString(16)}` })).statusCode).toBe(
        200,
      );
    expect((await post({}, { address: "2001:db8:5:6:aaaa:bbbb:cccc:dddd" })).statusCode).toBe(429);
    expect((await post({}, { address: "2001:db8:5:7::1" })).statusCode).toBe(303);
  });

  it("refuses an 11th comment from one person (canonical email) in ten minutes, from any address", async () => {
    const spellings = ["ana.lopez@gmail.com", "AnaLopez+x@gmail.com", "a.n.a.lopez@googlemail.com"];
    for (let i = 0; i < 10; i++) {
      const response = await post({ email: spellings[i % 3], body: `Ana's comment ${i}.` });
      expect(response.statusCode, `comment ${i}`).toBe(303);
    }
    const refused = await post({ email: "analopez@gmail.com", body: "Ana's eleventh, kept." });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect(refused.body).toContain("You sent many comments in a short time.");
    expect(refused.body).toContain("Ana's eleventh, kept.");
    expect(refused.body).toContain('value="analopez@gmail.com"');
    const spanish = await post({ email: "ana.lopez@gmail.com", body: "Otra vez." }, { locale: "es" });
    expect(spanish.body).toContain("Enviaste muchos comentarios en poco tiempo.");
    expect((await post({ email: "someone.else@gmail.com" })).statusCode).toBe(303);
  });
});

describe("duplicate comments", () => {
  it("refuses the same text again from the same person on the same action, keeping it, and takes it elsewhere", async () => {
    const email = freshEmail();
    expect((await post({ email, body: "Keep the center open!" })).statusCode).toBe(303);
    const again = await post({ email: email.toUpperCase(), body: "  keep THE center\n\nopen!  " });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain("You already posted this same text here");
    expect(again.body).toContain("keep THE center");
    const spanish = await post({ email, body: "Keep the center open!" }, { locale: "es" });
    expect(spanish.statusCode).toBe(409);
    expect(spanish.body).toContain("Ya publicaste este mismo texto aquí");
    expect(await statuses()).toEqual(["approved"]);
    // Something new from the same person, the same text from someone else, or on another action: taken.
    expect((await post({ email, body: "Keep the center open, please!" })).statusCode).toBe(303);
    expect((await post({ body: "Keep the center open!" })).statusCode).toBe(303);
    const other = await createAction(t.ctx, await createOrganization(t.ctx));
    const elsewhere = await post({ email, body: "Keep the center open!" }, { slug: other.slug });
    expect(elsewhere.statusCode).toBeLessThan(400);
  });

  it("refuses a copy of a held comment too, and takes the text again once its author deleted it", async () => {
    const email = freshEmail();
    const held = await post({ email, body: "Waiting for review.", altcha: "" });
    expect(held.body).toContain(heldText);
    expect((await post({ email, body: "Waiting for review." })).statusCode).toBe(409);
    const [row] = await t.ctx.database.db.selectFrom("comments").select("id").execute();
    const cookie = String(held.headers["set-cookie"]).split(";")[0]!;
    const deleted = await t.app.inject({
      method: "POST",
      url: `/en/a/${slug}/comments/${row!.id}/delete`,
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      payload: "",
    });
    expect(deleted.statusCode).toBe(200);
    expect((await post({ email, body: "Waiting for review." })).statusCode).toBe(303);
  });

  it("holds the same text from a third person within the hour, on any action, and not after the hour", async () => {
    const slogan = "Sign the petition now!!!";
    const other = await createAction(t.ctx, await createOrganization(t.ctx));
    expect((await post({ body: slogan })).statusCode).toBe(303);
    expect((await post({ body: slogan.toLowerCase() }, { slug: other.slug })).statusCode).toBeLessThan(400);
    const third = await post({ body: `  ${slogan.toUpperCase()} ` });
    expect(third.statusCode).toBe(200);
    expect(third.body).toContain(heldText);
    clock.advance(61 * 60 * 1000);
    expect((await post({ body: slogan })).statusCode).toBe(303);
    expect(await statuses()).toEqual(["approved", "pending", "approved"]);
  });
});

describe("a scripted flood", () => {
  it("refuses or holds 1,000 posts from one address, none shown, while a person elsewhere comments as usual", async () => {
    const flooder = "203.0.113.66";
    const person = "198.51.100.7";
    let personProof = "";
    const figures = { accepted: 0, held: 0, refused: 0, other: 0 };
    const started = performance.now();
    for (let i = 0; i < 1_000; i++) {
      if (i === 500) {
        // Midway, a person from another address comments; the script then replays their solution.
        personProof = await solvedProof(t.ctx);
        const response = await post(
          { name: "Rita Neighbour", body: "I came to say the center matters.", altcha: personProof },
          { address: person },
        );
        expect(response.statusCode).toBe(303);
      }
      // A script rotates its people, its texts and the address it claims (X-Forwarded-For, not
      // trusted without TRUST_PROXY), and has no solution of its own: it sends none, a made-up
      // one, or one it saw go by.
      const altcha = i < 500 ? (i % 2 === 0 ? "" : `forged${i}`) : personProof;
      const response = await post(
        { name: `Bot ${i}`, email: `bot${i}@spam.example`, body: `Buy followers cheap, offer ${i}.`, altcha },
        { address: flooder, forwardedFor: `192.0.2.${i % 250}` },
      );
      if (response.statusCode === 303) figures.accepted++;
      else if (response.statusCode === 200 && response.body.includes(heldText)) figures.held++;
      else if (response.statusCode === 429) figures.refused++;
      else figures.other++;
    }
    const elapsedMs = Math.round(performance.now() - started);
    console.log(
      `comment flood, 1,000 posts from one address: ${figures.accepted} accepted, ${figures.held} held, ` +
        `${figures.refused} refused (429), ${figures.other} other, in ${elapsedMs} ms`,
    );
    expect(figures).toEqual({ accepted: 0, held: 20, refused: 980, other: 0 });
    const html = await actionPage();
    expect(html).not.toContain("Buy followers");
    expect(html).toContain("I came to say the center matters.");
    expect(html).toContain("1 comment.");
    const feed = (await t.app.inject(`/en/a/${slug}/comments.atom`)).body;
    expect(feed).not.toContain("Buy followers");
    // The person goes on commenting, and was never held up by the flood.
    const later = await post({ name: "Rita Neighbour", body: "And one more thing." }, { address: person });
    expect(later.statusCode).toBe(303);
    expect(await statuses()).toEqual([...Array(20).fill("pending"), "approved", "approved"]);
  });
});
