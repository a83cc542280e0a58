/** The only SQL for organizations. */
import { sql } from "kysely";
import { countRows } from "../../db/count.ts";
import type { Executor } from "../../db/database.ts";
import type { RowCondition } from "../../db/keyset.ts";
import type { Role } from "../../db/schema.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { Member } from "./organizations.ts";

export interface NewOrganization {
  slug: string;
  name: string;
  shortName: string | null;
  website: string | null;
  now: string;
}

export async function insertOrganization(db: Executor, org: NewOrganization): Promise<number> {
  const row = await db
    .insertInto("organizations")
    .values({
      slug: org.slug,
      name: org.name,
      short_name: org.shortName,
      website: org.website,
      created_at: org.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Inserts the organization unless its slug is taken (even by a concurrent insert): undefined then. */
export async function insertOrganizationIfSlugFree(
  db: Executor,
  org: NewOrganization,
): Promise<number | undefined> {
  const row = await db
    .insertInto("organizations")
    .values({
      slug: org.slug,
      name: org.name,
      short_name: org.shortName,
      website: org.website,
      created_at: org.now,
    })
    .onConflict((oc) => oc.column("slug").doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

export async function findOrganizationIdBySlug(db: Executor, slug: string): Promise<number | undefined> {
  const row = await db.selectFrom("organizations").select("id").where("slug", "=", slug).executeTakeFirst();
  return row?.id;
}

export interface OrganizationProfile {
  id: number;
  slug: string;
  name: string;
  shortName: string | null;
  website: string | null;
  city: string | null;
  state: string | null;
  timeZone: string;
  description: Record<Locale, string>;
}

export async function findOrganizationBySlug(
  db: Executor,
  slug: string,
): Promise<OrganizationProfile | undefined> {
  const org = await db
    .selectFrom("organizations")
    .select([
      "id",
      "slug",
      "name",
      "short_name as shortName",
      "website",
      "city",
      "state",
      "time_zone as timeZone",
    ])
    .where("slug", "=", slug)
    .executeTakeFirst();
  if (!org) return undefined;
  const texts = await db
    .selectFrom("organization_texts")
    .select(["locale", "description"])
    .where("organization_id", "=", org.id)
    .execute();
  const description = { en: "", es: "" };
  for (const text of texts) description[text.locale] = text.description;
  return { ...org, description };
}

export async function updateOrganization(
  db: Executor,
  id: number,
  profile: Omit<OrganizationProfile, "id" | "slug">,
): Promise<void> {
  await db
    .updateTable("organizations")
    .set({
      name: profile.name,
      short_name: profile.shortName,
      website: profile.website,
      city: profile.city,
      state: profile.state,
      time_zone: profile.timeZone,
    })
    .where("id", "=", id)
    .execute();
  for (const locale of ["en", "es"] as const) {
    const description = profile.description[locale];
    await db
      .insertInto("organization_texts")
      .values({ organization_id: id, locale, description })
      .onConflict((oc) => oc.columns(["organization_id", "locale"]).doUpdateSet({ description }))
      .execute();
  }
}

export async function findRole(
  db: Executor,
  organizationId: number,
  accountId: number,
): Promise<Role | undefined> {
  const row = await db
    .selectFrom("memberships")
    .select("role")
    .where("organization_id", "=", organizationId)
    .where("account_id", "=", accountId)
    .executeTakeFirst();
  return row?.role;
}

export async function setMembership(
  db: Executor,
  organizationId: number,
  accountId: number,
  role: Role,
  now: string,
) {
  await db
    .insertInto("memberships")
    .values({ organization_id: organizationId, account_id: accountId, role, created_at: now })
    .onConflict((oc) => oc.columns(["organization_id", "account_id"]).doUpdateSet({ role }))
    .execute();
}

export async function removeMembership(db: Executor, organizationId: number, accountId: number) {
  await db
    .deleteFrom("memberships")
    .where("organization_id", "=", organizationId)
    .where("account_id", "=", accountId)
    .execute();
}

export async function listMembers(db: Executor, organizationId: number): Promise<Member[]> {
  return db
    .selectFrom("memberships")
    .innerJoin("accounts", "accounts.id", "memberships.account_id")
    .select(["accounts.id as accountId", "accounts.name", "accounts.email", "memberships.role"])
    .where("memberships.organization_id", "=", organizationId)
    .orderBy("accounts.name")
    .execute();
}

/** Members with a verified address, with their role and the language to write to them in. */
export async function listMemberContacts(
  db: Executor,
  organizationId: number,
): Promise<(Member & { locale: Locale })[]> {
  return db
    .selectFrom("memberships")
    .innerJoin("accounts", "accounts.id", "memberships.account_id")
    .select([
      "accounts.id as accountId",
      "accounts.name",
      "accounts.email",
      "accounts.locale",
      "memberships.role",
    ])
    .where("memberships.organization_id", "=", organizationId)
    .where("accounts.email_verified_at", "is not", null)
    .orderBy("accounts.id")
    .execute();
}

export async function countOwners(db: Executor, organizationId: number): Promise<number> {
  return countRows(
    db.selectFrom("memberships").where("organization_id", "=", organizationId).where("role", "=", "owner"),
  );
}

export interface OrganizationListItem {
  slug: string;
  name: string;
  role: Role;
}

/**
 * Organizations whose name contains `query` (any case), by name: picking a co-sponsor among
 * hundreds. LIKE's wildcards in the query are taken literally.
 */
export async function searchOrganizations(
  db: Executor,
  query: string,
  limit: number,
): Promise<{ id: number; slug: string; name: string; city: string | null; state: string | null }[]> {
  const pattern = `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom("organizations")
    .select(["id", "slug", "name", "city", "state"])
    .where(sql<boolean>`lower(name) like ${pattern} escape '\\'`)
    .orderBy("name")
    .limit(limit)
    .execute();
}

/** The organizations an account is a member of, with its role in each. */
export async function listOrganizationsFor(db: Executor, accountId: number): Promise<OrganizationListItem[]> {
  return db
    .selectFrom("organizations")
    .innerJoin("memberships", "memberships.organization_id", "organizations.id")
    .select(["organizations.slug", "organizations.name", "memberships.role"])
    .where("memberships.account_id", "=", accountId)
    .orderBy("organizations.name")
    .execute();
}

export async function findOrganizationById(
  db: Executor,
  id: number,
): Promise<{ slug: string; name: string }> {
  return db
    .selectFrom("organizations")
    .select(["slug", "name"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

export async function saveLogo(
  db: Executor,
  organizationId: number,
  logo: { contentType: string; bytes: Buffer; now: string },
) {
  const values = { content_type: logo.contentType, bytes: logo.bytes, updated_at: logo.now };
  await db
    .insertInto("organization_logos")
    .values({ organization_id: organizationId, ...values })
    .onConflict((oc) => oc.column("organization_id").doUpdateSet(values))
    .execute();
}

export async function findLogo(db: Executor, organizationSlug: string) {
  return db
    .selectFrom("organization_logos")
    .innerJoin("organizations", "organizations.id", "organization_logos.organization_id")
    .select([
      "organization_logos.content_type as contentType",
      "organization_logos.bytes",
      "organization_logos.updated_at as updatedAt",
    ])
    .where("organizations.slug", "=", organizationSlug)
    .executeTakeFirst();
}

/** A filter on public profiles: created, last changed (the logo is what we date), id. */
export type ProfileCondition = RowCondition<"created_at" | "modified_at" | "id">;

/** What anyone may know of an organization: what its pages and its actions' pages show. */
export interface PublicProfileRow {
  id: number;
  slug: string;
  name: string;
  website: string | null;
  description: string | null;
  createdAt: string;
  logoUpdatedAt: string | null;
}

function publicProfiles(db: Executor, ids: number[], conditions: ProfileCondition[]) {
  let query = db
    .selectFrom("organizations as o")
    .leftJoin("organization_logos as l", "l.organization_id", "o.id")
    .where("o.id", "in", ids);
  for (const c of conditions) {
    const column =
      c.column === "modified_at"
        ? sql<string>`coalesce(l.updated_at, o.created_at)`
        : sql.ref(`o.${c.column}`);
    query = query.where(column, c.operator, c.value);
  }
  return query;
}

export function countPublicProfiles(db: Executor, ids: number[], conditions: ProfileCondition[]) {
  return countRows(publicProfiles(db, ids, conditions));
}

/** The id after which the page starting at the `skip`-th match begins. */
export async function publicProfileBoundary(
  db: Executor,
  ids: number[],
  conditions: ProfileCondition[],
  skip: number,
): Promise<number | null> {
  const row = await publicProfiles(db, ids, conditions)
    .select("o.id")
    .orderBy("o.id")
    .limit(1)
    .offset(skip - 1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Up to `limit` matches with ids above `afterId`, in id order, described in English. */
export function seekPublicProfiles(
  db: Executor,
  ids: number[],
  conditions: ProfileCondition[],
  afterId: number,
  limit: number,
): Promise<PublicProfileRow[]> {
  return publicProfiles(db, ids, conditions)
    .leftJoin("organization_texts as en", (join) =>
      join.onRef("en.organization_id", "=", "o.id").on("en.locale", "=", "en"),
    )
    .select([
      "o.id",
      "o.slug",
      "o.name",
      "o.website",
      "en.description",
      "o.created_at as createdAt",
      "l.updated_at as logoUpdatedAt",
    ])
    .where("o.id", ">", afterId)
    .orderBy("o.id")
    .limit(limit)
    .execute();
}
