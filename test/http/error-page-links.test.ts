/**
 * Error pages build their links (language switch, hreflang alternates) from the matched route,
 * never from the raw request path: a path such as `//evil.example/x` must not become a link
 * to another host.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** Every link target in the page: href, src and form action values as written. */
function linksIn(html: string): string[] {
  return [...html.matchAll(/\b(?:href|src|action)="([^"]*)"/g)].map((match) => match[1] ?? "");
}

const hostilePaths = [
  "//evil.example/x",
  "///evil.example/x",
  "/en//evil.example/x",
  "/es//evil.example/x",
  "/en/\\evil.example/x",
  "/%2F%2Fevil.example/x",
  "/en/%2F%2Fevil.example",
  "/en/a/missing//evil.example",
];

describe("links on an error page", () => {
  it.each(hostilePaths)("stay on this site for %s", async (path) => {
    const response = await t.app.inject(path);
    expect(response.statusCode).toBeGreaterThanOrEqual(300);
    expect(response.statusCode).toBeLessThan(500);
    const location = response.headers.location;
    if (typeof location === "string")
      expect(new URL(location, "http://juntos.test/").host).toBe("juntos.test");
    const links = linksIn(response.body);
    if (response.statusCode === 404) expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(link, path).not.toMatch(/^\/\/|^\/\\|^\\/);
      if (link.startsWith("data:")) continue;
      expect(new URL(link, "http://juntos.test/").host, `${path}: ${link}`).toBe("juntos.test");
    }
  });

  it("switches language to the same routed page when the route is known", async () => {
    const response = await t.app.inject("/en/a/no-such-action");
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('href="/es/a/no-such-action"');
  });

  it("switches to the other language's home page for an unknown path", async () => {
    const response = await t.app.inject("/en//evil.example/x");
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('href="/es/"');
  });
});
