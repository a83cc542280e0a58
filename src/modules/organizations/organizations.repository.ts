/** The only SQL for organizations. */
import type { Executor } from "../../db/database.ts";

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

export async function findOrganizationIdBySlug(db: Executor, slug: string): Promise<number | undefined> {
  const row = await db.selectFrom("organizations").select("id").where("slug", "=", slug).executeTakeFirst();
  return row?.id;
}
