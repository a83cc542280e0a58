/**
 * All message catalogs, assembled from one list of areas. Each area keeps its strings in
 * messages/<area>.ts with an `en` object (the source of the keys) and an `es` object that must
 * have exactly the same keys. A key defined in two areas would silently take the later one's
 * text, so assembling refuses it.
 */

import type { Locale } from "./locale.ts";
import type { Message } from "./message.ts";
import * as accounts from "./messages/accounts.ts";
import * as actions from "./messages/actions.ts";
import * as admin from "./messages/admin.ts";
import * as apiKeys from "./messages/api-keys.ts";
import * as apiReference from "./messages/api-reference.ts";
import * as commentNotifications from "./messages/comment-notifications.ts";
import * as commentReading from "./messages/comment-reading.ts";
import * as commenters from "./messages/commenters.ts";
import * as comments from "./messages/comments.ts";
import * as common from "./messages/common.ts";
import * as cosponsors from "./messages/cosponsors.ts";
import * as delivery from "./messages/delivery.ts";
import * as geography from "./messages/geography.ts";
import * as lifecycle from "./messages/lifecycle.ts";
import * as organizer from "./messages/organizer.ts";
import * as partners from "./messages/partners.ts";
import * as sharing from "./messages/sharing.ts";
import * as shortlinks from "./messages/shortlinks.ts";
import * as signerRights from "./messages/signer-rights.ts";
import * as signing from "./messages/signing.ts";
import * as updates from "./messages/updates.ts";
import * as webhooks from "./messages/webhooks.ts";
import * as widgets from "./messages/widgets.ts";

export interface MessageArea {
  readonly en: Readonly<Record<string, Message>>;
  readonly es: Readonly<Record<string, Message>>;
}

/** Every area, by name (the name appears in the errors below). A new area is one entry here. */
const areas = {
  common,
  actions,
  signing,
  accounts,
  admin,
  organizer,
  shortlinks,
  sharing,
  cosponsors,
  widgets,
  geography,
  apiKeys,
  apiReference,
  partners,
  commenters,
  comments,
  commentNotifications,
  commentReading,
  webhooks,
  updates,
  signerRights,
  delivery,
  lifecycle,
} satisfies Record<string, MessageArea>;

type KeysOf<T> = T extends unknown ? keyof T : never;
export type MessageKey = KeysOf<(typeof areas)[keyof typeof areas]["en"]>;

export class CatalogError extends Error {
  override name = "CatalogError";
}

/**
 * Merges areas into one catalog per language. Throws, naming the keys, when a key is defined in
 * more than one area or when `es` does not have exactly `en`'s keys.
 */
export function mergeAreas(
  list: Readonly<Record<string, MessageArea>>,
): Record<Locale, Record<string, Message>> {
  const merged: Record<Locale, Record<string, Message>> = { en: {}, es: {} };
  const definedIn = new Map<string, string[]>();
  for (const [name, area] of Object.entries(list)) {
    for (const key of Object.keys(area.en)) definedIn.set(key, [...(definedIn.get(key) ?? []), name]);
    for (const locale of ["en", "es"] as const) Object.assign(merged[locale], area[locale]);
  }
  const twice = [...definedIn].filter(([, names]) => names.length > 1);
  if (twice.length > 0) {
    const listed = twice.map(([key, names]) => `"${key}" (${names.join(", ")})`).join(", ");
    throw new CatalogError(`Message keys defined in more than one area: ${listed}`);
  }
  const missing = Object.keys(merged.en).filter((key) => !Object.hasOwn(merged.es, key));
  const extra = Object.keys(merged.es).filter((key) => !Object.hasOwn(merged.en, key));
  if (missing.length > 0 || extra.length > 0) {
    const problems = [
      missing.length > 0 ? `es lacks ${missing.map((key) => `"${key}"`).join(", ")}` : "",
      extra.length > 0 ? `es has keys en does not: ${extra.map((key) => `"${key}"`).join(", ")}` : "",
    ];
    throw new CatalogError(`Message catalogs differ: ${problems.filter(Boolean).join("; ")}`);
  }
  return merged;
}

export const catalogs = mergeAreas(areas) as Readonly<Record<Locale, Readonly<Record<MessageKey, Message>>>>;
