/**
 * Updates on an action: the sponsor posts, edits and deletes them (with audit); the action's page
 * shows the newest, its updates page and feed show all; and each posted update is mailed to the
 * confirmed signers who consented to the sponsor, in their language, through the outbox: one
 * fan-out job in the posting transaction records every recipient once and writes a job per
 * `batchSize` of them; each batch asks again at send time who still gets it and records what each
 * mail became, so a batch run again mails nobody twice. An address the SMTP server refused for
 * good (5xx) is suppressed; a one-click unsubscribe stops the sponsor's updates to that person.
 */
import { type Db, type Executor, nowIso } from "../../db/database.ts";
import type { Locale } from "../../i18n/locale.ts";
import { ActionNotFoundError } from "../actions/actions.errors.ts";
import type { ActionsService } from "../actions/actions.service.ts";
import type { ActionHeading, ActionPage } from "../actions/actions.ts";
import { recordChange } from "../audit/audit.service.ts";
import { type Clock, systemClock } from "../clock.ts";
import type { MailRequest } from "../mail/mail.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import * as outbox from "../outbox/outbox.repository.ts";
import {
  UpdateNotFoundError,
  UpdateOnDraftError,
  UpdateUnsubscribeLinkInvalidError,
} from "./updates.errors.ts";
import * as repo from "./updates.repository.ts";
import {
  type AdminUpdate,
  batchSize,
  latestOnPage,
  type PageUpdates,
  type PublicUpdate,
  readUnsubscribeToken,
  textIn,
  type UpdateDraft,
  type UpdateFormValues,
  unsubscribeToken,
} from "./updates.ts";

/** What the action's page shows of its updates, in `locale`: part of its cached content. */
export async function loadPageUpdates(db: Executor, actionId: number, locale: Locale): Promise<PageUpdates> {
  const [latest, total] = await Promise.all([
    repo.listUpdates(db, actionId, { limit: latestOnPage }),
    repo.countUpdates(db, actionId),
  ]);
  return { latest: latest.map((update) => publicUpdate(update, locale)), total };
}

function publicUpdate(update: repo.UpdateRecord, locale: Locale): PublicUpdate {
  const { title, body } = textIn(update.texts, locale);
  return {
    id: update.id,
    kind: update.kind,
    title,
    body,
    postedAt: update.postedAt,
    editedAt: update.editedAt,
  };
}

export interface UpdatesDeps {
  db: Db;
  secret: string;
  baseUrl: string;
  clock?: Clock;
  outboxWritten: () => void;
  actions: Pick<
    ActionsService,
    "heading" | "actionById" | "getPublicPage" | "updatesChanged" | "updatesCommitted"
  >;
}

/** The sponsor's page of an action's updates. */
export interface UpdatesOverview {
  action: ActionHeading;
  updates: AdminUpdate[];
  /** How many signers a new update would be mailed to now. */
  recipients: number;
  canManage: boolean;
}

/** One mail of a batch: its request, and whom it is for. */
export interface BatchMail {
  signatureId: number;
  personId: number;
  request: MailRequest;
}

/** What the mails of a batch became: delivered, or refused for good with the server's code. */
export interface BatchOutcome {
  sent: number[];
  bounced: { signatureId: number; personId: number; responseCode: number }[];
}

/** What an unsubscribe page says: whose updates stop. */
export interface UnsubscribeView {
  sponsorName: string;
  actionTitle: string;
  slug: string;
}

export class UpdatesService {
  private readonly clock: Clock;

