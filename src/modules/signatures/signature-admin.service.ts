/** What organizers do with an action's signatures: list, invalidate, restore, export, chart. */
import { type Db, nowIso } from "../../db/database.ts";
import type { KeysetRead, Reader } from "../../db/reader.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { ActionRowCache } from "../actions/action-rows.ts";
import { ActionNotFoundError } from "../actions/actions.errors.ts";
import * as actions from "../actions/actions.repository.ts";
import type { ActionsService } from "../actions/actions.service.ts";
import { completeChange, recordChange } from "../audit/audit.service.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import { canonicalEmail, isPlausibleEmail } from "../people/people.ts";
import { csvRow } from "./csv.ts";
import { applyCountChanges } from "./signature-counts.ts";
import { type CsvLabels, consentingSignerCsvPage, signatureCsvPage } from "./signature-csv.ts";
import * as repo from "./signatures.repository.ts";
import { type BoundedCount, type SignatureListPage, searchFold } from "./signatures.ts";

export const pageSize = 50;
/** Past this many signatures of a status, counts say "more than": no count reads further. */
export const countCap = 10_000;
/** Signatures one text search reads at most, newest first: a substring has no index to seek. */
export const searchWindow = 20_000;
/** Days the dashboard's chart shows. */
const chartDays = 30;

/**
 * Rows per page of an export: a few hundred KB of CSV, few enough round trips to the reader
 * that they cost nothing next to the rows.
 */
const exportPageSize = 5000;

/** What the organizer asked the signatures page for. */
export interface SignatureListQuery {
  search: string;
  status: repo.SignatureStatus | null;
  /** Where the page starts: below an id, above one, or at the newest. */
  cursor: repo.SignatureSeek;
  /** The reader's language, for the action's title. */
  locale: Locale;
}

export class SignatureAdminService {
  constructor(
    private readonly db: Db,
    private readonly actionRows: ActionRowCache,
    private readonly actions: Pick<ActionsService, "heading">,
    /** Slow reads (the exports, the delivery's) go through it: off the event loop on SQLite. */
    private readonly reader: Reader,
  ) {}

  private async action(access: OrganizationAccess, actionId: number) {
    const action = await actions.findOrganizationAction(this.db, access.organization.id, actionId);
    if (!action) throw new ActionNotFoundError(String(actionId));
    return action;
  }

  /**
   * Everything the signatures page shows: the action's heading in the reader's language, one page
   * of the signatures that match, and whether the action has any at all (an empty search and an
   * action nobody has signed yet say different things). A whole address is looked up exactly;
   * other text is searched in a bounded range of the newest signatures; without text the list
   * seeks from its cursor. None of them reads the whole action.
   */
  async listPage(access: OrganizationAccess, actionId: number, query: SignatureListQuery) {
    access.require("signatures.view");
    const action = await this.actions.heading(access, actionId, query.locale);
    const scope = { actionId, status: query.status };
    const term = query.search.trim();
    const page = isPlausibleEmail(term)
      ? await this.byEmail(scope, term)
      : searchFold(term) !== ""
        ? await this.searchText(scope, term, query.cursor)
        : await this.browse(scope, query.cursor);
    const anySignature = page.rows.length > 0 || (await repo.hasSignatures(this.db, actionId));
    return { action, anySignature, pageSize, searchWindow, ...page };
  }

  /** A page of the list from the cursor; a cursor that finds nothing (or too little newer) starts at the newest. */
  private async browse(scope: repo.SignatureScope, cursor: repo.SignatureSeek): Promise<SignatureListPage> {
    const [read, total] = await Promise.all([
      repo.seekSignatures(this.db, scope, cursor, pageSize + 1),
      this.total(scope),
    ]);
    const fromNewer = cursor !== null && "newer" in cursor;
    if (cursor !== null && (read.length === 0 || (fromNewer && read.length <= pageSize)))
      return this.browse(scope, null);
    // The extra row read tells that there is more in the direction read: newest first, it is the
    // first row when reading upwards, the last when reading down.
    const rows = fromNewer ? read.slice(-pageSize) : read.slice(0, pageSize);
    const first = rows[0];
    const last = rows.at(-1);
    const moreNewer = fromNewer
      ? true
      : cursor !== null &&
        first !== undefined &&
        (await repo.anySignatureBeyond(this.db, scope, first.id, "newer"));
    const moreOlder = fromNewer
      ? last !== undefined && (await repo.anySignatureBeyond(this.db, scope, last.id, "older"))
      : read.length > pageSize;
    return {
      rows,
      mode: "list",
      total,
      newer: moreNewer ? first!.id : null,
      older: moreOlder ? last!.id : null,
      atNewest: !moreNewer,
    };
  }

  /** The signature of the person with this address (as the canonical email finds them), if any. */
  private async byEmail(scope: repo.SignatureScope, email: string): Promise<SignatureListPage> {
    const rows = await repo.findByCanonicalEmail(this.db, scope, canonicalEmail(email));
    return {
      rows,
      mode: "email",
      total: { count: rows.length, more: false },
      newer: null,
      older: null,
      atNewest: true,
    };
  }

