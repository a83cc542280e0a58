/** The only SQL for short links and their click counts. */
import type { ExpressionBuilder } from "kysely";
import type { Executor } from "../../db/database.ts";
import type { Database } from "../../db/schema.ts";
import type { ActionStatus } from "../actions/actions.ts";
import type { DeviceClass } from "./shortlinks.ts";

export async function findActionIdBySlug(db: Executor, slug: string): Promise<number | undefined> {
  const row = await db.selectFrom("actions").select("id").where("slug", "=", slug).executeTakeFirst();
  return row?.id;
}

export interface ShortLinkItem {
  id: number;
  slug: string;
  source: string | null;
  clicks: number;
}

/**
 * Whose short links: the sponsor's (`organizationId` null) or one partner's. Every read and write
 * of a link is scoped by it, so a partner never reaches the sponsor's links or another partner's.
 */
export interface LinkOwner {
  actionId: number;
  organizationId: number | null;
}

/** `IS NULL` for the sponsor's links, `=` for a partner's (PostgreSQL takes no parameter after IS). */
function ownedBy(eb: ExpressionBuilder<Database, "shortlinks">, owner: LinkOwner) {
  const column = "shortlinks.organization_id";
  return owner.organizationId === null ? eb(column, "is", null) : eb(column, "=", owner.organizationId);
}

export async function listShortLinks(db: Executor, owner: LinkOwner): Promise<ShortLinkItem[]> {
  const rows = await db
    .selectFrom("shortlinks")
    .leftJoin("shortlink_clicks as c", "c.shortlink_id", "shortlinks.id")
    .select((eb) => [
      "shortlinks.id",
      "shortlinks.slug",
      "shortlinks.source",
      eb.fn.coalesce(eb.fn.sum<string | number>("c.count"), eb.val(0)).as("clicks"),
    ])
    .where("shortlinks.action_id", "=", owner.actionId)
    .where((eb) => ownedBy(eb, owner))
    .groupBy(["shortlinks.id", "shortlinks.slug", "shortlinks.source"])
    .orderBy("shortlinks.id")
    .execute();
  return rows.map((row) => ({ ...row, clicks: Number(row.clicks) }));
}

export async function findShortLink(
  db: Executor,
  owner: LinkOwner,
  linkId: number,
): Promise<{ id: number; slug: string; source: string | null } | undefined> {
  return db
    .selectFrom("shortlinks")
    .select(["id", "slug", "source"])
    .where("id", "=", linkId)
    .where("action_id", "=", owner.actionId)
    .where((eb) => ownedBy(eb, owner))
    .executeTakeFirst();
}

