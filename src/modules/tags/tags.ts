/**
 * Tags of an organization's contacts (OSDI tags and taggings), as pure rules: what a tag's name
 * and description may be, and when two names are the same tag.
 */
import { isUnreadable } from "../text.ts";

export const maxTagNameLength = 80;
export const maxTagDescriptionLength = 1000;

export interface TagRecord {
  id: number;
  name: string;
  description: string;
  createdAt: string;
  modifiedAt: string;
}

/** A tag on a contact; it is made or removed, never changed, so it was last modified when made. */
export interface TaggingRecord {
  id: number;
  tagId: number;
  contactId: number;
  createdAt: string;
}

/**
 * A tag's name as stored: trimmed, each run of whitespace one space, in Unicode's composed form
 * (so "é" typed two ways is one name); null when empty, longer than 80 characters or unreadable.
 */
export function normalizeTagName(raw: string): string | null {
  const name = raw.normalize("NFC").replace(/\s+/g, " ").trim();
  const length = [...name].length;
  if (length === 0 || length > maxTagNameLength || isUnreadable(name)) return null;
  return name;
}

/** A description as stored (trimmed, "" when none); null when too long or unreadable. */
export function normalizeTagDescription(raw: string | undefined): string | null {
  const description = (raw ?? "").normalize("NFC").trim();
  if ([...description].length > maxTagDescriptionLength || isUnreadable(description)) return null;
  return description;
}

/**
 * What names are compared by within an organization: case-insensitive, as Action Network's tags
 * are ("Volunteer" and "volunteer" are one tag, spelt as first written), accents kept ("papa" and
 * "papá" are two). Computed here rather than by the database: SQLite's lower() folds ASCII only.
 */
export function tagNameKey(name: string): string {
  return name.toLowerCase();
}

/**
 * Tag names as add_tags and remove_tags send them, normalized, each tag once (first spelling
 * kept); null when one of them is not a valid name.
 */
export function distinctTagNames(raw: readonly string[]): string[] | null {
  const names = new Map<string, string>();
  for (const text of raw) {
    const name = normalizeTagName(text);
    if (name === null) return null;
    if (!names.has(tagNameKey(name))) names.set(tagNameKey(name), name);
  }
  return [...names.values()];
}
