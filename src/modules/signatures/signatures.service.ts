/** Signing and confirming. Every acknowledged signature is committed with its outbox mail. */

import { BatchLoader } from "../../db/batch-loader.ts";
import { type Db, type Executor, nowIso } from "../../db/database.ts";
import type { BatchWrite, GroupCommitter } from "../../db/group-commit.ts";
import { type KeysetWindow, readWindow } from "../../db/keyset.ts";
import type { ActionRowCache } from "../actions/action-rows.ts";
import { ActionClosedError, ActionNotFoundError } from "../actions/actions.errors.ts";
import * as actions from "../actions/actions.repository.ts";
import { acceptsSignatures, findPartner } from "../actions/actions.ts";
import { signingEnded } from "../actions/lifecycle.ts";
import { type Clock, systemClock } from "../clock.ts";
import type { SignerComment } from "../comments/comments.service.ts";
import type { ContactsService } from "../contacts/contacts.service.ts";
import type { PersonSignup } from "../contacts/contacts.ts";
import { listPartners } from "../cosponsors/cosponsors.service.ts";
import * as outbox from "../outbox/outbox.repository.ts";
import { type ClaimedJob, type OutboxJobs, outboxLeaseMs } from "../outbox/outbox.ts";
import { applyConfirmedDetails, findOrCreatePeople } from "../people/people.repository.ts";
import type { WebhooksService } from "../webhooks/webhooks.service.ts";
import type { SignatureEventFacts } from "../webhooks/webhooks.ts";
import type { SignatureCounts } from "./signature-counts.ts";
import { InvalidConfirmationError, SigningBusyError, SigningClosedError } from "./signatures.errors.ts";
import * as repo from "./signatures.repository.ts";
import {
  confirmationToken,
  maxReminders,
  type RecordedSignature,
  type RecordInput,
  type RepeatChanges,
  readConfirmationToken,
  type SignatureRecord,
  type SignInput,
} from "./signatures.ts";

/** `new`: first signing; `reminded`: signed before, mail sent again; `quiet`: signed before, reminders used up. */
export type SignOutcome = "new" | "reminded" | "quiet";

/** One person signing one action, waiting for its transaction. */
interface Signing {
  actionId: number;
  input: SignInput;
  /**
   * Through the API's helper: how it is confirmed, what signing again changes, and the person
   * and tags a keyed signer who consented to the sponsor brings to the sponsor's contacts.
   */
  api?: {
    confirmAtOnce: boolean;
    onRepeat: RepeatChanges | null;
    sponsorSignup: { organizationId: number; signup: PersonSignup } | null;
  };
}

/** What a signing wrote: its outcome, the outbox jobs to run, and (through the API) its signature. */
interface Signed {
  outcome: SignOutcome;
  jobs: ClaimedJob[];
  signatureId?: number;
  /** It was confirmed in this transaction: the action's count changed. */
  confirmed?: boolean;
}

/** What a confirmation wrote inside its transaction. */
interface Confirmation {
  actionId: number;
  jobs: ClaimedJob[];
}

export interface SignaturesDeps {
  db: Db;
  committer: GroupCommitter;
  secret: string;
  /** Called after a commit with the outbox jobs it wrote leased to this node, for its worker to run. */
  outboxWritten: (leasedJobs: ClaimedJob[]) => void;
  actionRows: ActionRowCache;
  /** Writes the sponsor's webhook deliveries of a confirmation, inside its transaction. */
  webhooks: Pick<WebhooksService, "enqueueForSignature">;
  /**
   * Adds a confirmed signer to the contacts of the organizations they consented to, and a keyed
   * helper's person (with its tags) to the sponsor's, inside the signing's transaction.
   */
  contacts: Pick<ContactsService, "addConsentingSigner" | "applySignup">;
  /** How long this node holds the jobs it writes for itself (its worker's lease). */
  outboxLeaseMs?: number;
  /** Where confirmations are counted: in their transaction, or as deltas flushed shortly after. */
  counts: SignatureCounts;
  /** What an action's end date is compared with (signing is refused past it). */
  clock?: Clock;
}

