/** The organizers' action editor: every read and write is scoped to the actor's organization. */
import { type Db, type Executor, nowIso } from "../../db/database.ts";
import type { Locale } from "../../i18n/locale.ts";
import { type ChangeAuthor, recordChange } from "../audit/audit.service.ts";
import { type Clock, systemClock } from "../clock.ts";
import type { FieldErrorMap } from "../forms.ts";
import { SlugTakenError } from "../organizations/organizations.errors.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import type { ClickStats, ShortLinksService } from "../shortlinks/shortlinks.service.ts";
import type { SignatureAdminService } from "../signatures/signature-admin.service.ts";
import type { ActionDraft } from "./action-form.ts";
import type { ActionRowCache } from "./action-rows.ts";
import { ActionNotFoundError, ActionStepRefusedError } from "./actions.errors.ts";
import * as repo from "./actions.repository.ts";
import { loadActionContent } from "./actions.service.ts";
import {
  type ActionPage,
  type ActionStatus,
  allowedSteps,
  type Lifecycle,
  type LifecycleStep,
  type OrganizationActionItem,
  type StoredTarget,
  stepLifecycle,
  targetDrafts,
} from "./actions.ts";
import {
  goalReached,
  type Outcome,
  type OutcomeChoice,
  outcomeChangeable,
  signingEnded,
  suggestNextGoal,
  validateNextGoal,
} from "./lifecycle.ts";

/** The lifecycle steps an organizer takes with a button, each with its audit event. */
export type StatusStep = Exclude<LifecycleStep, "edit">;
const auditEvents: Record<StatusStep, string> = {
  publish: "action.published",
  close: "action.closed",
  reopen: "action.reopened",
  archive: "action.archived",
  unarchive: "action.unarchived",
  delete: "action.deleted",
};

/** How a lifecycle is named in errors and audit details: its status, or "archived". */
function lifecycleName(lifecycle: Lifecycle): string {
  return lifecycle.archived ? "archived" : lifecycle.status;
}

/** What the organizer's pages about one action show of it, titled in the organizer's language. */
export interface ActionOverview {
  id: number;
  slug: string;
  title: string;
  status: ActionStatus;
  archived: boolean;
  updatedAt: string;
  /** The buttons the dashboard offers: the lifecycle steps allowed from here. */
  steps: StatusStep[];
  type: ActionPage["type"];
  goal: number;
  /** When signing closes by itself (ISO instant), or null. */
  endsAt: string | null;
  /** What came of it, once closed (null: not chosen yet), with its note in each language. */
  outcome: Outcome | null;
  outcomeNote: Record<Locale, string>;
  /** Whether its outcome may be changed now (closed, not archived). */
  outcomeChangeable: boolean;
}

/** The goal part of the dashboard: reached or not, the goal to suggest next, the goals moved past. */
export interface GoalStatus {
  reached: boolean;
  /** Offered in the next-goal form once the goal is reached. */
  suggestedNext: number;
  history: Awaited<ReturnType<typeof repo.listGoalChanges>>;
}

/** The audit detail of an action closed by its end date: no account made the change. */
export const automaticCloseReason = "closed automatically at its end date";

export type ActionDashboard = ActionOverview & {
  numbers: Awaited<ReturnType<SignatureAdminService["dashboard"]>>;
  clicks: ClickStats;
  goalStatus: GoalStatus;
};

/** What the dashboard shows from other capabilities, asked through their services. */
export interface DashboardSources {
  signatures: Pick<SignatureAdminService, "dashboard">;
  shortlinks: Pick<ShortLinksService, "clickStats">;
}

/**
 * Who edits: an organization member's access, or anything else that answers for its
 * organization's permissions and is named in the audit log (an API key).
 */
export type EditorAccess = Pick<OrganizationAccess, "require"> & ChangeAuthor;

