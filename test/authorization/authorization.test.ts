/**
 * Who may open and post what on the organizer side: the tables of <cap>.table.ts, checked cell
 * by cell through the real routes with real sessions; and every organizer route is in a table.
 */
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizerPlugin } from "../../src/http/organizer/index.ts";
import { createTestApp, type TestApp } from "../support/app.ts";
import { Browser, signIn } from "../support/browser-session.ts";
import { actionForm, createAccount, createAction, createOrganization, sign } from "../support/fixtures.ts";
import { accountRows, openToAnyone } from "./account.table.ts";
import { actionRows } from "./actions.table.ts";
import { apiKeyRows } from "./api-keys.table.ts";
import { auditRows } from "./audit.table.ts";
import { commentRows } from "./comments.table.ts";
import { cosponsorRows } from "./cosponsors.table.ts";
import { deliveryRows } from "./delivery.table.ts";
import { geographyRows } from "./geography.table.ts";
import { type ActorName, actors, type Row, type World } from "./matrix.ts";
import { memberRows } from "./members.table.ts";
import { organizationRows } from "./organizations.table.ts";
import { partnerRows } from "./partners.table.ts";
import { shortLinkRows } from "./shortlinks.table.ts";
import { signatureRows } from "./signatures.table.ts";
import { updateRows } from "./updates.table.ts";
import { webhookRows } from "./webhooks.table.ts";
import { widgetRows } from "./widgets.table.ts";

const tables = [
  organizationRows,
  memberRows,
  auditRows,
  actionRows,
  signatureRows,
  geographyRows,
  deliveryRows,
  shortLinkRows,
  cosponsorRows,
  widgetRows,
  partnerRows,
  commentRows,
  apiKeyRows,
  webhookRows,
  updateRows,
  accountRows,
];
const rows: Row[] = tables.flat();
const policy: Row[] = [...rows.filter((row) => !row.last), ...rows.filter((row) => row.last)];

let t: TestApp;
let world: World;
let browsers: Record<ActorName, Browser>;