export class SignaturesService {
  /** The worker asks for a batch of mails at once: their rows come from one query. */
  private readonly mailRows: BatchLoader<number, repo.SignatureMailContext>;

  constructor(private readonly deps: SignaturesDeps) {
    this.mailRows = new BatchLoader((ids) => repo.findForMail(deps.db, ids));
  }

  /** Signs an action. Resolves only once the signature and its mail job are committed. */
  async sign(actionSlug: string, input: SignInput): Promise<SignOutcome> {
    const action = await this.deps.actionRows.bySlug(actionSlug);
    if (!action || action.status === "draft") throw new ActionNotFoundError(actionSlug);
    if (!acceptsSignatures(action) || signingEnded(action.ends_at, (this.deps.clock ?? systemClock).now()))
      throw new ActionClosedError(actionSlug);
    if (this.deps.committer.overloaded) throw new SigningBusyError();
    const { outcome, jobs } = await this.deps.committer.runBatched(this.writeSignings, {
      actionId: action.id,
      input,
    });
    if (jobs.length > 0) this.deps.outboxWritten(jobs);
    return outcome;
  }

  /**
   * Records a signature sent through the API's helper, through the same batched write as the
   * form: one signature per person per action. Pending, it mails the confirmation link (or a
   * reminder on a repeat, as the form does); confirmed at once, it counts and writes the webhook
   * deliveries in the same transaction, as a confirmation does. `sponsorSignup` (a keyed signer
   * who consented to the sponsor: the whole person sent, add_tags, remove_tags) goes to the
   * sponsor's contacts in that same transaction too: signature and contact commit together, and
   * the batch's one commit covers them, where a transaction of its own would cost a commit per
   * signature. Resolves with the signature's id.
   */
  async record(
    actionId: number,
    input: RecordInput,
    sponsorSignup: PersonSignup | null = null,
  ): Promise<{ signatureId: number }> {
    const { db } = this.deps;
    const action = await actions.findActionById(db, actionId);
    if (!action || action.status === "draft") throw new ActionNotFoundError(String(actionId));
    if (!acceptsSignatures(action) || signingEnded(action.ends_at, (this.deps.clock ?? systemClock).now()))
      throw new ActionClosedError(action.slug);
    if (this.deps.committer.overloaded) throw new SigningBusyError();
    const partner =
      input.referrerCode === null
        ? null
        : findPartner({ partners: await listPartners(db, actionId) }, input.referrerCode);
    const signed = await this.deps.committer.runBatched(this.writeSignings, {
      actionId,
      // Consent to a co-sponsor is exactly its own box on the form: the API never implies it.
      input: {
        ...input.signing,
        referrerOrganizationId: partner?.organizationId ?? null,
        consentReferrer: false,
      },
      api: {
        confirmAtOnce: input.confirmAtOnce,
        onRepeat: input.onRepeat,
        sponsorSignup: sponsorSignup && {
          organizationId: action.sponsor_organization_id,
          signup: sponsorSignup,
        },
      },
    });
    if (signed.confirmed) {
      this.deps.counts.committed();
      this.deps.actionRows.forget(actionId);
    }
    if (signed.jobs.length > 0) this.deps.outboxWritten(signed.jobs);
    if (signed.signatureId === undefined) throw new Error("API signing wrote no signature");
    return { signatureId: signed.signatureId };
  }

  /** A signature as the API's helper answers it, pending or not; undefined if there is none. */
  async recorded(signatureId: number): Promise<RecordedSignature | undefined> {
    const row = await repo.findRecord(this.deps.db, signatureId);
    return row && toRecorded(row);
  }

