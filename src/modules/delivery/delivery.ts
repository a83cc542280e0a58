/**
 * Delivering an action's signatures to its targets (issue 13): who the letter names and how, and
 * the order it reads them in. Pure: the letter groups signers by state and county from their
 * postal codes (geography's table), and reads them group by group in pages of known size, so a
 * letter of any length is written in flat memory.
 */
import type { Locale } from "../../i18n/locale.ts";
import type { ZipCounties } from "../geography/geography.ts";

/**
 * A name as its initials, each followed by a period: "María José Pérez" → "M. J. P.",
 * "Jean-Luc Picard" → "J.-L. P.". Letters only (any script); a name with none gives "".
 */
export function initials(name: string): string {
  return name
    .normalize("NFC")
    .split(/\s+/)
    .map((word) =>
      word
        .split("-")
        .map((part) => /\p{L}/u.exec(part)?.[0]?.toLocaleUpperCase() ?? "")
        .filter((letter) => letter !== "")
        .map((letter) => `${letter}.`)
        .join("-"),
    )
    .filter((word) => word !== "")
    .join(" ");
}

/** A signer as the delivered letter may name them. */
export interface DeliverySigner {
  id: number;
  postalCode: string;
  name: string;
  /** They ticked "Show my name and city on the letter"; without it, only initials. */
  publicName: boolean;
  /** Only with that consent. */
  city: string | null;
}

/** How the letter names a signer: name and city with their consent, else initials only. */
export function signerLine(signer: Pick<DeliverySigner, "name" | "publicName" | "city">): string {
  if (!signer.publicName) return initials(signer.name);
  return signer.city ? `${signer.name}, ${signer.city}` : signer.name;
}

/** One county's signers (or those whose postal code the table does not know: state and county null). */
export interface DeliveryGroup {
  stateName: string | null;
  countyName: string | null;
  count: number;
  /** The postal codes as typed that map here, with how many confirmed signers each has. */
  postalCodes: { postalCode: string; count: number }[];
}

/** The letter's plan: the confirmed count and the groups in reading order. */
export interface DeliveryPlan {
  total: number;
  groups: DeliveryGroup[];
}

/**
 * Groups confirmed signatures per postal code into counties, by state name then county name,
 * with the unknown codes ("Unknown") last. Memory grows with distinct postal codes, never signers.
 */
export function deliveryPlan(
  byPostalCode: readonly { postalCode: string; count: number }[],
  table: ZipCounties,
): DeliveryPlan {
  const groups = new Map<string, DeliveryGroup>();
  const unknown: DeliveryGroup = { stateName: null, countyName: null, count: 0, postalCodes: [] };
  let total = 0;
  for (const code of byPostalCode) {
    if (code.count <= 0) continue;
    total += code.count;
    const place = table.place(code.postalCode);
    let group = unknown;
    if (place) {
      group = groups.get(place.countyFips) ?? {
        stateName: place.stateName,
        countyName: place.countyName,
        count: 0,
        postalCodes: [],
      };
      groups.set(place.countyFips, group);
    }
    group.count += code.count;
    group.postalCodes.push({ postalCode: code.postalCode, count: code.count });
  }
  const byName = (a: DeliveryGroup, b: DeliveryGroup) =>
    a.stateName!.localeCompare(b.stateName!, "en") || a.countyName!.localeCompare(b.countyName!, "en");
  const ordered = [...groups.values()].sort(byName);
  if (unknown.count > 0) ordered.push(unknown);
  for (const group of ordered) group.postalCodes.sort((a, b) => (a.postalCode < b.postalCode ? -1 : 1));
  return { total, groups: ordered };
}

/** The most postal codes one read names (an IN list), whatever their counts. */
export const maxCodesPerRead = 500;

/**
 * A group's postal codes cut into reads of about `pageSize` signers: codes whose counts add up
 * to less than `pageSize` go together; a code with more is a read of its own (paged by keyset).
 */
export function readBatches(group: DeliveryGroup, pageSize: number): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const { postalCode, count } of group.postalCodes) {
    // Strictly under a page: a read of several codes then ends in one query, and only a code
    // of its own is ever continued by keyset (within one code, by id: no collation involved).
    if (current.length > 0 && (size + count >= pageSize || current.length >= maxCodesPerRead)) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(postalCode);
    size += count;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Reads one keyset page of signers with these postal codes after `after`. */
export type ReadSigners = (
  postalCodes: readonly string[],
  after: { postalCode: string; id: number } | null,
  limit: number,
) => Promise<DeliverySigner[]>;

/**
 * The plan's signers, group by group, a page at a time: never more than `pageSize` rows held.
 * A turn of the event loop between reads (SQLite answers synchronously) keeps other requests
 * moving while a long letter is written.
 */
export async function* signerPages(
  plan: DeliveryPlan,
  read: ReadSigners,
  pageSize = 1000,
): AsyncGenerator<{ group: DeliveryGroup; signers: DeliverySigner[] }> {
  for (const group of plan.groups) {
    for (const codes of readBatches(group, pageSize)) {
      let after: { postalCode: string; id: number } | null = null;
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        const signers = await read(codes, after, pageSize);
        if (signers.length > 0) yield { group, signers };
        if (signers.length < pageSize) break;
        const last = signers[signers.length - 1]!;
        after = { postalCode: last.postalCode, id: last.id };
      }
    }
  }
}

/** What the letter says besides its signers, in its language. */
export interface LetterFacts {
  locale: Locale;
  title: string;
  /** The petition or letter text (Markdown, shown as plain paragraphs). */
  letterText: string;
  sponsorName: string;
  cosponsors: string[];
  target: DeliveryTarget;
  /** The day it is delivered, YYYY-MM-DD. */
  date: string;
  /** Confirmed signatures as of the delivery. */
  count: number;
}

/** A target as the delivery addresses it, in the letter's language. */
export interface DeliveryTarget {
  /** Its position among the action's targets (the form names it). */
  index: number;
  name: string;
  title: string;
  office: string;
  email: string;
  postalAddress: string;
}

/** Markdown as the letter's plain paragraphs: emphasis marks and link targets dropped. */
export function plainParagraphs(markdown: string): string[] {
  return markdown
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((paragraph) =>
      paragraph
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
        .replace(/(\*\*|__|\*|_|`)(.+?)\1/g, "$2")
        .replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+)/gm, "")
        .replace(/\s*\n\s*/g, " ")
        .trim(),
    )
    .filter((paragraph) => paragraph !== "");
}

/** The delivery's file name stem: the action's slug and the day. */
export function deliveryFileStem(slug: string, date: string): string {
  return `${slug}-delivery-${date.slice(0, 10)}`;
}
