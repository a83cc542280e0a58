/**
 * Hostile input: markup, quote breakouts, huge strings, undecodable bytes, NUL, lone surrogates,
 * duplicated keys, array syntax, JSON and empty bodies, into every form field and URL part.
 * Every answer must be a redirect, a 4xx, or a page where the input shows only as escaped text.
 */
import { connect } from "node:net";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rememberedDetailsScript } from "../../src/views/pages/remembered-details-script.ts";
import { agedFormToken, createTestApp, type TestApp } from "../support/app.ts";
import { createAction, createOrganization } from "../support/fixtures.ts";

let t: TestApp;
let slug: string;
beforeEach(async () => {
  t = await createTestApp();
  slug = (await createAction(t.ctx, await createOrganization(t.ctx))).slug;
});
afterEach(async () => {
  await t.close();
});

const fields = ["name", "email", "postal_code", "comment", "consent", "website", "ts", "source"] as const;
type Field = (typeof fields)[number];

const script = "<script>alert(1)</script>";
const breakout = '"><img src=x onerror=alert(1)>';

/** Values as they travel in a form body: percent-encoded text, raw text, or raw bytes. */
const formValues: [string, string | Buffer][] = [
  ["a script tag", encodeURIComponent(script)],
  ["an attribute breakout", encodeURIComponent(breakout)],
  ["an event handler after a quote", encodeURIComponent(`" autofocus onfocus="alert(1)`)],
  ["single quotes and backticks", encodeURIComponent("' onmouseover='alert(1)' `x` ")],
  ["unencoded markup", script],
  ["a 10 KB string of markup", encodeURIComponent("<script>".repeat(1280))],
  ["a 100 KB string", "a".repeat(100_000)],
  ["invalid percent escapes", "%FF%FE"],
  ["an encoded lone surrogate", "%ED%A0%80"],
  ["a NUL byte", "Ro%00sa"],
  ["raw invalid UTF-8 bytes", Buffer.from([0xc3, 0x28])],
  ["a raw Latin-1 byte", Buffer.from([0x52, 0xe9, 0x61])],
  ["a javascript: URL", encodeURIComponent("javascript:alert(1)")],
  ["CRLF and header text", encodeURIComponent("x\r\nSet-Cookie: a=b\r\n")],
  ["an empty value", ""],
];