  /**
   * Stores the signings that share a transaction with one statement per table for all of them
   * (per round: a person signing twice at once is handled in a second round).
   */
  private readonly writeSignings: BatchWrite<Signing, Signed> = async (trx, signings) => {
    const signed = new Array<Signed>(signings.length);
    const clock = new Date();
    const now = nowIso(clock);
    const leasedUntil = nowIso(new Date(clock.getTime() + (this.deps.outboxLeaseMs ?? outboxLeaseMs)));
    for (const round of roundsOfDistinct(signings, (signing) => signing.input.emailCanonical)) {
      const personIds = await findOrCreatePeople(
        trx,
        round.map((i) => ({ ...signings[i]!.input, now })),
      );
      const personOf = (i: number) => personIds.get(signings[i]!.input.emailCanonical)!;
      const newIds = await repo.insertSignaturesOnce(
        trx,
        round.map((i) => ({
          ...signings[i]!.input,
          actionId: signings[i]!.actionId,
          personId: personOf(i),
          now,
        })),
      );
      const mails = new Map<number, OutboxJobs["signature.email"]>();
      for (const i of round) {
        const { actionId, input, api } = signings[i]!;
        const personId = personOf(i);
        const newId = newIds.get(repo.signatureKey(actionId, personId));
        const existing =
          newId === undefined && api
            ? await repeatSigning(trx, { actionId, personId }, input, api.onRepeat)
            : undefined;
        if (api?.confirmAtOnce) {
          const pendingId = newId ?? (existing?.status === "pending" ? existing.id : undefined);
          const confirmation =
            pendingId === undefined ? undefined : await this.confirmIn(trx, pendingId, clock);
          signed[i] = {
            outcome: newId === undefined ? "quiet" : "new",
            jobs: confirmation?.jobs ?? [],
            signatureId: newId ?? existing?.id,
            confirmed: confirmation !== undefined,
          };
        } else if (newId !== undefined) mails.set(i, { signatureId: newId, reason: "confirm" });
        else {
          const reminderFor = await repo.takeReminder(trx, actionId, personId, maxReminders);
          if (reminderFor !== undefined) mails.set(i, { signatureId: reminderFor, reason: "reminder" });
          else signed[i] = { outcome: "quiet", jobs: [], signatureId: existing?.id };
        }
        // After a confirmation's contact refresh (the signing's one name, split in two), so the
        // names and address the key sent are what the contact keeps.
        if (api?.sponsorSignup)
          await this.deps.contacts.applySignup(
            trx,
            api.sponsorSignup.organizationId,
            api.sponsorSignup.signup,
            now,
          );
      }
      const jobs = await outbox.enqueueMany(trx, "signature.email", [...mails.values()], now, leasedUntil);
      const jobByPayload = new Map(jobs.map((job) => [job.payload, job]));
      for (const [i, mail] of mails) {
        const job = jobByPayload.get(JSON.stringify(mail));
        signed[i] = {
          outcome: mail.reason === "confirm" ? "new" : "reminded",
          jobs: job ? [job] : [],
          signatureId: mail.signatureId,
        };
      }
    }
    return signed;
  };

  /**
   * Confirms a pending signature inside `trx` while its action is still published, counts it,
   * gives the person the signing's details, and writes the jobs a confirmation starts (a comment
   * to publish, the sponsor's webhook deliveries); undefined when there was nothing to confirm.
   */
  private async confirmIn(
    trx: Executor,
    signatureId: number,
    clock: Date,
  ): Promise<Confirmation | undefined> {
    const now = nowIso(clock);
    const confirmed = await repo.confirmPending(trx, signatureId, now);
    if (confirmed === undefined) return undefined;
    await this.deps.counts.add(trx, confirmed.actionId, 1, now);
    await applyConfirmedDetails(trx, confirmed.personId, { ...confirmed, now });
    await this.deps.contacts.addConsentingSigner(
      trx,
      {
        actionId: confirmed.actionId,
        personId: confirmed.personId,
        name: confirmed.name,
        postalCode: confirmed.postalCode,
        source: confirmed.source,
        consentSponsor: confirmed.consentSponsor === 1,
        consentedReferrerId: confirmed.consentReferrer === 1 ? confirmed.referrerOrganizationId : null,
      },
      now,
    );
    const publishes = confirmed.publishComment === 1 && confirmed.comment !== null;
    const leasedUntil = nowIso(new Date(clock.getTime() + (this.deps.outboxLeaseMs ?? outboxLeaseMs)));
    const commentJobs = publishes
      ? await outbox.enqueueMany(trx, "signature.comment", [{ signatureId }], now, leasedUntil)
      : [];
    const webhookJobs = await this.deps.webhooks.enqueueForSignature(
      trx,
      { actionId: confirmed.actionId, signatureId },
      now,
      leasedUntil,
    );
    return { actionId: confirmed.actionId, jobs: [...commentJobs, ...webhookJobs] };
  }

