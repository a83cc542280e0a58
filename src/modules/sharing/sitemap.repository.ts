import type { Executor } from "../../db/database.ts";

export interface IndexableAction {
  slug: string;
  updatedAt: string;
}

/** Published and closed actions that are not archived: the ones the home page lists too. */
export async function listIndexableActions(db: Executor, limit: number): Promise<IndexableAction[]> {
  return db
    .selectFrom("actions")
    .select(["slug", "updated_at as updatedAt"])
    .where("status", "in", ["published", "closed"])
    .where("archived_at", "is", null)
    .orderBy("id")
    .limit(limit)
    .execute();
}
