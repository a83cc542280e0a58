/**
 * Short links: organizers make them for their organization's actions; visitors follow them to
 * the action page and are counted without anything about them being stored.
 */
import type { Logger } from "pino";
import { type Db, nowIso } from "../../db/database.ts";
import type { GroupCommitter } from "../../db/group-commit.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { ActionsService } from "../actions/actions.service.ts";
import { recordChange } from "../audit/audit.service.ts";
import type { FieldErrorMap } from "../forms.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import { cleanSource } from "../signatures/signatures.ts";
import { ClickCounter } from "./click-counter.ts";
import { qrPng, qrSvg } from "./qr.ts";
import { ShortLinkNotFoundError } from "./shortlinks.errors.ts";
import type { ShortLinkItem } from "./shortlinks.repository.ts";
import * as repo from "./shortlinks.repository.ts";
import {
  cleanReferralCode,
  clickDay,
  couldBeShortLink,
  type DeviceClass,
  deviceClass,
  deviceClasses,
  foldSlug,
  isAutomated,
  referrerHost,
  reservedNames,
  type ShortLinkFormValues,
  type ShortLinkInput,
  validateShortLink,
} from "./shortlinks.ts";

export type { ShortLinkItem };

/** Days the click chart covers, ending today (UTC). */
export const chartDays = 30;
const shownHosts = 20;

export interface ClickStats {
  total: number;
  /** One entry per day of the last `chartDays`, oldest first, zero where nobody clicked. */
  perDay: { day: string; count: number }[];
  /** Most clicks first; `host` null for clicks that came without a referring site. */
  hosts: { host: string | null; count: number }[];
  /** Every device class, in the order of `deviceClasses`. */
  devices: { device: DeviceClass; count: number }[];
}

/** What a visit to a short link brings: its headers, as the route read them. */
export interface Visit {
  referer: string | undefined;
  userAgent: string | undefined;
  /** A `?source=` the visitor's link carried. */
  source: unknown;
  /** A `?ref=` the visitor's link carried (a partner's code on the sponsor's link). */
  ref: unknown;
  /** Only a GET is a click; a HEAD (link checkers) is answered but not counted. */
  countable: boolean;
}

/**
 * Whose links a use case reads or writes, with the action's English title for the audit log:
 * the sponsor's (`organizationId` null) or one partner's.
 */
export type LinkScope = repo.LinkOwner & { title: string };

function sponsorScope(action: { id: number; englishTitle: string }): LinkScope {
  return { actionId: action.id, organizationId: null, title: action.englishTitle };
}

export type CreateOutcome = { ok: true; slug: string } | { ok: false; errors: FieldErrorMap };

export class ShortLinksService {
  private readonly reserved = new Set(reservedNames);
  private readonly clicks: ClickCounter;
  /** Targets followed in the last second: a viral link's clicks cost no query at all. */
  private readonly targets = new Map<string, { target: repo.ShortLinkTarget | undefined; expires: number }>();

  constructor(
    private readonly deps: {
      db: Db;
      committer: GroupCommitter;
      log: Pick<Logger, "warn">;
      baseUrl: string;
      actions: Pick<ActionsService, "heading">;
      flushIntervalMs?: number;
    },
  ) {
    this.clicks = new ClickCounter(deps.committer, deps.log, deps.flushIntervalMs);
  }

  /** Keeps a top-level path segment the app serves from ever becoming a short link. */
  reserve(segment: string): void {
    this.reserved.add(segment.toLowerCase());
  }

  /** The full address of a short link, as printed and encoded in its QR code. */
  address(slug: string): string {
    return `${this.deps.baseUrl}/${slug}`;
  }

  /** The sponsor's links of the action with their click totals, and the click statistics of all its links. */
  async overview(access: OrganizationAccess, actionId: number, locale: Locale) {
    const action = await this.action(access, actionId, locale);
    const [links, stats] = await Promise.all([
      this.linksOf(sponsorScope(action)),
      this.stats(action.id, new Date()),
    ]);
    return { action, links, stats };
  }

  /** Clicks per day, per referring host and per device class, over all the action's short links. */
  async clickStats(access: OrganizationAccess, actionId: number, today = new Date()): Promise<ClickStats> {
    const action = await this.action(access, actionId, "en");
    return this.stats(action.id, today);
  }