  /** Checks a confirmation link without changing anything (what a GET may do). */
  async checkConfirmation(token: string): Promise<{ actionId: number }> {
    const id = readConfirmationToken(this.deps.secret, token);
    const signature = id === null ? undefined : await repo.findStatus(this.deps.db, id);
    if (!signature || signature.status === "invalidated") throw new InvalidConfirmationError();
    if (signature.status === "pending" && signature.actionStatus !== "published")
      throw new SigningClosedError();
    return { actionId: signature.actionId };
  }

  /**
   * Confirms a signature and counts it in the same transaction, gives the person the name and
   * postal code this signing submitted, and adds them to the contacts of the sponsor and of the
   * referring co-sponsor when they consented to them (one statement, none without consent). Confirming twice is harmless: only the first counts.
   * Once the action is closed (or archived) a pending signature stays pending and counts nothing.
   * A signing comment its signer asked to publish goes to the discussion through an outbox job
   * written with the confirmation, so confirming costs no more than before; so does each of the
   * sponsor's webhook deliveries (one job per subscription, nothing else read).
   */
  async confirm(token: string): Promise<{ actionId: number }> {
    const id = readConfirmationToken(this.deps.secret, token);
    if (id === null) throw new InvalidConfirmationError();
    // Refusals are returned, not thrown: a throw would make the committer retry its whole batch.
    const outcome = await this.deps.committer.run(async (trx) => {
      const confirmation = await this.confirmIn(trx, id, new Date());
      if (confirmation) return confirmation;
      const existing = await repo.findStatus(trx, id);
      if (existing?.status === "pending") return "closed" as const;
      return existing?.status === "confirmed" ? { actionId: existing.actionId, jobs: [] } : undefined;
    });
    if (outcome === "closed") throw new SigningClosedError();
    if (outcome === undefined) throw new InvalidConfirmationError();
    this.deps.counts.committed();
    this.deps.actionRows.forget(outcome.actionId);
    if (outcome.jobs.length > 0) this.deps.outboxWritten(outcome.jobs);
    return { actionId: outcome.actionId };
  }

  /**
   * The signing comment of a confirmed signature whose signer asked to publish it, for the
   * comments module; undefined when there is nothing (any more) to publish.
   */
  async commentToPublish(signatureId: number): Promise<SignerComment | undefined> {
    const found = await repo.findCommentToPublish(this.deps.db, signatureId);
    if (found?.status !== "confirmed" || found.publishComment !== 1 || found.comment === null)
      return undefined;
    const { status: _status, publishComment: _publish, comment, ...signer } = found;
    return { ...signer, body: comment };
  }

  /** What a confirmed signature tells its sponsor's webhooks; undefined unless it is (still) confirmed. */
  async webhookFacts(signatureId: number): Promise<SignatureEventFacts | undefined> {
    const row = await repo.findForWebhook(this.deps.db, signatureId);
    const signature = row && toRecord(row);
    if (!row || !signature) return undefined;
    return { signature, sponsor: { name: row.sponsorName, website: row.sponsorWebsite } };
  }

  /** A keyset window of an action's confirmed signatures, in id order, with the total of matches. */
  async confirmedSignatures(
    actionId: number,
    conditions: repo.SignatureRowCondition[],
    window: KeysetWindow,
  ): Promise<{ total: number; rows: SignatureRecord[] }> {
    const { db } = this.deps;
    const { total, rows } = await readWindow(window, {
      // Unfiltered, the total is the count the action keeps: no scan of its signatures per page.
      count: () =>
        conditions.length === 0
          ? actions.signatureCount(db, actionId)
          : repo.countConfirmedSignatures(db, actionId, conditions),
      boundary: (skip) => repo.confirmedSignatureBoundary(db, actionId, conditions, skip),
      seek: (afterId, limit) => repo.seekConfirmedSignatures(db, actionId, conditions, afterId, limit),
    });
    return { total, rows: rows.flatMap((row) => toRecord(row) ?? []) };
  }

