/**
 * SQL that forgets what no one can use any more: expired sessions and spent one-time links.
 * Kept apart from accounts.repository.ts so the periodic purge (accounts.jobs.ts) is read in one
 * place.
 */
import type { Executor } from "../../db/database.ts";

/** Deletes sessions that expired before `now`; returns how many. */
export async function deleteExpiredSessions(db: Executor, now: string): Promise<number> {
  const result = await db.deleteFrom("sessions").where("expires_at", "<", now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes one-time links used or expired before `before`; returns how many. */
export async function deleteSpentTokens(db: Executor, before: string): Promise<number> {
  const result = await db
    .deleteFrom("account_tokens")
    .where((eb) => eb.or([eb("used_at", "<", before), eb("expires_at", "<", before)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