  /** The sponsor makes a short link for its action. */
  async create(
    access: OrganizationAccess,
    actionId: number,
    values: ShortLinkFormValues,
  ): Promise<CreateOutcome> {
    access.require("actions.edit");
    const checked = validateShortLink(values, this.reserved);
    if (!checked.ok) return checked;
    const action = await this.action(access, actionId, "en");
    return this.insert(access, sponsorScope(action), checked.value);
  }

  /** One of the sponsor's short links of the action (for the confirmation before deleting it). */
  async find(access: OrganizationAccess, actionId: number, linkId: number, locale: Locale) {
    const action = await this.action(access, actionId, locale);
    return { action, link: await this.linkOf(sponsorScope(action), linkId) };
  }

  /** Deletes one of the sponsor's short links and its click counts; its address then answers "not found". */
  async remove(access: OrganizationAccess, actionId: number, linkId: number): Promise<{ slug: string }> {
    access.require("actions.edit");
    const action = await this.action(access, actionId, "en");
    return this.removeIn(access, sponsorScope(action), linkId);
  }

  /** A short link's QR code, encoding its full address, as SVG or as PNG for print. */
  async qrCode(access: OrganizationAccess, actionId: number, linkId: number, format: "svg" | "png") {
    const action = await this.action(access, actionId, "en");
    return this.qrCodeIn(sponsorScope(action), linkId, format);
  }

  /**
   * A partner's short links of an action it co-sponsors, with their click totals. These
   * `…Partner…` methods take a scope the caller built after checking that `access` belongs to an
   * approved co-sponsor of the action (PartnersService); every query is limited to that
   * partner's own links.
   */
  partnerLinks(scope: LinkScope): Promise<ShortLinkItem[]> {
    return this.linksOf(scope);
  }

  async createPartnerLink(
    access: OrganizationAccess,
    scope: LinkScope,
    values: ShortLinkFormValues,
  ): Promise<CreateOutcome> {
    access.require("actions.edit");
    const checked = validateShortLink(values, this.reserved);
    if (!checked.ok) return checked;
    return this.insert(access, this.ownScope(access, scope), checked.value);
  }

  findPartnerLink(scope: LinkScope, linkId: number) {
    return this.linkOf(scope, linkId);
  }

  async removePartnerLink(access: OrganizationAccess, scope: LinkScope, linkId: number) {
    access.require("actions.edit");
    return this.removeIn(access, this.ownScope(access, scope), linkId);
  }

  partnerQrCode(scope: LinkScope, linkId: number, format: "svg" | "png") {
    return this.qrCodeIn(scope, linkId, format);
  }

  /** The action's clicks per owner of the links (null: the sponsor's), for the partner leaderboard. */
  async clicksPerOwner(actionId: number): Promise<Map<number | null, number>> {
    const rows = await repo.clicksByOwner(this.deps.db, actionId);
    return new Map(rows.map((row) => [row.organizationId, row.count]));
  }

  /**
   * Where a short link leads (the action's slug and the attribution to carry), counting the click
   * unless a program made it; undefined for an unknown link or a draft action. An incoming
   * `?source=` wins over the link's own label: it is the more specific of the two (a partner
   * sharing the printed link with its own code). A partner's link carries that partner's code
   * as `ref`, whatever the visit says, so its clicks and its signatures are credited alike; the
   * sponsor's links pass an incoming `?ref=` on (the action page decides whether it counts).
   */
  async follow(
    rawSlug: string,
    visit: Visit,
  ): Promise<{ actionSlug: string; source: string | null; ref: string | null } | undefined> {
    const slug = foldSlug(rawSlug);
    if (!couldBeShortLink(slug)) return undefined;
    const target = await this.target(slug);
    if (!target || target.actionStatus === "draft") return undefined;
    if (visit.countable && !isAutomated(visit.userAgent)) {
      const now = new Date();
      this.clicks.count(
        target.linkId,
        clickDay(now),
        referrerHost(visit.referer),
        deviceClass(visit.userAgent),
      );
    }
    return {
      actionSlug: target.actionSlug,
      source: cleanSource(visit.source) ?? target.source,
      ref: target.partnerSlug ?? cleanReferralCode(visit.ref),
    };
  }

  /** Writes the clicks counted so far (tests, and shutdown). */
  flushClicks(): Promise<void> {
    return this.clicks.flush();
  }