  /**
   * A keyset window of a person's confirmed signatures that an organization may see (those whose
   * signer consented to it, as sponsor or as referring co-sponsor), in id order, with the total.
   */
  async consentedSignaturesOfPerson(
    personId: number,
    organizationId: number,
    conditions: repo.SignatureRowCondition[],
    window: KeysetWindow,
  ): Promise<{ total: number; rows: SignatureRecord[] }> {
    const { db } = this.deps;
    const { total, rows } = await readWindow(window, {
      count: () => repo.countConsentedSignatures(db, personId, organizationId, conditions),
      boundary: (skip) => repo.consentedSignatureBoundary(db, personId, organizationId, conditions, skip),
      seek: (afterId, limit) =>
        repo.seekConsentedSignatures(db, personId, organizationId, conditions, afterId, limit),
    });
    return { total, rows: rows.flatMap((row) => toRecord(row) ?? []) };
  }

  /**
   * What the signature mail needs, or undefined when no mail should go out any more: the
   * signature was invalidated, or it is pending on an action that has closed (its link could
   * no longer confirm anything).
   */
  async mailContext(
    signatureId: number,
  ): Promise<(repo.SignatureMailContext & { token: string; title: string }) | undefined> {
    const context = await this.mailRows.load(signatureId);
    if (!context || context.status === "invalidated") return undefined;
    if (context.status === "pending" && context.actionStatus !== "published") return undefined;
    return {
      ...context,
      title: context.title ?? context.actionSlug,
      token: confirmationToken(this.deps.secret, signatureId),
    };
  }
}

/**
 * The signature a repeat signing through the API meets, changed as a key's body says (`onRepeat`;
 * null for a keyless one, which changes nothing); an invalidated one stays as the organizer left it.
 */
async function repeatSigning(
  trx: Executor,
  pair: { actionId: number; personId: number },
  input: SignInput,
  onRepeat: RepeatChanges | null,
) {
  const existing = await repo.findSignatureOf(trx, pair.actionId, pair.personId);
  if (existing && existing.status !== "invalidated" && onRepeat)
    await repo.updateSignature(trx, existing.id, repeatUpdate(input, onRepeat));
  return existing;
}

/** What a repeat signing through the API replaces: the values it was sent, no others. */
function repeatUpdate(input: SignInput, changes: RepeatChanges): repo.SignatureUpdate {
  return {
    ...(changes.comment ? { comment: input.comment } : {}),
    ...(changes.referrer
      ? { source: input.source, referrerOrganizationId: input.referrerOrganizationId, website: input.website }
      : {}),
    ...(changes.consentSponsor ? { consentSponsor: input.consentSponsor } : {}),
  };
}

/** A signature row as a record; undefined unless it is confirmed. */
function toRecord(row: repo.SignatureRecordRow): SignatureRecord | undefined {
  const { status, confirmedAt, ...recorded } = toRecorded(row);
  if (status !== "confirmed" || confirmedAt === null) return undefined;
  return { ...recorded, confirmedAt };
}

function toRecorded(row: repo.SignatureRecordRow): RecordedSignature {
  return {
    status: row.status,
    id: row.id,
    actionId: row.actionId,
    createdAt: row.createdAt,
    confirmedAt: row.confirmedAt,
    comment: row.comment,
    source: row.source,
    referrer: row.referrer,
    website: row.website,
    consentSponsor: row.consentSponsor === 1,
    consentReferrer: row.consentReferrer === 1,
    signer: { name: row.name, email: row.email, postalCode: row.postalCode },
  };
}

/**
 * Splits item indexes into rounds in which no key appears twice, keeping arrival order: the
 * first signing of an email goes in the first round, a second one at the same time in the next.
 */
function roundsOfDistinct<T>(items: readonly T[], key: (item: T) => string): number[][] {
  const rounds: number[][] = [];
  const seen = new Map<string, number>();
  for (const [i, item] of items.entries()) {
    const k = key(item);
    const round = seen.get(k) ?? 0;
    seen.set(k, round + 1);
    if (round === rounds.length) rounds.push([i]);
    else rounds[round]!.push(i);
  }
  return rounds;
}