function url(route: string): string {
  return route
    .replace(":cosponsored", String(world.cosponsoredAction.id))
    .replace(":cosponsor", String(world.otherOrg.id))
    .replace(":partnerLink", String(world.partnerLinkId))
    .replace(":signon", String(world.signOnId))
    .replace(":linkId", String(world.linkId))
    .replace(":org", world.org.slug)
    .replace(":id", String(world.action.id))
    .replace(":sid", String(world.signatureId))
    .replace(":member", String(world.spare.id))
    .replace(":invitation", String(world.invitationId))
    .replace(":emailInvitation", String(world.emailInvitationId))
    .replace(":comment", String(world.commentId))
    .replace(":apiKey", String(world.apiKeyId))
    .replace(":webhook", String(world.webhookId))
    .replace(":delivery", String(world.deliveryId))
    .replace(":update", String(world.updateId));
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
  const ownerAccess = await ctx.organizations.access(
    { accountId: accounts.owner.id, isPlatformAdmin: false },
    org.slug,
  );
  await ctx.shortlinks.create(ownerAccess, action.id, { slug: "matrix-link", source: "" });
  const { links } = await ctx.shortlinks.overview(ownerAccess, action.id, "en");
  const signedIn = { anonymous: new Browser(t.app) } as Record<ActorName, Browser>;
  for (const [name, account] of Object.entries(accounts))
    signedIn[name as ActorName] = await signIn(t.app, account.email, account.password);
  await ctx.organizations.invite(ownerAccess, "pending@example.org", "viewer", "en");
  const [invitation] = (await ctx.organizations.members(ownerAccess)).invitations;
  // The outsider's organization co-sponsors :org's action, and :org co-sponsors one of theirs.
  await ctx.cosponsors.addApproved(action.id, otherOrg.id);
  const cosponsoredAction = await createAction(ctx, otherOrg);
  await ctx.cosponsors.addApproved(cosponsoredAction.id, org.id);
  await ctx.partners.createLink(ownerAccess, cosponsoredAction.id, {
    slug: "matrix-partner-link",
    source: "",
  });
  const [partnerLink] = (await ctx.partners.overview(ownerAccess, cosponsoredAction.id, "en")).links;
  await ctx.cosponsors.addList(ownerAccess, action.id, "Listed Coalition", "en");
  await ctx.cosponsors.inviteByEmail(ownerAccess, action.id, {
    organizationName: "Mailed Partner",
    email: "mailed-partner@example.org",
    locale: "en",
  });
  const { signOns, emailInvitations } = await ctx.cosponsors.overview(ownerAccess, action.id, "en");
  const [signOn] = signOns;
  const posted = await ctx.comments.post(
    action.slug,
    "en",
    {
      name: "Matrix Commenter",
      email: "matrix-commenter@example.org",
      emailCanonical: "matrix-commenter@example.org",
      website: null,
      body: "A comment for the matrix.",
      stance: null,
      notify: null,
      parentId: null,
    },
    { tooFast: false },
  );
  await ctx.comments.moderate(ownerAccess, [posted.id], "approve");
  const apiKey = await ctx.apiKeys.create(ownerAccess, { name: "Matrix key", trusted: false });
  if (!apiKey.ok) throw new Error("the matrix's API key was refused");
  // A webhook of :org with one logged (refused: loopback) delivery of a new signature.
  const webhook = await ctx.webhooks.create(ownerAccess, {
    url: "https://127.0.0.1/matrix-hook",
    events: ["signature.confirmed"],
  });
  if (!webhook.ok) throw new Error("the matrix webhook was refused");
  await sign(ctx, action.slug, [{ name: "Hook Signer", email: "hook-signer@example.org" }], true);
  await ctx.worker.drain();
  const [delivery] = (await ctx.webhooks.detail(ownerAccess, webhook.subscription.id)).deliveries;
  const updateId = await ctx.updates.post(ownerAccess, action.id, {
    kind: "progress",
    texts: { en: { title: "Matrix update", body: "For the matrix." }, es: null },
  });
  world = {
    org,
    otherOrg,
    action,
    signatureId: signatureId!,
    linkId: links[0]!.id,
    spare,
    accounts,
    invitationId: invitation!.id,
    cosponsoredAction,
    partnerLinkId: partnerLink!.id,
    signOnId: signOn!.id,
    webhookId: webhook.subscription.id,
    deliveryId: delivery!.id,
    emailInvitationId: emailInvitations[0]!.id,
    commentId: posted.id,
    apiKeyId: apiKey.key.id,
    updateId,
  };
  browsers = signedIn;
});

afterAll(async () => {
  await t.close();
});

