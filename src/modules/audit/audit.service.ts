/** Reading the audit log: an organization's owners see who changed what, by kind of change. */
import type { Db } from "../../db/database.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import { type AuditKind, auditKinds, listAudit } from "./audit.repository.ts";

export interface AuditLine {
  id: number;
  event: string;
  subject: string;
  detail: Record<string, unknown>;
  at: string;
  accountName: string | null;
  accountEmail: string | null;
}

export function isAuditKind(value: string): value is AuditKind {
  return (auditKinds as readonly string[]).includes(value);
}

export class AuditService {
  constructor(private readonly db: Db) {}

  /** The newest 200 entries, of one kind when `kind` names one. */
  async list(access: OrganizationAccess, kind: string): Promise<AuditLine[]> {
    access.require("organization.manage");
    const rows = await listAudit(this.db, access.organization.id, 200, isAuditKind(kind) ? kind : null);
    return rows.map((row) => ({ ...row, detail: parseDetail(row.detail) }));
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
