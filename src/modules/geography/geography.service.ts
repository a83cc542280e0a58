/**
 * Where an action's signers are, for its organizers always and for the public when the sponsor
 * chooses. One grouped query per action at most every `cacheMs`; the mapping and sums run in memory.
 */
import { type Db, nowIso } from "../../db/database.ts";
import type { Locale } from "../../i18n/locale.ts";
import { ActionNotFoundError } from "../actions/actions.errors.ts";
import type { ActionsService } from "../actions/actions.service.ts";
import type { ActionHeading } from "../actions/actions.ts";
import { recordChange } from "../audit/audit.service.ts";
import { type Clock, systemClock } from "../clock.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import { CountyShapes, mapHeight, mapWidth } from "./county-shapes.ts";
import * as repo from "./geography.repository.ts";
import {
  type Audience,
  figuresFrom,
  type GeographyFigures,
  type MapDrawing,
  type SignersGeography,
  ZipCounties,
} from "./geography.ts";

export interface GeographyDeps {
  db: Db;
  actions: Pick<ActionsService, "heading" | "getPublicPage" | "actionSettingsCommitted">;
  clock?: Clock;
  /** How long an action's figures and map are reused (a minute: the map is no live counter). */
  cacheMs?: number;
  table?: ZipCounties;
}

/** What the organizers' page shows. */
export interface AdminGeography {
  action: ActionHeading;
  geography: SignersGeography;
  shownToPublic: boolean;
  canChange: boolean;
}

export class GeographyService {
  private readonly cache = new Map<string, { geography: SignersGeography; expires: number }>();
  private readonly clock: Clock;
  private readonly cacheMs: number;

  constructor(private readonly deps: GeographyDeps) {
    this.clock = deps.clock ?? systemClock;
    this.cacheMs = deps.cacheMs ?? 60_000;
  }

  /** The action's figures, its heading, and whether the public sees them, for its organizers. */
  async adminPage(access: OrganizationAccess, actionId: number, locale: Locale): Promise<AdminGeography> {
    access.require("signatures.view");
    const action = await this.deps.actions.heading(access, actionId, locale);
    const [geography, shownToPublic] = await Promise.all([
      this.geography(actionId, "organizers"),
      repo.showsGeography(this.deps.db, actionId),
    ]);
    return { action, geography, shownToPublic, canChange: access.can("actions.edit") };
  }

  /** Opens the figures to the public or closes them, with an audit entry. Returns whether it changed. */
  async setShownToPublic(access: OrganizationAccess, actionId: number, show: boolean): Promise<boolean> {
    access.require("actions.edit");
    const action = await this.deps.actions.heading(access, actionId, "en");
    const changed = await this.deps.db.transaction().execute(async (trx) => {
      if ((await repo.showsGeography(trx, actionId)) === show) return false;
      const now = nowIso();
      await repo.setShowGeography(trx, actionId, show, now);
      await recordChange(
        trx,
        access,
        {
          event: show ? "action.geography_shown" : "action.geography_hidden",
          subject: `action:${action.id}:${action.slug}`,
          detail: { title: action.englishTitle },
        },
        now,
      );
      return true;
    });
    if (changed) this.deps.actions.actionSettingsCommitted(actionId);
    return changed;
  }

  /**
   * The public page's figures of a published or closed action, with its title in `locale`; not
   * found unless its sponsor shows them.
   */
  async publicGeography(
    slug: string,
    locale: Locale,
  ): Promise<{ title: string; geography: SignersGeography }> {
    const page = await this.deps.actions.getPublicPage(slug, locale);
    if (!page.showsGeography) throw new ActionNotFoundError(slug);
    return { title: page.text.title, geography: await this.geography(page.id, "public") };
  }

  private async geography(actionId: number, audience: Audience): Promise<SignersGeography> {
    const now = this.clock.now().getTime();
    const key = `${actionId}:${audience}`;
    const cached = this.cache.get(key);
    if (cached && cached.expires > now) return cached.geography;
    const rows = await repo.confirmedCountsByPostalCode(this.deps.db, actionId);
    const figures = figuresFrom(rows, this.deps.table ?? ZipCounties.shippedTable(), audience);
    const geography = { figures, map: drawing(figures) };
    if (this.cache.size >= 1000) this.cache.clear();
    this.cache.set(key, { geography, expires: now + this.cacheMs });
    return geography;
  }
}

/** The counties with signers on the shapes, lightest first so darker borders draw on top. */
function drawing(figures: GeographyFigures): MapDrawing {
  const shapes = CountyShapes.load();
  const counties: MapDrawing["counties"] = [];
  const unmapped: string[] = [];
  const countyCount = figures.states.reduce((sum, state) => sum + state.counties.length, 0);
  for (const state of figures.states) {
    for (const county of state.counties) {
      const label = `${county.countyName}, ${county.stateName}`;
      const path = shapes.countyPath(county.countyFips, countyCount);
      if (path) counties.push({ path, shade: county.shade, label, count: county.count });
      else unmapped.push(label);
    }
  }
  counties.sort((a, b) => a.shade - b.shade);
  return { width: mapWidth, height: mapHeight, counties, statesPath: shapes.statesPath, unmapped };
}
