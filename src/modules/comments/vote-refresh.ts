/**
 * When a helpful vote moves the cached action page. Every move makes each node render the page
 * (and its discussion) anew and compress it again, so a burst of votes on a busy action must not
 * re-render it per press: the first vote after a quiet spell moves the page in its own
 * transaction (its voter sees the count change at once); votes within `windowMs` after that are
 * stored at once but shown together, by one move at the end of the window.
 *
 * The window is this node's: N nodes move a page at most N times per window. A node that stops
 * before its window ends moves the pages still due on close(); one that dies leaves those
 * counts to the next change of the discussion (the votes themselves are stored).
 */
import type { Logger } from "pino";
import type { Clock } from "../clock.ts";

export class VoteRefresh {
  /** When each action's page was last moved by a vote. */
  private readonly moved = new Map<number, number>();
  private readonly due = new Map<number, NodeJS.Timeout>();

  constructor(
    private readonly move: (actionId: number) => Promise<void>,
    private readonly clock: Clock,
    private readonly log: Pick<Logger, "warn">,
    private readonly windowMs = 10_000,
  ) {}

  /**
   * Whether the vote being stored should move the page itself; if not, the page is moved at the
   * end of the window.
   */
  movesNow(actionId: number): boolean {
    const now = this.clock.now().getTime();
    const last = this.moved.get(actionId);
    if (this.due.has(actionId)) return false;
    if (last === undefined || now - last >= this.windowMs) {
      this.moved.set(actionId, now);
      return true;
    }
    const timer = setTimeout(() => void this.moveDue(actionId), last + this.windowMs - now);
    // A pending move never keeps the process alive; close() makes it.
    timer.unref();
    this.due.set(actionId, timer);
    return false;
  }

  /** Makes every move still due now (on close, and for tests that do not wait out the window). */
  async flush(): Promise<void> {
    await Promise.all([...this.due.keys()].map((actionId) => this.moveDue(actionId)));
  }

  private async moveDue(actionId: number): Promise<void> {
    const timer = this.due.get(actionId);
    if (!timer) return;
    clearTimeout(timer);
    this.due.delete(actionId);
    this.moved.set(actionId, this.clock.now().getTime());
    try {
      await this.move(actionId);
    } catch (error) {
      // The votes are stored; the page shows them with the discussion's next change.
      this.log.warn({ err: error, actionId }, "could not refresh the page after helpful votes");
    }
  }
}
