/** Action alerts: what a supporter sees and signs. Pure types and rules, no I/O. */

import type { Locale } from "../../i18n/locale.ts";
import type { Discussion } from "../comments/comments.ts";
import type { PublicCosponsor } from "../cosponsors/cosponsors.ts";
import { fitInside, type ImageSize, imageSize } from "../image-size.ts";
import type { PageUpdates } from "../updates/updates.ts";
import type { Outcome } from "./lifecycle.ts";

export const actionTypes = ["petition", "letter", "external"] as const;
export type ActionType = (typeof actionTypes)[number];
export const actionStatuses = ["draft", "published", "closed"] as const;
export type ActionStatus = (typeof actionStatuses)[number];

/**
 * Where an action stands in its life. Archiving is a flag over the status, not a status of its
 * own: an archived action keeps the status it had, so restoring it from the archive returns it
 * there, and while archived it is shown (if ever published) as closed and accepts nothing.
 */
export interface Lifecycle {
  status: ActionStatus;
  archived: boolean;
}

const lifecycleSteps = ["edit", "publish", "close", "reopen", "archive", "unarchive", "delete"] as const;
export type LifecycleStep = (typeof lifecycleSteps)[number];

/**
 * The one state machine of an action: draft → published → closed → published (reopen); any
 * action not archived → archived → back to where it was (unarchive); a draft can be deleted
 * (a published action never: it may have signatures). Nothing changes an archived action but
 * unarchiving it. Returns where the step leads, "deleted", or undefined when it is refused.
 */
export function stepLifecycle(from: Lifecycle, step: LifecycleStep): Lifecycle | "deleted" | undefined {
  if (from.archived) return step === "unarchive" ? { status: from.status, archived: false } : undefined;
  switch (step) {
    case "edit":
      return from;
    case "publish":
      return from.status === "draft" ? { status: "published", archived: false } : undefined;
    case "close":
      return from.status === "published" ? { status: "closed", archived: false } : undefined;
    case "reopen":
      return from.status === "closed" ? { status: "published", archived: false } : undefined;
    case "archive":
      return { status: from.status, archived: true };
    case "unarchive":
      return undefined;
    case "delete":
      return from.status === "draft" ? "deleted" : undefined;
  }
}

/** The steps the machine allows from here: what the organizer is offered. */
export function allowedSteps(from: Lifecycle): LifecycleStep[] {
  return lifecycleSteps.filter((step) => stepLifecycle(from, step) !== undefined);
}

export interface ActionText {
  title: string;
  summary: string;
  description: string;
  letterText: string;
}

/**
 * A translation is stored as typed, empty fields included; what is left empty shows the English,
 * field by field, when a page is rendered (so a later English edit reaches it too).
 */
export function withEnglishFallback(own: ActionText | undefined, english: ActionText): ActionText {
  return {
    title: own?.title || english.title,
    summary: own?.summary || english.summary,
    description: own?.description || english.description,
    letterText: own?.letterText || english.letterText,
  };
}

/** A target as the public page shows it, in one language. */
export interface Target {
  name: string;
  title: string;
}

/** A target as the organizer enters it: name and email once, title, office and address per language. */
export interface TargetDraft {
  name: string;
  title: Record<Locale, string>;
  office: Record<Locale, string>;
  /** Where the delivery is mailed; "" when none. */
  email: string;
  postalAddress: Record<Locale, string>;
}

/** A target's stored row in one language, with how to reach it (only organizers see those). */
export interface StoredTarget extends Target {
  office: string | null;
  email: string | null;
  postalAddress: string | null;
}

/**
 * Targets are stored per language, position by position. A language with no targets shows the
 * English ones; a title left empty shows the English title of the same target.
 */
export function targetsWithFallback(own: Target[], english: Target[]): Target[] {
  if (own.length === 0) return english;
  return own.map((target, i) => ({ name: target.name, title: target.title || english[i]?.title || "" }));
}

/** The editor's targets from the stored rows of both languages, matched by position. */
export function targetDrafts(byLocale: Record<Locale, StoredTarget[]>): TargetDraft[] {
  const count = Math.max(byLocale.en.length, byLocale.es.length);
  return Array.from({ length: count }, (_, i) => {
    const en = byLocale.en[i];
    const es = byLocale.es[i];
    return {
      name: en?.name || es?.name || "",
      title: { en: en?.title ?? "", es: es?.title ?? "" },
      office: { en: en?.office ?? "", es: es?.office ?? "" },
      email: en?.email || es?.email || "",
      postalAddress: { en: en?.postalAddress ?? "", es: es?.postalAddress ?? "" },
    };
  });
}

