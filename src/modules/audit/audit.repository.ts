/** The only SQL for the audit log: who did what with personal data, and when. */
import type { Executor } from "../../db/database.ts";
import type { AuditKind } from "./audit.ts";

export interface AuditEntry {
  accountId: number | null;
  organizationId: number | null;
  event: string;
  subject: string;
  detail: Record<string, unknown>;
  at: string;
}

export async function recordAudit(db: Executor, entry: AuditEntry): Promise<number> {
  const row = await db
    .insertInto("audit_log")
    .values({
      account_id: entry.accountId,
      organization_id: entry.organizationId,
      event: entry.event,
      subject: entry.subject,
      detail: JSON.stringify(entry.detail),
      created_at: entry.at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateAuditDetail(
  db: Executor,
  id: number,
  detail: Record<string, unknown>,
): Promise<void> {
  await db
    .updateTable("audit_log")
    .set({ detail: JSON.stringify(detail) })
    .where("id", "=", id)
    .execute();
}

export async function listAudit(
  db: Executor,
  organizationId: number,
  page: { offset: number; limit: number },
  kind: AuditKind | null,
) {
  let query = db
    .selectFrom("audit_log")
    .leftJoin("accounts", "accounts.id", "audit_log.account_id")
    .select([
      "audit_log.id",
      "audit_log.event",
      "audit_log.subject",
      "audit_log.detail",
      "audit_log.created_at as at",
      "accounts.name as accountName",
      "accounts.email as accountEmail",
    ])
    .where("audit_log.organization_id", "=", organizationId);
  // "signature" also covers "signatures.exported"; the dot keeps "member" from matching other names.
  if (kind) query = query.where("audit_log.event", "like", kind === "signature" ? "signature%" : `${kind}.%`);
  return query.orderBy("audit_log.id", "desc").offset(page.offset).limit(page.limit).execute();
}

/**
 * An organization's entries about signatures or comments (subjects `signature:<id>[:name]`,
 * `comment:<id>`), for signers' rights to take a removed signer's name and address out of them.
 */
export async function entriesAboutSignersOf(db: Executor, organizationIds: readonly number[]) {
  if (organizationIds.length === 0) return [];
  return db
    .selectFrom("audit_log")
    .select(["id", "subject", "detail"])
    .where("organization_id", "in", organizationIds)
    .where((eb) => eb.or([eb("subject", "like", "signature:%"), eb("subject", "like", "comment:%")]))
    .execute();
}

export async function rewriteEntry(db: Executor, id: number, subject: string, detail: string): Promise<void> {
  await db.updateTable("audit_log").set({ subject, detail }).where("id", "=", id).execute();
}
