/** The only SQL for actions and their texts and targets (co-sponsors: modules/cosponsors). */
import { countRows } from "../../db/count.ts";
import type { Executor } from "../../db/database.ts";
import type { RowCondition } from "../../db/keyset.ts";
import type { Locale } from "../../i18n/locale.ts";
import type {
  ActionHeading,
  ActionStatus,
  ActionSummary,
  ActionText,
  ActionType,
  IndexableAction,
  Lifecycle,
  OrganizationActionItem,
  OrganizationRef,
  StoredTarget,
  Target,
} from "./actions.ts";
import type { Outcome, OutcomeChoice } from "./lifecycle.ts";

export interface ActionRecord {
  id: number;
  slug: string;
  type: ActionType;
  status: ActionStatus;
  action_date: string;
  goal: number;
  external_url: string | null;
  signature_count: number;
  updated_at: string;
  sponsor_organization_id: number;
  archived: boolean;
  published_at: string | null;
  /** 1 when the sponsor shows the public where signers are (the geography module sets it). */
  show_geography: number;
  /** When signing closes by itself (ISO instant), or null. */
  ends_at: string | null;
  /** What came of it once closed; null until it first closes. */
  outcome: Outcome | null;
  outcome_note_en: string;
  outcome_note_es: string;
}

const actionColumns = [
  "id",
  "slug",
  "type",
  "status",
  "action_date",
  "goal",
  "external_url",
  "signature_count",
  "updated_at",
  "sponsor_organization_id",
  "archived_at",
  "published_at",
  "show_geography",
  "ends_at",
  "outcome",
  "outcome_note_en",
  "outcome_note_es",
] as const;

function toRecord<T extends { archived_at: string | null }>(
  row: T | undefined,
): (Omit<T, "archived_at"> & { archived: boolean }) | undefined {
  if (!row) return undefined;
  const { archived_at, ...rest } = row;
  return { ...rest, archived: archived_at !== null };
}

export async function findActionBySlug(db: Executor, slug: string): Promise<ActionRecord | undefined> {
  return toRecord(
    await db.selectFrom("actions").select(actionColumns).where("slug", "=", slug).executeTakeFirst(),
  );
}

/**
 * The action with what its page shows of the organizations behind it (the sponsor's names and
 * logo date, the co-sponsor list's version, the approved co-sponsors' names, in a stable order):
 * these change without the action's `updated_at`, so they are part of its content version. The
 * list's version moves with every change the co-sponsors module makes; the names are read here
 * because an organization renames itself without that module knowing.
 */
export async function findActionWithOrganizationFacts(
  db: Executor,
  slug: string,
): Promise<{ action: ActionRecord; organizationFacts: (string | null)[] } | undefined> {
  const [row, cosponsors] = await Promise.all([
    db
      .selectFrom("actions")
      .innerJoin("organizations as o", "o.id", "actions.sponsor_organization_id")
      .leftJoin("organization_logos as l", "l.organization_id", "o.id")
      .select(actionColumns.map((column) => `actions.${column}` as const))
      .select([
        "o.name",
        "o.short_name",
        "o.time_zone",
        "l.updated_at as logo_updated_at",
        "actions.cosponsors_version",
        "actions.comments_version",
        "actions.updates_version",
      ])
      .where("actions.slug", "=", slug)
      .executeTakeFirst(),
    db
      .selectFrom("actions")
      .innerJoin("action_cosponsors as c", "c.action_id", "actions.id")
      .innerJoin("organizations as o", "o.id", "c.organization_id")
      .select(["o.name", "o.short_name", "o.website"])
      .where("actions.slug", "=", slug)
      .where("c.status", "=", "approved")
      .orderBy("o.id")
      .execute(),
  ]);
  if (!row) return undefined;
  const {
    name,
    short_name,
    time_zone,
    logo_updated_at,
    cosponsors_version,
    comments_version,
    updates_version,
    ...action
  } = row;
  return {
    action: toRecord(action)!,
    organizationFacts: [
      name,
      short_name,
      logo_updated_at,
      time_zone,
      String(cosponsors_version),
      String(comments_version),
      String(updates_version),
      ...cosponsors.flatMap((c) => [c.name, c.short_name, c.website]),
    ],
  };
}

