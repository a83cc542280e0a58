/** Signing and confirming. Every acknowledged signature is committed with its outbox mail. */
import { type Db, nowIso } from "../../db/database.ts";
import type { GroupCommitter } from "../../db/group-commit.ts";
import type { ActionRowCache } from "../actions/action-rows.ts";
import { ActionClosedError, ActionNotFoundError } from "../actions/actions.errors.ts";
import * as actions from "../actions/actions.repository.ts";
import { acceptsSignatures } from "../actions/actions.ts";
import * as outbox from "../outbox/outbox.repository.ts";
import { findOrCreatePerson } from "../people/people.repository.ts";
import { InvalidConfirmationError } from "./signatures.errors.ts";
import * as repo from "./signatures.repository.ts";
import { confirmationToken, maxReminders, readConfirmationToken, type SignInput } from "./signatures.ts";

/** `new`: first signing; `reminded`: signed before, mail sent again; `quiet`: signed before, reminders used up. */
export type SignOutcome = "new" | "reminded" | "quiet";

export interface SignaturesDeps {
  db: Db;
  committer: GroupCommitter;
  secret: string;
  /** Called after a commit that wrote outbox jobs, to wake the worker. */
  outboxWritten: () => void;
  actionRows: ActionRowCache;
}

export class SignaturesService {
  constructor(private readonly deps: SignaturesDeps) {}

  /** Signs an action. Resolves only once the signature and its mail job are committed. */
  async sign(actionSlug: string, input: SignInput): Promise<SignOutcome> {
    const action = await this.deps.actionRows.bySlug(actionSlug);
    if (!action || action.status === "draft") throw new ActionNotFoundError(actionSlug);
    if (!acceptsSignatures(action)) throw new ActionClosedError(actionSlug);
    const outcome = await this.deps.committer.run(async (trx): Promise<SignOutcome> => {
      const now = nowIso();
      const personId = await findOrCreatePerson(trx, { ...input, now });
      const signatureId = await repo.insertSignatureOnce(trx, {
        ...input,
        actionId: action.id,
        personId,
        now,
      });
      if (signatureId !== undefined) {
        await outbox.enqueue(trx, "signature.email", { signatureId, reason: "confirm" }, now);
        return "new";
      }
      const reminderFor = await repo.takeReminder(trx, action.id, personId, maxReminders);
      if (reminderFor === undefined) return "quiet";
      await outbox.enqueue(trx, "signature.email", { signatureId: reminderFor, reason: "reminder" }, now);
      return "reminded";
    });
    if (outcome !== "quiet") this.deps.outboxWritten();
    return outcome;
  }

  /** Checks a confirmation link without changing anything (what a GET may do). */
  async checkConfirmation(token: string): Promise<{ actionId: number }> {
    const id = readConfirmationToken(this.deps.secret, token);
    const signature = id === null ? undefined : await repo.findStatus(this.deps.db, id);
    if (!signature || signature.status === "invalidated") throw new InvalidConfirmationError();
    return { actionId: signature.actionId };
  }

  /**
   * Confirms a signature and counts it in the same transaction. Confirming twice is harmless:
   * the count moves only on the first.
   */
  async confirm(token: string): Promise<{ actionId: number }> {
    const id = readConfirmationToken(this.deps.secret, token);
    if (id === null) throw new InvalidConfirmationError();
    const actionId = await this.deps.committer.run(async (trx) => {
      const confirmedFor = await repo.confirmPending(trx, id, nowIso());
      if (confirmedFor === undefined) {
        const existing = await repo.findStatus(trx, id);
        return existing?.status === "confirmed" ? existing.actionId : undefined;
      }
      await actions.addToSignatureCount(trx, confirmedFor, 1);
      return confirmedFor;
    });
    if (actionId === undefined) throw new InvalidConfirmationError();
    this.deps.actionRows.forget(actionId);
    return { actionId };
  }

  /** What the signature mail needs, or undefined when no mail should go out any more. */
  async mailContext(
    signatureId: number,
  ): Promise<(repo.SignatureMailContext & { token: string; title: string }) | undefined> {
    const context = await repo.findForMail(this.deps.db, signatureId);
    if (!context || context.status === "invalidated") return undefined;
    const text =
      (await actions.findActionText(this.deps.db, context.actionId, context.locale)) ??
      (await actions.findActionText(this.deps.db, context.actionId, "en"));
    return {
      ...context,
      title: text?.title ?? context.actionSlug,
      token: confirmationToken(this.deps.secret, signatureId),
    };
  }
}
