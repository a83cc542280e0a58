/**
 * Click counts kept in memory and written in batches, so a click costs no database round trip:
 * counts are summed per (link, day, referring host, device) and flushed every few seconds as one
 * upsert, through the group committer (sharing a transaction, and its fsync, with signatures).
 *
 * What a crash loses: the counts of at most the last flush interval. They are statistics that
 * were never acknowledged to anyone (the visitor got a redirect, not a receipt), unlike a
 * signature, which is answered only after its commit.
 */
import type { Logger } from "pino";
import type { GroupCommitter } from "../../db/group-commit.ts";
import { addClicks, type ClickCount } from "./shortlinks.repository.ts";
import type { DeviceClass } from "./shortlinks.ts";

export class ClickCounter {
  private pending = new Map<string, ClickCount>();
  private flushing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly committer: GroupCommitter,
    private readonly log: Pick<Logger, "warn">,
    flushIntervalMs = 5_000,
  ) {
    this.timer = setInterval(() => void this.flush(), flushIntervalMs);
    // Counting never keeps the process alive; close() writes what is left.
    this.timer.unref();
  }

  count(shortlinkId: number, day: string, referrerHost: string | null, device: DeviceClass): void {
    const host = referrerHost ?? "";
    const key = `${shortlinkId} ${day} ${host} ${device}`;
    const seen = this.pending.get(key);
    if (seen) seen.count++;
    else this.pending.set(key, { shortlinkId, day, referrerHost: host, device, count: 1 });
  }

  /** Writes the counts gathered so far; resolves once they are committed (or put back after a failure). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.committer.run((trx) => addClicks(trx, [...batch.values()]));
    } catch (error) {
      // Kept for the next flush: the database may be back by then.
      for (const [key, counted] of batch) {
        const seen = this.pending.get(key);
        if (seen) seen.count += counted.count;
        else this.pending.set(key, counted);
      }
      this.log.warn({ err: error }, "could not write short link clicks; retrying at the next flush");
    }
  }
}