/** Element names our pages and mails use; anything else in a response was injected. */
const knownElements = new Set(
  "html head meta title link style body a header main footer h1 h2 h3 p ul ol li strong em dl dt dd time section article progress form label input textarea div span button blockquote pre br fieldset legend".split(
    " ",
  ),
);
const attributePattern = /\s([^\s"'<>/=]+)(?:=(?:"([^"]*)"|([^\s"'=<>`]+)))?/g;
const tagPattern = new RegExp(`<(/?)([a-zA-Z][\\w-]*)((?:${attributePattern.source})*)\\s*/?>`, "g");

/** The one script element our pages carry: the comment form's solver, a file from our origin. */
const ourScript = '<script src="/comments/proof.js" defer></script>';

/** Problems with the markup of an HTML document, as readable strings (empty when safe). */
function markupProblems(html: string): string[] {
  const problems: string[] = [];
  // Our own stylesheet and scripts: the solver's file, and the comment form's inline filler of
  // remembered details (exactly that text, allowed by its hash).
  const document = html
    .replace(/<style>[^<]*<\/style>/, "<style></style>")
    .replace(ourScript, "")
    .replace(`<script>${rememberedDetailsScript}</script>`, "");
  const tagStarts = new Set<number>();
  for (const match of document.matchAll(tagPattern)) {
    tagStarts.add(match.index);
    const [, , element = "", attributes = ""] = match;
    if (!knownElements.has(element.toLowerCase())) problems.push(`element <${element}>`);
    for (const [, name = "", quoted, bare] of attributes.matchAll(attributePattern)) {
      const value = quoted ?? bare ?? "";
      if (/^on|^style$|^src|^formaction$|^http-equiv$/i.test(name)) problems.push(`attribute ${name}`);
      const isUrl = /^(href|action)$/i.test(name);
      const navigates = isUrl && /^(a|form)$/i.test(element);
      if ((isUrl && /^\s*(javascript|vbscript):/i.test(value)) || (navigates && /^\s*data:/i.test(value)))
        problems.push(`${element} ${name}="${value}"`);
    }
  }
  for (const match of document.matchAll(/<\/?[a-zA-Z]/g)) {
    if (!tagStarts.has(match.index))
      problems.push(`unparsable tag at ${document.slice(match.index, match.index + 40)}`);
  }
  return problems;
}

let nextAddress = 0;
/** A fresh client address per request, so the signing rate limit never hides an answer. */
function freshAddress(): string {
  nextAddress++;
  return `10.${(nextAddress >> 16) & 255}.${(nextAddress >> 8) & 255}.${nextAddress & 255}`;
}

function expectSafe(response: LightMyRequestResponse, what: string): void {
  expect(response.statusCode, what).toBeLessThan(500);
  if (response.statusCode >= 300 && response.statusCode < 400) {
    expect(String(response.headers.location), what).toMatch(/^\/[^\r\n]*$/);
    return;
  }
  expect(response.statusCode === 200 || response.statusCode >= 400, what).toBe(true);
  const type = String(response.headers["content-type"] ?? "");
  if (type.startsWith("text/html")) expect(markupProblems(response.body), what).toEqual([]);
  else expect(response.statusCode, `${what} (${type})`).toBeGreaterThanOrEqual(400);
  expect(response.body, what).not.toContain(script);
  expect(response.body, what).not.toContain("<img");
}

function inject(options: InjectOptions, what: string) {
  return t.app.inject({ remoteAddress: freshAddress(), ...options }).then((response) => {
    expectSafe(response, what);
    return response;
  });
}

/** A form body that is valid except for `field`, whose raw pairs are given. */
function formBody(field: Field, pairs: (string | Buffer)[]): Buffer {
  const valid: Record<Field, string> = {
    name: "Rosa%20Parks",
    email: `rosa.${nextAddress}%40example.org`,
    postal_code: "94110",
    comment: "",
    consent: "yes",
    website: "",
    ts: agedFormToken(t.ctx),
    source: "flyer",
  };
  const parts: Buffer[] = [];
  for (const name of fields) {
    if (name === field) continue;
    parts.push(Buffer.from(`${name}=${valid[name]}&`));
  }
  return Buffer.concat([
    ...parts,
    ...pairs.map((pair) => (typeof pair === "string" ? Buffer.from(pair) : pair)),
  ]);
}

function postForm(body: Buffer, what: string, locale = "en") {
  return inject(
    {
      method: "POST",
      url: `/${locale}/a/${slug}/sign`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: body,
    },
    what,
  );
}

function postJson(body: unknown, what: string) {
  return inject(
    {
      method: "POST",
      url: `/en/a/${slug}/sign`,
      headers: { "content-type": "application/json" },
      payload: JSON.stringify(body),
    },
    what,
  );
}

/** Drains the outbox, then checks every page that may show stored input. */
async function expectStoredInputShownSafely(): Promise<void> {
  await t.ctx.worker.drain();
  for (const path of [`/en/a/${slug}`, `/es/a/${slug}`, "/en/", "/en/dev/mail"]) {
    const page = await inject({ url: path }, path);
    expect(page.statusCode, path).toBe(200);
  }
  const mails = await t.ctx.devMailbox!.list();
  for (const mail of mails) {
    await inject({ url: `/en/dev/mail/${mail.id}` }, `mail ${mail.id}`);
    expect(markupProblems(mail.html), `mail ${mail.id} HTML`).toEqual([]);
  }
}

describe("the markup check used below", () => {
  it("finds injected elements, handlers and script URLs, and passes our own pages", async () => {
    expect(markupProblems("<p><img src=x onerror=alert(1)></p>")).toEqual([
      "element <img>",
      "attribute src",
      "attribute onerror",
    ]);
    expect(markupProblems('<a href=" javascript:alert(1)">x</a>')).toEqual(['a href=" javascript:alert(1)"']);
    expect(markupProblems('<p class="a" onclick="x">')).toEqual(["attribute onclick"]);
    expect(markupProblems("<svg/onload=alert(1)>")).toEqual([
      expect.stringMatching(/^unparsable tag at <svg/),
    ]);
    expect(markupProblems('<input value="x"><script>alert(1)</script>')).toEqual([
      "element <script>",
      "element <script>",
    ]);
    // Our own script once is ours; a second copy, or any other script, was injected.
    expect(markupProblems(`<p>${ourScript}</p>`)).toEqual([]);
    expect(markupProblems(`${ourScript}${ourScript}`)).toEqual([
      "element <script>",
      "attribute src",
      "element <script>",
    ]);
    expect(markupProblems((await t.app.inject(`/en/a/${slug}`)).body)).toEqual([]);
  });
});

describe("hostile form input", () => {
  it.each(fields)("never breaks the page through the %s field", async (field) => {
    const statuses = new Set<number>();
    for (const [label, value] of formValues) {
      const response = await postForm(formBody(field, [`${field}=`, value]), `${field} = ${label}`);
      statuses.add(response.statusCode);
      const spanish = await postForm(formBody(field, [`${field}=`, value]), `es ${field} = ${label}`, "es");
      statuses.add(spanish.statusCode);
    }
    const structures: [string, (string | Buffer)[]][] = [
      ["a duplicated key", [`${field}=a&${field}=`, encodeURIComponent(breakout)]],
      ["array syntax", [`${field}[]=`, encodeURIComponent(script), `&${field}[]=b`]],
      ["object syntax", [`${field}[$gt]=&${field}[__proto__][x]=1`]],
      ["a hostile key", [`${encodeURIComponent(script)}=1&${field}=ok`]],
      ["a missing field", []],
    ];
    for (const [label, pairs] of structures) {
      const response = await postForm(formBody(field, pairs), `${field} as ${label}`);
      statuses.add(response.statusCode);
    }
    for (const value of [script, [script], { $gt: "" }, null, 12345, true, "x".repeat(10_000)]) {
      const body = {
        name: "Rosa Parks",
        email: "rosa@example.org",
        postal_code: "94110",
        ts: agedFormToken(t.ctx),
        [field]: value,
      };
      const response = await postJson(body, `JSON ${field} = ${JSON.stringify(value).slice(0, 40)}`);
      statuses.add(response.statusCode);
    }
    // The mix of answers shows the input reached validation rather than bouncing off one gate.
    expect(statuses.size).toBeGreaterThan(1);
    await expectStoredInputShownSafely();
  });

  it("re-renders hostile values only as escaped text", async () => {
    const body = new URLSearchParams({
      ts: agedFormToken(t.ctx),
      name: breakout,
      email: "x",
      postal_code: "94110",
      comment: script,
    });
    const response = await postForm(Buffer.from(body.toString()), "escaped values");
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('value="&quot;>&lt;img src=x onerror=alert(1)>"');
    expect(response.body).toContain("&lt;script>alert(1)&lt;/script></textarea>");
  });

  it("survives whole bodies that are not forms", async () => {
    const bodies: [string, string | undefined, string | Buffer][] = [
      ["an empty form", "application/x-www-form-urlencoded", ""],
      ["an empty JSON body", "application/json", ""],
      ["a JSON string", "application/json", JSON.stringify(script)],
      ["a JSON array", "application/json", JSON.stringify([script])],
      ["JSON null", "application/json", "null"],
      ["a JSON prototype key", "application/json", '{"__proto__":{"admin":true},"name":"x"}'],
      ["a constructor key", "application/json", '{"constructor":{"prototype":{"admin":true}}}'],
      ["deeply nested JSON", "application/json", `${"[".repeat(5000)}${"]".repeat(5000)}`],
      ["no content type", undefined, "name=Rosa"],
      [
        "raw bytes as a form",
        "application/x-www-form-urlencoded",
        Buffer.from([0xff, 0xfe, 0x00, 0x3d, 0xc3]),
      ],
      ["a form of only separators", "application/x-www-form-urlencoded", "&&&===&&"],
      [
        "multipart with markup",
        "multipart/form-data; boundary=b",
        `--b\r\nContent-Disposition: form-data; name="name"\r\n\r\n${script}\r\n--b--\r\n`,
      ],
      ["a boundary-less multipart", "multipart/form-data", "x"],
      ["HTML", "text/html", script],
      ["a hostile content type", `text/html; charset="${script}"`, "name=x"],
    ];
    for (const [label, contentType, payload] of bodies) {
      await inject(
        {
          method: "POST",
          url: `/en/a/${slug}/sign`,
          headers: contentType === undefined ? {} : { "content-type": contentType },
          payload,
        },
        label,
      );
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(await t.ctx.database.db.selectFrom("signatures").select("id").execute()).toEqual([]);
  });
});

describe("hostile URLs", () => {
  const hostileSegments = [
    encodeURIComponent(script),
    encodeURIComponent(breakout),
    script,
    "%00",
    "%ED%A0%80",
    "%FF%FE",
    "a".repeat(300),
    "..%2F..%2Fetc%2Fpasswd",
    "x%0d%0aSet-Cookie:%20a=b",
    `${"1".repeat(20)}-${"a".repeat(32)}`,
  ];

  it("answers hostile slugs on every action route with a 4xx or a redirect", async () => {
    for (const segment of hostileSegments) {
      for (const path of [
        `/en/a/${segment}`,
        `/es/a/${segment}`,
        `/a/${segment}`,
        `/en/a/${segment}/thanks`,
        `/en/a/${segment}/confirmed`,
        `/en/a/${segment}/go`,
        `/en/a/${segment}/confirm/1-${"a".repeat(32)}`,
        `/${segment}`,
        `/en/dev/mail/${segment}`,
      ]) {
        const response = await inject({ url: path }, path);
        expect(response.statusCode, path).toBeGreaterThanOrEqual(300);
      }
      const signed = await inject(
        {
          method: "POST",
          url: `/en/a/${segment}/sign`,
          headers: { "content-type": "application/x-www-form-urlencoded" },
          payload: `ts=${agedFormToken(t.ctx)}&name=Rosa&email=rosa%40example.org&postal_code=94110`,
        },
        `POST sign ${segment}`,
      );
      expect(signed.statusCode).toBeGreaterThanOrEqual(400);
    }
  });

  it("answers hostile confirmation tokens with a 4xx and confirms nothing", async () => {
    for (const segment of hostileSegments) {
      const path = `/en/a/${slug}/confirm/${segment}`;
      const shown = await inject({ url: path }, `GET ${path}`);
      expect(shown.statusCode, path).toBeGreaterThanOrEqual(400);
      const posted = await inject({ method: "POST", url: path }, `POST ${path}`);
      expect(posted.statusCode, path).toBeGreaterThanOrEqual(400);
    }
    const row = await t.ctx.database.db
      .selectFrom("actions")
      .select("signature_count")
      .executeTakeFirstOrThrow();
    expect(row.signature_count).toBe(0);
  });

  it("ignores or escapes hostile query strings and headers", async () => {
    for (const value of hostileSegments) {
      for (const path of [
        `/en/a/${slug}?source=${value}&${value}=${value}`,
        `/en/?q=${value}`,
        `/a/${slug}?source=${value}`,
        `/?${value}`,
      ]) {
        await inject({ url: path }, path);
      }
    }
    await inject({ url: `/en/a/${slug}?source=a&source=b&source[]=c` }, "array source");
    for (const header of [script, "x".repeat(10_000), "es;q=NaN, en;q=Infinity", "\u00ff\u00fe"]) {
      await inject(
        { url: `/a/${slug}`, headers: { "accept-language": header } },
        `accept-language ${header.slice(0, 20)}`,
      );
    }
  });

  it("answers raw bytes in the request over a real socket without a 5xx", async () => {
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    const address = t.app.server.address();
    if (typeof address !== "object" || address === null) throw new Error("no address");
    const headers = "Host: juntos.test\r\nConnection: close\r\n";
    const rawBody = Buffer.concat([
      Buffer.from(`ts=${agedFormToken(t.ctx)}&email=rosa%40example.org&postal_code=94110&name=`),
      Buffer.from([0xff, 0x00, 0xc3, 0x28]),
    ]);
    const requests = [
      Buffer.from(`GET /en/a/${slug}?source=\xff\xfe HTTP/1.1\r\n${headers}\r\n`, "latin1"),
      Buffer.from(`GET /a/\xc3\x28 HTTP/1.1\r\n${headers}\r\n`, "latin1"),
      Buffer.from(`GET /a/${slug}?q="><script> HTTP/1.1\r\n${headers}\r\n`, "latin1"),
      Buffer.from(`GET /en/a/%ED%A0%80 HTTP/1.1\r\n${headers}\r\n`, "latin1"),
      Buffer.concat([
        Buffer.from(
          `POST /en/a/${slug}/sign HTTP/1.1\r\n${headers}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${rawBody.length}\r\n\r\n`,
          "latin1",
        ),
        rawBody,
      ]),
    ];
    for (const request of requests) {
      const what = request.toString("latin1").split("\r\n")[0]!;
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(address.port, "127.0.0.1");
        const chunks: Buffer[] = [];
        socket.on("data", (chunk) => chunks.push(chunk));
        socket.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        socket.on("error", reject);
        socket.write(request);
      });
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1]);
      expect(status, what).toBeGreaterThanOrEqual(200);
      expect(status, what).toBeLessThan(500);
      if (what.startsWith("POST")) expect(status, "undecodable name").toBe(422);
      if (/^content-type: text\/html/im.test(raw)) {
        expect(markupProblems(raw.slice(raw.indexOf("\r\n\r\n") + 4)), what).toEqual([]);
      }
    }
  });
});
