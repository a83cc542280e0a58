/**
 * A real third-party client against a running Juntos: npm `osdi-client` (ben-pr-p) turns the entry
 * point's `osdi:*` links into getters and a page's plain `next`/`prev` links into `nextPage()` and
 * `prevPage()`. It only fetches entry points over HTTPS, so the test hands it the entry point it
 * read itself over loopback HTTP, one of the two ways its README gives.
 */
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { OrganizationAccess } from "../../../src/modules/organizations/organizations.service.ts";
import { createTestApp, type TestApp } from "../../support/app.ts";
import { createAccount, createAction, createOrganization } from "../../support/fixtures.ts";

interface OsdiRequest extends PromiseLike<{ body: unknown }> {
  set(header: string, value: string): OsdiRequest;
}
interface OsdiPage {
  petitions?: { data: { identifiers: string[]; title: string } }[];
  nextPage?: () => OsdiRequest;
  prevPage?: () => OsdiRequest;
}
interface OsdiClient {
  getPetitions(options?: { query: Record<string, string> }): OsdiRequest;
  parse(response: { body: unknown }): OsdiPage;
}
const osdi = createRequire(import.meta.url)("osdi-client") as { client(aep: object): Promise<OsdiClient> };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let t: TestApp;
let base: string;
let access: OrganizationAccess;
beforeEach(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await createTestApp({ BASE_URL: base });
  await t.app.listen({ port, host: "127.0.0.1" });
  const owner = await createAccount(t.ctx);
  const org = await createOrganization(t.ctx, [{ account: owner, role: "owner" }]);
  access = await t.ctx.organizations.access({ accountId: owner.id, isPlatformAdmin: false }, org.slug);
  for (let i = 0; i < 5; i++) await createAction(t.ctx, org);
});
afterEach(async () => {
  await t.close();
});

/** A fresh key for each request keeps the walk under the 4 requests a second a key may make. */
async function key(): Promise<string> {
  const created = await t.ctx.apiKeys.create(access, { name: "osdi-client", trusted: false });
  if (!created.ok) throw new Error("key refused");
  return created.secret;
}

it("lists petitions and follows next to the end, and prev back", async () => {
  const aep = await fetch(`${base}/api/v1/`, { headers: { "OSDI-API-Token": await key() } });
  expect(aep.status).toBe(200);
  const client = await osdi.client(await aep.json());

  const titles: string[] = [];
  const identifiers: string[] = [];
  let page = client.parse(
    await client.getPetitions({ query: { per_page: "2" } }).set("OSDI-API-Token", await key()),
  );
  const pages: OsdiPage[] = [page];
  for (;;) {
    for (const petition of page.petitions ?? []) {
      identifiers.push(petition.data.identifiers[0]!);
      titles.push(petition.data.title);
    }
    if (!page.nextPage) break;
    page = client.parse(await page.nextPage().set("OSDI-API-Token", await key()));
    pages.push(page);
  }
  expect(pages.map((p) => p.petitions?.length)).toEqual([2, 2, 1]);
  expect(new Set(identifiers).size).toBe(5);
  expect(titles.every((title) => title === "Fund the day labor center")).toBe(true);

  const back = client.parse(await page.prevPage!().set("OSDI-API-Token", await key()));
  expect(back.petitions?.map((p) => p.data.identifiers[0])).toEqual(identifiers.slice(2, 4));
});
