/**
 * How confirmations reach `actions.signature_count`. Immediate (SQLite's default: one writer, no
 * contention): in the confirming transaction. Deferred (PostgreSQL's default): the confirming
 * transaction inserts a delta row, and the deltas are added to the counts in one statement per
 * action shortly after the commit (SIGNATURE_COUNT_DELAY_MS), so concurrent group commits never
 * queue on an action's row lock. The shown count then trails by that delay plus the 1-second row
 * cache; deltas are durable, so a node that dies before flushing loses no count (the periodic
 * flush of any node adds them). A periodic reconcile recounts each action against its confirmed
 * signatures and repairs any drift. Each confirmation also adds to its UTC day in signature_days
 * (migration 034) the same way, for the dashboard's chart.
 */
import type { Logger } from "pino";
import type { Db, Executor } from "../../db/database.ts";
import * as actions from "../actions/actions.repository.ts";
import { compactError } from "../operations/error-log.ts";
import * as counts from "./signature-counts.repository.ts";

export type CountMode = "immediate" | "deferred";

/** A confirmed signature starting (1) or stopping (−1) to count; `confirmedAt` names its day. */
export interface CountChange {
  actionId: number;
  confirmedAt: string;
  delta: number;
}

/** The UTC day of an ISO instant, as signature_days keys it. */
const dayOf = (iso: string) => iso.slice(0, 10);

/**
 * Applies changes to the counts and days at once, inside the caller's transaction: an organizer's
 * invalidation or restore and a signer's removal (rare: no hot row to spare), and every
 * confirmation in immediate mode.
 */
export async function applyCountChanges(trx: Executor, changes: readonly CountChange[]): Promise<void> {
  const sums = new Map<number, number>();
  for (const { actionId, delta } of changes) sums.set(actionId, (sums.get(actionId) ?? 0) + delta);
  for (const actionId of [...sums.keys()].sort((x, y) => x - y))
    await actions.addToSignatureCount(trx, actionId, sums.get(actionId)!);
  await counts.addToDays(
    trx,
    changes.map(({ actionId, confirmedAt, delta }) => ({ actionId, day: dayOf(confirmedAt), delta })),
  );
}

/** Deltas taken per flush transaction. */
const flushBatch = 5_000;

export interface SignatureCountsDeps {
  db: Db;
  mode: CountMode;
  /** How long after a commit its deltas are flushed (deferred mode). */
  delayMs: number;
  /** Told which actions' counts changed, so this node's caches forget them. */
  onCounted: (actionIds: number[]) => void;
  log: Logger;
}

export class SignatureCounts {
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly deps: SignatureCountsDeps) {}

  /** Counts `delta` confirmations of an action at `confirmedAt` inside the transaction that confirms them. */
  async add(trx: Executor, actionId: number, delta: number, confirmedAt: string): Promise<void> {
    if (this.deps.mode === "immediate") await applyCountChanges(trx, [{ actionId, confirmedAt, delta }]);
    else await counts.addDelta(trx, actionId, delta, dayOf(confirmedAt));
  }

  /** After a commit that called `add`: its deltas are flushed within the delay. */
  committed(): void {
    if (this.deps.mode === "immediate" || this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.deps.delayMs);
    this.timer.unref();
  }

  /** Adds every waiting delta to its action's count (one flush at a time on this node). */
  flush(): Promise<void> {
    this.flushing ??= this.flushAll().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /**
   * Recounts every action that is not archived, setting its count to its confirmed signatures
   * less its waiting deltas; returns how many counts were wrong.
   */
  async reconcile(): Promise<number> {
    let repaired = 0;
    for (const actionId of await counts.actionsToReconcile(this.deps.db)) {
      const before = await actions.signatureCount(this.deps.db, actionId);
      const after = await this.deps.db.transaction().execute((trx) => counts.reconcileCount(trx, actionId));
      if (after !== before) repaired++;
    }
    return repaired;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.deps.mode === "deferred") await this.flush();
  }

  private async flushAll(): Promise<void> {
    try {
      for (;;) {
        const changed = await this.deps.db
          .transaction()
          .execute((trx) => counts.flushDeltas(trx, flushBatch));
        if (changed.length > 0) this.deps.onCounted(changed);
        if (changed.length === 0) return;
      }
    } catch (error) {
      // The deltas stay in their table: the next commit, or the periodic flush, adds them.
      this.deps.log.warn({ err: compactError(error) }, "signature counts not flushed yet");
    }
  }
}
