/** Public use cases for actions: read a page, list actions, count a click on an external action. */
import type { Db, Executor } from "../../db/database.ts";
import { type KeysetWindow, readWindow } from "../../db/keyset.ts";
import type { Locale } from "../../i18n/locale.ts";
import { type Clock, systemClock } from "../clock.ts";
import { loadDiscussion } from "../comments/comments.service.ts";
import { discussionAt } from "../comments/comments.ts";
import { listPartners, listPublicCosponsors } from "../cosponsors/cosponsors.service.ts";
import type { PublicCosponsor } from "../cosponsors/cosponsors.ts";
import { listPublicDeliveries } from "../delivery/delivery.service.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import { loadPageUpdates } from "../updates/updates.service.ts";
import type { ActionRow, ActionRowCache } from "./action-rows.ts";
import { ActionNotFoundError } from "./actions.errors.ts";
import * as repo from "./actions.repository.ts";
import {
  type ActionHeading,
  type ActionPage,
  type ActionStatus,
  type ActionSummary,
  type IndexableAction,
  logoRef,
  type StoredTarget,
  targetsWithFallback,
  withEnglishFallback,
} from "./actions.ts";
import { effectiveStatus, outcomeNote } from "./lifecycle.ts";

/** What a page shows that changes only with the action's content version. */
export type ActionContent = Omit<ActionPage, "signatureCount" | "status" | "archived">;

/**
 * Loads what the page of `action` shows in `locale`, translations left empty filled from the
 * English: the public page and the organizer's preview both come from here.
 */
export async function loadActionContent(
  db: Executor,
  action: repo.ActionRecord,
  locale: Locale,
  version: string,
): Promise<ActionContent> {
  const [
    text,
    english,
    targets,
    englishTargets,
    sponsor,
    logo,
    cosponsors,
    partners,
    deliveries,
    discussion,
    updates,
    timeZone,
  ] = await Promise.all([
    locale === "en" ? undefined : repo.findActionText(db, action.id, locale),
    repo.findActionText(db, action.id, "en"),
    locale === "en" ? [] : repo.listTargets(db, action.id, locale),
    repo.listTargets(db, action.id, "en"),
    repo.findOrganization(db, action.sponsor_organization_id),
    repo.findSponsorLogo(db, action.sponsor_organization_id),
    listPublicCosponsors(db, action.id, locale),
    listPartners(db, action.id),
    listPublicDeliveries(db, action.id),
    loadDiscussion(
      db,
      {
        id: action.id,
        sponsorOrganizationId: action.sponsor_organization_id,
        publishedAt: action.published_at,
      },
      1,
    ),
    loadPageUpdates(db, action.id, locale),
    action.ends_at === null ? "UTC" : repo.findTimeZone(db, action.sponsor_organization_id),
  ]);
  if (!english || !sponsor) throw new ActionNotFoundError(action.slug);
  return {
    id: action.id,
    slug: action.slug,
    type: action.type,
    actionDate: action.action_date,
    goal: action.goal,
    externalUrl: action.external_url,
    version,
    locale,
    text: locale === "en" ? english : withEnglishFallback(text, english),
    sponsor,
    sponsorLogo: logo ? logoRef(logo, logoBox) : null,
    targets: locale === "en" ? englishTargets : targetsWithFallback(targets, englishTargets),
    cosponsors,
    partners,
    discussion,
    showsGeography: action.show_geography === 1,
    updates,
    deliveries,
    ends: action.ends_at === null ? null : { at: action.ends_at, timeZone },
    outcome: action.outcome,
    outcomeNote: outcomeNote({ en: action.outcome_note_en, es: action.outcome_note_es }, locale),
  };
}

/** The sponsor's logo is shown within this box (CSS pixels), never enlarged. */
const logoBox = { width: 160, height: 64 };

/** An action as other capabilities refer to it (co-sponsorship, sign-on). */
export interface ActionRef {
  id: number;
  slug: string;
  status: ActionStatus;
  archived: boolean;
  sponsorOrganizationId: number;
  /** The English title: what audit entries quote. */
  title: string;
  /** The first publication; null for a draft. */
  publishedAt: string | null;
}

export class ActionsService {
  /**
   * Content that only changes with `updated_at` is cached per action and language; the row with
   * the count and status comes from the one-second row cache.
   */
  private readonly content = new Map<string, ActionContent>();
  /** The last page handed out per action and language, reused while count and status stay the same. */
  private readonly pages = new Map<string, ActionPage>();

