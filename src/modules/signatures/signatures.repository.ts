/** The only SQL for signatures. */
import type { Executor } from "../../db/database.ts";
import type { Locale } from "../../i18n/locale.ts";

export interface NewSignature {
  actionId: number;
  personId: number;
  comment: string | null;
  consentSponsor: boolean;
  source: string | null;
  locale: Locale;
  now: string;
}

/** Inserts the signature unless this person already signed this action; returns the new id or undefined. */
export async function insertSignatureOnce(db: Executor, s: NewSignature): Promise<number | undefined> {
  const row = await db
    .insertInto("signatures")
    .values({
      action_id: s.actionId,
      person_id: s.personId,
      status: "pending",
      comment: s.comment,
      consent_sponsor: s.consentSponsor ? 1 : 0,
      source: s.source,
      locale: s.locale,
      created_at: s.now,
      confirmed_at: null,
    })
    .onConflict((oc) => oc.columns(["action_id", "person_id"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

/**
 * Counts one more reminder for the existing signature if it is still under `max`;
 * returns its id when a reminder may be sent.
 */
export async function takeReminder(
  db: Executor,
  actionId: number,
  personId: number,
  max: number,
): Promise<number | undefined> {
  const row = await db
    .updateTable("signatures")
    .set((eb) => ({ reminders_sent: eb("reminders_sent", "+", 1) }))
    .where("action_id", "=", actionId)
    .where("person_id", "=", personId)
    .where("reminders_sent", "<", max)
    .where("status", "!=", "invalidated")
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

/** Moves a pending signature to confirmed; returns its action id, or undefined if it was not pending. */
export async function confirmPending(
  db: Executor,
  signatureId: number,
  now: string,
): Promise<number | undefined> {
  const row = await db
    .updateTable("signatures")
    .set({ status: "confirmed", confirmed_at: now })
    .where("id", "=", signatureId)
    .where("status", "=", "pending")
    .returning("action_id")
    .executeTakeFirst();
  return row?.action_id;
}

export interface SignatureMailContext {
  signatureId: number;
  status: "pending" | "confirmed" | "invalidated";
  locale: Locale;
  email: string;
  name: string;
  actionId: number;
  actionSlug: string;
  sponsorName: string;
}

export async function findForMail(
  db: Executor,
  signatureId: number,
): Promise<SignatureMailContext | undefined> {
  return db
    .selectFrom("signatures")
    .innerJoin("people", "people.id", "signatures.person_id")
    .innerJoin("actions", "actions.id", "signatures.action_id")
    .innerJoin("organizations", "organizations.id", "actions.sponsor_organization_id")
    .select([
      "signatures.id as signatureId",
      "signatures.status",
      "signatures.locale",
      "people.email",
      "people.name",
      "actions.id as actionId",
      "actions.slug as actionSlug",
      "organizations.name as sponsorName",
    ])
    .where("signatures.id", "=", signatureId)
    .executeTakeFirst();
}

export async function findStatus(
  db: Executor,
  signatureId: number,
): Promise<{ status: "pending" | "confirmed" | "invalidated"; actionId: number } | undefined> {
  return db
    .selectFrom("signatures")
    .select(["status", "action_id as actionId"])
    .where("id", "=", signatureId)
    .executeTakeFirst();
}
