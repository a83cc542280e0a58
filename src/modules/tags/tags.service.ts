/**
 * Tags of an organization's contacts and their taggings, as the OSDI API and the helpers'
 * add_tags/remove_tags use them. Everything is scoped by the organization: another one's tag,
 * tagging or contact does not exist here. Lists are keyset windows (src/db/keyset.ts).
 */
import { type Db, type Executor, nowIso } from "../../db/database.ts";
import { readWindow } from "../../db/keyset.ts";
import type { Clock } from "../clock.ts";
import type { ContactsService } from "../contacts/contacts.service.ts";
import { pageOf, rowConditions } from "../osdi/osdi.service.ts";
import type { OsdiPage, Paging } from "../osdi/osdi.ts";
import {
  TagDescriptionInvalidError,
  TaggedPersonNotFoundError,
  TaggingNotFoundError,
  TagNameInvalidError,
  TagNotFoundError,
} from "./tags.errors.ts";
import * as repo from "./tags.repository.ts";
import {
  distinctTagNames,
  normalizeTagDescription,
  normalizeTagName,
  type TaggingRecord,
  type TagRecord,
  tagNameKey,
} from "./tags.ts";

const tagFilterColumns = {
  modified_date: "updated_at",
  created_date: "created_at",
  identifier: "id",
} as const;
const taggingFilterColumns = {
  modified_date: "created_at",
  created_date: "created_at",
  identifier: "id",
} as const;

/** A tag found or made, and which. */
export interface EnsuredTag {
  tag: TagRecord;
  created: boolean;
}

/** A tagging found or made, and which. */
export interface EnsuredTagging {
  tagging: TaggingRecord;
  created: boolean;
}