export class ActionEditorService {
  constructor(
    private readonly db: Db,
    private readonly actionRows: ActionRowCache,
    private readonly sources: DashboardSources,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The organization's actions, titled in the organizer's language (English where not translated). */
  async list(access: EditorAccess, locale: Locale): Promise<OrganizationActionItem[]> {
    access.require("actions.view");
    return repo.listOrganizationActions(this.db, access.organization.id, locale);
  }

  /** The action as stored, scoped to the organization; otherwise "not found". */
  async find(access: EditorAccess, actionId: number) {
    access.require("actions.view");
    const action = await repo.findOrganizationAction(this.db, access.organization.id, actionId);
    if (!action) throw new ActionNotFoundError(String(actionId));
    return action;
  }

  /** The action's title (English where not translated), status and the steps it may take. */
  async overview(access: EditorAccess, actionId: number, locale: Locale): Promise<ActionOverview> {
    const action = await this.find(access, actionId);
    const [own, english] = await Promise.all([
      locale === "en" ? undefined : repo.findActionText(this.db, action.id, locale),
      repo.findActionText(this.db, action.id, "en"),
    ]);
    return {
      id: action.id,
      slug: action.slug,
      title: own?.title || english?.title || action.slug,
      status: action.status,
      archived: action.archived,
      updatedAt: action.updated_at,
      steps: allowedSteps(action).filter((step): step is StatusStep => step !== "edit"),
      type: action.type,
      goal: action.goal,
      endsAt: action.ends_at,
      outcome: action.outcome,
      outcomeNote: { en: action.outcome_note_en, es: action.outcome_note_es },
      outcomeChangeable: outcomeChangeable(action),
    };
  }

  /** The action's dashboard: its overview and its signature numbers (from the signatures module). */
  async dashboard(access: OrganizationAccess, actionId: number, locale: Locale): Promise<ActionDashboard> {
    const [overview, numbers, clicks, history] = await Promise.all([
      this.overview(access, actionId, locale),
      this.sources.signatures.dashboard(access, actionId),
      this.sources.shortlinks.clickStats(access, actionId),
      repo.listGoalChanges(this.db, actionId),
    ]);
    const goalStatus = {
      reached: goalReached(numbers.signatureCount, overview.goal),
      suggestedNext: suggestNextGoal(numbers.signatureCount),
      history,
    };
    return { ...overview, numbers, clicks, goalStatus };
  }

  async draft(access: EditorAccess, actionId: number): Promise<ActionDraft> {
    const action = await this.find(access, actionId);
    const texts = {} as ActionDraft["texts"];
    const targets = {} as Record<Locale, StoredTarget[]>;
    for (const locale of ["en", "es"] as const) {
      texts[locale] = (await repo.findActionText(this.db, action.id, locale)) ?? {
        title: "",
        summary: "",
        description: "",
        letterText: "",
      };
      targets[locale] = await repo.listStoredTargets(this.db, action.id, locale);
    }
    return {
      type: action.type,
      slug: action.slug,
      actionDate: action.action_date,
      goal: action.goal,
      externalUrl: action.external_url,
      endsAt: action.ends_at,
      texts,
      targets: targetDrafts(targets),
    };
  }

  /** The draft for the editor form; an archived action is not offered for editing. */
  async draftToEdit(access: EditorAccess, actionId: number): Promise<ActionDraft> {
    access.require("actions.edit");
    const action = await this.find(access, actionId);
    if (!stepLifecycle(action, "edit")) throw new ActionStepRefusedError("edit", lifecycleName(action));
    return this.draft(access, actionId);
  }

  async create(access: EditorAccess, draft: ActionDraft): Promise<number> {
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
        endsAt: draft.endsAt,
        now,
      });
      await this.writeTexts(trx, id, draft);
      await this.audit(trx, access, "action.created", id, { title: draft.texts.en.title, slug: draft.slug });
      return id;
    });
  }

  /** Saves what the action says; refused once it is archived (restore it first). */
  async update(access: EditorAccess, actionId: number, draft: ActionDraft): Promise<void> {
    access.require("actions.edit");
    const action = await this.find(access, actionId);
    if (!stepLifecycle(action, "edit")) throw new ActionStepRefusedError("edit", lifecycleName(action));
    await this.db.transaction().execute(async (trx) => {
      const holder = await repo.findActionBySlug(trx, draft.slug);
      if (holder && holder.id !== actionId) throw new SlugTakenError(draft.slug);
      // Archived between the read above and now: the guarded write changes nothing.
      if (!(await repo.updateActionFields(trx, actionId, { ...draft, now: nowIso() }))) {
        throw new ActionStepRefusedError("edit", "archived");
      }
      await this.writeTexts(trx, actionId, draft);
      await this.audit(trx, access, "action.updated", actionId, { title: draft.texts.en.title });
    });
    // The slug may have moved: forget every cached row, not only this action's.
    this.actionRows.clear();
  }

  /**
   * Publishes, closes, reopens, archives, restores or deletes an action, as the lifecycle allows
   * from where it stands now; a refused step throws ActionStepRefusedError and changes nothing.
   */
  async takeStep(
    access: EditorAccess,
    actionId: number,
    step: StatusStep,
    /** What came of it, when closing (the organizer's choice); "closed" without a note otherwise. */
    closing: OutcomeChoice = { outcome: "closed", note: { en: "", es: "" } },
  ): Promise<void> {
    access.require("actions.edit");
    await this.db.transaction().execute(async (trx) => {
      const action = await repo.findOrganizationAction(trx, access.organization.id, actionId);
      if (!action) throw new ActionNotFoundError(String(actionId));
      const next = stepLifecycle(action, step);
      if (!next) throw new ActionStepRefusedError(step, lifecycleName(action));
      const title = (await repo.findActionText(trx, actionId, "en"))?.title ?? action.slug;
      const done =
        next === "deleted"
          ? await repo.deleteDraft(trx, actionId)
          : await repo.changeLifecycle(trx, actionId, action, next, nowIso());
      // Another step won the race since the read: report where it really is now.
      if (!done) throw new ActionStepRefusedError(step, "changed");
      const now = this.clock.now();
      const detail: Record<string, unknown> = {};
      if (step === "close") {
        await repo.setOutcome(trx, actionId, closing, nowIso(now));
        detail.outcome = closing.outcome;
      }
      // Reopening past the end date means taking signatures again: the end that passed goes.
      if (step === "reopen" && signingEnded(action.ends_at, now)) {
        await repo.clearEnd(trx, actionId, nowIso(now));
        detail.endRemoved = action.ends_at;
      }
      await this.audit(trx, access, auditEvents[step], actionId, {
        title,
        from: lifecycleName(action),
        to: next === "deleted" ? "deleted" : lifecycleName(next),
        ...detail,
      });
    });
    this.actionRows.forget(actionId);
  }

  /** Changes what a closed action's page says came of it (closed and not archived only). */
  async changeOutcome(access: EditorAccess, actionId: number, choice: OutcomeChoice): Promise<void> {
    access.require("actions.edit");
    await this.db.transaction().execute(async (trx) => {
      const action = await repo.findOrganizationAction(trx, access.organization.id, actionId);
      if (!action) throw new ActionNotFoundError(String(actionId));
      if (!outcomeChangeable(action)) throw new ActionStepRefusedError("outcome", lifecycleName(action));
      if (!(await repo.setOutcome(trx, actionId, choice, nowIso(this.clock.now()))))
        throw new ActionStepRefusedError("outcome", "changed");
      const title = (await repo.findActionText(trx, actionId, "en"))?.title ?? action.slug;
      await this.audit(trx, access, "action.outcome_changed", actionId, {
        title,
        from: action.outcome,
        to: choice.outcome,
      });
    });
    this.actionRows.forget(actionId);
  }

  /**
   * Sets the next goal once one is reached (or any time before): a whole number above the count as
   * it is now; the goal moved past is kept. Refused on an archived action; field errors otherwise.
   */
  async setNextGoal(
    access: EditorAccess,
    actionId: number,
    typed: string,
  ): Promise<{ ok: true; goal: number } | { ok: false; errors: FieldErrorMap }> {
    access.require("actions.edit");
    const result = await this.db.transaction().execute(async (trx) => {
      const action = await repo.findOrganizationAction(trx, access.organization.id, actionId);
      if (!action) throw new ActionNotFoundError(String(actionId));
      if (!stepLifecycle(action, "edit") || action.type === "external")
        throw new ActionStepRefusedError("goal", lifecycleName(action));
      const checked = validateNextGoal(typed, action.signature_count);
      if (!checked.ok) return checked;
      const changed = await repo.setGoal(trx, actionId, {
        from: action.goal,
        to: checked.goal,
        signatureCount: action.signature_count,
        now: nowIso(this.clock.now()),
      });
      if (!changed) throw new ActionStepRefusedError("goal", "changed");
      const title = (await repo.findActionText(trx, actionId, "en"))?.title ?? action.slug;
      await this.audit(trx, access, "action.goal_changed", actionId, {
        title,
        from: action.goal,
        to: checked.goal,
        signatureCount: action.signature_count,
      });
      return checked;
    });
    if (result.ok) this.actionRows.forget(actionId);
    return result;
  }

  /**
   * Closes every published action whose end date passed as of `now`, each in its own transaction
   * with its audit entry (no account: the clock did it) and the outcome "closed". An action closed
   * or archived meanwhile by hand is left as it is. Returns the ids closed.
   */
  async closeEnded(now: Date): Promise<number[]> {
    const closed: number[] = [];
    for (;;) {
      const due = await repo.listEndedActions(this.db, nowIso(now), 100);
      let changed = 0;
      for (const action of due) {
        const done = await this.db.transaction().execute(async (trx) => {
          const from = { status: "published", archived: false } as const;
          const at = nowIso(now);
          if (!(await repo.changeLifecycle(trx, action.id, from, { status: "closed", archived: false }, at)))
            return false;
          await repo.setOutcome(trx, action.id, { outcome: "closed", note: { en: "", es: "" } }, at);
          const title = (await repo.findActionText(trx, action.id, "en"))?.title ?? action.slug;
          await recordChange(
            trx,
            { actor: { accountId: null }, organization: { id: action.sponsorOrganizationId } },
            {
              event: auditEvents.close,
              subject: `action:${action.id}`,
              detail: {
                title,
                from: "published",
                to: "closed",
                outcome: "closed",
                automatic: true,
                reason: automaticCloseReason,
                endsAt: action.endsAt,
              },
            },
            at,
          );
          return true;
        });
        if (done) {
          changed++;
          closed.push(action.id);
          this.actionRows.forget(action.id);
        }
      }
      // A full batch may have more behind it; one that closed nothing would only repeat itself.
      if (due.length < 100 || changed === 0) return closed;
    }
  }

  /**
   * The page exactly as the public will see it; a draft as it will look once published, and
   * marked as not published yet.
   */
  async preview(
    access: EditorAccess,
    actionId: number,
    locale: Locale,
  ): Promise<{ page: ActionPage; published: boolean }> {
    const action = await this.find(access, actionId);
    const page: ActionPage = {
      // Never cached: the preview is read fresh each time, so any version will do.
      ...(await loadActionContent(this.db, action, locale, action.updated_at)),
      status: action.status === "draft" ? "published" : action.status,
      archived: action.archived,
      signatureCount: action.signature_count,
    };
    return { page, published: action.status !== "draft" };
  }

  private async audit(
    trx: Executor,
    access: EditorAccess,
    event: string,
    actionId: number,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await recordChange(trx, access, { event, subject: `action:${actionId}`, detail });
  }

  private async writeTexts(
    trx: Parameters<typeof repo.upsertActionText>[0],
    actionId: number,
    draft: ActionDraft,
  ) {
    for (const locale of ["en", "es"] as const) {
      await repo.upsertActionText(trx, actionId, locale, draft.texts[locale]);
      const targets = draft.targets.map((target) => ({
        name: target.name,
        title: target.title[locale],
        office: target.office[locale] || null,
        email: target.email || null,
        postalAddress: target.postalAddress[locale] || null,
      }));
      await repo.replaceTargets(trx, actionId, locale, targets);
    }
  }
}
