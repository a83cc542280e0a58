/**
 * Widgets: the signing form of an action framed on a partner's site. Each organization behind an
 * action (its sponsor, and every approved co-sponsor) has its own widget, and lists the sites that
 * may frame it; the public widget page turns that list into its `frame-ancestors`.
 */
import { type Db, nowIso } from "../../db/database.ts";
import type { Locale } from "../../i18n/locale.ts";
import { ActionNotFoundError } from "../actions/actions.errors.ts";
import type { ActionsService } from "../actions/actions.service.ts";
import { recordChange } from "../audit/audit.service.ts";
import type { CosponsorsService } from "../cosponsors/cosponsors.service.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import * as repo from "./widgets.repository.ts";
import {
  type OriginsOutcome,
  parseOrigins,
  readStoredOrigins,
  storedOrigins,
  type WidgetOverview,
} from "./widgets.ts";

export interface WidgetsDeps {
  db: Db;
  actions: Pick<ActionsService, "actionById" | "heading" | "publicAction">;
  cosponsors: Pick<CosponsorsService, "findCosponsored">;
}

export class WidgetsService {
  constructor(private readonly deps: WidgetsDeps) {}

  /**
   * The origins that may frame a public action's widget: the partner's own widget when a partner
   * (an approved co-sponsor, already checked by the caller) brought the visitor, else the sponsor's.
   */
  async framingOrigins(actionSlug: string, partnerOrganizationId: number | null): Promise<string[]> {
    const action = await this.deps.actions.publicAction(actionSlug);
    const organizationId = partnerOrganizationId ?? action.sponsorOrganizationId;
    return readStoredOrigins(
      (await repo.findWidget(this.deps.db, action.id, organizationId))?.allowedOrigins,
    );
  }

  /** The organization's widget of an action: its own as sponsor, or as an approved co-sponsor. */
  async overview(access: OrganizationAccess, actionId: number, locale: Locale): Promise<WidgetOverview> {
    const { action, owner } = await this.widgetOf(access, actionId, locale);
    const row = await repo.findWidget(this.deps.db, action.id, access.organization.id);
    return {
      action: { id: action.id, slug: action.slug, title: action.title, status: action.status },
      owner,
      referralCode: owner === "partner" ? access.organization.slug : null,
      origins: readStoredOrigins(row?.allowedOrigins),
      updatedAt: row?.updatedAt ?? null,
    };
  }

  /** Replaces the sites that may frame the organization's widget of the action, with an audit entry. */
  async setOrigins(
    access: OrganizationAccess,
    actionId: number,
    text: string,
    locale: Locale,
  ): Promise<OriginsOutcome> {
    access.require("actions.edit");
    const { action } = await this.widgetOf(access, actionId, locale);
    const parsed = parseOrigins(text);
    if (!parsed.ok) return parsed;
    const { origins } = parsed;
    await this.deps.db.transaction().execute(async (trx) => {
      const now = nowIso();
      await repo.saveWidget(trx, {
        actionId: action.id,
        organizationId: access.organization.id,
        allowedOrigins: storedOrigins(origins),
        now,
      });
      await recordChange(
        trx,
        access,
        {
          event: origins.length > 0 ? "widget.origins_changed" : "widget.origins_cleared",
          subject: `action:${action.id}:${action.slug}`,
          detail: { title: action.englishTitle, origins: origins.join(", "), count: origins.length },
        },
        now,
      );
    });
    return parsed;
  }

  /**
   * Which widget of the action the organization has: the sponsor's, or a partner's while its
   * co-sponsorship is approved. Any other action is not found, as for every other admin page.
   */
  private async widgetOf(access: OrganizationAccess, actionId: number, locale: Locale) {
    access.require("actions.view");
    const action = await this.deps.actions.actionById(actionId);
    if (action.sponsorOrganizationId === access.organization.id) {
      const heading = await this.deps.actions.heading(access, actionId, locale);
      return {
        action: { ...action, title: heading.title, englishTitle: heading.englishTitle },
        owner: "sponsor" as const,
      };
    }
    const cosponsored = await this.deps.cosponsors.findCosponsored(access, actionId, locale);
    if (cosponsored.status !== "approved") throw new ActionNotFoundError(String(actionId));
    return {
      action: { ...action, title: cosponsored.title, englishTitle: action.title },
      owner: "partner" as const,
    };
  }
}
