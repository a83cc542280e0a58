/**
 * Group commit: units of work that arrive together share one transaction, and each caller is
 * answered only after that transaction has committed. One fsync then acknowledges many
 * signatures instead of one, and nothing is acknowledged before it is durable.
 *
 * A unit that throws is answered with its error; the rest of its batch is then retried one
 * unit per transaction, so one bad unit never loses or fails the others.
 */
import type { Db, Trx } from "./database.ts";

type Unit<T> = {
  work: (trx: Trx) => Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
};

export interface GroupCommitOptions {
  /** Most units in one transaction. */
  maxBatch?: number;
  /** Batches committing at once (1 for SQLite, which has one writer; more for PostgreSQL). */
  concurrency?: number;
}

export class GroupCommitter {
  private queue: Unit<unknown>[] = [];
  private running = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly concurrency: number;

  constructor(
    private readonly db: Db,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 200;
    this.concurrency = options.concurrency ?? 1;
  }

  /** Runs `work` inside a shared transaction; resolves after that transaction commits. */
  run<T>(work: (trx: Trx) => Promise<T>): Promise<T> {
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
      results = await this.db.transaction().execute(async (trx) => {
        const out: unknown[] = [];
        for (const unit of batch) out.push(await unit.work(trx));
        return out;
      });
    } catch {
      if (batch.length === 1) return this.commitAlone(batch[0]!);
      for (const unit of batch) await this.commitAlone(unit);
      return;
    }
    for (const [i, unit] of batch.entries()) unit.resolve(results[i]);
  }

  private async commitAlone(unit: Unit<unknown>): Promise<void> {
    try {
      unit.resolve(await this.db.transaction().execute(unit.work));
    } catch (error) {
      unit.reject(error);
    }
  }
}
