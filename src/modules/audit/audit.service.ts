/** Reading the audit log: an organization's owners see who changed what, by kind of change. */
import { type Db, type Executor, nowIso } from "../../db/database.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import {
  entriesAboutSignersOf,
  listAudit,
  recordAudit,
  rewriteEntry,
  updateAuditDetail,
} from "./audit.repository.ts";
import { isAuditKind } from "./audit.ts";

export interface AuditLine {
  id: number;
  event: string;
  subject: string;
  detail: Record<string, unknown>;
  at: string;
  accountName: string | null;
  accountEmail: string | null;
}

/** A change to record: what happened, what it is about ("action:12:optoutnow"), and its facts. */
export interface Change {
  event: string;
  subject: string;
  detail: Record<string, unknown>;
}

/**
 * Who made a change, in which organization: an OrganizationAccess, a newcomer joining one, or
 * nobody signed in (null: an organization signing on from the public page).
 */
export interface ChangeAuthor {
  actor: { accountId: number | null };
  organization: { id: number };
  /** An API key that made the change (no account behind it): its id goes into the entry's detail. */
  via?: { apiKeyId: number };
}

/**
 * Records a change an actor made in their organization, inside the caller's transaction, so the
 * entry exists exactly when the change does. Every capability records its changes through here.
 */
export function recordChange(
  trx: Executor,
  access: ChangeAuthor,
  change: Change,
  at = nowIso(),
): Promise<number> {
  return recordAudit(trx, {
    accountId: access.actor.accountId,
    organizationId: access.organization.id,
    ...change,
    detail: access.via ? { ...change.detail, ...access.via } : change.detail,
    at,
  });
}

/**
 * Takes a removed or anonymized signer out of the organizations' past entries about their
 * signatures and comments (the entry stays, without the name or address), in the caller's
 * transaction. Signers' rights call it with what they erase.
 */
export async function forgetSignersInChanges(
  trx: Executor,
  organizationIds: readonly number[],
  about: { signatureIds: readonly number[]; commentIds: readonly number[] },
): Promise<void> {
  const signatures = new Set(about.signatureIds);
  const comments = new Set(about.commentIds);
  if (signatures.size + comments.size === 0) return;
  for (const entry of await entriesAboutSignersOf(trx, organizationIds)) {
    const [kind, id] = entry.subject.split(":");
    const n = Number(id);
    if (!(kind === "signature" ? signatures.has(n) : kind === "comment" && comments.has(n))) continue;
    const detail = JSON.parse(entry.detail) as Record<string, unknown>;
    for (const key of ["name", "email"]) if (key in detail) detail[key] = "";
    await rewriteEntry(trx, entry.id, `${kind}:${n}`, JSON.stringify(detail));
  }
}

/** Completes an entry written before a long task (an export) with what the task ended with. */
export function completeChange(
  db: Executor,
  entryId: number,
  detail: Record<string, unknown>,
): Promise<void> {
  return updateAuditDetail(db, entryId, detail);
}

/** Entries per page of the audit log. */
export const auditPageSize = 50;

/** One page of the log, newest first, and whether older entries follow. */
export interface AuditPage {
  entries: AuditLine[];
  page: number;
  hasOlder: boolean;
}

export class AuditService {
  constructor(private readonly db: Db) {}

  /** A page of entries (1 is the newest), of one kind when `kind` names one. */
  async list(access: OrganizationAccess, kind: string, page = 1): Promise<AuditPage> {
    access.require("organization.manage");
    const shown = Number.isSafeInteger(page) && page > 0 ? page : 1;
    // One more than a page tells whether there is an older one.
    const rows = await listAudit(
      this.db,
      access.organization.id,
      { offset: (shown - 1) * auditPageSize, limit: auditPageSize + 1 },
      isAuditKind(kind) ? kind : null,
    );
    return {
      entries: rows.slice(0, auditPageSize).map((row) => ({ ...row, detail: parseDetail(row.detail) })),
      page: shown,
      hasOlder: rows.length > auditPageSize,
    };
  }
}

function parseDetail(raw: string | null): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw ?? "{}");
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
