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
