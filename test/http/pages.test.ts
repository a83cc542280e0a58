import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultFormTokenRules } from "../../src/modules/abuse/form-token.ts";
import * as actions from "../../src/modules/actions/actions.repository.ts";
import { confirmationToken } from "../../src/modules/signatures/signatures.ts";
import { browserZoneScriptHash } from "../../src/views/admin/browser-zone.ts";
import { rememberedDetailsScriptHash } from "../../src/views/pages/remembered-details-script.ts";
import { createTestApp, formTokenIn, type TestApp } from "../support/app.ts";
import { ManualClock } from "../support/clock.ts";
import { insertActionRows } from "../support/fixtures.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const baseUrl = "http://juntos.test";

/** Every URL the page points at through an attribute, with the element it sits on. */
function linkedUrls(html: string): { tag: string; attribute: string; url: string }[] {
  return [...html.matchAll(/<(\w+)\b[^>]*?\s(src|href|action|formaction|srcset|poster)="([^"]*)"/g)].map(
    (m) => ({ tag: m[1]!, attribute: m[2]!, url: m[3]! }),
  );
}

/** Same site, or a data: URL, which loads nothing from anywhere. */
function isLocal(url: string): boolean {
  return (
    (url.startsWith("/") && !url.startsWith("//")) ||
    url.startsWith("#") ||
    url.startsWith(`${baseUrl}/`) ||
    url.startsWith("data:")
  );
}

/** Positions of `needles` in `haystack`; fails when one is missing. */
function positions(haystack: string, needles: string[]): number[] {
  return needles.map((needle) => {
    const at = haystack.indexOf(needle);
    expect(at, needle).toBeGreaterThanOrEqual(0);
    return at;
  });
}

function isAscending(numbers: number[]): boolean {
  return numbers.every((n, i) => i === 0 || numbers[i - 1]! < n);
}

