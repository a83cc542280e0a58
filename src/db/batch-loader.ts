/**
 * Combines lookups asked for at the same time into one query. The outbox worker runs a batch of
 * jobs side by side; each job reading its own row would cost one query per job.
 */
export class BatchLoader<K, V> {
  private waiting: { key: K; resolve: (value: V | undefined) => void; reject: (error: unknown) => void }[] =
    [];

  constructor(private readonly loadMany: (keys: K[]) => Promise<Map<K, V>>) {}

  /** Resolves with the value for `key`, or undefined when there is none. */
  load(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      // setImmediate: every lookup started in this turn of the event loop joins the query.
      if (this.waiting.length === 0) setImmediate(() => this.flush());
      this.waiting.push({ key, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    try {
      const found = await this.loadMany([...new Set(batch.map((entry) => entry.key))]);
      for (const entry of batch) entry.resolve(found.get(entry.key));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }
}
