/** Public use cases for actions: read a page, list actions, count a click on an external action. */
import type { Db } from "../../db/database.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { ActionRowCache } from "./action-rows.ts";
import { ActionNotFoundError } from "./actions.errors.ts";
import * as repo from "./actions.repository.ts";
import { type ActionPage, type ActionSummary, sortByName } from "./actions.ts";

type CachedContent = Omit<ActionPage, "signatureCount" | "status" | "archived">;

export class ActionsService {
  /**
   * Content that only changes with `updated_at` is cached per action and language; the row with
   * the count and status comes from the one-second row cache.
   */
  private readonly content = new Map<string, CachedContent>();
  /** The last page handed out per action and language, reused while count and status stay the same. */
  private readonly pages = new Map<string, ActionPage>();

  constructor(
    private readonly db: Db,
    private readonly rows: ActionRowCache,
  ) {}

  /** The public page of a published or closed action. Drafts do not exist for the public. */
  async getPublicPage(slug: string, locale: Locale): Promise<ActionPage> {
    const action = await this.rows.bySlug(slug);
    if (!action || action.status === "draft") throw new ActionNotFoundError(slug);
    const key = `${action.id}:${locale}`;
    let content = this.content.get(key);
    if (!content || content.version !== action.updated_at) {
      content = await this.loadContent(action, locale);
      this.content.set(key, content);
    }
    return this.compose(key, content, action);
  }

  /**
   * The page straight from memory when everything it needs is cached and fresh, else undefined
   * (then use getPublicPage). Lets the hot route answer without a promise.
   */
  peekPublicPage(slug: string, locale: Locale): ActionPage | undefined {
    const action = this.rows.peek(slug)?.row;
    if (!action || action.status === "draft") return undefined;
    const key = `${action.id}:${locale}`;
    const content = this.content.get(key);
    if (!content || content.version !== action.updated_at) return undefined;
    return this.compose(key, content, action);
  }

  private compose(key: string, content: CachedContent, action: repo.ActionRecord): ActionPage {
    const last = this.pages.get(key);
    if (
      last?.version === content.version &&
      last.status === action.status &&
      last.archived === action.archived &&
      last.signatureCount === action.signature_count
    ) {
      return last;
    }
    const page = {
      ...content,
      status: action.status,
      archived: action.archived,
      signatureCount: action.signature_count,
    };
    this.pages.set(key, page);
    return page;
  }

  async listPublic(locale: Locale, limit = 50): Promise<ActionSummary[]> {
    return repo.listPublicActions(this.db, locale, limit);
  }

  /** Counts a visit to an external action and returns where to send the visitor. */
  async followExternalLink(slug: string): Promise<string> {
    const action = await repo.findActionBySlug(this.db, slug);
    if (!action || action.status === "draft" || action.type !== "external" || !action.external_url) {
      throw new ActionNotFoundError(slug);
    }
    await repo.countExternalClick(this.db, action.id);
    return action.external_url;
  }

  private async loadContent(action: repo.ActionRecord, locale: Locale): Promise<CachedContent> {
    const [text, fallback, targets, sponsor, cosponsors] = await Promise.all([
      repo.findActionText(this.db, action.id, locale),
      locale === "en" ? undefined : repo.findActionText(this.db, action.id, "en"),
      repo.listTargets(this.db, action.id, locale),
      repo.findOrganization(this.db, action.sponsor_organization_id),
      repo.listCosponsors(this.db, action.id),
    ]);
    const shownText = text ?? fallback;
    if (!shownText || !sponsor) throw new ActionNotFoundError(action.slug);
    return {
      id: action.id,
      slug: action.slug,
      type: action.type,
      actionDate: action.action_date,
      goal: action.goal,
      externalUrl: action.external_url,
      version: action.updated_at,
      locale,
      text: shownText,
      sponsor,
      targets:
        targets.length > 0 || locale === "en" ? targets : await repo.listTargets(this.db, action.id, "en"),
      cosponsors: sortByName(cosponsors, locale),
    };
  }
}
