/** What others may ask of the outbox besides running it (the worker in src/jobs does that). */
import type { Db } from "../../db/database.ts";
import type { Clock } from "../clock.ts";
import * as outbox from "./outbox.repository.ts";

export interface OutboxBacklog {
  pending: number;
  dead: number;
  /** How long the longest-waiting due job has waited, in seconds (0 when nothing is due). */
  oldestDueSeconds: number;
}

export class OutboxService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async backlog(): Promise<OutboxBacklog> {
    const now = this.clock.now();
    const { pending, dead, oldestDueAt } = await outbox.backlog(this.db, now.toISOString());
    const waited = oldestDueAt === null ? 0 : (now.getTime() - Date.parse(oldestDueAt)) / 1000;
    return { pending, dead, oldestDueSeconds: Math.max(0, waited) };
  }
}