describe("the home page", () => {
  it("lists open actions under Take action and closed ones under Closed, with sponsor, date, type, title and count", async () => {
    const { db } = t.ctx.database;
    const older = await insertActionRows(db, { title: "Older action" });
    const newer = await insertActionRows(db, { title: "Newer action" });
    const closed = await insertActionRows(db, { title: "Closed action", status: "closed" });
    await insertActionRows(db, { title: "Secret draft", status: "draft" });
    const archived = await insertActionRows(db, { title: "Archived action" });
    await db
      .updateTable("actions")
      .set({ archived_at: new Date().toISOString() })
      .where("id", "=", archived.id)
      .execute();
    await db
      .updateTable("actions")
      .set({ action_date: "2012-03-04" })
      .where("id", "in", [newer.id, closed.id])
      .execute();
    await actions.addToSignatureCount(db, older.id, 1234);

    const en = await t.app.inject("/en/");
    expect(en.statusCode).toBe(200);
    expect(en.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(en.body).not.toContain("Secret draft");
    expect(en.body).not.toContain("Archived action");
    expect(
      isAscending(
        positions(en.body, [
          "<h1>Take action</h1>",
          "Newer action",
          "Older action",
          '<h2 id="closed">Closed</h2>',
          "Closed action",
        ]),
      ),
    ).toBe(true);
    expect(en.body).toContain(`<a href="/en/a/${newer.slug}">Newer action</a>`);
    expect(en.body).toContain(`<h3><a href="/en/a/${closed.slug}">Closed action</a></h3>`);
    expect(en.body).toContain(`Sponsored by ${older.sponsor.name}`);
    expect(en.body).toContain('<time datetime="2012-03-04">March 4, 2012</time>');
    expect(en.body).toContain("October 15, 2010");
    expect(en.body).toContain("Online Petition");
    expect(en.body).toContain("1,234 people have signed");
    expect(en.body).toContain("0 people have signed");

    const es = await t.app.inject("/es/");
    expect(es.body).toContain('<html lang="es">');
    expect(
      isAscending(
        positions(es.body, [
          "ES Newer action",
          "ES Older action",
          '<h2 id="closed">Cerradas</h2>',
          "ES Closed action",
        ]),
      ),
    ).toBe(true);
    expect(es.body).toContain(`Patrocinada por ${older.sponsor.name}`);
    expect(es.body).toContain("4 de marzo de 2012");
    expect(es.body).toContain("Petición en línea");
    expect(es.body).toContain("1234 personas han firmado");
    expect(es.body).not.toContain("ES Secret draft");
  });

  it("shows no signature count for an action taken on another site", async () => {
    const { db } = t.ctx.database;
    await insertActionRows(db, {
      title: "Elsewhere",
      type: "external",
      externalUrl: "https://example.org/act",
    });
    const home = (await t.app.inject("/en/")).body;
    expect(home).toContain("Elsewhere");
    expect(home).not.toContain("people have signed");
  });

  it("says so when nothing is published", async () => {
    await insertActionRows(t.ctx.database.db, { status: "draft" });
    expect((await t.app.inject("/en/")).body).toContain("No actions are published yet.");
    expect((await t.app.inject("/es/")).body).toContain("Todavía no hay acciones publicadas.");
  });
});

describe("the action page", () => {
  it("shows the facts, the text, the targets, the letter, co-sponsors in order, the count and the form", async () => {
    const action = await insertActionRows(t.ctx.database.db, {
      goal: 5000,
      cosponsors: ["Zeta Workers Union", "alpha Legal Center", "Beta Coalition"],
    });
    const page = await t.app.inject(`/en/a/${action.slug}`);
    expect(page.statusCode).toBe(200);
    const html = page.body;
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("<h1>Stop the thing</h1>");
    // In the body: the head names the sponsor too (the share image's description).
    const body = html.slice(html.indexOf("<body"));
    expect(isAscending(positions(body, ["Organizational Sponsor", action.sponsor.name]))).toBe(true);
    expect(html).toContain('<dt>Date</dt><dd><time datetime="2010-10-15">October 15, 2010</time></dd>');
    expect(html).toContain(
      `<dt>Action Link</dt><dd><a href="${baseUrl}/a/${action.slug}">juntos.test/a/${action.slug}</a></dd>`,
    );
    expect(html).toContain("<dt>Type of Action</dt><dd>Online Petition</dd>");
    expect(html).toContain("<p>Why it <strong>matters</strong>.</p>");
    expect(html).toContain("<strong>Ada Lovelace</strong>, Secretary");
    expect(html).toContain("Dear decision maker, please act.");
    expect(html).toContain("3 organizations co-sponsor this action.");
    expect(isAscending(positions(html, ["alpha Legal Center", "Beta Coalition", "Zeta Workers Union"]))).toBe(
      true,
    );
    expect(html).toContain('<p class="count" id="take-action">0 people have signed</p>');
    expect(html).toContain('<progress max="5000" value="0"');
    expect(html).toContain("Goal: 5,000");
    expect(html).toContain(`<form method="post" action="/en/a/${action.slug}/sign#form-errors">`);
    for (const field of ["name", "email", "postal_code", "comment", "consent", "website", "ts"]) {
      expect(html).toContain(`name="${field}"`);
    }
    expect(html).toContain(`Yes, ${action.sponsor.name} may email me`);
  });

  it("is fully translated in Spanish", async () => {
    const action = await insertActionRows(t.ctx.database.db, { goal: 5000, cosponsors: ["Unión Obrera"] });
    const html = (await t.app.inject(`/es/a/${action.slug}`)).body;
    expect(html).toContain('<html lang="es">');
    expect(html).toContain("<h1>ES Stop the thing</h1>");
    for (const text of [
      "<dt>Organización patrocinadora</dt>",
      "<dt>Fecha</dt>",
      "15 de octubre de 2010",
      "<dt>Enlace de la acción</dt>",
      "<dt>Tipo de acción</dt><dd>Petición en línea</dd>",
      "<p>Por qué <strong>importa</strong>.</p>",
      "<strong>Ada Lovelace</strong>, Secretaria",
      "Estimada persona, actúe por favor.",
      "1 organización copatrocina esta acción.",
      "Unión Obrera",
      '<p class="count" id="take-action">0 personas han firmado</p>',
      "Meta: 5000",
      `<form method="post" action="/es/a/${action.slug}/sign#form-errors">`,
      "Nombre completo",
      "Firmar",
    ]) {
      expect(html).toContain(text);
    }
    expect(html).not.toContain("Organizational Sponsor");
  });

  it("carries a fresh, valid form token and a clean referral code", async () => {
    const action = await insertActionRows(t.ctx.database.db);
    const html = (await t.app.inject(`/en/a/${action.slug}?source=partner_7`)).body;
    const token = formTokenIn(html);
    expect(t.ctx.formTokens.check(token, defaultFormTokenRules, Date.now() + 3000)).toBe("ok");
    expect(html).toContain('<input type="hidden" name="source" value="partner_7"/>');
    const dirty = (await t.app.inject(`/en/a/${action.slug}?source=%22%3E%3Cb%3E`)).body;
    expect(/name="source" value="([^"]*)"/.exec(dirty)?.[1] ?? "").toBe("");
  });

  it("shows a count or an edit written by another app node within a second", async () => {
    const clock = new ManualClock();
    const node = await createTestApp({}, { clock });
    try {
      const { db } = node.ctx.database;
      const rowLifetime = () => clock.advance(1000);
      const action = await insertActionRows(db, { title: "First title" });
      expect((await node.app.inject(`/en/a/${action.slug}`)).body).toContain("First title");
      // Written straight to the database, as another node would: this node's row cache lags ≤ 1 s.
      await actions.addToSignatureCount(db, action.id, 1);
      rowLifetime();
      expect((await node.app.inject(`/en/a/${action.slug}`)).body).toContain("1 person has signed");
      const text = (await actions.findActionText(db, action.id, "en"))!;
      await actions.upsertActionText(db, action.id, "en", { ...text, title: "Second title" });
      const later = new Date(Date.now() + 60_000).toISOString();
      await db.updateTable("actions").set({ updated_at: later }).where("id", "=", action.id).execute();
      rowLifetime();
      const html = (await node.app.inject(`/en/a/${action.slug}`)).body;
      expect(html).toContain("<h1>Second title</h1>");
      expect(html).toContain("1 person has signed");
    } finally {
      await node.close();
    }
  });

  it("never shows a signer's name or email", async () => {
    const action = await insertActionRows(t.ctx.database.db);
    await t.ctx.signatures.sign(action.slug, {
      name: "Very Private Person",
      email: "private.person@example.org",
      emailCanonical: "private.person@example.org",
      postalCode: "94110",
      comment: "A comment of mine",
      consentSponsor: true,
      source: null,
      referrerOrganizationId: null,
      website: null,
      consentReferrer: false,
      locale: "en",
    });
    const [signature] = await t.ctx.database.db.selectFrom("signatures").select("id").execute();
    await t.ctx.signatures.confirm(confirmationToken(t.ctx.config.secret, signature!.id));
    for (const url of [
      `/en/a/${action.slug}`,
      `/es/a/${action.slug}`,
      "/en/",
      `/en/a/${action.slug}/thanks`,
    ]) {
      const body = (await t.app.inject(url)).body;
      expect(body, url).not.toContain("Very Private Person");
      expect(body, url).not.toContain("private.person");
    }
    expect((await t.app.inject(`/en/a/${action.slug}`)).body).toContain("1 person has signed");
  });
});