  constructor(
    private readonly db: Db,
    private readonly rows: ActionRowCache,
    /** A discussion closes by date while its content stays cached: the page asks the clock. */
    private readonly clock: Clock = systemClock,
  ) {}

  /** Whether the action is one of the organization's petitions or letters (the API's scope check). */
  async sponsorsSigningAction(organizationId: number, actionId: number): Promise<boolean> {
    return repo.sponsorsSigningAction(this.db, organizationId, actionId);
  }

  /**
   * A window of the organization's petitions and letters for the API (drafts included: they are
   * its own), in id order: after `afterId` when the caller holds a cursor, else after the `skip`
   * matches before it (found on the index alone). With the total of matches and the co-sponsors.
   */
  async sponsoredSigningActions(
    organizationId: number,
    conditions: repo.ActionRowCondition[],
    window: KeysetWindow,
  ): Promise<{
    total: number;
    rows: (repo.ApiActionRow & { targets: string[]; cosponsors: PublicCosponsor[] })[];
  }> {
    const { total, rows } = await readWindow(window, {
      count: () => repo.countSponsoredSigningActions(this.db, organizationId, conditions),
      boundary: (skip) => repo.sponsoredSigningActionBoundary(this.db, organizationId, conditions, skip),
      seek: (afterId, limit) =>
        repo.seekSponsoredSigningActions(this.db, organizationId, conditions, afterId, limit),
    });
    const ids = rows.map((row) => row.id);
    const [targets, cosponsors] = await Promise.all([
      repo.listTargetNames(this.db, ids),
      Promise.all(ids.map((id) => listPublicCosponsors(this.db, id, "en"))),
    ]);
    return {
      total,
      rows: rows.map((row, i) => ({
        ...row,
        targets: targets.get(row.id) ?? [],
        cosponsors: cosponsors[i] ?? [],
      })),
    };
  }

  /** The public page of a published or closed action. Drafts do not exist for the public. */
  async getPublicPage(slug: string, locale: Locale): Promise<ActionPage> {
    const action = await this.rows.bySlug(slug);
    if (!action || action.status === "draft") throw new ActionNotFoundError(slug);
    const key = `${action.id}:${locale}`;
    let content = this.content.get(key);
    if (!content || content.version !== action.contentVersion) {
      content = await loadActionContent(this.db, action, locale, action.contentVersion);
      this.content.set(key, content);
    }
    return this.compose(key, content, action);
  }

  /**
   * The page straight from memory when everything it needs is cached and fresh, else undefined
   * (then use getPublicPage). Lets the hot route answer without a promise.
   */
  peekPublicPage(slug: string, locale: Locale): ActionPage | undefined {
    const action = this.rows.peek(slug)?.row;
    if (!action || action.status === "draft") return undefined;
    const key = `${action.id}:${locale}`;
    const content = this.content.get(key);
    if (!content || content.version !== action.contentVersion) return undefined;
    return this.compose(key, content, action);
  }

  private compose(key: string, content: ActionContent, action: ActionRow): ActionPage {
    // Past its closing date the discussion is closed, and the page is another version: every
    // page cache keyed by version renders it anew, without a write when the day comes.
    const discussion = discussionAt(content.discussion, this.clock);
    const version =
      discussion === content.discussion ? content.version : `${content.version}:comments-closed`;
    // Past its end a published action is closed for the public at once; the periodic task writes
    // it within the minute (actions.jobs.ts).
    const status = effectiveStatus({ status: action.status, endsAt: action.ends_at }, this.clock.now());
    const last = this.pages.get(key);
    if (
      last?.version === version &&
      last.status === status &&
      last.archived === action.archived &&
      last.signatureCount === action.signature_count
    ) {
      return last;
    }
    const page = {
      ...content,
      version,
      discussion,
      status,
      archived: action.archived,
      signatureCount: action.signature_count,
    };
    this.pages.set(key, page);
    return page;
  }

  /**
   * An organization's action as its admin pages head it (title in `locale`, else English); other
   * organizations' actions are not found. For the capabilities that hang pages under an action.
   */
  async heading(access: OrganizationAccess, actionId: number, locale: Locale): Promise<ActionHeading> {
    access.require("actions.view");
    const heading = await repo.findActionHeading(this.db, access.organization.id, actionId, locale);
    if (!heading) throw new ActionNotFoundError(String(actionId));
    return heading;
  }

