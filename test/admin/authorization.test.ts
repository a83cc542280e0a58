/**
 * Who may open and post what on the organizer side: the policy as a table, checked cell by cell
 * through the real routes with real sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../app.ts";
import { uniqueSlug } from "../factories.ts";
import {
  actionForm,
  createAccount,
  createAction,
  createOrganization,
  sign,
  type TestAccount,
  type TestOrganization,
} from "./fixtures.ts";
import { Browser, signIn } from "./session.ts";

const actors = ["anonymous", "outsider", "viewer", "organizer", "owner", "admin"] as const;
type ActorName = (typeof actors)[number];

/**
 * `outsider` owns another organization; `viewer`, `organizer` and `owner` are members of the
 * organization under test (:org); `admin` is a platform administrator who is not a member.
 * An anonymous POST carries a valid CSRF token (from the sign-in page), so it reaches the
 * session check: 401. Without a token it is 403 (tested below).
 */
type Expected = Record<ActorName, number>;
const ex = (...statuses: number[]): Expected =>
  Object.fromEntries(actors.map((actor, i) => [actor, statuses[i]!])) as Expected;

interface Row {
  method: "GET" | "POST";
  route: string;
  expected: Expected;
  /** The form a permitted actor would send; a function when each post needs fresh values. */
  body?: (actor: ActorName) => Record<string, string>;
}