describe("pages that do not exist for the public", () => {
  it("answers drafts and unknown slugs with a 404 page in the URL's language", async () => {
    const draft = await insertActionRows(t.ctx.database.db, { status: "draft", title: "Hidden draft" });
    for (const path of [
      `/en/a/${draft.slug}`,
      `/en/a/${draft.slug}/thanks`,
      `/en/a/${draft.slug}/confirmed`,
      `/en/a/${draft.slug}/go`,
      "/en/a/no-such-action",
      "/en/a/Not_A_Slug",
      "/en/nowhere",
    ]) {
      const response = await t.app.inject(path);
      expect(response.statusCode, path).toBe(404);
      expect(response.headers["content-type"], path).toBe("text/html; charset=utf-8");
      expect(response.body, path).toContain("<h1>Page not found</h1>");
      expect(response.body, path).not.toContain("Hidden draft");
    }
    const spanish = await t.app.inject(`/es/a/${draft.slug}`);
    expect(spanish.statusCode).toBe(404);
    expect(spanish.body).toContain('<html lang="es">');
    expect(spanish.body).toContain("<h1>Página no encontrada</h1>");
    expect((await t.app.inject("/es/nada")).body).toContain("Página no encontrada");
  });

  it("answers a malformed URL with the localized error page and the security headers", async () => {
    const response = await t.app.inject("/es/a/x/confirm/%00%ff");
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(response.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(response.body).toContain('<html lang="es">');
  });

  it("refuses to sign a draft", async () => {
    const draft = await insertActionRows(t.ctx.database.db, { status: "draft" });
    const response = await t.app.inject({
      method: "POST",
      url: `/en/a/${draft.slug}/sign`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({
        ts: t.ctx.formTokens.issue(Date.now() - 10_000),
        name: "Rosa Parks",
        email: "rosa@example.org",
        postal_code: "94110",
      }).toString(),
    });
    expect(response.statusCode).toBe(404);
    expect(await t.ctx.database.db.selectFrom("signatures").select("id").execute()).toEqual([]);
  });
});

describe("entry points", () => {
  it("sends / to the home page in the visitor's language, varying on Accept-Language", async () => {
    const spanish = await t.app.inject({
      url: "/",
      headers: { "accept-language": "es-MX,es;q=0.9,en;q=0.5" },
    });
    expect(spanish.statusCode).toBe(302);
    expect(spanish.headers.location).toBe("/es/");
    expect(spanish.headers.vary).toContain("Accept-Language");
    const english = await t.app.inject("/");
    expect(english.headers.location).toBe("/en/");
    expect(english.headers.vary).toContain("Accept-Language");
  });

  it("sends the short action link to the action page in the visitor's language, keeping the query", async () => {
    const action = await insertActionRows(t.ctx.database.db);
    const spanish = await t.app.inject({
      url: `/a/${action.slug}?source=flyer`,
      headers: { "accept-language": "es" },
    });
    expect(spanish.statusCode).toBe(302);
    expect(spanish.headers.location).toBe(`/es/a/${action.slug}?source=flyer`);
    expect(spanish.headers.vary).toContain("Accept-Language");
    const english = await t.app.inject({
      url: `/a/${action.slug}`,
      headers: { "accept-language": "fr, en;q=0.5" },
    });
    expect(english.headers.location).toBe(`/en/a/${action.slug}`);
    expect((await t.app.inject("/a/BAD SLUG")).statusCode).toBe(404);
  });

  it("sends a language root without its slash to the home page", async () => {
    const response = await t.app.inject("/es");
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe("/es/");
  });
});

describe("the language switch", () => {
  it("points every page at the same page in the other language", async () => {
    const action = await insertActionRows(t.ctx.database.db);
    const cases = [
      [`/en/a/${action.slug}`, `/es/a/${action.slug}`],
      [`/es/a/${action.slug}`, `/en/a/${action.slug}`],
      ["/en/", "/es/"],
      [`/es/a/${action.slug}/thanks`, `/en/a/${action.slug}/thanks`],
      // An unknown path has no route to build the other language's link from: its home stands in.
      ["/en/nowhere", "/es/"],
    ] as const;
    for (const [page, other] of cases) {
      const html = (await t.app.inject(page)).body;
      const otherLocale = other.slice(1, 3);
      expect(html, page).toMatch(
        new RegExp(`<a class="lang" href="${other}" hreflang="${otherLocale}" lang="${otherLocale}"`),
      );
      expect(html, page).toContain(
        `<link rel="alternate" hreflang="${otherLocale}" href="${baseUrl}${other}"/>`,
      );
    }
  });
});

describe("an action on another site", () => {
  it("shows a link that counts the click and sends the visitor on, and no signing form", async () => {
    const { db } = t.ctx.database;
    const action = await insertActionRows(db, {
      type: "external",
      externalUrl: "https://example.org/act?x=1",
    });
    const html = (await t.app.inject(`/en/a/${action.slug}`)).body;
    expect(html).toContain(`<a class="button" href="/en/a/${action.slug}/go">`);
    expect(html).toContain("Action on another site");
    // Its discussion takes comments like any action's; there is nothing to sign here.
    expect(html).not.toContain(`action="/en/a/${action.slug}/sign`);
    expect(html).not.toContain("https://example.org/act");

    const go = await t.app.inject(`/es/a/${action.slug}/go`);
    expect(go.statusCode).toBe(302);
    expect(go.headers.location).toBe("https://example.org/act?x=1");
    const row = await db
      .selectFrom("actions")
      .select("external_clicks")
      .where("id", "=", action.id)
      .executeTakeFirstOrThrow();
    expect(row.external_clicks).toBe(1);

    const sign = await t.app.inject({
      method: "POST",
      url: `/en/a/${action.slug}/sign`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: `ts=${t.ctx.formTokens.issue(Date.now() - 10_000)}&name=Rosa&email=rosa%40example.org&postal_code=94110`,
    });
    expect(sign.statusCode).toBe(409);
    expect(await db.selectFrom("signatures").select("id").execute()).toEqual([]);
  });

  it("has no /go for a petition", async () => {
    const action = await insertActionRows(t.ctx.database.db);
    expect((await t.app.inject(`/en/a/${action.slug}/go`)).statusCode).toBe(404);
  });
});

describe("security headers and third parties", () => {
  it("sends a strict Content-Security-Policy whose style hash matches the inline stylesheet", async () => {
    const action = await insertActionRows(t.ctx.database.db);
    const response = await t.app.inject(`/en/a/${action.slug}`);
    const csp = String(response.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/https?:/);
    const styles = [...response.body.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(styles).toHaveLength(1);
    const hash = createHash("sha256").update(styles[0]!).digest("base64");
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["referrer-policy"]).toBe("no-referrer");
    expect(response.headers["x-frame-options"]).toBe("DENY");
  });

  it("allows exactly the stylesheets each page carries: the public one on public pages, both on organizer pages", async () => {
    const action = await insertActionRows(t.ctx.database.db);
    const styleHashesOf = (body: string) =>
      [...body.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
        (m) => `'sha256-${createHash("sha256").update(m[1]!).digest("base64")}'`,
      );
    const allowedStyles = (csp: string) => /style-src ([^;]*)/.exec(csp)![1]!.split(" ");
    const publicPage = await t.app.inject(`/en/a/${action.slug}`);
    const loginPage = await t.app.inject("/en/account/login");
    expect(loginPage.statusCode).toBe(200);
    const publicStyles = styleHashesOf(publicPage.body);
    const organizerStyles = styleHashesOf(loginPage.body);
    expect(publicStyles).toHaveLength(1);
    expect(organizerStyles).toHaveLength(2);
    expect(allowedStyles(String(publicPage.headers["content-security-policy"]))).toEqual(publicStyles);
    expect(allowedStyles(String(loginPage.headers["content-security-policy"])).sort()).toEqual(
      [...organizerStyles].sort(),
    );
    // Public pages run script files of ours (the comment form's solver) and one inline script, the
    // comment form's filler of remembered details, by its hash; organizer pages only the time-zone one.
    const inlineScripts = [...publicPage.body.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
      (m) => `'sha256-${createHash("sha256").update(m[1]!).digest("base64")}'`,
    );
    expect(inlineScripts).toEqual([rememberedDetailsScriptHash]);
    expect(/script-src ([^;]*)/.exec(String(publicPage.headers["content-security-policy"]))?.[1]).toBe(
      `'self' ${rememberedDetailsScriptHash}`,
    );
    expect(String(loginPage.headers["content-security-policy"])).toContain(
      `script-src ${browserZoneScriptHash}`,
    );
  });

  it("loads and links nothing from other origins on the action, home, error and confirmation pages", async () => {
    const action = await insertActionRows(t.ctx.database.db, { cosponsors: ["Org A"] });
    // The comment form's scripts, on the action page only: its solver, a file from our origin, and
    // the inline filler of remembered details (its text checked by its hash above).
    const solver = ['<script src="/comments/proof.js" defer>', "<script>"];
    const pages: [string, string[]][] = [
      [`/en/a/${action.slug}`, solver],
      [`/es/a/${action.slug}`, solver],
      ["/en/", []],
      ["/es/nowhere", []],
      [`/en/a/${action.slug}/confirm/1-${"a".repeat(32)}`, []],
      ["/en/my-data", []],
      ["/es/my-data/sent", []],
      [`/es/my-data/link/1-${"a".repeat(32)}`, []],
    ];
    for (const [path, scripts] of pages) {
      const html = (await t.app.inject(path)).body;
      expect(
        [...html.matchAll(/<script[^>]*>/g)].map((match) => match[0]),
        path,
      ).toEqual(scripts);
      expect(html, path).not.toMatch(/\sstyle="/);
      const urls = linkedUrls(html);
      expect(urls.length, path).toBeGreaterThan(0);
      for (const { url } of urls) expect(isLocal(url), `${path}: ${url}`).toBe(true);
    }
  });

  it("links share sites on the thanks page only through plain links", async () => {
    const action = await insertActionRows(t.ctx.database.db);
    const html = (await t.app.inject(`/en/a/${action.slug}/thanks`)).body;
    const foreign = linkedUrls(html).filter(({ url }) => !isLocal(url));
    expect(foreign.map(({ url }) => new URL(url).protocol).sort()).toEqual([
      "https:",
      "https:",
      "https:",
      "mailto:",
      "sms:",
    ]);
    for (const link of foreign) expect(link).toMatchObject({ tag: "a", attribute: "href" });
    expect(html).toContain(encodeURIComponent(`${baseUrl}/en/a/${action.slug}`));
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<iframe");
    expect(html).not.toContain("<img");
  });
});
