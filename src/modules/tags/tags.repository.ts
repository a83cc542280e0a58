/** The only SQL for tags and taggings. */

import { countRows } from "../../db/count.ts";
import type { Executor } from "../../db/database.ts";
import type { RowCondition } from "../../db/keyset.ts";
import type { TaggingRecord, TagRecord } from "./tags.ts";

export type TagRowCondition = RowCondition<"created_at" | "updated_at" | "id">;
/** A tagging is never changed: its modified date is its creation date. */
export type TaggingRowCondition = RowCondition<"created_at" | "id">;

const tagColumns = [
  "tags.id",
  "tags.name",
  "tags.description",
  "tags.created_at as createdAt",
  "tags.updated_at as modifiedAt",
] as const;

const taggingColumns = [
  "taggings.id",
  "taggings.tag_id as tagId",
  "taggings.contact_id as contactId",
  "taggings.created_at as createdAt",
] as const;

function organizationTags(db: Executor, organizationId: number, conditions: TagRowCondition[]) {
  let query = db.selectFrom("tags").where("tags.organization_id", "=", organizationId);
  for (const c of conditions) query = query.where(`tags.${c.column}`, c.operator, c.value);
  return query;
}

export async function countTags(
  db: Executor,
  organizationId: number,
  conditions: TagRowCondition[],
): Promise<number> {
  return countRows(organizationTags(db, organizationId, conditions));
}

/** The id after which the page starting at the `skip`-th match begins. */
export async function tagBoundary(
  db: Executor,
  organizationId: number,
  conditions: TagRowCondition[],
  skip: number,
): Promise<number | null> {
  const row = await organizationTags(db, organizationId, conditions)
    .select("tags.id")
    .orderBy("tags.id")
    .limit(1)
    .offset(skip - 1)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function seekTags(
  db: Executor,
  organizationId: number,
  conditions: TagRowCondition[],
  afterId: number,
  limit: number,
): Promise<TagRecord[]> {
  return organizationTags(db, organizationId, conditions)
    .select(tagColumns)
    .where("tags.id", ">", afterId)
    .orderBy("tags.id")
    .limit(limit)
    .execute();
}

export async function findTag(
  db: Executor,
  organizationId: number,
  id: number,
): Promise<TagRecord | undefined> {
  return organizationTags(db, organizationId, [])
    .select(tagColumns)
    .where("tags.id", "=", id)
    .executeTakeFirst();
}

/** The organization's tags spelt exactly as one of `names` (an index seek each). */
export async function findTagsNamed(
  db: Executor,
  organizationId: number,
  names: readonly string[],
): Promise<TagRecord[]> {
  if (names.length === 0) return [];
  return organizationTags(db, organizationId, [])
    .select(tagColumns)
    .where("tags.name", "in", names)
    .execute();
}

/** Every tag of the organization, for names that differ only in case from the ones stored. */
export async function allTags(db: Executor, organizationId: number): Promise<TagRecord[]> {
  return organizationTags(db, organizationId, []).select(tagColumns).orderBy("tags.id").execute();
}

/** A new tag, or undefined when the name was taken meanwhile (then the caller reads that one). */
export async function insertTag(
  db: Executor,
  tag: { organizationId: number; name: string; description: string; now: string },
): Promise<TagRecord | undefined> {
  return db
    .insertInto("tags")
    .values({
      organization_id: tag.organizationId,
      name: tag.name,
      description: tag.description,
      created_at: tag.now,
      updated_at: tag.now,
    })
    .onConflict((oc) => oc.columns(["organization_id", "name"]).doNothing())
    .returning(["id", "name", "description", "created_at as createdAt", "updated_at as modifiedAt"])
    .executeTakeFirst();
}

/** A merged contact's taggings move to the contact it merged into (those it already has stay once). */
export async function moveTaggings(db: Executor, absorbedId: number, keptId: number): Promise<void> {
  await db
    .updateTable("taggings")
    .set({ contact_id: keptId })
    .where("contact_id", "=", absorbedId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("taggings as held")
            .select("held.id")
            .where("held.contact_id", "=", keptId)
            .whereRef("held.tag_id", "=", "taggings.tag_id"),
        ),
      ),
    )
    .execute();
}

