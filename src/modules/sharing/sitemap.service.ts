/** What search engines are told to index: the public pages of actions. */
import type { Db } from "../../db/database.ts";
import { type IndexableAction, listIndexableActions } from "./sitemap.repository.ts";

/**
 * A sitemap file holds at most 50,000 addresses; each action has one per language (two). Beyond
 * that a sitemap index would be needed, far past any coalition's number of actions.
 */
export const maxSitemapActions = 25_000;

export class SitemapService {
  constructor(private readonly db: Db) {}

  /**
   * Closed actions are listed: their pages stay public (the letter, who signed on, the result) and
   * are what people linked to. Drafts do not exist for the public; archived actions are ones their
   * organizers took out of the lists.
   */
  indexableActions(): Promise<IndexableAction[]> {
    return listIndexableActions(this.db, maxSitemapActions);
  }
}