  constructor(private readonly deps: UpdatesDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  /** The action's updates with their mail numbers, for its organizers (viewers see them too). */
  async overview(access: OrganizationAccess, actionId: number, locale: Locale): Promise<UpdatesOverview> {
    const action = await this.deps.actions.heading(access, actionId, locale);
    const records = await repo.listUpdates(this.deps.db, actionId);
    const counts = await repo.deliveryCounts(
      this.deps.db,
      records.map((record) => record.id),
    );
    const recipients = await repo.countRecipients(this.deps.db, actionId, access.organization.id);
    return {
      action,
      recipients,
      canManage: access.can("updates.manage"),
      updates: records.map((record) => ({
        id: record.id,
        kind: record.kind,
        title: textIn(record.texts, locale).title,
        postedAt: record.postedAt,
        editedAt: record.editedAt,
        counts: counts.get(record.id)!,
      })),
    };
  }

  /** How many signers an update posted now would be mailed to (what the confirmation says). */
  async recipientCount(access: OrganizationAccess, actionId: number): Promise<number> {
    access.require("updates.manage");
    await this.postable(access, actionId);
    return repo.countRecipients(this.deps.db, actionId, access.organization.id);
  }

  /** The action, for the new-update form: a draft cannot have updates. */
  async postable(
    access: OrganizationAccess,
    actionId: number,
    locale: Locale = "en",
  ): Promise<ActionHeading> {
    access.require("updates.manage");
    const action = await this.deps.actions.heading(access, actionId, locale);
    if (action.status === "draft") throw new UpdateOnDraftError(String(actionId));
    return action;
  }

  /** An update's form values, for its edit page. */
  async editable(
    access: OrganizationAccess,
    actionId: number,
    updateId: number,
    locale: Locale,
  ): Promise<{ action: ActionHeading; values: UpdateFormValues }> {
    access.require("updates.manage");
    const action = await this.deps.actions.heading(access, actionId, locale);
    const update = await this.find(actionId, updateId);
    return {
      action,
      values: {
        kind: update.kind,
        title_en: update.texts.en?.title ?? "",
        body_en: update.texts.en?.body ?? "",
        title_es: update.texts.es?.title ?? "",
        body_es: update.texts.es?.body ?? "",
      },
    };
  }

  /**
   * Posts an update: shown on the page at once, and mailed (after the commit, through the
   * outbox) to every signer who gets the sponsor's updates. Returns its id.
   */
  async post(access: OrganizationAccess, actionId: number, draft: UpdateDraft): Promise<number> {
    const action = await this.postable(access, actionId);
    const now = nowIso(this.clock.now());
    const id = await this.deps.db.transaction().execute(async (trx) => {
      const updateId = await repo.insertUpdate(trx, {
        actionId,
        kind: draft.kind,
        postedBy: access.actor.accountId,
        postedAt: now,
      });
      await repo.replaceTexts(trx, updateId, draft.texts);
      await this.deps.actions.updatesChanged(trx, actionId);
      await outbox.enqueue(trx, "updates.fan_out", { updateId }, now);
      await recordChange(
        trx,
        access,
        {
          event: "update.posted",
          subject: `action:${action.id}:${action.slug}`,
          detail: { title: draft.texts.en.title, kind: draft.kind, update: updateId },
        },
        now,
      );
      return updateId;
    });
    this.deps.actions.updatesCommitted(actionId);
    this.deps.outboxWritten();
    return id;
  }

  /** Changes an update's kind and texts on the page and in the feed; nobody is mailed again. */
  async edit(
    access: OrganizationAccess,
    actionId: number,
    updateId: number,
    draft: UpdateDraft,
  ): Promise<void> {
    access.require("updates.manage");
    const action = await this.deps.actions.heading(access, actionId, "en");
    await this.find(actionId, updateId);
    const now = nowIso(this.clock.now());
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.setKind(trx, updateId, draft.kind, now);
      await repo.replaceTexts(trx, updateId, draft.texts);
      await this.deps.actions.updatesChanged(trx, actionId);
      await recordChange(
        trx,
        access,
        {
          event: "update.edited",
          subject: `action:${action.id}:${action.slug}`,
          detail: { title: draft.texts.en.title, update: updateId },
        },
        now,
      );
    });
    this.deps.actions.updatesCommitted(actionId);
  }

  /** Deletes an update from the page and the feed; its mail not yet sent is not sent. Returns its title. */
  async remove(access: OrganizationAccess, actionId: number, updateId: number): Promise<string> {
    access.require("updates.manage");
    const action = await this.deps.actions.heading(access, actionId, "en");
    const update = await this.find(actionId, updateId);
    const title = update.texts.en?.title ?? "";
    const now = nowIso(this.clock.now());
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.deleteUpdate(trx, updateId);
      await this.deps.actions.updatesChanged(trx, actionId);
      await recordChange(
        trx,
        access,
        {
          event: "update.deleted",
          subject: `action:${action.id}:${action.slug}`,
          detail: { title, update: updateId },
        },
        now,
      );
    });
    this.deps.actions.updatesCommitted(actionId);
    return title;
  }

  /** The title of one of the action's updates in `locale` (for the delete question). */
  async title(
    access: OrganizationAccess,
    actionId: number,
    updateId: number,
    locale: Locale,
  ): Promise<string> {
    await this.deps.actions.heading(access, actionId, locale);
    return textIn((await this.find(actionId, updateId)).texts, locale).title;
  }

  /** Every update of a published or closed action, newest first, with the action's page. */
  async publicUpdates(
    slug: string,
    locale: Locale,
  ): Promise<{ action: ActionPage; updates: PublicUpdate[] }> {
    const action = await this.deps.actions.getPublicPage(slug, locale);
    const records = await repo.listUpdates(this.deps.db, action.id);
    return { action, updates: records.map((record) => publicUpdate(record, locale)) };
  }

  /**
   * The fan-out of a posted update: records each signer who gets it now as queued (once, so a
   * fan-out run again adds nobody) and writes one batch job per `batchSize` of them, in one
   * transaction. Returns how many were queued.
   */
  async fanOut(updateId: number): Promise<number> {
    const update = await repo.findUpdateById(this.deps.db, updateId);
    if (!update) return 0;
    const action = await this.deps.actions.actionById(update.actionId);
    const signatureIds = await repo.recipientSignatureIds(
      this.deps.db,
      update.actionId,
      action.sponsorOrganizationId,
    );
    const now = nowIso(this.clock.now());
    const queued = await this.deps.db.transaction().execute(async (trx) => {
      const fresh = await repo.insertSends(trx, updateId, signatureIds, now);
      const batches: { updateId: number; signatureIds: number[] }[] = [];
      for (let i = 0; i < fresh.length; i += batchSize)
        batches.push({ updateId, signatureIds: fresh.slice(i, i + batchSize) });
      await outbox.enqueueMany(trx, "updates.batch", batches, now);
      return fresh.length;
    });
    if (queued > 0) this.deps.outboxWritten();
    return queued;
  }

  /**
   * The mails of a batch, each recipient asked again now: one who was removed, no longer
   * consents, unsubscribed or bounced since is marked skipped and gets nothing, and one mailed
   * already (a batch run again) is not in it.
   */
  async batchMails(updateId: number, signatureIds: readonly number[]): Promise<BatchMail[]> {
    const update = await repo.findUpdateById(this.deps.db, updateId);
    if (!update) return [];
    const action = await this.deps.actions.actionById(update.actionId);
    const { due, dropped } = await repo.batchRecipients(
      this.deps.db,
      updateId,
      action.sponsorOrganizationId,
      signatureIds,
    );
    await repo.markSends(this.deps.db, updateId, dropped, "skipped", nowIso(this.clock.now()));
    if (due.length === 0) return [];
    const pages = new Map<Locale, ActionPage>();
    for (const locale of new Set(due.map((recipient) => recipient.locale))) {
      const page = await this.deps.actions.getPublicPage(action.slug, locale).catch((error: unknown) => {
        if (error instanceof ActionNotFoundError) return undefined;
        throw error;
      });
      if (page) pages.set(locale, page);
    }
    const mails: BatchMail[] = [];
    for (const recipient of due) {
      const page = pages.get(recipient.locale);
      if (!page) continue;
      const text = textIn(update.texts, recipient.locale);
      mails.push({
        signatureId: recipient.signatureId,
        personId: recipient.personId,
        request: {
          template: "action_update",
          locale: recipient.locale,
          input: {
            baseUrl: this.deps.baseUrl,
            to: recipient.email,
            kind: update.kind,
            title: text.title,
            body: text.body,
            actionTitle: page.text.title,
            slug: page.slug,
            sponsorName: page.sponsor.name,
            updateId,
            unsubscribeToken: unsubscribeToken(this.deps.secret, updateId, recipient.signatureId),
          },
        },
      });
    }
    return mails;
  }

  /** Records what a batch's mails became; a refused-for-good address is suppressed from now on. */
  async recordBatch(updateId: number, outcome: BatchOutcome): Promise<void> {
    if (outcome.sent.length === 0 && outcome.bounced.length === 0) return;
    const now = nowIso(this.clock.now());
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.markSends(trx, updateId, outcome.sent, "sent", now);
      await repo.markSends(
        trx,
        updateId,
        outcome.bounced.map((bounce) => bounce.signatureId),
        "bounced",
        now,
      );
      await repo.insertSuppressions(trx, outcome.bounced, updateId, now);
    });
  }

  /** What an unsubscribe link would stop, changing nothing (what a GET may do). */
  async unsubscription(updateId: number, token: string, locale: Locale): Promise<UnsubscribeView> {
    const { facts } = await this.fromLink(updateId, token);
    return this.unsubscribeView(facts.actionId, locale);
  }

  /** Stops the sponsor's updates to the link's person (RFC 8058 one-click); again changes nothing. */
  async unsubscribe(updateId: number, token: string, locale: Locale): Promise<UnsubscribeView> {
    const { facts } = await this.fromLink(updateId, token);
    const db = this.deps.db;
    await repo.insertUnsubscribe(db, {
      organizationId: facts.organizationId,
      personId: facts.personId,
      updateId: (await repo.updateExists(db, updateId)) ? updateId : null,
      now: nowIso(this.clock.now()),
    });
    return this.unsubscribeView(facts.actionId, locale);
  }

  private async fromLink(updateId: number, token: string) {
    const signatureId = readUnsubscribeToken(this.deps.secret, updateId, token);
    const facts = signatureId === null ? undefined : await repo.signatureFacts(this.deps.db, signatureId);
    if (!facts) throw new UpdateUnsubscribeLinkInvalidError(token.slice(0, 40));
    return { facts };
  }

  private async unsubscribeView(actionId: number, locale: Locale): Promise<UnsubscribeView> {
    const action = await this.deps.actions.actionById(actionId);
    const page = await this.deps.actions.getPublicPage(action.slug, locale).catch((error: unknown) => {
      if (error instanceof ActionNotFoundError) return undefined;
      throw error;
    });
    return {
      sponsorName: page?.sponsor.name ?? "",
      actionTitle: page?.text.title ?? action.title,
      slug: action.slug,
    };
  }

  private async find(actionId: number, updateId: number): Promise<repo.UpdateRecord> {
    const update = await repo.findUpdate(this.deps.db, actionId, updateId);
    if (!update) throw new UpdateNotFoundError(String(updateId));
    return update;
  }
}