  /** Gives the demo action its short link; no audit entry, as no one made it. */
  async addDemoLink(actionSlug: string, slug: string): Promise<void> {
    const actionId = await repo.findActionIdBySlug(this.deps.db, actionSlug);
    if (actionId === undefined) return;
    await repo.insertShortLink(this.deps.db, {
      slug,
      actionId,
      organizationId: null,
      source: null,
      now: nowIso(),
    });
  }

  async close(): Promise<void> {
    await this.clicks.close();
  }

  private async target(slug: string): Promise<repo.ShortLinkTarget | undefined> {
    const now = Date.now();
    const cached = this.targets.get(slug);
    if (cached && cached.expires > now) return cached.target;
    const target = await repo.findTarget(this.deps.db, slug);
    if (this.targets.size >= 10_000) this.targets.clear();
    this.targets.set(slug, { target, expires: now + 1000 });
    return target;
  }

  private async action(access: OrganizationAccess, actionId: number, locale: Locale) {
    return this.deps.actions.heading(access, actionId, locale);
  }

  /** A partner only ever writes its own links. */
  private ownScope(access: OrganizationAccess, scope: LinkScope): LinkScope {
    if (scope.organizationId !== access.organization.id)
      throw new ShortLinkNotFoundError(`${scope.actionId}:${scope.organizationId}`);
    return scope;
  }

  private linksOf(scope: LinkScope): Promise<ShortLinkItem[]> {
    return repo.listShortLinks(this.deps.db, scope);
  }

  private async linkOf(scope: LinkScope, linkId: number) {
    const link = await repo.findShortLink(this.deps.db, scope, linkId);
    if (!link) throw new ShortLinkNotFoundError(String(linkId));
    return link;
  }

  /** Inserts a checked link and its audit entry; a slug taken meanwhile is the form's error. */
  private async insert(
    access: OrganizationAccess,
    scope: LinkScope,
    { slug, source }: ShortLinkInput,
  ): Promise<CreateOutcome> {
    return this.deps.db.transaction().execute(async (trx) => {
      const now = nowIso();
      const id = await repo.insertShortLink(trx, { ...scope, slug, source, now });
      if (id === undefined) return { ok: false, errors: { slug: { key: "shortlinks.slug.taken" } } };
      await recordChange(
        trx,
        access,
        {
          event: "shortlink.created",
          subject: `shortlink:${id}:${slug}`,
          detail: { slug, title: scope.title },
        },
        now,
      );
      this.targets.delete(slug);
      return { ok: true, slug };
    });
  }

  private async removeIn(access: OrganizationAccess, scope: LinkScope, linkId: number) {
    const slug = await this.deps.db.transaction().execute(async (trx) => {
      const link = await repo.findShortLink(trx, scope, linkId);
      if (!link) throw new ShortLinkNotFoundError(String(linkId));
      await repo.deleteShortLink(trx, link.id);
      await recordChange(trx, access, {
        event: "shortlink.deleted",
        subject: `shortlink:${link.id}:${link.slug}`,
        detail: { slug: link.slug, title: scope.title },
      });
      return link.slug;
    });
    this.targets.delete(slug);
    return { slug };
  }

  private async qrCodeIn(scope: LinkScope, linkId: number, format: "svg" | "png") {
    const link = await this.linkOf(scope, linkId);
    const address = this.address(link.slug);
    const filename = `${link.slug}-qr.${format}`;
    return format === "svg"
      ? { filename, contentType: "image/svg+xml", body: qrSvg(address) }
      : { filename, contentType: "image/png", body: qrPng(address) };
  }

  private async stats(actionId: number, today: Date): Promise<ClickStats> {
    const days = Array.from({ length: chartDays }, (_, i) =>
      clickDay(new Date(today.getTime() - (chartDays - 1 - i) * 86_400_000)),
    );
    const { db } = this.deps;
    const [perDay, hosts, devices] = await Promise.all([
      repo.clicksPerDay(db, actionId, days[0]!),
      repo.clicksByHost(db, actionId, shownHosts),
      repo.clicksByDevice(db, actionId),
    ]);
    const byDay = new Map(perDay.map((d) => [d.day, d.count]));
    const byDevice = new Map(devices.map((d) => [d.device, d.count]));
    return {
      total: devices.reduce((sum, d) => sum + d.count, 0),
      perDay: days.map((day) => ({ day, count: byDay.get(day) ?? 0 })),
      hosts: hosts.map((h) => ({ host: h.host === "" ? null : h.host, count: h.count })),
      devices: deviceClasses.map((device) => ({ device, count: byDevice.get(device) ?? 0 })),
    };
  }
}