function tagTaggings(db: Executor, tagId: number, conditions: TaggingRowCondition[]) {
  let query = db.selectFrom("taggings").where("taggings.tag_id", "=", tagId);
  for (const c of conditions) query = query.where(`taggings.${c.column}`, c.operator, c.value);
  return query;
}

/** A contact's taggings, by tags of the organization only. */
function contactTaggings(
  db: Executor,
  organizationId: number,
  contactId: number,
  conditions: TaggingRowCondition[],
) {
  let query = db
    .selectFrom("taggings")
    .innerJoin("tags", "tags.id", "taggings.tag_id")
    .where("taggings.contact_id", "=", contactId)
    .where("tags.organization_id", "=", organizationId);
  for (const c of conditions) query = query.where(`taggings.${c.column}`, c.operator, c.value);
  return query;
}

/** A list of taggings, as readWindow reads it: by a tag, or of a contact. */
export type TaggingsOf = { tagId: number } | { organizationId: number; contactId: number };

function taggingsOf(db: Executor, of: TaggingsOf, conditions: TaggingRowCondition[]) {
  return "tagId" in of
    ? tagTaggings(db, of.tagId, conditions)
    : contactTaggings(db, of.organizationId, of.contactId, conditions);
}

export async function countTaggings(
  db: Executor,
  of: TaggingsOf,
  conditions: TaggingRowCondition[],
): Promise<number> {
  return countRows(taggingsOf(db, of, conditions));
}

export async function taggingBoundary(
  db: Executor,
  of: TaggingsOf,
  conditions: TaggingRowCondition[],
  skip: number,
): Promise<number | null> {
  const row = await taggingsOf(db, of, conditions)
    .select("taggings.id")
    .orderBy("taggings.id")
    .limit(1)
    .offset(skip - 1)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function seekTaggings(
  db: Executor,
  of: TaggingsOf,
  conditions: TaggingRowCondition[],
  afterId: number,
  limit: number,
): Promise<TaggingRecord[]> {
  return taggingsOf(db, of, conditions)
    .select(taggingColumns)
    .where("taggings.id", ">", afterId)
    .orderBy("taggings.id")
    .limit(limit)
    .execute();
}

export async function findTagging(
  db: Executor,
  tagId: number,
  taggingId: number,
): Promise<TaggingRecord | undefined> {
  return tagTaggings(db, tagId, [])
    .select(taggingColumns)
    .where("taggings.id", "=", taggingId)
    .executeTakeFirst();
}

export async function findContactTagging(
  db: Executor,
  tagId: number,
  contactId: number,
): Promise<TaggingRecord | undefined> {
  return tagTaggings(db, tagId, [])
    .select(taggingColumns)
    .where("taggings.contact_id", "=", contactId)
    .executeTakeFirst();
}

/** Tags a contact with each tag it does not carry yet; the ones it carries stay as they were. */
export async function insertTaggings(
  db: Executor,
  contactId: number,
  tagIds: readonly number[],
  now: string,
): Promise<void> {
  if (tagIds.length === 0) return;
  await db
    .insertInto("taggings")
    .values(tagIds.map((tagId) => ({ tag_id: tagId, contact_id: contactId, created_at: now })))
    .onConflict((oc) => oc.columns(["tag_id", "contact_id"]).doNothing())
    .execute();
}

/** Removes one tagging of a tag; false when the tag has no such tagging. */
export async function deleteTagging(db: Executor, tagId: number, taggingId: number): Promise<boolean> {
  const result = await db
    .deleteFrom("taggings")
    .where("tag_id", "=", tagId)
    .where("id", "=", taggingId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function deleteContactTaggings(
  db: Executor,
  contactId: number,
  tagIds: readonly number[],
): Promise<void> {
  if (tagIds.length === 0) return;
  await db.deleteFrom("taggings").where("contact_id", "=", contactId).where("tag_id", "in", tagIds).execute();
}
