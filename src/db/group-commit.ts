/**
 * Group commit: units of work that arrive together share one transaction, and each caller is
 * answered only after that transaction has committed. One fsync then acknowledges many
 * signatures instead of one, and nothing is acknowledged before it is durable.
 *
 * Units of the same kind can also be written together (`runBatched`): one multi-row statement per
 * table for the whole batch instead of one per unit, which is most of the cost of a signature.
 *
 * A unit that throws is answered with its error; the rest of its batch is then retried one
 * unit per transaction, so one bad unit never loses or fails the others.
 */
import type { Db, Trx } from "./database.ts";

/** Writes the items of every unit of one kind that share a transaction; one result per item, in order. */
export type BatchWrite<I, O> = (trx: Trx, items: readonly I[]) => Promise<O[]>;

type Work<T> = (trx: Trx) => Promise<T>;

type Unit<T> = {
  /** A unit of its own, or an item for a batch write shared with the other units of its kind. */
  work: Work<T> | { write: BatchWrite<unknown, T>; item: unknown };
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
};

export interface GroupCommitOptions {
  /** Most units in one transaction. */
  maxBatch?: number;
  /** Batches committing at once (1 for SQLite, which has one writer; more for PostgreSQL). */
  concurrency?: number;
  /** Told each batch's size as it starts (the metrics' batch-size histogram). */
  onBatch?: (units: number) => void;
  /** Units waiting past which `overloaded` is true: callers that can be refused should be. */
  maxQueue?: number;
}

export class GroupCommitter {
  private queue: Unit<unknown>[] = [];
  private running = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly concurrency: number;
  private readonly onBatch: (units: number) => void;
  private readonly maxQueue: number;

  constructor(
    private readonly db: Db,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 200;
    this.concurrency = options.concurrency ?? 1;
    this.onBatch = options.onBatch ?? (() => {});
    this.maxQueue = options.maxQueue ?? Number.POSITIVE_INFINITY;
  }

  /**
   * Too many units are waiting for a transaction: the database is not keeping up. Writes a person
   * can simply send again (a signature) are refused rather than queued;
   * the outbox's own marks never are, so no job is run twice.
   */
  get overloaded(): boolean {
    return this.queue.length >= this.maxQueue;
  }

  /** Runs `work` inside a shared transaction; resolves after that transaction commits. */
  run<T>(work: Work<T>): Promise<T> {
    return this.enqueue(work);
  }

  /**
   * Hands `item` to `write` together with the items of the other units of the same `write` in
   * this transaction; resolves with its own result after the commit.
   */
  runBatched<I, O>(write: BatchWrite<I, O>, item: I): Promise<O> {
    return this.enqueue({ write: write as BatchWrite<unknown, O>, item });
  }

  private enqueue<T>(work: Unit<T>["work"]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve, reject } as Unit<unknown>);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.concurrency || this.queue.length === 0) return;
    this.scheduled = true;
    // setImmediate lets every request already read from the sockets join this batch.
    setImmediate(() => {
      this.scheduled = false;
      if (this.running >= this.concurrency || this.queue.length === 0) return;
      const batch = this.queue.splice(0, this.maxBatch);
      this.onBatch(batch.length);
      this.running++;
      this.commitBatch(batch).finally(() => {
        this.running--;
        this.schedule();
      });
      this.schedule();
    });
  }

  private async commitBatch(batch: Unit<unknown>[]): Promise<void> {
    let results: unknown[];
    try {
      results = await this.db.transaction().execute((trx) => runUnits(trx, batch));
    } catch {
      if (batch.length === 1) return this.commitAlone(batch[0]!);
      for (const unit of batch) await this.commitAlone(unit);
      return;
    }
    for (const [i, unit] of batch.entries()) unit.resolve(results[i]);
  }

  private async commitAlone(unit: Unit<unknown>): Promise<void> {
    try {
      const [result] = await this.db.transaction().execute((trx) => runUnits(trx, [unit]));
      unit.resolve(result);
    } catch (error) {
      unit.reject(error);
    }
  }
}

/** Runs units in arrival order, except that units of one batch write run together at the first one's turn. */
async function runUnits(trx: Trx, units: Unit<unknown>[]): Promise<unknown[]> {
  const results = new Array<unknown>(units.length);
  const writes = new Map<BatchWrite<unknown, unknown>, number[]>();
  for (const [i, unit] of units.entries()) {
    if (typeof unit.work === "function") continue;
    const indexes = writes.get(unit.work.write);
    if (indexes) indexes.push(i);
    else writes.set(unit.work.write, [i]);
  }
  for (const [i, unit] of units.entries()) {
    const { work } = unit;
    if (typeof work === "function") {
      results[i] = await work(trx);
      continue;
    }
    const indexes = writes.get(work.write);
    if (!indexes || indexes[0] !== i) continue;
    const items = indexes.map((index) => (units[index]!.work as { item: unknown }).item);
    const written = await work.write(trx, items);
    if (written.length !== items.length) throw new Error("a batch write must return one result per item");
    for (const [k, index] of indexes.entries()) results[index] = written[k];
  }
  return results;
}
