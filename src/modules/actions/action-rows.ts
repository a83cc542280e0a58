/**
 * The action rows that every page view and signing reads, kept in memory for one second. A
 * viral action's page then costs no query at all; this node forgets a row the moment it changes
 * it (confirmation, invalidation, edit), and other app nodes see the change within the second.
 */
import { createHash } from "node:crypto";
import type { Db } from "../../db/database.ts";
import { type Clock, systemClock } from "../clock.ts";
import { type ActionRecord, findActionWithOrganizationFacts } from "./actions.repository.ts";

/**
 * The row with its content version: `updated_at` plus a digest of what the page shows of its
 * organizations, so renaming the sponsor or a co-sponsor (or a new logo) reaches the page within
 * the row's lifetime without the organizations module knowing about action pages.
 */
export type ActionRow = ActionRecord & { contentVersion: string };

export interface ActionRowCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  clock?: Clock;
}

export class ActionRowCache {
  private readonly rows = new Map<string, { row: ActionRow | undefined; expires: number }>();
  /**
   * Reads under way, by slug: when a row expires under a flood, the requests that arrive meanwhile
   * share one read instead of each sending its own (on SQLite they would queue behind the writing
   * transaction, on PostgreSQL take pool connections from the signatures' batches).
   */
  private readonly loading = new Map<string, Promise<ActionRow | undefined>>();
  /** Moves on whenever this node changes actions: a read that began before is not kept. */
  private generation = 0;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly clock: Clock;

  constructor(
    private readonly db: Db,
    { ttlMs = 1000, maxEntries = 10_000, clock = systemClock }: ActionRowCacheOptions = {},
  ) {
    this.ttlMs = ttlMs;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /** The cached row if it is still fresh (`{ row: undefined }`: known not to exist), without waiting. */
  peek(slug: string): { row: ActionRow | undefined } | undefined {
    const cached = this.rows.get(slug);
    return cached && cached.expires > this.clock.now().getTime() ? cached : undefined;
  }

  async bySlug(slug: string): Promise<ActionRow | undefined> {
    const fresh = this.peek(slug);
    if (fresh) return fresh.row;
    const underWay = this.loading.get(slug);
    if (underWay) return underWay;
    const load = this.load(slug);
    this.loading.set(slug, load);
    try {
      return await load;
    } finally {
      if (this.loading.get(slug) === load) this.loading.delete(slug);
    }
  }

  /** Reads the row and keeps it, unless this node changed actions while it was being read. */
  private async load(slug: string): Promise<ActionRow | undefined> {
    const now = this.clock.now().getTime();
    const generation = this.generation;
    const found = await findActionWithOrganizationFacts(this.db, slug);
    const row = found && {
      ...found.action,
      contentVersion: `${found.action.updated_at}:${createHash("sha256")
        .update(JSON.stringify(found.organizationFacts))
        .digest("base64url")
        .slice(0, 16)}`,
    };
    if (generation !== this.generation) return row;
    if (this.rows.size >= this.maxEntries) this.rows.clear();
    this.rows.set(slug, { row, expires: now + this.ttlMs });
    return row;
  }

  /**
   * Drops the cached row of an action this node has just changed. Reads under way may have read
   * it before the change: they are left to their callers, never kept, and the next caller reads anew.
   */
  forget(actionId: number): void {
    for (const [slug, entry] of this.rows) if (entry.row?.id === actionId) this.rows.delete(slug);
    this.loading.clear();
    this.generation++;
  }

  /** Drops every cached row (slugs may have changed hands). */
  clear(): void {
    this.rows.clear();
    this.loading.clear();
    this.generation++;
  }
}