// biome-ignore format: the table is the policy; one row per line keeps it readable.
const policy: Row[] = [
  //                                                                anon outsider viewer organizer owner admin
  { method: "GET",  route: "/en/admin",                           expected: ex(303, 200, 200, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/organizations/new",         expected: ex(303, 404, 404, 404, 404, 200) },
  { method: "GET",  route: "/en/admin/o/:org",                    expected: ex(303, 404, 200, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/profile",            expected: ex(303, 404, 403, 403, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/members",            expected: ex(303, 404, 403, 403, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/audit",              expected: ex(303, 404, 403, 403, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/actions/new",        expected: ex(303, 404, 403, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/actions/:id",        expected: ex(303, 404, 200, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/actions/:id/preview", expected: ex(303, 404, 200, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/actions/:id/edit",   expected: ex(303, 404, 403, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/actions/:id/signatures", expected: ex(303, 404, 403, 200, 200, 200) },
  { method: "GET",  route: "/en/admin/o/:org/actions/:id/signatures.csv", expected: ex(303, 404, 403, 200, 200, 200) },
  { method: "GET",  route: "/en/account",                         expected: ex(303, 200, 200, 200, 200, 200) },
  { method: "POST", route: "/en/admin/organizations/new",         expected: ex(401, 404, 404, 404, 404, 303),
    body: () => ({ name: "New coalition", slug: uniqueSlug("coalition") }) },
  { method: "POST", route: "/en/admin/o/:org/profile",            expected: ex(401, 404, 403, 403, 303, 303),
    body: () => ({ name: "Renamed organization", website: "https://example.org" }) },
  // Permitted actors get 422 here: a urlencoded form carries no image (uploads: logo.test.ts).
  { method: "POST", route: "/en/admin/o/:org/logo",               expected: ex(401, 404, 403, 403, 422, 422),
    body: () => ({ logo: "not an image" }) },
  { method: "POST", route: "/en/admin/o/:org/members/invite",     expected: ex(401, 404, 403, 403, 303, 303),
    body: () => ({ email: `${uniqueSlug("invitee")}@example.org`, role: "viewer" }) },
  { method: "POST", route: "/en/admin/o/:org/members/:member",    expected: ex(401, 404, 403, 403, 303, 303),
    body: () => ({ role: "organizer" }) },
  { method: "POST", route: "/en/admin/o/:org/actions/new",        expected: ex(401, 404, 403, 303, 303, 303),
    body: () => actionForm() },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/edit",   expected: ex(401, 404, 403, 303, 303, 303),
    body: () => actionForm({ slug: world.action.slug }) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/status", expected: ex(401, 404, 403, 303, 303, 303),
    body: (actor) => ({ status: actor === "owner" ? "published" : "closed" }) },
  { method: "POST", route: "/en/admin/o/:org/actions/:id/signatures/:sid", expected: ex(401, 404, 403, 303, 303, 303),
    body: () => ({ valid: "no" }) },
  // Last: it ends every session of the actor.
  { method: "POST", route: "/en/account/logout-everywhere",       expected: ex(401, 303, 303, 303, 303, 303) },
];

interface World {
  org: TestOrganization;
  /** The outsider's own organization. */
  otherOrg: TestOrganization;
  action: { id: number; slug: string };
  signatureId: number;
  spare: TestAccount;
  accounts: Record<Exclude<ActorName, "anonymous">, TestAccount>;
  browsers: Record<ActorName, Browser>;
}

let t: TestApp;
let world: World;

function url(route: string): string {
  return route
    .replace(":org", world.org.slug)
    .replace(":id", String(world.action.id))
    .replace(":sid", String(world.signatureId))
    .replace(":member", String(world.spare.id));
}

beforeAll(async () => {
  t = await createTestApp();
  const { ctx } = t;
  const accounts = {
    outsider: await createAccount(ctx, { name: "Olga Outsider" }),
    viewer: await createAccount(ctx, { name: "Vera Viewer" }),
    organizer: await createAccount(ctx, { name: "Oscar Organizer" }),
    owner: await createAccount(ctx, { name: "Owen Owner" }),
    admin: await createAccount(ctx, { name: "Ada Admin", platformAdmin: true }),
  };
  const spare = await createAccount(ctx, { name: "Sam Spare" });
  const org = await createOrganization(ctx, [
    { account: accounts.viewer, role: "viewer" },
    { account: accounts.organizer, role: "organizer" },
    { account: accounts.owner, role: "owner" },
    { account: spare, role: "organizer" },
  ]);
  const otherOrg = await createOrganization(ctx, [{ account: accounts.outsider, role: "owner" }]);
  const action = await createAction(ctx, org);
  const [signatureId] = await sign(
    ctx,
    action.slug,
    [{ name: "Rosa Parks", email: "rosa@example.org" }],
    true,
  );
  const browsers = { anonymous: new Browser(t.app) } as Record<ActorName, Browser>;
  for (const [name, account] of Object.entries(accounts))
    browsers[name as ActorName] = await signIn(t.app, account.email, account.password);
  world = { org, otherOrg, action, signatureId: signatureId!, spare, accounts, browsers };
});

afterAll(async () => {
  await t.close();
});

describe("the organizer-side authorization policy", () => {
  for (const row of policy) {
    for (const actor of actors) {
      const expected = row.expected[actor];
      it(`${row.method} ${row.route} as ${actor} → ${expected}`, async () => {
        const browser = world.browsers[actor];
        const target = url(row.route);
        const response =
          row.method === "GET"
            ? await browser.get(target)
            : await browser.post(target, row.body?.(actor) ?? {});
        expect(response.statusCode, response.body.slice(0, 300)).toBe(expected);
        if (actor === "anonymous" && row.method === "GET") {
          expect(response.headers.location).toBe(`/en/account/login?next=${encodeURIComponent(target)}`);
        }
        if (expected === 303 && actor !== "anonymous") {
          expect(response.headers.location).not.toMatch(/\/account\/login\?next=/);
        }
        if (expected === 404) expect(response.body).toContain("Page not found");
        if (expected === 403) expect(response.body).toContain("You cannot do that");
      });
    }
  }

  it("keeps refused exports out of the audit log and records each permitted one", async () => {
    const rows = await t.ctx.database.db
      .selectFrom("audit_log")
      .select(["account_id", "event"])
      .where("organization_id", "=", world.org.id)
      .where("event", "=", "signatures.export")
      .orderBy("id")
      .execute();
    const { organizer, owner, admin } = world.accounts;
    expect(rows).toEqual(
      [organizer, owner, admin].map((a) => ({ account_id: a.id, event: "signatures.export" })),
    );
  });

  it("left the state that only permitted posts could change", async () => {
    const db = t.ctx.database.db;
    const org = await db
      .selectFrom("organizations")
      .select("name")
      .where("id", "=", world.org.id)
      .executeTakeFirstOrThrow();
    expect(org.name).toBe("Renamed organization");
    const created = await db
      .selectFrom("actions")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .where("sponsor_organization_id", "=", world.org.id)
      .executeTakeFirstOrThrow();
    // The fixture action plus one from each of organizer, owner and admin.
    expect(Number(created.n)).toBe(4);
    const invitations = await db
      .selectFrom("account_tokens")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .where("purpose", "=", "invitation")
      .executeTakeFirstOrThrow();
    expect(Number(invitations.n)).toBe(2);
    const organizations = await db
      .selectFrom("organizations")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(organizations.n)).toBe(3);
  });
});

describe("posting without a valid CSRF token", () => {
  const posts = policy.filter((row) => row.method === "POST");
  it.each(posts.map((row) => row.route))(
    "POST %s is refused with 403 for a signed-in administrator",
    async (route) => {
      const admin = await signIn(t.app, world.accounts.admin.email, world.accounts.admin.password);
      const missing = await admin.post(url(route), {}, { csrf: null });
      expect(missing.statusCode).toBe(403);
      const wrong = await admin.post(url(route), {}, { csrf: "forged-token" });
      expect(wrong.statusCode).toBe(403);
    },
  );

  it("refuses an anonymous POST without a token with 403 as well", async () => {
    const anonymous = new Browser(t.app);
    const response = await anonymous.post(url("/en/admin/o/:org/profile"), { name: "x" }, { csrf: null });
    expect(response.statusCode).toBe(403);
  });
});

describe("using another organization's ids under one's own organization", () => {
  it("finds nothing: actions and signatures are scoped to the organization in the URL", async () => {
    const { ctx } = t;
    // The outsider owns their own organization and an action in it.
    const otherOrgSlug = world.otherOrg.slug;
    const ownAction = await createAction(ctx, world.otherOrg);
    const outsider = await signIn(t.app, world.accounts.outsider.email, world.accounts.outsider.password);
    const smuggled = `/en/admin/o/${otherOrgSlug}/actions/${world.action.id}`;
    for (const path of ["", "/edit", "/preview", "/signatures", "/signatures.csv"]) {
      const response = await outsider.get(`${smuggled}${path}`);
      expect(response.statusCode, path).toBe(404);
    }
    const posts: [string, Record<string, string>][] = [
      [`${smuggled}/edit`, actionForm({ slug: world.action.slug })],
      // The matrix above left the action closed: a smuggled reopen would show.
      [`${smuggled}/status`, { status: "published" }],
      [`${smuggled}/signatures/${world.signatureId}`, { valid: "yes" }],
      // The victim's signature id under the outsider's own action.
      [
        `/en/admin/o/${otherOrgSlug}/actions/${ownAction.id}/signatures/${world.signatureId}`,
        { valid: "yes" },
      ],
    ];
    for (const [path, body] of posts) {
      const response = await outsider.post(path, body);
      expect(response.statusCode, path).toBe(404);
    }
    const action = await ctx.database.db
      .selectFrom("actions")
      .select(["status", "sponsor_organization_id"])
      .where("id", "=", world.action.id)
      .executeTakeFirstOrThrow();
    expect(action).toEqual({ status: "closed", sponsor_organization_id: world.org.id });
    const signature = await ctx.database.db
      .selectFrom("signatures")
      .select("status")
      .where("id", "=", world.signatureId)
      .executeTakeFirstOrThrow();
    // The matrix invalidated it; the smuggled restore did not undo that.
    expect(signature.status).toBe("invalidated");
    expect((await outsider.get(`/en/admin/o/${otherOrgSlug}/actions/${ownAction.id}`)).statusCode).toBe(200);
  });
});
