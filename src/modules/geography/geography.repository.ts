/** The geography's SQL: confirmed signatures counted per postal code, and the public switch. */
import type { Executor } from "../../db/database.ts";

/** One query, grouped in the database: an action with 100,000 signers yields a row per ZIP code. */
export async function confirmedCountsByPostalCode(
  db: Executor,
  actionId: number,
): Promise<{ postalCode: string; countyFips: string | null; count: number }[]> {
  // An anonymized signature has no postal code left, only the county it was in (migration 032).
  const rows = await db
    .selectFrom("signatures")
    .select((eb) => ["postal_code", "county_fips", eb.fn.countAll().as("count")])
    .where("action_id", "=", actionId)
    .where("status", "=", "confirmed")
    .groupBy(["postal_code", "county_fips"])
    .execute();
  return rows.map((row) => ({
    postalCode: row.postal_code,
    countyFips: row.county_fips,
    count: Number(row.count),
  }));
}

export async function showsGeography(db: Executor, actionId: number): Promise<boolean> {
  const row = await db
    .selectFrom("actions")
    .select("show_geography")
    .where("id", "=", actionId)
    .executeTakeFirst();
  return row?.show_geography === 1;
}

/**
 * Switches the public map; `updated_at` moves too, so the action page's content version changes
 * on every node and its link to the map appears or goes.
 */
export async function setShowGeography(db: Executor, actionId: number, show: boolean, now: string) {
  await db
    .updateTable("actions")
    .set({ show_geography: show ? 1 : 0, updated_at: now })
    .where("id", "=", actionId)
    .execute();
}