describe("the organizer-side authorization policy", () => {
  for (const row of policy) {
    for (const actor of actors) {
      const expected = row.expected[actor];
      it(`${row.method} ${row.route} as ${actor} → ${expected}`, async () => {
        const browser = browsers[actor];
        const target = url(row.route);
        const response =
          row.method === "GET"
            ? await browser.get(target)
            : await browser.post(target, row.body?.(world, actor) ?? {});
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
      .where((eb) => eb.or([eb("event", "like", "signature%"), eb("event", "like", "shortlink.%")]))
      .orderBy("id")
      .execute();
    const { organizer, owner, admin } = world.accounts;
    // The sponsor's export, then the partner's export of its consenting signers, by each permitted actor.
    expect(rows.filter((row) => row.event === "signatures.export")).toEqual(
      [organizer, owner, admin, organizer, owner, admin].map((a) => ({
        account_id: a.id,
        event: "signatures.export",
      })),
    );
    // The set-up's two short links (its own, and one as a partner), then one from each permitted
    // actor on each page; unconfirmed deletes deleted none.
    expect(rows.filter((row) => row.event.startsWith("shortlink."))).toEqual(
      [owner, owner, organizer, owner, admin, organizer, owner, admin].map((a) => ({
        account_id: a.id,
        event: "shortlink.created",
      })),
    );
    const others = rows.filter(
      (row) => row.event !== "signatures.export" && !row.event.startsWith("shortlink."),
    );
    // The first permitted invalidation changed the signature; the later ones found it invalidated.
    expect(others).toEqual([{ account_id: organizer.id, event: "signature.invalidated" }]);
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
    // The fixture's pending one plus one from each of owner and admin.
    expect(Number(invitations.n)).toBe(3);
    const organizations = await db
      .selectFrom("organizations")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(organizations.n)).toBe(3);
    // The comment's text is the last permitted edit, and only permitted actors replied to it.
    const comments = await db
      .selectFrom("comments")
      .select(["body", "account_id", "as_organization_id"])
      .where("action_id", "=", world.action.id)
      .orderBy("id")
      .execute();
    expect(comments).toEqual([
      { body: "Edited by the admin.", account_id: null, as_organization_id: null },
      ...(["organizer", "owner", "admin"] as const).map((actor) => ({
        body: `Answered by the ${actor}.`,
        account_id: world.accounts[actor].id,
        as_organization_id: world.org.id,
      })),
    ]);
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
      [`${smuggled}/close`, { confirm: "yes" }],
      [`${smuggled}/archive`, { confirm: "yes" }],
      [`${smuggled}/delete`, { confirm: "yes" }],
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
      .select(["status", "sponsor_organization_id", "archived_at"])
      .where("id", "=", world.action.id)
      .executeTakeFirstOrThrow();
    expect(action).toEqual({ status: "published", sponsor_organization_id: world.org.id, archived_at: null });
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

describe("a co-sponsor's members", () => {
  it("see, as partners of :org's action, none of its signers who did not consent to them", async () => {
    // The outsider's organization co-sponsors :id; :id's only signer came through no partner.
    const outsider = await signIn(t.app, world.accounts.outsider.email, world.accounts.outsider.password);
    const own = `/en/admin/o/${world.otherOrg.slug}/cosponsoring/${world.action.id}`;
    const overview = await outsider.get(own);
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain("0 signatures through your links");
    const signers = await outsider.get(`${own}/signers`);
    expect(signers.statusCode).toBe(200);
    expect(signers.body).not.toContain("rosa@example.org");
    const csv = await outsider.get(`${own}/signers.csv`);
    expect(csv.body.split("\r\n").slice(1, -1)).toEqual([]);
    // Nor the sponsor's pages of it, under either organization.
    for (const org of [world.org.slug, world.otherOrg.slug])
      for (const path of ["/signatures", "/signatures.csv", "/partners", "/links"])
        expect((await outsider.get(`/en/admin/o/${org}/actions/${world.action.id}${path}`)).statusCode).toBe(
          404,
        );
  });
});

describe("the authorization tables", () => {
  it("have a row for every organizer route (or list it as open to anyone)", async () => {
    // The organizer plugin registered on a bare server, as buildApp registers it, to list its routes.
    const app = Fastify();
    app.decorate("ctx", t.ctx);
    const registered: string[] = [];
    app.addHook("onRoute", (route) => {
      const methods = ([] as string[]).concat(route.method);
      for (const method of methods)
        if (method !== "HEAD" && !route.url.startsWith("/es/")) registered.push(`${method} ${route.url}`);
    });
    await app.register(organizerPlugin);
    await app.ready();
    await app.close();
    const covered = new Set(rows.map((row) => `${row.method} ${row.route.replace(/:\w+/g, ":")}`));
    const open = new Set(openToAnyone.map((route) => route.replace(/:\w+/g, ":")));
    const missing = registered.filter((route) => {
      const [method, url] = route.split(" ") as [string, string];
      const shape = url.replace(/:\w+/g, ":");
      return !covered.has(`${method} ${shape}`) && !open.has(shape);
    });
    expect(registered.length).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });
});
