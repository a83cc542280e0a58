/**
 * Keyset paging shared by every API list: records in id order, a page is an index seek from the
 * id before it, never rows read and thrown away.
 */

/** A condition on a listed row, for the API's filters. */
export interface RowCondition<Column extends string> {
  column: Column;
  operator: "=" | ">" | "<";
  value: string | number;
}

/** Which records to read: after `afterId` when the caller holds a cursor, else after the first `skip`. */
export interface KeysetWindow {
  afterId: number | null;
  skip: number;
  limit: number;
}

/** What a repository offers for one list: its count, the id before the `skip`-th match, a seek. */
export interface KeysetSource<Row> {
  count(): Promise<number>;
  boundary(skip: number): Promise<number | null>;
  seek(afterId: number, limit: number): Promise<Row[]>;
}

/** A window of a list, with the total of matches; past the end, no rows. */
export async function readWindow<Row>(
  window: KeysetWindow,
  source: KeysetSource<Row>,
): Promise<{ total: number; rows: Row[] }> {
  const total = await source.count();
  const afterId = window.afterId ?? (window.skip === 0 ? 0 : await source.boundary(window.skip));
  if (afterId === null) return { total, rows: [] };
  return { total, rows: await source.seek(afterId, window.limit) };
}

/**
 * Where pages of a list began, so a bare `page=N` need not walk the index past every record
 * before it. Each page served records where it and the next one start; a client walking page
 * after page (Parsons does) then seeks every time. An entry holds only while the list's total is
 * what it was: a record that joins or leaves shifts the pages after it, and the next read finds
 * the start afresh. Bounded and per process: a miss costs one index walk, never a wrong answer
 * beyond what any paging by number gives while the list changes.
 */
export class PageStarts {
  private readonly starts = new Map<string, { total: number; afterId: number; at: number }>();

  constructor(
    private readonly options: { maxEntries: number; ttlMs: number; now?: () => number } = {
      maxEntries: 10_000,
      ttlMs: 60_000,
    },
  ) {}

  /** The id before the `skip`-th record of `list`, when a page served lately knew it. */
  find(list: string, skip: number): { total: number; afterId: number } | undefined {
    const key = `${list}\u0000${skip}`;
    const start = this.starts.get(key);
    if (!start) return undefined;
    if (this.now() - start.at > this.options.ttlMs) {
      this.starts.delete(key);
      return undefined;
    }
    return start;
  }

  /** Records where the page at `skip` began and where the one after it begins. */
  remember(list: string, skip: number, total: number, rows: readonly { id: number }[], limit: number): void {
    const first = rows[0];
    const last = rows.at(-1);
    if (!first || !last) return;
    // Ids are whole numbers: seeking after first.id − 1 gives the page that starts at first.
    this.put(`${list}\u0000${skip}`, total, first.id - 1);
    if (rows.length === limit) this.put(`${list}\u0000${skip + limit}`, total, last.id);
  }

  private put(key: string, total: number, afterId: number): void {
    this.starts.delete(key);
    this.starts.set(key, { total, afterId, at: this.now() });
    // A Map iterates in insertion order: the first key is the least recently written.
    if (this.starts.size > this.options.maxEntries) this.starts.delete(this.starts.keys().next().value!);
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