export async function findActionById(db: Executor, id: number): Promise<ActionRecord | undefined> {
  return toRecord(
    await db.selectFrom("actions").select(actionColumns).where("id", "=", id).executeTakeFirst(),
  );
}

export async function findActionText(
  db: Executor,
  actionId: number,
  locale: Locale,
): Promise<ActionText | undefined> {
  return db
    .selectFrom("action_texts")
    .select(["title", "summary", "description", "letter_text as letterText"])
    .where("action_id", "=", actionId)
    .where("locale", "=", locale)
    .executeTakeFirst();
}

export async function listTargets(db: Executor, actionId: number, locale: Locale): Promise<Target[]> {
  return db
    .selectFrom("action_targets")
    .select(["name", "title"])
    .where("action_id", "=", actionId)
    .where("locale", "=", locale)
    .orderBy("position")
    .execute();
}

/** The targets with how to reach them (the editor and the delivery; never the public page). */
export async function listStoredTargets(
  db: Executor,
  actionId: number,
  locale: Locale,
): Promise<StoredTarget[]> {
  return db
    .selectFrom("action_targets")
    .select(["name", "title", "office", "email", "postal_address as postalAddress"])
    .where("action_id", "=", actionId)
    .where("locale", "=", locale)
    .orderBy("position")
    .execute();
}

/** The organization's time zone: what a page shows an action's end in. */
export async function findTimeZone(db: Executor, organizationId: number): Promise<string> {
  const row = await db
    .selectFrom("organizations")
    .select("time_zone")
    .where("id", "=", organizationId)
    .executeTakeFirst();
  return row?.time_zone ?? "UTC";
}