  /**
   * The first matches of a text among the `searchWindow` signatures below the cursor (the newest
   * without one): at most a page of them, and where the rest of the search continues.
   */
  private async searchText(
    scope: repo.SignatureScope,
    term: string,
    cursor: repo.SignatureSeek,
  ): Promise<SignatureListPage> {
    const before = cursor !== null && "older" in cursor ? cursor.older : null;
    const floor = await repo.searchFloor(this.db, scope, before, searchWindow);
    const found = await repo.searchSignatures(
      this.db,
      this.reader,
      scope,
      term,
      { before, floor },
      pageSize + 1,
    );
    const rows = found.slice(0, pageSize);
    const older = found.length > pageSize ? rows.at(-1)!.id : (floor ?? null);
    return { rows, mode: "text", total: null, newer: null, older, atNewest: before === null };
  }

  /**
   * How many signatures the list has in scope without counting the action's rows: confirmed ones
   * are the action's kept count, the others counted up to `countCap`.
   */
  private async total(scope: repo.SignatureScope): Promise<BoundedCount> {
    const confirmed = async (): Promise<BoundedCount> => ({
      count: await actions.signatureCount(this.db, scope.actionId),
      more: false,
    });
    if (scope.status === "confirmed") return confirmed();
    if (scope.status !== null) return this.countUpTo(scope.actionId, scope.status);
    const parts = await Promise.all([
      confirmed(),
      this.countUpTo(scope.actionId, "pending"),
      this.countUpTo(scope.actionId, "invalidated"),
    ]);
    return {
      count: parts.reduce((sum, part) => sum + part.count, 0),
      more: parts.some((part) => part.more),
    };
  }

  private async countUpTo(actionId: number, status: repo.SignatureStatus): Promise<BoundedCount> {
    const n = await repo.countStatusUpTo(this.db, actionId, status, countCap);
    return { count: Math.min(n, countCap), more: n > countCap };
  }

  /** One signature of the action, as the confirmation step names it. */
  async signature(access: OrganizationAccess, actionId: number, signatureId: number) {
    access.require("signatures.view");
    await this.action(access, actionId);
    const signature = await repo.findSignatureOfAction(this.db, actionId, signatureId);
    if (!signature) throw new ActionNotFoundError(String(signatureId));
    return signature;
  }

  /**
   * Invalidates a signature (it stops counting) or restores it to what it was, and records that in
   * the audit log in the same transaction. Returns whether anything changed.
   */
  async setValid(
    access: OrganizationAccess,
    actionId: number,
    signatureId: number,
    valid: boolean,
  ): Promise<boolean> {
    access.require("signatures.view");
    access.require("actions.edit");
    const action = await this.action(access, actionId);
    const changed = await this.db.transaction().execute(async (trx) => {
      const signature = await repo.findSignatureOfAction(trx, actionId, signatureId);
      if (!signature) throw new ActionNotFoundError(String(signatureId));
      const now = nowIso();
      let to: "pending" | "confirmed" | "invalidated";
      if (!valid && signature.status !== "invalidated") {
        to = "invalidated";
        await repo.setSignatureStatus(trx, signatureId, to, now);
        if (signature.status === "confirmed")
          await applyCountChanges(trx, [{ actionId, confirmedAt: signature.confirmedAt!, delta: -1 }]);
      } else if (valid && signature.status === "invalidated") {
        to = signature.confirmedAt ? "confirmed" : "pending";
        await repo.setSignatureStatus(trx, signatureId, to, null);
        if (to === "confirmed")
          await applyCountChanges(trx, [{ actionId, confirmedAt: signature.confirmedAt!, delta: 1 }]);
      } else {
        return false;
      }
      await recordChange(
        trx,
        access,
        {
          event: valid ? "signature.restored" : "signature.invalidated",
          subject: `signature:${signatureId}:${signature.name}`,
          detail: {
            name: signature.name,
            email: signature.email,
            action: action.slug,
            from: signature.status,
            to,
          },
        },
        now,
      );
      return true;
    });
    this.actionRows.forget(actionId);
    return changed;
  }

  /**
   * The dashboard's numbers: the kept count, pending and invalidated ones counted up to
   * `countCap`, and the chart's days as signature_days keeps them; no scan of the signatures.
   */
  async dashboard(access: OrganizationAccess, actionId: number) {
    access.require("actions.view");
    const action = await this.action(access, actionId);
    const [pending, invalidated, perDay] = await Promise.all([
      this.countUpTo(actionId, "pending"),
      this.countUpTo(actionId, "invalidated"),
      repo.confirmedPerDay(this.db, actionId, chartDays),
    ]);
    return {
      goal: action.goal,
      signatureCount: action.signature_count,
      counts: { pending, invalidated },
      perDay,
    };
  }

