/**
 * Every organizer route, signed in as an owner, answers hostile input with a page or a 4xx, never
 * a 500, and never echoes markup unescaped: each POST gets each hostile value in every field our
 * forms use (and the same field repeated), each GET gets it in its query, and every route
 * parameter is tried with a real id and with junk.
 */
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizerPlugin } from "../../src/http/organizer/index.ts";
import { createTestApp, type TestApp } from "../support/app.ts";
import { type Browser, signIn } from "../support/browser-session.ts";
import { createAccount, createAction, createOrganization, sign } from "../support/fixtures.ts";

const script = "<script>alert(1)</script>";

/** Values as they travel in a form body: percent-encoded text, raw text, or raw bytes. */
const hostile: [string, string | Buffer][] = [
  ["a script tag", encodeURIComponent(script)],
  ["an attribute breakout", encodeURIComponent('"><img src=x onerror=alert(1)>')],
  ["a 100 KB string", "a".repeat(100_000)],
  ["invalid percent escapes", "%FF%FE"],
  ["a NUL byte", "Ro%00sa"],
  ["raw invalid UTF-8 bytes", Buffer.from([0xc3, 0x28])],
  ["a javascript: URL", encodeURIComponent("javascript:alert(1)")],
  ["LIKE wildcards", encodeURIComponent("%_\\")],
];

/** Every field name the organizer forms read. */
const fields = [
  "name",
  "email",
  "password",
  "current_password",
  "new_email",
  "slug",
  "short_name",
  "website",
  "city",
  "state",
  "time_zone",
  "description_en",
  "description_es",
  "role",
  "type",
  "action_date",
  "goal",
  "external_url",
  "title_en",
  "summary_en",
  "description_es",
  "letter_en",
  "target_1_name",
  "target_1_title_en",
  "valid",
  "source",
  "q",
  "organization",
  "address",
  "organizations",
  "list",
  "status",
  "origins",
  "organization_name",
  "locale",
  "file",
];

/** Routes that end the session; they run last and alone. */
const endsSession = (url: string) => url.includes("logout");

let t: TestApp;
let owner: Browser;
let routes: { method: string; url: string }[];
let ids: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  const account = await createAccount(t.ctx);
  const org = await createOrganization(t.ctx, [{ account, role: "owner" }]);
  const action = await createAction(t.ctx, org);
  const [signatureId] = await sign(t.ctx, action.slug, [{ name: "Rosa", email: "rosa@example.org" }], true);
  owner = await signIn(t.app, account.email, account.password);
  ids = { org: org.slug, id: String(action.id), sid: String(signatureId) };
  // The organizer plugin on a bare server, as buildApp registers it, to list its routes.
  const lister = Fastify();
  lister.decorate("ctx", t.ctx);
  const found: { method: string; url: string }[] = [];
  lister.addHook("onRoute", (route) => {
    for (const method of ([] as string[]).concat(route.method))
      if ((method === "GET" || method === "POST") && !route.url.startsWith("/es/"))
        found.push({ method, url: route.url });
  });
  await lister.register(organizerPlugin);
  await lister.ready();
  await lister.close();
  routes = found;
});

afterAll(async () => {
  await t.close();
});

/** The route with each parameter filled: a real id where we have one, else `junk`. */
function fill(url: string, junk: string): string {
  return url.replace(/:(\w+)/g, (_whole, name: string) => ids[name] ?? junk);
}

function expectSafe(response: { statusCode: number; body: string }, what: string): void {
  expect(response.statusCode, what).toBeLessThan(500);
  expect(response.body, what).not.toContain(script);
}

describe("organizer routes under hostile input", () => {
  it("list enough routes to mean something", () => {
    expect(routes.length).toBeGreaterThan(40);
  });

  it("find no organization named with a NUL byte: 404, not a database error (the fuzzer's find)", async () => {
    for (const url of ["/en/admin/o/a%00b", `/en/admin/o/${ids.org}%00/actions/${ids.id}`, "/logos/%00"]) {
      const response = await owner.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).toContain("Page not found");
    }
  });

  it("answer every POST with a page or a 4xx, never a 500 or unescaped markup", async () => {
    const posts = routes.filter((route) => route.method === "POST");
    for (const route of [
      ...posts.filter((r) => !endsSession(r.url)),
      ...posts.filter((r) => endsSession(r.url)),
    ]) {
      for (const junk of ["1", "999999", "x%3Cscript%3E"]) {
        const url = fill(route.url, junk);
        for (const [label, value] of hostile) {
          const pairs = fields.map((field) => Buffer.concat([Buffer.from(`${field}=`), Buffer.from(value)]));
          const repeated = Buffer.from(`name=a&name=b&slug=a&slug=b&role=owner&role=viewer`);
          for (const body of [
            Buffer.concat(pairs.flatMap((p, i) => (i ? [Buffer.from("&"), p] : [p]))),
            repeated,
          ])
            expectSafe(await owner.postRaw(url, body), `POST ${url} with ${label}`);
        }
      }
    }
    // Thousands of posts, more with every route: 19 s on SQLite and 25 s on PostgreSQL alone, 74 s on
    // a machine loaded by other work, past the default timeout.
  }, 240_000);

  it("answer every GET with a page or a 4xx, whatever its parameters and query", async () => {
    for (const route of routes.filter((r) => r.method === "GET")) {
      for (const junk of ["1", "999999", "x%3Cscript%3E"]) {
        const url = fill(route.url, junk);
        for (const query of [
          `q=${encodeURIComponent(script)}&q=b`,
          "page=-1&status=%FF",
          `kind=${"k".repeat(5000)}`,
        ])
          expectSafe(await owner.get(`${url}?${query}`), `GET ${url}?${query.slice(0, 40)}`);
      }
    }
  });
});