/** Sets what a closed action's page says came of it; false when the action is not closed (or archived). */
export async function setOutcome(
  db: Executor,
  actionId: number,
  choice: OutcomeChoice,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable("actions")
    .set({
      outcome: choice.outcome,
      outcome_note_en: choice.note.en,
      outcome_note_es: choice.note.es,
      updated_at: now,
    })
    .where("id", "=", actionId)
    .where("status", "=", "closed")
    .where("archived_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Takes an action's end away (reopening one whose end passed). */
export async function clearEnd(db: Executor, actionId: number, now: string): Promise<void> {
  await db
    .updateTable("actions")
    .set({ ends_at: null, updated_at: now })
    .where("id", "=", actionId)
    .execute();
}

/**
 * Moves the goal, only if it is still `from` and the action not archived (of two sponsors setting
 * the next goal at once, one wins), and keeps the goal moved past with the count at that moment.
 */
export async function setGoal(
  db: Executor,
  actionId: number,
  change: { from: number; to: number; signatureCount: number; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable("actions")
    .set({ goal: change.to, updated_at: change.now })
    .where("id", "=", actionId)
    .where("goal", "=", change.from)
    .where("archived_at", "is", null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return false;
  await db
    .insertInto("action_goal_changes")
    .values({
      action_id: actionId,
      from_goal: change.from,
      to_goal: change.to,
      signature_count: change.signatureCount,
      changed_at: change.now,
    })
    .execute();
  return true;
}

/** The goals an action moved past, oldest first. */
export async function listGoalChanges(
  db: Executor,
  actionId: number,
): Promise<{ fromGoal: number; toGoal: number; signatureCount: number; changedAt: string }[]> {
  return db
    .selectFrom("action_goal_changes")
    .select([
      "from_goal as fromGoal",
      "to_goal as toGoal",
      "signature_count as signatureCount",
      "changed_at as changedAt",
    ])
    .where("action_id", "=", actionId)
    .orderBy("id")
    .execute();
}

/** Published actions, not archived, whose end is at or before `now`: what the end-date task closes. */
export async function listEndedActions(
  db: Executor,
  now: string,
  limit: number,
): Promise<{ id: number; sponsorOrganizationId: number; slug: string; endsAt: string }[]> {
  const rows = await db
    .selectFrom("actions")
    .select(["id", "sponsor_organization_id as sponsorOrganizationId", "slug", "ends_at as endsAt"])
    .where("status", "=", "published")
    .where("ends_at", "is not", null)
    .where("ends_at", "<=", now)
    .where("archived_at", "is", null)
    .orderBy("ends_at")
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...row, endsAt: row.endsAt! }));
}

export async function findOrganization(db: Executor, id: number): Promise<OrganizationRef | undefined> {
  return db
    .selectFrom("organizations")
    .select(["name", "short_name as shortName"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The sponsor's logo, if one was uploaded, with what is needed to link and size it. */
export async function findSponsorLogo(
  db: Executor,
  organizationId: number,
): Promise<{ slug: string; bytes: Buffer; updatedAt: string } | undefined> {
  return db
    .selectFrom("organization_logos")
    .innerJoin("organizations", "organizations.id", "organization_logos.organization_id")
    .select(["organizations.slug", "organization_logos.bytes", "organization_logos.updated_at as updatedAt"])
    .where("organization_logos.organization_id", "=", organizationId)
    .executeTakeFirst();
}

/** Published and closed actions, newest first, with the text in `locale` (English when missing). */
export async function listPublicActions(
  db: Executor,
  locale: Locale,
  limit: number,
): Promise<ActionSummary[]> {
  const rows = await db
    .selectFrom("actions")
    .innerJoin("organizations", "organizations.id", "actions.sponsor_organization_id")
    .innerJoin("action_texts as t", (join) =>
      join.onRef("t.action_id", "=", "actions.id").on("t.locale", "in", [locale, "en"]),
    )
    .select([
      "actions.id",
      "actions.slug",
      "actions.type",
      "actions.status",
      "actions.action_date as actionDate",
      "actions.signature_count as signatureCount",
      "t.locale",
      "t.title",
      "t.summary",
      "organizations.name as sponsorName",
    ])
    .where("actions.status", "in", ["published", "closed"])
    .where("actions.archived_at", "is", null)
    .orderBy("actions.action_date", "desc")
    .orderBy("actions.id", "desc")
    .limit(limit * 2)
    .execute();
  // Both rows of an action meet here: a field left empty in `locale` shows the English one.
  const byAction = new Map<number, (typeof rows)[number]>();
  for (const row of rows) {
    const seen = byAction.get(row.id);
    const [own, english] = row.locale === locale ? [row, seen] : [seen, row];
    byAction.set(row.id, {
      ...row,
      title: own?.title || english?.title || "",
      summary: own?.summary || english?.summary || "",
    });
  }
  return [...byAction.values()].slice(0, limit).map(({ id: _id, locale: _locale, ...summary }) => summary);
}

/** The confirmed signatures an action counts (kept with each confirmation and invalidation). */
export async function signatureCount(db: Executor, actionId: number): Promise<number> {
  const row = await db
    .selectFrom("actions")
    .select("signature_count")
    .where("id", "=", actionId)
    .executeTakeFirst();
  return row?.signature_count ?? 0;
}

export async function addToSignatureCount(db: Executor, actionId: number, delta: number): Promise<void> {
  await db
    .updateTable("actions")
    .set((eb) => ({ signature_count: eb("signature_count", "+", delta) }))
    .where("id", "=", actionId)
    .execute();
}

export async function bumpCosponsorsVersion(db: Executor, actionId: number): Promise<void> {
  await db
    .updateTable("actions")
    .set((eb) => ({ cosponsors_version: eb("cosponsors_version", "+", 1) }))
    .where("id", "=", actionId)
    .execute();
}

/** Moves `updated_at`, so the action page's content version changes on every node (a delivery sent). */
export async function touchAction(db: Executor, actionId: number, now: string): Promise<void> {
  await db.updateTable("actions").set({ updated_at: now }).where("id", "=", actionId).execute();
}

export async function bumpCommentsVersion(db: Executor, actionId: number): Promise<void> {
  await db
    .updateTable("actions")
    .set((eb) => ({ comments_version: eb("comments_version", "+", 1) }))
    .where("id", "=", actionId)
    .execute();
}

/** Moves the action's updates version on (migration 030): its cached page is rendered anew. */
export async function bumpUpdatesVersion(db: Executor, actionId: number): Promise<void> {
  await db
    .updateTable("actions")
    .set((eb) => ({ updates_version: eb("updates_version", "+", 1) }))
    .where("id", "=", actionId)
    .execute();
}

export async function countExternalClick(db: Executor, actionId: number): Promise<void> {
  await db
    .updateTable("actions")
    .set((eb) => ({ external_clicks: eb("external_clicks", "+", 1) }))
    .where("id", "=", actionId)
    .execute();
}

/** Recounts confirmed signatures from scratch; the nightly check against the cached counter. */
export async function recountSignatures(db: Executor, actionId: number): Promise<number> {
  const count = await countRows(
    db.selectFrom("signatures").where("action_id", "=", actionId).where("status", "=", "confirmed"),
  );
  await db.updateTable("actions").set({ signature_count: count }).where("id", "=", actionId).execute();
  return count;
}

export interface NewActionRecord {
  slug: string;
  sponsorOrganizationId: number;
  type: ActionType;
  status: ActionStatus;
  actionDate: string;
  goal: number;
  externalUrl: string | null;
  endsAt?: string | null;
  now: string;
}

export async function insertAction(db: Executor, action: NewActionRecord): Promise<number> {
  const row = await db
    .insertInto("actions")
    .values({
      slug: action.slug,
      sponsor_organization_id: action.sponsorOrganizationId,
      type: action.type,
      status: action.status,
      action_date: action.actionDate,
      goal: action.goal,
      external_url: action.externalUrl,
      ends_at: action.endsAt ?? null,
      created_at: action.now,
      updated_at: action.now,
      published_at: action.status === "draft" ? null : action.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function upsertActionText(
  db: Executor,
  actionId: number,
  locale: Locale,
  text: ActionText,
): Promise<void> {
  const values = {
    title: text.title,
    summary: text.summary,
    description: text.description,
    letter_text: text.letterText,
  };
  await db
    .insertInto("action_texts")
    .values({ action_id: actionId, locale, ...values })
    .onConflict((oc) => oc.columns(["action_id", "locale"]).doUpdateSet(values))
    .execute();
}

export async function replaceTargets(
  db: Executor,
  actionId: number,
  locale: Locale,
  targets: (Target & Partial<StoredTarget>)[],
): Promise<void> {
  await db
    .deleteFrom("action_targets")
    .where("action_id", "=", actionId)
    .where("locale", "=", locale)
    .execute();
  if (targets.length === 0) return;
  await db
    .insertInto("action_targets")
    .values(
      targets.map((target, position) => ({
        action_id: actionId,
        locale,
        position,
        name: target.name,
        title: target.title,
        office: target.office ?? null,
        email: target.email ?? null,
        postal_address: target.postalAddress ?? null,
      })),
    )
    .execute();
}

export async function countActions(db: Executor): Promise<number> {
  return countRows(db.selectFrom("actions"));
}

/**
 * Moves an action from one lifecycle to another, only if it is still where the caller saw it:
 * of two concurrent steps, one wins and the other changes nothing (returns false).
 */
export async function changeLifecycle(
  db: Executor,
  actionId: number,
  from: Lifecycle,
  to: Lifecycle,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable("actions")
    .set((eb) => ({
      status: to.status,
      archived_at: to.archived ? now : null,
      updated_at: now,
      // The first publication stays the date: reopening a closed action does not move it.
      published_at:
        to.status === "published" ? eb.fn.coalesce("published_at", eb.val(now)) : eb.ref("published_at"),
      // When it stopped taking signatures (migration 032): what retention counts from.
      closed_at: closedAt(from, to, now) === "keep" ? eb.ref("closed_at") : closedAt(from, to, now),
    }))
    .where("id", "=", actionId)
    .where("status", "=", from.status)
    .where("archived_at", from.archived ? "is not" : "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * An action takes signatures while published and not archived: leaving that state starts the
 * retention period, coming back ends it; any other step keeps the time.
 */
function closedAt(from: Lifecycle, to: Lifecycle, now: string): string | null | "keep" {
  const open = (l: Lifecycle) => l.status === "published" && !l.archived;
  if (open(from) && !open(to)) return now;
  if (open(to)) return null;
  return "keep";
}

/** Deletes a draft (texts and targets go with it); false when it is no longer a draft. */
export async function deleteDraft(db: Executor, actionId: number): Promise<boolean> {
  const result = await db
    .deleteFrom("actions")
    .where("id", "=", actionId)
    .where("status", "=", "draft")
    .where("archived_at", "is", null)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The organization's actions, archived last, each titled in `locale` (English where left empty). */
export async function listOrganizationActions(
  db: Executor,
  organizationId: number,
  locale: Locale,
): Promise<OrganizationActionItem[]> {
  const rows = await db
    .selectFrom("actions")
    .innerJoin("action_texts as en", (join) =>
      join.onRef("en.action_id", "=", "actions.id").on("en.locale", "=", "en"),
    )
    .leftJoin("action_texts as own", (join) =>
      join.onRef("own.action_id", "=", "actions.id").on("own.locale", "=", locale),
    )
    .select([
      "actions.id",
      "actions.slug",
      "actions.type",
      "actions.status",
      "actions.action_date as actionDate",
      "actions.signature_count as signatureCount",
      "actions.goal",
      "actions.archived_at",
      "en.title as englishTitle",
      "own.title as ownTitle",
    ])
    .where("actions.sponsor_organization_id", "=", organizationId)
    .orderBy("actions.archived_at", (ob) => ob.desc().nullsFirst())
    .orderBy("actions.action_date", "desc")
    .orderBy("actions.id", "desc")
    .execute();
  return rows.map(({ archived_at, englishTitle, ownTitle, ...row }) => ({
    ...row,
    archived: archived_at !== null,
    title: ownTitle || englishTitle,
  }));
}

/** An action only if it belongs to the organization: the scoping every admin read goes through. */
export async function findOrganizationAction(
  db: Executor,
  organizationId: number,
  actionId: number,
): Promise<ActionRecord | undefined> {
  return toRecord(
    await db
      .selectFrom("actions")
      .select(actionColumns)
      .where("id", "=", actionId)
      .where("sponsor_organization_id", "=", organizationId)
      .executeTakeFirst(),
  );
}

/** Changes what an action says; an archived action is left as it is (returns false). */
export async function updateActionFields(
  db: Executor,
  actionId: number,
  fields: {
    slug: string;
    type: ActionType;
    actionDate: string;
    goal: number;
    externalUrl: string | null;
    endsAt: string | null;
    now: string;
  },
): Promise<boolean> {
  const result = await db
    .updateTable("actions")
    .set({
      slug: fields.slug,
      type: fields.type,
      action_date: fields.actionDate,
      goal: fields.goal,
      external_url: fields.externalUrl,
      ends_at: fields.endsAt,
      updated_at: fields.now,
    })
    .where("id", "=", actionId)
    .where("archived_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** An organization's action as its admin pages head it; undefined when it is not theirs. */
export async function findActionHeading(
  db: Executor,
  organizationId: number,
  actionId: number,
  locale: "en" | "es",
): Promise<ActionHeading | undefined> {
  const row = await db
    .selectFrom("actions")
    .leftJoin("action_texts as own", (join) =>
      join.onRef("own.action_id", "=", "actions.id").on("own.locale", "=", locale),
    )
    .leftJoin("action_texts as en", (join) =>
      join.onRef("en.action_id", "=", "actions.id").on("en.locale", "=", "en"),
    )
    .select([
      "actions.id",
      "actions.slug",
      "actions.type",
      "actions.status",
      "own.title as ownTitle",
      "en.title as enTitle",
    ])
    .where("actions.id", "=", actionId)
    .where("actions.sponsor_organization_id", "=", organizationId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { ownTitle, enTitle, ...action } = row;
  const englishTitle = enTitle || action.slug;
  return { ...action, title: ownTitle || englishTitle, englishTitle };
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

/** A condition on a signing action's row, for the API's filters. */
export type ActionRowCondition = RowCondition<"created_at" | "updated_at" | "id">;

/** The organization's published or closed petitions and letters meeting `conditions`: seek by id. */
function sponsoredSigningActions(db: Executor, organizationId: number, conditions: ActionRowCondition[]) {
  let query = db
    .selectFrom("actions")
    .where("actions.sponsor_organization_id", "=", organizationId)
    .where("actions.type", "in", ["petition", "letter"]);
  for (const c of conditions) query = query.where(`actions.${c.column}`, c.operator, c.value);
  return query;
}

/** Whether `actionId` is one of the organization's petitions or letters: one primary-key probe. */
export async function sponsorsSigningAction(
  db: Executor,
  organizationId: number,
  actionId: number,
): Promise<boolean> {
  const row = await sponsoredSigningActions(db, organizationId, [
    { column: "id", operator: "=", value: actionId },
  ])
    .select("actions.id")
    .executeTakeFirst();
  return row !== undefined;
}

export async function countSponsoredSigningActions(
  db: Executor,
  organizationId: number,
  conditions: ActionRowCondition[],
): Promise<number> {
  return countRows(sponsoredSigningActions(db, organizationId, conditions));
}

/**
 * The id after which the page starting at the `skip`-th match begins: read from the index on
 * (sponsor_organization_id, id) alone, no action row is visited.
 */
export async function sponsoredSigningActionBoundary(
  db: Executor,
  organizationId: number,
  conditions: ActionRowCondition[],
  skip: number,
): Promise<number | null> {
  const row = await sponsoredSigningActions(db, organizationId, conditions)
    .select("actions.id")
    .orderBy("actions.id")
    .limit(1)
    .offset(skip - 1)
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface ApiActionRow {
  id: number;
  slug: string;
  status: ActionStatus;
  archivedAt: string | null;
  goal: number;
  createdAt: string;
  updatedAt: string;
  signatureCount: number;
  sponsorId: number;
  sponsorName: string;
  title: string;
  summary: string;
  description: string;
  letterText: string;
}

/** Up to `limit` matches with ids above `afterId`, in id order, with their English texts. */
export async function seekSponsoredSigningActions(
  db: Executor,
  organizationId: number,
  conditions: ActionRowCondition[],
  afterId: number,
  limit: number,
): Promise<ApiActionRow[]> {
  return sponsoredSigningActions(db, organizationId, conditions)
    .innerJoin("action_texts as en", (join) =>
      join.onRef("en.action_id", "=", "actions.id").on("en.locale", "=", "en"),
    )
    .innerJoin("organizations as o", "o.id", "actions.sponsor_organization_id")
    .select([
      "actions.id",
      "actions.slug",
      "actions.status",
      "actions.archived_at as archivedAt",
      "actions.goal",
      "actions.created_at as createdAt",
      "actions.updated_at as updatedAt",
      "actions.signature_count as signatureCount",
      "o.id as sponsorId",
      "o.name as sponsorName",
      "en.title",
      "en.summary",
      "en.description",
      "en.letter_text as letterText",
    ])
    .where("actions.id", ">", afterId)
    .orderBy("actions.id")
    .limit(limit)
    .execute();
}

/** The English target names of these actions, in their order. */
export async function listTargetNames(db: Executor, actionIds: number[]): Promise<Map<number, string[]>> {
  const names = new Map<number, string[]>();
  if (actionIds.length === 0) return names;
  const rows = await db
    .selectFrom("action_targets")
    .select(["action_id", "name"])
    .where("action_id", "in", actionIds)
    .where("locale", "=", "en")
    .orderBy("action_id")
    .orderBy("position")
    .execute();
  for (const row of rows) names.set(row.action_id, [...(names.get(row.action_id) ?? []), row.name]);
  return names;
}
