import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { eachTestContext, type TestContext } from "../../../test/support/app.ts";
import { createAccount, createAction, createOrganization } from "../../../test/support/fixtures.ts";
import { ActionNotFoundError } from "../actions/actions.errors.ts";
import { ForbiddenError } from "../organizations/organizations.errors.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import { ShortLinkNotFoundError } from "./shortlinks.errors.ts";

let ctx: TestContext;
eachTestContext((fresh) => {
  ctx = fresh;
});

const phone =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari/604.1";
const desktop = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/119.0 Safari/537.36";

async function organizerOf(role: "organizer" | "viewer" = "organizer") {
  const account = await createAccount(ctx);
  const org = await createOrganization(ctx, [{ account, role }]);
  const access = await ctx.organizations.access({ accountId: account.id, isPlatformAdmin: false }, org.slug);
  return { account, org, access };
}

function visit(userAgent: string | undefined, referer?: string) {
  return { userAgent, referer, source: undefined, ref: undefined, countable: true };
}

async function linkId(access: OrganizationAccess, actionId: number, slug: string): Promise<number> {
  const { links } = await ctx.shortlinks.overview(access, actionId, "en");
  return links.find((link) => link.slug === slug)!.id;
}

describe("creating and deleting short links", () => {
  it("stores the slug lower-case, unique across organizations, with an audit entry", async () => {
    const { account, org, access } = await organizerOf();
    const action = await createAction(ctx, org);
    expect(
      await ctx.shortlinks.create(access, action.id, { slug: "Fund-The-Center", source: "flyer" }),
    ).toEqual({
      ok: true,
      slug: "fund-the-center",
    });
    expect(await ctx.shortlinks.create(access, action.id, { slug: "second-one", source: "" })).toEqual({
      ok: true,
      slug: "second-one",
    });

    const other = await organizerOf();
    const otherAction = await createAction(ctx, other.org);
    expect(
      await ctx.shortlinks.create(other.access, otherAction.id, { slug: "FUND-the-center", source: "" }),
    ).toEqual({ ok: false, errors: { slug: { key: "shortlinks.slug.taken" } } });

    const { links, action: heading } = await ctx.shortlinks.overview(access, action.id, "es");
    expect(heading.title).toBe("Financien el centro de jornaleros");
    expect(links.map(({ slug, source, clicks }) => ({ slug, source, clicks }))).toEqual([
      { slug: "fund-the-center", source: "flyer", clicks: 0 },
      { slug: "second-one", source: null, clicks: 0 },
    ]);
    const entries = await ctx.database.db
      .selectFrom("audit_log")
      .select(["event", "account_id", "organization_id", "detail"])
      .where("event", "like", "shortlink.%")
      .execute();
    expect(entries.map((e) => ({ ...e, detail: JSON.parse(e.detail) }))).toEqual([
      {
        event: "shortlink.created",
        account_id: account.id,
        organization_id: org.id,
        detail: { slug: "fund-the-center", title: "Fund the day labor center" },
      },
      {
        event: "shortlink.created",
        account_id: account.id,
        organization_id: org.id,
        detail: { slug: "second-one", title: "Fund the day labor center" },
      },
    ]);
  });

  it("refuses reserved, offensive and malformed slugs with the field's message", async () => {
    const { org, access } = await organizerOf();
    const action = await createAction(ctx, org);
    const error = async (slug: string) => {
      const outcome = await ctx.shortlinks.create(access, action.id, { slug, source: "" });
      return outcome.ok ? null : outcome.errors.slug?.key;
    };
    expect(await error("Admin")).toBe("shortlinks.slug.reserved");
    expect(await error("la-mierda")).toBe("shortlinks.slug.offensive");
    expect(await error("no spaces")).toBe("shortlinks.slug.shape");
    ctx.shortlinks.reserve("Brand-New-Route");
    expect(await error("brand-new-route")).toBe("shortlinks.slug.reserved");
    expect(await ctx.database.db.selectFrom("shortlinks").selectAll().execute()).toEqual([]);
  });

  it("lets only organizers change links, and only on their own organization's actions", async () => {
    const { org, access } = await organizerOf();
    const action = await createAction(ctx, org);
    await ctx.shortlinks.create(access, action.id, { slug: "ours", source: "" });
    const id = await linkId(access, action.id, "ours");

    const viewer = await createAccount(ctx);
    await ctx.database.db
      .insertInto("memberships")
      .values({ organization_id: org.id, account_id: viewer.id, role: "viewer", created_at: "2024-01-01" })
      .execute();
    const viewing = await ctx.organizations.access(
      { accountId: viewer.id, isPlatformAdmin: false },
      org.slug,
    );
    await expect(ctx.shortlinks.create(viewing, action.id, { slug: "theirs", source: "" })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(ctx.shortlinks.remove(viewing, action.id, id)).rejects.toThrow(ForbiddenError);
    expect((await ctx.shortlinks.overview(viewing, action.id, "en")).links).toHaveLength(1);

    const other = await organizerOf();
    const otherAction = await createAction(ctx, other.org);
    await expect(ctx.shortlinks.overview(other.access, action.id, "en")).rejects.toThrow(ActionNotFoundError);
    await expect(ctx.shortlinks.remove(other.access, action.id, id)).rejects.toThrow(ActionNotFoundError);
    // Our link's id under their own action is no link of theirs.
    await expect(ctx.shortlinks.remove(other.access, otherAction.id, id)).rejects.toThrow(
      ShortLinkNotFoundError,
    );
    await expect(ctx.shortlinks.qrCode(other.access, otherAction.id, id, "png")).rejects.toThrow(
      ShortLinkNotFoundError,
    );
    expect(await ctx.database.db.selectFrom("shortlinks").select("slug").execute()).toEqual([
      { slug: "ours" },
    ]);
  });

  it("deletes a link with its counts and an audit entry; its address then leads nowhere", async () => {
    const { org, access } = await organizerOf();
    const action = await createAction(ctx, org);
    await ctx.shortlinks.create(access, action.id, { slug: "gone-soon", source: "" });
    await ctx.shortlinks.follow("gone-soon", visit(phone));
    await ctx.shortlinks.flushClicks();
    await ctx.shortlinks.follow("gone-soon", visit(phone));
    const id = await linkId(access, action.id, "gone-soon");
    expect(await ctx.shortlinks.remove(access, action.id, id)).toEqual({ slug: "gone-soon" });
    // The click counted after the last flush belongs to a deleted link: dropped, not an error.
    await ctx.shortlinks.flushClicks();
    expect(await ctx.database.db.selectFrom("shortlink_clicks").selectAll().execute()).toEqual([]);
    expect(await ctx.shortlinks.follow("gone-soon", visit(phone))).toBeUndefined();
    const deleted = await ctx.database.db
      .selectFrom("audit_log")
      .select(["subject", "detail"])
      .where("event", "=", "shortlink.deleted")
      .executeTakeFirstOrThrow();
    expect(deleted).toEqual({
      subject: `shortlink:${id}:gone-soon`,
      detail: JSON.stringify({ slug: "gone-soon", title: "Fund the day labor center" }),
    });
  });
});

describe("following a short link", () => {
  it("leads to the action with the attribution: the visitor's source, else the link's label", async () => {
    const { org, access } = await organizerOf();
    const action = await createAction(ctx, org);
    await ctx.shortlinks.create(access, action.id, { slug: "labeled", source: "flyer" });
    await ctx.shortlinks.create(access, action.id, { slug: "plain", source: "" });
    expect(await ctx.shortlinks.follow("LABELED", visit(phone))).toEqual({
      actionSlug: action.slug,
      source: "flyer",
      ref: null,
    });
    expect(await ctx.shortlinks.follow("labeled", { ...visit(phone), source: "partner-7" })).toEqual({
      actionSlug: action.slug,
      source: "partner-7",
      ref: null,
    });
    expect(await ctx.shortlinks.follow("plain", { ...visit(phone), source: "<script>" })).toEqual({
      actionSlug: action.slug,
      source: null,
      ref: null,
    });
    expect(await ctx.shortlinks.follow("unknown", visit(phone))).toBeUndefined();
    expect(await ctx.shortlinks.follow("a", visit(phone))).toBeUndefined();
  });

  it("leads to a link made a moment after the same address answered nothing", async () => {
    const { org, access } = await organizerOf();
    const action = await createAction(ctx, org);
    expect(await ctx.shortlinks.follow("just-made", visit(phone))).toBeUndefined();
    await ctx.shortlinks.create(access, action.id, { slug: "just-made", source: "" });
    expect(await ctx.shortlinks.follow("just-made", visit(phone))).toMatchObject({ actionSlug: action.slug });
  });

  it("leads nowhere while the action is a draft, and still leads to a closed one", async () => {
    const { org, access } = await organizerOf();
    const draft = await createAction(ctx, org, { status: "draft" });
    const closed = await createAction(ctx, org, { status: "closed" });
    await ctx.shortlinks.create(access, draft.id, { slug: "not-yet", source: "" });
    await ctx.shortlinks.create(access, closed.id, { slug: "over-now", source: "" });
    expect(await ctx.shortlinks.follow("not-yet", visit(phone))).toBeUndefined();
    expect(await ctx.shortlinks.follow("over-now", visit(phone))).toMatchObject({ actionSlug: closed.slug });
  });

  it("counts clicks per day, referring host and device in memory, adding to the stored counts at each flush", async () => {
    const { org, access } = await organizerOf();
    const action = await createAction(ctx, org);
    await ctx.shortlinks.create(access, action.id, { slug: "counted", source: "" });
    await ctx.shortlinks.create(access, action.id, { slug: "also-counted", source: "" });
    const facebook = "https://m.facebook.com/groups/123/posts/456?ref=share";
    for (let i = 0; i < 3; i++) await ctx.shortlinks.follow("counted", visit(phone, facebook));
    await ctx.shortlinks.follow("counted", visit(desktop));
    await ctx.shortlinks.follow("counted", visit("WhatsApp/2.23.20.0 A"));
    await ctx.shortlinks.follow("counted", { ...visit(phone, facebook), countable: false });
    // Nothing is written before the flush.
    expect(await ctx.database.db.selectFrom("shortlink_clicks").selectAll().execute()).toEqual([]);
    await ctx.shortlinks.flushClicks();
    await ctx.shortlinks.follow("counted", visit(phone, facebook));
    await ctx.shortlinks.follow("also-counted", visit(phone, "https://twitter.com/x"));
    await ctx.shortlinks.flushClicks();

    const today = new Date().toISOString().slice(0, 10);
    const rows = await ctx.database.db
      .selectFrom("shortlink_clicks")
      .innerJoin("shortlinks", "shortlinks.id", "shortlink_clicks.shortlink_id")
      .select(["shortlinks.slug", "day", "referrer_host", "device", "count"])
      .orderBy("shortlinks.slug")
      .orderBy("referrer_host")
      .execute();
    expect(rows).toEqual([
      { slug: "also-counted", day: today, referrer_host: "twitter.com", device: "phone", count: 1 },
      { slug: "counted", day: today, referrer_host: "", device: "desktop", count: 1 },
      { slug: "counted", day: today, referrer_host: "m.facebook.com", device: "phone", count: 4 },
    ]);

    const stats = await ctx.shortlinks.clickStats(access, action.id);
    expect(stats.total).toBe(6);
    expect(stats.perDay).toHaveLength(30);
    expect(stats.perDay.at(-1)).toEqual({ day: today, count: 6 });
    expect(stats.perDay.slice(0, -1).every((d) => d.count === 0)).toBe(true);
    expect(stats.hosts).toEqual([
      { host: "m.facebook.com", count: 4 },
      { host: null, count: 1 },
      { host: "twitter.com", count: 1 },
    ]);
    expect(stats.devices).toEqual([
      { device: "phone", count: 5 },
      { device: "tablet", count: 0 },
      { device: "desktop", count: 1 },
    ]);
    const { links } = await ctx.shortlinks.overview(access, action.id, "en");
    expect(links.map((l) => [l.slug, l.clicks])).toEqual([
      ["counted", 5],
      ["also-counted", 1],
    ]);
  });

  it("keeps the counts of a flush that failed and writes them with the next one", async () => {
    const { org, access } = await organizerOf();
    const action = await createAction(ctx, org);
    await ctx.shortlinks.create(access, action.id, { slug: "retried", source: "" });
    const { db } = ctx.database;
    await ctx.shortlinks.follow("retried", visit(phone));
    // The table is away for a moment, as in a failover: that flush cannot write.
    await sql`alter table shortlink_clicks rename to shortlink_clicks_away`.execute(db);
    await ctx.shortlinks.flushClicks();
    await sql`alter table shortlink_clicks_away rename to shortlink_clicks`.execute(db);
    await ctx.shortlinks.follow("retried", visit(phone));
    await ctx.shortlinks.flushClicks();
    expect(await db.selectFrom("shortlink_clicks").select("count").execute()).toEqual([{ count: 2 }]);
  });

  it("writes the clicks still in memory when the context closes", async () => {
    const { org, access } = await organizerOf();
    const action = await createAction(ctx, org);
    await ctx.shortlinks.create(access, action.id, { slug: "at-shutdown", source: "" });
    await ctx.shortlinks.follow("at-shutdown", visit(phone));
    await ctx.shortlinks.close();
    const row = await ctx.database.db.selectFrom("shortlink_clicks").select("count").executeTakeFirst();
    expect(row).toEqual({ count: 1 });
  });
});

describe("partners' short links", () => {
  it("are kept apart from the sponsor's and from each other's, and their clicks are counted per owner", async () => {
    const sponsor = await organizerOf();
    const partner = await organizerOf();
    const rival = await organizerOf();
    const action = await createAction(ctx, sponsor.org);
    const scope = (org: { id: number }) => ({
      actionId: action.id,
      organizationId: org.id,
      title: "Fund it",
    });
    await ctx.shortlinks.create(sponsor.access, action.id, { slug: "sponsors", source: "" });
    expect(
      await ctx.shortlinks.createPartnerLink(partner.access, scope(partner.org), {
        slug: "partners",
        source: "",
      }),
    ).toEqual({ ok: true, slug: "partners" });
    // Nobody writes links in another organization's name.
    await expect(
      ctx.shortlinks.createPartnerLink(rival.access, scope(partner.org), { slug: "forged", source: "" }),
    ).rejects.toThrow(ShortLinkNotFoundError);
    const [own] = await ctx.shortlinks.partnerLinks(scope(partner.org));
    expect(own).toMatchObject({ slug: "partners" });
    expect(await ctx.shortlinks.partnerLinks(scope(rival.org))).toEqual([]);
    await expect(ctx.shortlinks.removePartnerLink(rival.access, scope(rival.org), own!.id)).rejects.toThrow(
      ShortLinkNotFoundError,
    );
    await expect(ctx.shortlinks.remove(sponsor.access, action.id, own!.id)).rejects.toThrow(
      ShortLinkNotFoundError,
    );
    expect((await ctx.shortlinks.overview(sponsor.access, action.id, "en")).links.map((l) => l.slug)).toEqual(
      ["sponsors"],
    );

    for (let i = 0; i < 3; i++) await ctx.shortlinks.follow("partners", visit(phone));
    await ctx.shortlinks.follow("sponsors", visit(phone));
    await ctx.shortlinks.flushClicks();
    expect(await ctx.shortlinks.clicksPerOwner(action.id)).toEqual(
      new Map<number | null, number>([
        [partner.org.id, 3],
        [null, 1],
      ]),
    );
    expect(await ctx.shortlinks.follow("partners", visit(phone))).toEqual({
      actionSlug: action.slug,
      source: null,
      ref: partner.org.slug,
    });
  });
});
