/** The only SQL for deliveries (migration 029): each letter mailed to a target, each download. */
import type { Executor } from "../../db/database.ts";
import type { DeliveriesTable } from "../../db/schema.ts";
import type { Locale } from "../../i18n/locale.ts";

export interface NewDelivery {
  actionId: number;
  accountId: number | null;
  method: DeliveriesTable["method"];
  targetName: string;
  targetEmail: string | null;
  locale: Locale;
  signatureCount: number;
  status: DeliveriesTable["status"];
  now: string;
}

export async function insertDelivery(db: Executor, d: NewDelivery): Promise<number> {
  const row = await db
    .insertInto("deliveries")
    .values({
      action_id: d.actionId,
      account_id: d.accountId,
      method: d.method,
      target_name: d.targetName,
      target_email: d.targetEmail,
      locale: d.locale,
      signature_count: d.signatureCount,
      status: d.status,
      created_at: d.now,
      sent_at: d.status === "queued" ? null : d.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findDelivery(db: Executor, id: number) {
  return db
    .selectFrom("deliveries")
    .select([
      "id",
      "action_id as actionId",
      "method",
      "target_name as targetName",
      "target_email as targetEmail",
      "locale",
      "signature_count as signatureCount",
      "status",
      "created_at as createdAt",
    ])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Marks a queued mail sent; false when it was already (a job run twice). */
export async function markSent(db: Executor, id: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable("deliveries")
    .set({ status: "sent", sent_at: now })
    .where("id", "=", id)
    .where("status", "=", "queued")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The action's deliveries, newest first, with who made them. */
export async function listDeliveries(db: Executor, actionId: number, limit = 100) {
  return db
    .selectFrom("deliveries")
    .leftJoin("accounts", "accounts.id", "deliveries.account_id")
    .select([
      "deliveries.id",
      "deliveries.method",
      "deliveries.target_name as targetName",
      "deliveries.target_email as targetEmail",
      "deliveries.signature_count as signatureCount",
      "deliveries.status",
      "deliveries.created_at as createdAt",
      "deliveries.sent_at as sentAt",
      "accounts.name as accountName",
    ])
    .where("deliveries.action_id", "=", actionId)
    .orderBy("deliveries.id", "desc")
    .limit(limit)
    .execute();
}

/** Mailed letters that were sent: what the public page states. */
export async function listSentMail(db: Executor, actionId: number) {
  return db
    .selectFrom("deliveries")
    .select(["target_name as targetName", "sent_at as sentAt"])
    .where("action_id", "=", actionId)
    .where("method", "=", "email")
    .where("status", "=", "sent")
    .orderBy("id", "desc")
    .limit(50)
    .execute();
}
