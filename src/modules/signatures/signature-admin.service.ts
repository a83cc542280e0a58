/** What organizers do with an action's signatures: list, invalidate, restore, export, chart. */
import { type Db, nowIso } from "../../db/database.ts";
import type { ActionRowCache } from "../actions/action-rows.ts";
import { ActionNotFoundError } from "../actions/actions.errors.ts";
import * as actions from "../actions/actions.repository.ts";
import * as audit from "../audit/audit.repository.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import { csvRow } from "./csv.ts";
import * as repo from "./signatures.repository.ts";

export const pageSize = 50;

/** The export's words in the reader's language: column names, statuses, yes and no. */
export interface CsvLabels {
  header: string[];
  status: Record<"pending" | "confirmed" | "invalidated", string>;
  yes: string;
  no: string;
}
const exportBatch = 1000;

export class SignatureAdminService {
  constructor(
    private readonly db: Db,
    private readonly actionRows: ActionRowCache,
  ) {}

  private async action(access: OrganizationAccess, actionId: number) {
    const action = await actions.findOrganizationAction(this.db, access.organization.id, actionId);
    if (!action) throw new ActionNotFoundError(String(actionId));
    return action;
  }

  async list(
    access: OrganizationAccess,
    actionId: number,
    query: Omit<repo.SignatureQuery, "actionId">,
    page: number,
  ) {
    access.require("signatures.view");
    await this.action(access, actionId);
    const offset = Math.max(0, page - 1) * pageSize;
    return repo.listSignatures(this.db, { ...query, actionId }, { limit: pageSize, offset });
  }

  /** Invalidates a signature (it stops counting) or restores it to what it was. */
  async setValid(
    access: OrganizationAccess,
    actionId: number,
    signatureId: number,
    valid: boolean,
  ): Promise<void> {
    access.require("signatures.view");
    access.require("actions.edit");
    await this.action(access, actionId);
    await this.db.transaction().execute(async (trx) => {
      const signature = await repo.findSignatureOfAction(trx, actionId, signatureId);
      if (!signature) throw new ActionNotFoundError(String(signatureId));
      if (!valid && signature.status !== "invalidated") {
        await repo.setSignatureStatus(trx, signatureId, "invalidated", nowIso());
        if (signature.status === "confirmed") await actions.addToSignatureCount(trx, actionId, -1);
      } else if (valid && signature.status === "invalidated") {
        const restored = signature.confirmedAt ? "confirmed" : "pending";
        await repo.setSignatureStatus(trx, signatureId, restored, null);
        if (restored === "confirmed") await actions.addToSignatureCount(trx, actionId, 1);
      }
    });
    this.actionRows.forget(actionId);
  }

  async dashboard(access: OrganizationAccess, actionId: number) {
    access.require("actions.view");
    const action = await this.action(access, actionId);
    const [counts, perDay] = await Promise.all([
      repo.countByStatus(this.db, actionId),
      repo.confirmedPerDay(this.db, actionId),
    ]);
    return { goal: action.goal, signatureCount: action.signature_count, counts, perDay };
  }

  /**
   * Streams every signature of the action as CSV, a page at a time (flat memory at any size),
   * one chunk per page: a chunk per row would cost a stream and compressor round trip per row.
   * The export is written to the audit log before the first row and completed with the row count.
   */
  async *exportCsv(access: OrganizationAccess, actionId: number, labels: CsvLabels): AsyncGenerator<string> {
    access.require("signatures.export");
    const action = await this.action(access, actionId);
    const subject = `action:${action.id}:${action.slug}`;
    const entry = {
      event: "signatures.export",
      subject,
      organizationId: access.organization.id,
      accountId: access.actor.accountId,
    };
    const auditId = await audit.recordAudit(this.db, {
      ...entry,
      detail: { rows: 0, complete: false },
      at: nowIso(),
    });
    // The byte-order mark makes spreadsheet programs read the file as UTF-8 (accents intact).
    yield `\uFEFF${csvRow(labels.header)}`;
    let rows = 0;
    let afterId = 0;
    for (;;) {
      // SQLite answers synchronously: without a turn of the event loop between pages, a large
      // export would hold up every other request (signing included) until it ends.
      await new Promise((resolve) => setImmediate(resolve));
      const batch = await repo.signaturesAfter(this.db, actionId, afterId, exportBatch);
      if (batch.length > 0) {
        yield batch
          .map((s) =>
            csvRow([
              s.name,
              s.email,
              s.postalCode,
              labels.status[s.status],
              s.createdAt,
              s.confirmedAt,
              s.source,
              s.consentSponsor ? labels.yes : labels.no,
              s.comment,
            ]),
          )
          .join("");
      }
      rows += batch.length;
      if (batch.length < exportBatch) break;
      afterId = batch[batch.length - 1]!.id;
    }
    await audit.updateAuditDetail(this.db, auditId, { rows, complete: true });
  }
}