/** Inserts a short link; undefined when the slug is taken (also by a link created a moment ago). */
export async function insertShortLink(
  db: Executor,
  link: LinkOwner & { slug: string; source: string | null; now: string },
): Promise<number | undefined> {
  const row = await db
    .insertInto("shortlinks")
    .values({
      slug: link.slug,
      action_id: link.actionId,
      organization_id: link.organizationId,
      source: link.source,
      created_at: link.now,
    })
    .onConflict((oc) => oc.column("slug").doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

export async function deleteShortLink(db: Executor, linkId: number): Promise<void> {
  await db.deleteFrom("shortlink_clicks").where("shortlink_id", "=", linkId).execute();
  await db.deleteFrom("shortlinks").where("id", "=", linkId).execute();
}

export interface ShortLinkTarget {
  linkId: number;
  source: string | null;
  actionSlug: string;
  actionStatus: ActionStatus;
  /** A partner's link: that organization's slug, which is its referral code. */
  partnerSlug: string | null;
}

export async function findTarget(db: Executor, slug: string): Promise<ShortLinkTarget | undefined> {
  return db
    .selectFrom("shortlinks")
    .innerJoin("actions", "actions.id", "shortlinks.action_id")
    .leftJoin("organizations as partner", "partner.id", "shortlinks.organization_id")
    .select([
      "shortlinks.id as linkId",
      "shortlinks.source",
      "actions.slug as actionSlug",
      "actions.status as actionStatus",
      "partner.slug as partnerSlug",
    ])
    .where("shortlinks.slug", "=", slug)
    .executeTakeFirst();
}

export interface ClickCount {
  shortlinkId: number;
  day: string;
  /** '' for none. */
  referrerHost: string;
  device: DeviceClass;
  count: number;
}

/**
 * Adds counts to the stored ones: one statement for the whole batch (keys are unique within it).
 * Counts of links deleted since they were counted are dropped, not written.
 */
export async function addClicks(db: Executor, counts: readonly ClickCount[]): Promise<void> {
  const ids = [...new Set(counts.map((c) => c.shortlinkId))];
  if (ids.length === 0) return;
  const existing = await db.selectFrom("shortlinks").select("id").where("id", "in", ids).execute();
  const kept = new Set(existing.map((row) => row.id));
  const rows = counts.filter((c) => kept.has(c.shortlinkId));
  if (rows.length === 0) return;
  await db
    .insertInto("shortlink_clicks")
    .values(
      rows.map((c) => ({
        shortlink_id: c.shortlinkId,
        day: c.day,
        referrer_host: c.referrerHost,
        device: c.device,
        count: c.count,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(["shortlink_id", "day", "referrer_host", "device"])
        .doUpdateSet((eb) => ({ count: eb("shortlink_clicks.count", "+", eb.ref("excluded.count")) })),
    )
    .execute();
}

/** An action's clicks (all its links) per UTC day from `sinceDay` on, oldest first. */
export async function clicksPerDay(
  db: Executor,
  actionId: number,
  sinceDay: string,
): Promise<{ day: string; count: number }[]> {
  const rows = await db
    .selectFrom("shortlink_clicks as c")
    .innerJoin("shortlinks", "shortlinks.id", "c.shortlink_id")
    .select((eb) => ["c.day", eb.fn.sum<string | number>("c.count").as("n")])
    .where("shortlinks.action_id", "=", actionId)
    .where("c.day", ">=", sinceDay)
    .groupBy("c.day")
    .orderBy("c.day")
    .execute();
  return rows.map((row) => ({ day: row.day, count: Number(row.n) }));
}

/** An action's clicks per referring host ('' for none), most first. */
export async function clicksByHost(
  db: Executor,
  actionId: number,
  limit: number,
): Promise<{ host: string; count: number }[]> {
  const rows = await db
    .selectFrom("shortlink_clicks as c")
    .innerJoin("shortlinks", "shortlinks.id", "c.shortlink_id")
    .select((eb) => ["c.referrer_host as host", eb.fn.sum<string | number>("c.count").as("n")])
    .where("shortlinks.action_id", "=", actionId)
    .groupBy("c.referrer_host")
    .orderBy("n", "desc")
    .orderBy("c.referrer_host")
    .limit(limit)
    .execute();
  return rows.map((row) => ({ host: row.host, count: Number(row.n) }));
}

export async function clicksByDevice(
  db: Executor,
  actionId: number,
): Promise<{ device: DeviceClass; count: number }[]> {
  const rows = await db
    .selectFrom("shortlink_clicks as c")
    .innerJoin("shortlinks", "shortlinks.id", "c.shortlink_id")
    .select((eb) => ["c.device", eb.fn.sum<string | number>("c.count").as("n")])
    .where("shortlinks.action_id", "=", actionId)
    .groupBy("c.device")
    .execute();
  return rows.map((row) => ({ device: row.device, count: Number(row.n) }));
}

/** An action's clicks per owner of the links: `organizationId` null for the sponsor's links. */
export async function clicksByOwner(
  db: Executor,
  actionId: number,
): Promise<{ organizationId: number | null; count: number }[]> {
  const rows = await db
    .selectFrom("shortlink_clicks as c")
    .innerJoin("shortlinks", "shortlinks.id", "c.shortlink_id")
    .select((eb) => [
      "shortlinks.organization_id as organizationId",
      eb.fn.sum<string | number>("c.count").as("n"),
    ])
    .where("shortlinks.action_id", "=", actionId)
    .groupBy("shortlinks.organization_id")
    .execute();
  return rows.map((row) => ({ organizationId: row.organizationId, count: Number(row.n) }));
}