export class TagsService {
  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      /** Taggings never cross organizations: the person must be the organization's contact. */
      contacts: Pick<ContactsService, "isContactOf">;
    },
  ) {}

  /** A contact merged into another hands its taggings over, inside the merge's transaction. */
  async moveTaggings(executor: Executor, absorbedContactId: number, keptContactId: number): Promise<void> {
    await repo.moveTaggings(executor, absorbedContactId, keptContactId);
  }

  async tags(
    organizationId: number,
    paging: Paging,
    filter: string | undefined,
  ): Promise<OsdiPage<TagRecord>> {
    const { db } = this.deps;
    return pageOf(
      paging,
      rowConditions(filter, tagFilterColumns),
      (conditions, window) =>
        readWindow(window, {
          count: () => repo.countTags(db, organizationId, conditions),
          boundary: (skip) => repo.tagBoundary(db, organizationId, conditions, skip),
          seek: (afterId, limit) => repo.seekTags(db, organizationId, conditions, afterId, limit),
        }),
      (tag) => tag,
    );
  }

  async tag(organizationId: number, tagId: number): Promise<TagRecord> {
    const tag = await repo.findTag(this.deps.db, organizationId, tagId);
    if (!tag) throw new TagNotFoundError(String(tagId));
    return tag;
  }

  /** Makes a tag, or finds the one of that name (any case), as Action Network answers a POST. */
  async create(organizationId: number, fields: { name: string; description?: string }): Promise<EnsuredTag> {
    const name = normalizeTagName(fields.name);
    if (name === null) throw new TagNameInvalidError(fields.name);
    const description = normalizeTagDescription(fields.description);
    if (description === null) throw new TagDescriptionInvalidError();
    const [ensured] = await this.ensure(this.deps.db, organizationId, [{ name, description }], this.now());
    if (!ensured) throw new Error("no tag ensured");
    return ensured;
  }

  async taggings(
    organizationId: number,
    tagId: number,
    paging: Paging,
    filter: string | undefined,
  ): Promise<OsdiPage<TaggingRecord>> {
    const conditions = rowConditions(filter, taggingFilterColumns);
    await this.tag(organizationId, tagId);
    return this.taggingsPage({ tagId }, paging, conditions);
  }

  /** A contact's taggings; a person who is no contact of the organization is not found. */
  async contactTaggings(
    organizationId: number,
    contactId: number,
    paging: Paging,
    filter: string | undefined,
  ): Promise<OsdiPage<TaggingRecord>> {
    const conditions = rowConditions(filter, taggingFilterColumns);
    await this.requireContact(organizationId, contactId);
    return this.taggingsPage({ organizationId, contactId }, paging, conditions);
  }

  async tagging(organizationId: number, tagId: number, taggingId: number): Promise<TaggingRecord> {
    await this.tag(organizationId, tagId);
    const tagging = await repo.findTagging(this.deps.db, tagId, taggingId);
    if (!tagging) throw new TaggingNotFoundError(String(taggingId));
    return tagging;
  }

  /** Tags one of the organization's contacts; tagging again answers the tagging already made. */
  async tagContact(organizationId: number, tagId: number, contactId: number): Promise<EnsuredTagging> {
    const { db } = this.deps;
    await this.tag(organizationId, tagId);
    await this.requireContact(organizationId, contactId);
    const existing = await repo.findContactTagging(db, tagId, contactId);
    if (existing) return { tagging: existing, created: false };
    await repo.insertTaggings(db, contactId, [tagId], this.now());
    const tagging = await repo.findContactTagging(db, tagId, contactId);
    if (!tagging) throw new Error("tagging not stored");
    return { tagging, created: true };
  }

  async untag(organizationId: number, tagId: number, taggingId: number): Promise<void> {
    await this.tag(organizationId, tagId);
    if (!(await repo.deleteTagging(this.deps.db, tagId, taggingId)))
      throw new TaggingNotFoundError(String(taggingId));
  }

  /**
   * The helpers' add_tags and remove_tags for one contact of the organization (the caller's
   * own, usually just upserted in the same transaction): tags missing by name are made, tags
   * the contact carries already stay as they were, and a name in both lists is added. Runs on
   * `executor`, so it commits or rolls back with the caller's transaction.
   */
  async apply(
    executor: Executor,
    organizationId: number,
    contactId: number,
    add: readonly string[],
    remove: readonly string[],
    now: string,
  ): Promise<void> {
    const adding = distinctTagNames(add);
    const removing = distinctTagNames(remove);
    if (adding === null || removing === null) throw new TagNameInvalidError();
    const added = new Set(adding.map(tagNameKey));
    const ensured = await this.ensure(
      executor,
      organizationId,
      adding.map((name) => ({ name, description: "" })),
      now,
    );
    await repo.insertTaggings(
      executor,
      contactId,
      ensured.map(({ tag }) => tag.id),
      now,
    );
    const removed = await this.named(
      executor,
      organizationId,
      removing.filter((name) => !added.has(tagNameKey(name))),
    );
    await repo.deleteContactTaggings(
      executor,
      contactId,
      [...removed.values()].map((tag) => tag.id),
    );
  }

  private now(): string {
    return nowIso(this.deps.clock.now());
  }

  private async requireContact(organizationId: number, contactId: number): Promise<void> {
    if (!(await this.deps.contacts.isContactOf(organizationId, contactId)))
      throw new TaggedPersonNotFoundError(String(contactId));
  }

  private taggingsPage(
    of: repo.TaggingsOf,
    paging: Paging,
    conditions: repo.TaggingRowCondition[] | undefined,
  ): Promise<OsdiPage<TaggingRecord>> {
    const { db } = this.deps;
    return pageOf(
      paging,
      conditions,
      (rows, window) =>
        readWindow(window, {
          count: () => repo.countTaggings(db, of, rows),
          boundary: (skip) => repo.taggingBoundary(db, of, rows, skip),
          seek: (afterId, limit) => repo.seekTaggings(db, of, rows, afterId, limit),
        }),
      (tagging) => tagging,
    );
  }

  /**
   * The organization's tags by (normalized) name, keyed by tagNameKey. Names spelt as stored are
   * an index seek; only a name in another case reads the organization's tags to compare keys.
   */
  private async named(
    executor: Executor,
    organizationId: number,
    names: readonly string[],
  ): Promise<Map<string, TagRecord>> {
    const found = new Map<string, TagRecord>();
    const keep = (tags: TagRecord[]) => {
      for (const tag of tags) {
        const key = tagNameKey(tag.name);
        const kept = found.get(key);
        if (!kept || tag.id < kept.id) found.set(key, tag);
      }
    };
    keep(await repo.findTagsNamed(executor, organizationId, names));
    const wanted = new Set(names.map(tagNameKey));
    if ([...wanted].some((key) => !found.has(key)))
      keep((await repo.allTags(executor, organizationId)).filter((tag) => wanted.has(tagNameKey(tag.name))));
    return found;
  }

  /**
   * Each named tag, made when the organization has none of that name in any case. Two writers
   * making the same name at once get one tag (the unique index, then a read of the winner's).
   */
  private async ensure(
    executor: Executor,
    organizationId: number,
    entries: readonly { name: string; description: string }[],
    now: string,
  ): Promise<EnsuredTag[]> {
    const existing = await this.named(
      executor,
      organizationId,
      entries.map(({ name }) => name),
    );
    const ensured: EnsuredTag[] = [];
    for (const entry of entries) {
      const tag = existing.get(tagNameKey(entry.name));
      if (tag) {
        ensured.push({ tag, created: false });
        continue;
      }
      const inserted = await repo.insertTag(executor, { organizationId, ...entry, now });
      if (inserted) {
        ensured.push({ tag: inserted, created: true });
        continue;
      }
      const [taken] = await repo.findTagsNamed(executor, organizationId, [entry.name]);
      if (!taken) throw new Error("tag name taken by no tag");
      ensured.push({ tag: taken, created: false });
    }
    return ensured;
  }
}