  /** A published or closed action by its slug; drafts do not exist outside their organization. */
  async publicAction(slug: string): Promise<ActionRef> {
    const action = await this.rows.bySlug(slug);
    if (!action || action.status === "draft") throw new ActionNotFoundError(slug);
    return this.ref(this.db, action);
  }

  /** Any action by id, for a capability that stored the id itself. */
  async actionById(actionId: number, db: Executor = this.db): Promise<ActionRef> {
    const action = await repo.findActionById(db, actionId);
    if (!action) throw new ActionNotFoundError(String(actionId));
    return this.ref(db, action);
  }

  /**
   * Records, inside the caller's transaction, that who the action's page lists as co-sponsors
   * changed: its content version moves on, so every node renders the page afresh.
   * Call `cosponsorsCommitted` after the commit so that this node does at once.
   */
  async cosponsorsChanged(trx: Executor, actionId: number): Promise<void> {
    await repo.bumpCosponsorsVersion(trx, actionId);
  }

  /**
   * This node forgets the action's cached row after another capability committed a change to one
   * of the action's settings (the change moved `updated_at`, so other nodes follow within a second).
   */
  actionSettingsCommitted(actionId: number): void {
    this.rows.forget(actionId);
  }

  /**
   * The action's targets in `locale` with how to reach them (office, email, postal address), for
   * the delivery, which has checked the organizer's access (or runs its own queued job).
   */
  async storedTargets(actionId: number, locale: Locale): Promise<StoredTarget[]> {
    return repo.listStoredTargets(this.db, actionId, locale);
  }

  /**
   * Records, inside the caller's transaction, that what the page says about deliveries changed:
   * `updated_at` moves, so every node renders the page afresh. Call `actionSettingsCommitted` after.
   */
  async deliveriesChanged(trx: Executor, actionId: number, now: string): Promise<void> {
    await repo.touchAction(trx, actionId, now);
  }

  /** This node forgets the action's cached row after a committed co-sponsor change. */
  cosponsorsCommitted(actionId: number): void {
    this.rows.forget(actionId);
  }

  /**
   * Records, inside the caller's transaction, that the action's public discussion changed (a
   * comment approved, edited or removed; the discussion closed or opened). Call
   * `commentsCommitted` after the commit.
   */
  async commentsChanged(trx: Executor, actionId: number): Promise<void> {
    await repo.bumpCommentsVersion(trx, actionId);
  }

  /**
   * Records, inside the caller's transaction, that the action's updates changed (one posted,
   * edited or deleted): its content version moves on. Call `updatesCommitted` after the commit.
   */
  async updatesChanged(trx: Executor, actionId: number): Promise<void> {
    await repo.bumpUpdatesVersion(trx, actionId);
  }

  /** This node forgets the action's cached row after a committed change of its updates. */
  updatesCommitted(actionId: number): void {
    this.rows.forget(actionId);
  }

  /** This node forgets the action's cached row after a committed change of its discussion. */
  commentsCommitted(actionId: number): void {
    this.rows.forget(actionId);
  }

  private async ref(db: Executor, action: repo.ActionRecord): Promise<ActionRef> {
    const text = await repo.findActionText(db, action.id, "en");
    return {
      id: action.id,
      slug: action.slug,
      status: action.status,
      archived: action.archived,
      sponsorOrganizationId: action.sponsor_organization_id,
      title: text?.title ?? action.slug,
      publishedAt: action.published_at,
    };
  }

  async listPublic(locale: Locale, limit = 50): Promise<ActionSummary[]> {
    return repo.listPublicActions(this.db, locale, limit);
  }

  /**
   * The actions a sitemap lists. Closed ones are in: their pages stay public (the letter, who
   * signed on, the result) and are what people linked to. Drafts do not exist for the public;
   * archived actions are ones their organizers took out of the lists. A sitemap file holds at most
   * 50,000 addresses, two per action (one a language).
   */
  indexable(): Promise<IndexableAction[]> {
    return repo.listIndexableActions(this.db, 25_000);
  }

  /** Counts a visit to an external action and returns where to send the visitor. */
  async followExternalLink(slug: string): Promise<string> {
    const action = await repo.findActionBySlug(this.db, slug);
    if (!action || action.status === "draft" || action.type !== "external" || !action.external_url) {
      throw new ActionNotFoundError(slug);
    }
    await repo.countExternalClick(this.db, action.id);
    return action.external_url;
  }
}