export interface OrganizationRef {
  name: string;
  shortName: string | null;
}

/** The sponsor's uploaded logo as a page shows it: from our own origin, at a size that fits its box. */
export interface LogoRef {
  src: string;
  width: number;
  height: number;
}

/**
 * An uploaded logo as a page shows it, within `box` (CSS pixels) and never enlarged; null when
 * its bytes are not an image we can size. The date in the address lets browsers keep a logo for
 * its max-age and still see a new one at once.
 */
export function logoRef(
  logo: { slug: string; bytes: Buffer; updatedAt: string },
  box: ImageSize,
): LogoRef | null {
  const size = imageSize(logo.bytes);
  if (!size) return null;
  const src = `/logos/${logo.slug}?v=${encodeURIComponent(logo.updatedAt)}`;
  return { src, ...fitInside(size, box) };
}

/** Everything a public action page shows, in one language. */
export interface ActionPage {
  id: number;
  slug: string;
  type: ActionType;
  status: ActionStatus;
  /** An archived action is shown as closed, whatever its status. */
  archived: boolean;
  actionDate: string;
  goal: number;
  externalUrl: string | null;
  signatureCount: number;
  /** Changes whenever the action's content changes; keys rendered-page caches. */
  version: string;
  locale: Locale;
  text: ActionText;
  sponsor: OrganizationRef;
  sponsorLogo: LogoRef | null;
  targets: Target[];
  /** Approved co-sponsors (with an account or signed on without), alphabetical in the page's language. */
  cosponsors: PublicCosponsor[];
  /** The approved co-sponsors with an account: those whose referral code attributes a signature. */
  partners: PartnerRef[];
  /** The first page of the approved comments (other pages are rendered on demand). */
  discussion: Discussion;
  /** Whether the sponsor shows the public where signers are: the page then links to the map. */
  showsGeography: boolean;
  /** When signing closes by itself, shown in the sponsor's time zone; null: no end. */
  ends: { at: string; timeZone: string } | null;
  /** What a closed page says came of the action (null: never chosen, shown as "closed"). */
  outcome: Outcome | null;
  /** The sponsor's short note on the outcome, in the page's language (else English); may be empty. */
  outcomeNote: string;
  /** The sponsor's newest updates and how many there are (the rest on the updates page). */
  updates: PageUpdates;
  /** Letters mailed to targets: "Delivered to … on …" (the latest per target). */
  deliveries: PublicDelivery[];
}

/** A delivery as the public page states it. */
export interface PublicDelivery {
  targetName: string;
  /** When the mail was sent (ISO). */
  sentAt: string;
}

/** A co-sponsor as a partner link names it: its referral code is its slug, which never changes. */
export interface PartnerRef {
  organizationId: number;
  slug: string;
  name: string;
}

/** The partner a referral code names on this action, or null for any other code. */
export function findPartner(action: Pick<ActionPage, "partners">, code: unknown): PartnerRef | null {
  if (typeof code !== "string" || code === "" || code.length > 80) return null;
  const wanted = code.toLowerCase();
  return action.partners.find((partner) => partner.slug === wanted) ?? null;
}

/** A line in the list of actions on the home page. */
export interface ActionSummary {
  slug: string;
  type: ActionType;
  status: ActionStatus;
  actionDate: string;
  signatureCount: number;
  title: string;
  summary: string;
  sponsorName: string;
}

export function acceptsSignatures(action: Lifecycle & { type: ActionType }): boolean {
  return action.status === "published" && !action.archived && action.type !== "external";
}

/**
 * Signatures are counted only where they are collected: an external action is taken on another
 * site, so it shows no counter and needs no goal (stored as 0).
 */
export function countsSignatures(action: { type: ActionType }): boolean {
  return action.type !== "external";
}

export function sortByName<T extends { name: string }>(items: T[], locale: Locale): T[] {
  const collator = new Intl.Collator(locale, { sensitivity: "base" });
  return [...items].sort((a, b) => collator.compare(a.name, b.name));
}

/** An action as its organization's list shows it. */
export interface OrganizationActionItem {
  id: number;
  slug: string;
  type: ActionType;
  status: ActionStatus;
  actionDate: string;
  signatureCount: number;
  goal: number;
  archived: boolean;
  title: string;
}

/** An organization's action as its admin pages head it. */
export interface ActionHeading {
  id: number;
  slug: string;
  type: ActionType;
  status: ActionStatus;
  /** In the language asked for, else in English. */
  title: string;
  englishTitle: string;
}

/** An action search engines are told about: its page in each language, and when it last changed. */
export interface IndexableAction {
  slug: string;
  updatedAt: string;
}
