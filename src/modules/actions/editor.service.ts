/** The organizers' action editor: every read and write is scoped to the actor's organization. */
import { type Db, nowIso } from "../../db/database.ts";
import type { Locale } from "../../i18n/locale.ts";
import { SlugTakenError } from "../organizations/organizations.errors.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import type { ActionDraft } from "./action-form.ts";
import type { ActionRowCache } from "./action-rows.ts";
import { ActionNotFoundError } from "./actions.errors.ts";
import * as repo from "./actions.repository.ts";
import { type ActionPage, type ActionStatus, sortByName } from "./actions.ts";

export class ActionEditorService {
  constructor(
    private readonly db: Db,
    private readonly actionRows: ActionRowCache,
  ) {}

  async list(access: OrganizationAccess): Promise<repo.OrganizationActionItem[]> {
    access.require("actions.view");
    return repo.listOrganizationActions(this.db, access.organization.id);
  }

  /** The action as stored, scoped to the organization; otherwise "not found". */
  async find(access: OrganizationAccess, actionId: number) {
    access.require("actions.view");
    const action = await repo.findOrganizationAction(this.db, access.organization.id, actionId);
    if (!action) throw new ActionNotFoundError(String(actionId));
    return action;
  }

  async draft(access: OrganizationAccess, actionId: number): Promise<ActionDraft> {
    const action = await this.find(access, actionId);
    const texts = {} as ActionDraft["texts"];
    const targets = {} as ActionDraft["targets"];
    for (const locale of ["en", "es"] as const) {
      texts[locale] = (await repo.findActionText(this.db, action.id, locale)) ?? {
        title: "",
        summary: "",
        description: "",
        letterText: "",
      };
      targets[locale] = await repo.listTargets(this.db, action.id, locale);
    }
    return {
      type: action.type,
      slug: action.slug,
      actionDate: action.action_date,
      goal: action.goal,
      externalUrl: action.external_url,
      texts,
      targets,
    };
  }

  async create(access: OrganizationAccess, draft: ActionDraft): Promise<number> {
    access.require("actions.edit");
    return this.db.transaction().execute(async (trx) => {
      if (await repo.findActionBySlug(trx, draft.slug)) throw new SlugTakenError(draft.slug);
      const now = nowIso();
      const id = await repo.insertAction(trx, {
        slug: draft.slug,
        sponsorOrganizationId: access.organization.id,
        type: draft.type,
        status: "draft",
        actionDate: draft.actionDate,
        goal: draft.goal,
        externalUrl: draft.externalUrl,
        now,
      });
      await this.writeTexts(trx, id, draft);
      return id;
    });
  }

  async update(access: OrganizationAccess, actionId: number, draft: ActionDraft): Promise<void> {
    access.require("actions.edit");
    await this.find(access, actionId);
    await this.db.transaction().execute(async (trx) => {
      const holder = await repo.findActionBySlug(trx, draft.slug);
      if (holder && holder.id !== actionId) throw new SlugTakenError(draft.slug);
      await repo.updateActionFields(trx, actionId, { ...draft, now: nowIso() });
      await this.writeTexts(trx, actionId, draft);
    });
    // The slug may have moved: forget every cached row, not only this action's.
    this.actionRows.clear();
  }

  async setStatus(
    access: OrganizationAccess,
    actionId: number,
    status: Exclude<ActionStatus, "draft">,
  ): Promise<void> {
    access.require("actions.edit");
    await this.find(access, actionId);
    await repo.setStatus(this.db, actionId, status, nowIso());
    this.actionRows.forget(actionId);
  }

  /** Archiving closes the action and moves it to the bottom of the organizer's list. */
  async archive(access: OrganizationAccess, actionId: number): Promise<void> {
    access.require("actions.edit");
    await this.find(access, actionId);
    await repo.setArchived(this.db, actionId, nowIso());
    this.actionRows.forget(actionId);
  }

  /** The page exactly as the public will see it; a draft as it will look once published. */
  async preview(access: OrganizationAccess, actionId: number, locale: Locale): Promise<ActionPage> {
    const action = await this.find(access, actionId);
    const text =
      (await repo.findActionText(this.db, action.id, locale)) ??
      (await repo.findActionText(this.db, action.id, "en"));
    if (!text) throw new ActionNotFoundError(String(actionId));
    return {
      id: action.id,
      slug: action.slug,
      type: action.type,
      status: action.status === "draft" ? "published" : action.status,
      actionDate: action.action_date,
      goal: action.goal,
      externalUrl: action.external_url,
      signatureCount: action.signature_count,
      version: action.updated_at,
      locale,
      text,
      sponsor: { name: access.organization.name, shortName: access.organization.shortName },
      targets: await repo.listTargets(this.db, action.id, locale),
      cosponsors: sortByName(await repo.listCosponsors(this.db, action.id), locale),
    };
  }

  private async writeTexts(
    trx: Parameters<typeof repo.upsertActionText>[0],
    actionId: number,
    draft: ActionDraft,
  ) {
    for (const locale of ["en", "es"] as const) {
      await repo.upsertActionText(trx, actionId, locale, draft.texts[locale]);
      await repo.replaceTargets(trx, actionId, locale, draft.targets[locale]);
    }
  }
}