  /**
   * The action's signatures as a CSV download: its file name, and its text streamed a page at a
   * time (flat memory at any size), one chunk per page: a chunk per row would cost a stream and
   * compressor round trip per row. The reader reads and formats the pages (on its thread on
   * SQLite). Access is checked and the export written to the audit log before anything is
   * streamed, so a refusal is an error page, not a broken download; the audit entry is completed
   * with the row count at the end.
   */
  async exportCsv(
    access: OrganizationAccess,
    actionId: number,
    labels: CsvLabels,
  ): Promise<{ filename: string; chunks: AsyncGenerator<string> }> {
    access.require("signatures.export");
    const action = await this.action(access, actionId);
    const auditId = await recordChange(this.db, access, {
      event: "signatures.export",
      subject: `action:${action.id}:${action.slug}`,
      detail: { rows: 0, complete: false },
    });
    const chunks = csvChunks(
      this.reader,
      labels.header,
      {
        page: (afterId) => repo.signatureExportPage(this.db, actionId, afterId, exportPageSize),
        size: exportPageSize,
        format: signatureCsvPage,
        options: labels,
      },
      (rows) => completeChange(this.db, auditId, { rows, complete: true }),
    );
    return { filename: `${action.slug}-signatures.csv`, chunks };
  }

  /**
   * Signatures and confirmed signatures per referring partner (null: none) of the sponsor's
   * action, for its partner leaderboard: counts only.
   */
  async referrals(access: OrganizationAccess, actionId: number) {
    access.require("actions.view");
    await this.action(access, actionId);
    return repo.countByReferrer(this.db, actionId);
  }

  /*
   * For the delivery module, which checks the organizer's access to the action itself (its mail
   * job runs with none): confirmed signers as the delivered letter may show them, read by the
   * reader (the count groups every confirmed signature of the action).
   */

  /** Confirmed signatures per postal code as of `asOf`: one grouped query. */
  confirmedPerPostalCode(actionId: number, asOf: string) {
    return repo.confirmedPerPostalCodeAsOf(this.db, this.reader, actionId, asOf);
  }

  /** One keyset page of the signers with these postal codes, confirmed by `asOf`. */
  confirmedSignersIn(
    actionId: number,
    postalCodes: readonly string[],
    after: { postalCode: string; id: number } | null,
    asOf: string,
    limit: number,
  ) {
    return repo.confirmedSignersIn(this.db, this.reader, actionId, postalCodes, after, asOf, limit);
  }

  /*
   * The partner's side. The methods below are about an action `access`'s organization
   * co-sponsors (the caller checks that the co-sponsorship is approved): each reads only the
   * signatures that the accessing organization's own code brought, so none can reach the
   * sponsor's signers or another partner's, whatever the action id.
   */

  /** How many signatures, and confirmed ones, came through the organization's code. */
  async ownReferrals(access: OrganizationAccess, actionId: number) {
    access.require("actions.view");
    const [row] = await repo.countByReferrer(this.db, actionId, access.organization.id);
    return { signatures: row?.signatures ?? 0, confirmed: row?.confirmed ?? 0 };
  }

  /** One page of the signers who came through the organization's code and consented to it. */
  async consentingSigners(access: OrganizationAccess, actionId: number, page: number) {
    access.require("signatures.view");
    const offset = Math.max(0, page - 1) * pageSize;
    const { rows, total } = await repo.listConsentingReferred(
      this.db,
      { actionId, organizationId: access.organization.id },
      { limit: pageSize, offset },
    );
    return { rows, total, page, pageSize };
  }

  /**
   * Those same signers as a CSV download, streamed and audited like the sponsor's export (in the
   * partner's own log): name, email, postal code, status and dates, nothing else.
   */
  async exportConsentingSigners(
    access: OrganizationAccess,
    action: { id: number; slug: string },
    labels: Pick<CsvLabels, "header" | "status">,
  ): Promise<{ filename: string; chunks: AsyncGenerator<string> }> {
    access.require("signatures.export");
    const auditId = await recordChange(this.db, access, {
      event: "signatures.export",
      subject: `action:${action.id}:${action.slug}`,
      detail: { rows: 0, complete: false, consentingTo: access.organization.slug },
    });
    const scope = { actionId: action.id, organizationId: access.organization.id };
    const chunks = csvChunks(
      this.reader,
      labels.header,
      {
        page: (afterId) => repo.consentingReferredPage(this.db, scope, afterId, exportPageSize),
        size: exportPageSize,
        format: consentingSignerCsvPage,
        options: labels,
      },
      (rows) =>
        completeChange(this.db, auditId, { rows, complete: true, consentingTo: access.organization.slug }),
    );
    return { filename: `${action.slug}-${access.organization.slug}-signers.csv`, chunks };
  }
}

/**
 * A CSV export read a page at a time by id (flat memory at any size), one chunk per page;
 * `done` gets the number of rows once the last page is out.
 */
async function* csvChunks<Row extends { id: number }, Labels>(
  reader: Reader,
  header: string[],
  pages: KeysetRead<Row, Labels, string>,
  done: (rows: number) => Promise<void>,
): AsyncGenerator<string> {
  // The byte-order mark makes spreadsheet programs read the file as UTF-8 (accents intact).
  yield `\uFEFF${csvRow(header)}`;
  let rows = 0;
  for await (const page of reader.pages(pages)) {
    yield page.value;
    rows += page.rows;
  }
  await done(rows);
}
