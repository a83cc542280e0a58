/**
 * The only SQL for updates: the updates and their texts, who each one is mailed to and how that
 * went, and who stopped them or bounced. Recipients are read from the signatures (confirmed,
 * consented to the sponsor) each time, never kept as addresses.
 */
import type { ExpressionBuilder } from "kysely";
import type { Executor } from "../../db/database.ts";
import type { Database, Locale, UpdateKind } from "../../db/schema.ts";
import type { DeliveryCounts, UpdateText } from "./updates.ts";

export interface UpdateRecord {
  id: number;
  actionId: number;
  kind: UpdateKind;
  postedAt: string;
  editedAt: string | null;
  texts: Partial<Record<Locale, UpdateText>>;
}

export async function insertUpdate(
  db: Executor,
  update: { actionId: number; kind: UpdateKind; postedBy: number | null; postedAt: string },
): Promise<number> {
  const row = await db
    .insertInto("action_updates")
    .values({
      action_id: update.actionId,
      kind: update.kind,
      posted_by: update.postedBy,
      posted_at: update.postedAt,
      edited_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Replaces an update's texts: English always, Spanish only when given. */
export async function replaceTexts(
  db: Executor,
  updateId: number,
  texts: { en: UpdateText; es: UpdateText | null },
): Promise<void> {
  await db.deleteFrom("action_update_texts").where("update_id", "=", updateId).execute();
  const rows = [
    { locale: "en" as const, ...texts.en },
    ...(texts.es ? [{ locale: "es" as const, ...texts.es }] : []),
  ];
  await db
    .insertInto("action_update_texts")
    .values(rows.map((row) => ({ update_id: updateId, ...row })))
    .execute();
}

export async function setKind(
  db: Executor,
  updateId: number,
  kind: UpdateKind,
  editedAt: string,
): Promise<void> {
  await db
    .updateTable("action_updates")
    .set({ kind, edited_at: editedAt })
    .where("id", "=", updateId)
    .execute();
}

export async function deleteUpdate(db: Executor, updateId: number): Promise<void> {
  await db.deleteFrom("action_updates").where("id", "=", updateId).execute();
}

/** An action's update with its texts; undefined when it is not this action's. */
export async function findUpdate(
  db: Executor,
  actionId: number,
  updateId: number,
): Promise<UpdateRecord | undefined> {
  const [update] = await listUpdates(db, actionId, { ids: [updateId] });
  return update;
}

/** By id alone, for the jobs (which stored the id). */
export async function findUpdateById(db: Executor, updateId: number): Promise<UpdateRecord | undefined> {
  const row = await db
    .selectFrom("action_updates")
    .select("action_id")
    .where("id", "=", updateId)
    .executeTakeFirst();
  return row ? findUpdate(db, row.action_id, updateId) : undefined;
}

/** An action's updates, newest first, with their texts; `limit` of them, or only `ids`. */
export async function listUpdates(
  db: Executor,
  actionId: number,
  options: { limit?: number; ids?: number[] } = {},
): Promise<UpdateRecord[]> {
  let query = db
    .selectFrom("action_updates")
    .select(["id", "action_id as actionId", "kind", "posted_at as postedAt", "edited_at as editedAt"])
    .where("action_id", "=", actionId)
    .orderBy("posted_at", "desc")
    .orderBy("id", "desc");
  if (options.ids) query = query.where("id", "in", options.ids.length > 0 ? options.ids : [0]);
  if (options.limit !== undefined) query = query.limit(options.limit);
  const updates = await query.execute();
  if (updates.length === 0) return [];
  const texts = await db
    .selectFrom("action_update_texts")
    .select(["update_id", "locale", "title", "body"])
    .where(
      "update_id",
      "in",
      updates.map((update) => update.id),
    )
    .execute();
  const byUpdate = new Map<number, Partial<Record<Locale, UpdateText>>>();
  for (const text of texts) {
    const own = byUpdate.get(text.update_id) ?? {};
    own[text.locale] = { title: text.title, body: text.body };
    byUpdate.set(text.update_id, own);
  }
  return updates.map((update) => ({ ...update, texts: byUpdate.get(update.id) ?? {} }));
}

export async function countUpdates(db: Executor, actionId: number): Promise<number> {
  const row = await db
    .selectFrom("action_updates")
    .select((eb) => eb.fn.countAll().as("count"))
    .where("action_id", "=", actionId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

type SignatureScope = ExpressionBuilder<Database, "signatures" | "people">;

/**
 * Whether a signature's signer gets the sponsor's updates now: confirmed, consented to the
 * sponsor, an address on file, not unsubscribed from this sponsor, never bounced for good.
 */
function receivesUpdates(eb: SignatureScope, organizationId: number) {
  return eb.and([
    eb("signatures.status", "=", "confirmed"),
    eb("signatures.consent_sponsor", "=", 1),
    eb("people.email", "!=", ""),
    eb.not(
      eb.exists(
        eb
          .selectFrom("update_unsubscribes as u")
          .select("u.person_id")
          .whereRef("u.person_id", "=", "signatures.person_id")
          .where("u.organization_id", "=", organizationId),
      ),
    ),
    eb.not(
      eb.exists(
        eb
          .selectFrom("update_suppressions as s")
          .select("s.person_id")
          .whereRef("s.person_id", "=", "signatures.person_id"),
      ),
    ),
  ]);
}

/** How many signers of an action an update would be mailed to now. */
export async function countRecipients(
  db: Executor,
  actionId: number,
  organizationId: number,
): Promise<number> {
  const row = await db
    .selectFrom("signatures")
    .innerJoin("people", "people.id", "signatures.person_id")
    .select((eb) => eb.fn.countAll().as("count"))
    .where("signatures.action_id", "=", actionId)
    .where((eb) => receivesUpdates(eb, organizationId))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The signatures of an action whose signers an update is mailed to now, in id order. */
export async function recipientSignatureIds(
  db: Executor,
  actionId: number,
  organizationId: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom("signatures")
    .innerJoin("people", "people.id", "signatures.person_id")
    .select("signatures.id")
    .where("signatures.action_id", "=", actionId)
    .where((eb) => receivesUpdates(eb, organizationId))
    .orderBy("signatures.id")
    .execute();
  return rows.map((row) => row.id);
}

/** Records recipients of an update as queued; returns those not recorded before (a repeated fan-out adds none). */
export async function insertSends(
  db: Executor,
  updateId: number,
  signatureIds: readonly number[],
  now: string,
): Promise<number[]> {
  const fresh: number[] = [];
  for (let i = 0; i < signatureIds.length; i += 500) {
    const chunk = signatureIds.slice(i, i + 500);
    const rows = await db
      .insertInto("action_update_sends")
      .values(
        chunk.map((signatureId) => ({
          update_id: updateId,
          signature_id: signatureId,
          status: "queued" as const,
          updated_at: now,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .returning("signature_id")
      .execute();
    fresh.push(...rows.map((row) => row.signature_id));
  }
  return fresh.sort((a, b) => a - b);
}

/** A recipient of a batch as it is at send time. */
export interface BatchRecipient {
  signatureId: number;
  personId: number;
  email: string;
  locale: Locale;
}

/**
 * Of these signatures, those still queued for the update (not mailed yet), split into the ones
 * whose signers get it now and the ones that no longer do (removed, unconsented, unsubscribed,
 * bounced since).
 */
export async function batchRecipients(
  db: Executor,
  updateId: number,
  organizationId: number,
  signatureIds: readonly number[],
): Promise<{ due: BatchRecipient[]; dropped: number[] }> {
  if (signatureIds.length === 0) return { due: [], dropped: [] };
  const queued = await db
    .selectFrom("action_update_sends")
    .select("signature_id")
    .where("update_id", "=", updateId)
    .where("status", "=", "queued")
    .where("signature_id", "in", [...signatureIds])
    .execute();
  const queuedIds = queued.map((row) => row.signature_id);
  if (queuedIds.length === 0) return { due: [], dropped: [] };
  const due = await db
    .selectFrom("signatures")
    .innerJoin("people", "people.id", "signatures.person_id")
    .select([
      "signatures.id as signatureId",
      "people.id as personId",
      "people.email as email",
      "signatures.locale as locale",
    ])
    .where("signatures.id", "in", queuedIds)
    .where((eb) => receivesUpdates(eb, organizationId))
    .orderBy("signatures.id")
    .execute();
  const dueIds = new Set(due.map((row) => row.signatureId));
  return { due, dropped: queuedIds.filter((id) => !dueIds.has(id)) };
}

/** Moves queued recipients of an update on to what their mail became. */
export async function markSends(
  db: Executor,
  updateId: number,
  signatureIds: readonly number[],
  status: "sent" | "bounced" | "skipped",
  now: string,
): Promise<void> {
  if (signatureIds.length === 0) return;
  await db
    .updateTable("action_update_sends")
    .set({ status, updated_at: now })
    .where("update_id", "=", updateId)
    .where("status", "=", "queued")
    .where("signature_id", "in", [...signatureIds])
    .execute();
}

/** Suppresses people whose address was refused for good; a person suppressed already stays as first recorded. */
export async function insertSuppressions(
  db: Executor,
  rows: readonly { personId: number; responseCode: number }[],
  updateId: number,
  now: string,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto("update_suppressions")
    .values(
      rows.map((row) => ({
        person_id: row.personId,
        response_code: row.responseCode,
        update_id: updateId,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.column("person_id").doNothing())
    .execute();
}

/** The person, action and sponsor of a signature; undefined when it is gone. */
export async function signatureFacts(
  db: Executor,
  signatureId: number,
): Promise<{ personId: number; actionId: number; organizationId: number } | undefined> {
  return db
    .selectFrom("signatures")
    .innerJoin("actions", "actions.id", "signatures.action_id")
    .select([
      "signatures.person_id as personId",
      "signatures.action_id as actionId",
      "actions.sponsor_organization_id as organizationId",
    ])
    .where("signatures.id", "=", signatureId)
    .executeTakeFirst();
}

/** Stops a sponsor's updates to a person; doing it again changes nothing. */
export async function insertUnsubscribe(
  db: Executor,
  row: { organizationId: number; personId: number; updateId: number | null; now: string },
): Promise<void> {
  await db
    .insertInto("update_unsubscribes")
    .values({
      organization_id: row.organizationId,
      person_id: row.personId,
      update_id: row.updateId,
      created_at: row.now,
    })
    .onConflict((oc) => oc.columns(["organization_id", "person_id"]).doNothing())
    .execute();
}

export async function updateExists(db: Executor, updateId: number): Promise<boolean> {
  const row = await db
    .selectFrom("action_updates")
    .select("id")
    .where("id", "=", updateId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Per update: recipients written, mailed, bounced, and unsubscribes that came from its mail. */
export async function deliveryCounts(
  db: Executor,
  updateIds: readonly number[],
): Promise<Map<number, DeliveryCounts>> {
  const counts = new Map<number, DeliveryCounts>(
    updateIds.map((id) => [id, { queued: 0, sent: 0, bounced: 0, unsubscribed: 0 }]),
  );
  if (updateIds.length === 0) return counts;
  const [sends, unsubscribes] = await Promise.all([
    db
      .selectFrom("action_update_sends")
      .select(["update_id", "status", (eb) => eb.fn.countAll().as("count")])
      .where("update_id", "in", [...updateIds])
      .groupBy(["update_id", "status"])
      .execute(),
    db
      .selectFrom("update_unsubscribes")
      .select(["update_id", (eb) => eb.fn.countAll().as("count")])
      .where("update_id", "in", [...updateIds])
      .groupBy("update_id")
      .execute(),
  ]);
  for (const row of sends) {
    const entry = counts.get(row.update_id)!;
    const n = Number(row.count);
    // Every recipient written was queued; the others say what became of them.
    entry.queued += n;
    if (row.status === "sent") entry.sent += n;
    if (row.status === "bounced") entry.bounced += n;
  }
  for (const row of unsubscribes)
    if (row.update_id !== null) counts.get(row.update_id)!.unsubscribed += Number(row.count);
  return counts;
}
