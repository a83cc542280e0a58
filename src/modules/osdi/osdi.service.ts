/**
 * The OSDI API's use cases for one organization (the key's): its petitions, read through the
 * actions service, and their confirmed signatures, through the signatures service. Every list is
 * keyset-backed (src/db/keyset.ts): a page is an index seek from a cursor or from the id found at
 * its start, never rows read and thrown away.
 */
import type { KeysetWindow, RowCondition } from "../../db/keyset.ts";
import type { ActionsService } from "../actions/actions.service.ts";
import type { ApiCaller } from "../api-keys/api-keys.ts";
import type { SignaturesService } from "../signatures/signatures.service.ts";
import type { RecordInput } from "../signatures/signatures.ts";
import { OsdiBadRequestError, OsdiNotFoundError } from "./osdi.errors.ts";
import {
  type FilterField,
  isProblem,
  type OsdiPage,
  type OsdiPetition,
  type OsdiSignature,
  type Paging,
  parseFilter,
  sponsorView,
} from "./osdi.ts";

const operators = { eq: "=", gt: ">", lt: "<" } as const;
const actionColumns = { modified_date: "updated_at", created_date: "created_at", identifier: "id" } as const;
const signatureColumns = {
  modified_date: "confirmed_at",
  created_date: "created_at",
  identifier: "id",
} as const;

/**
 * The `filter` as row conditions on the listed table's columns; undefined when one can match
 * nothing (another system's identifier). A filter it cannot read is a 400.
 */
function rowConditions<Column extends string>(
  filter: string | undefined,
  columns: Record<FilterField, Column>,
): RowCondition<Column>[] | undefined {
  const parsed = parseFilter(filter);
  if (isProblem(parsed)) throw new OsdiBadRequestError(parsed);
  const rows: RowCondition<Column>[] = [];
  for (const c of parsed) {
    if (c.value === null) return undefined;
    rows.push({ column: columns[c.field], operator: operators[c.operator], value: c.value });
  }
  return rows;
}

/** One page of a list read through `read` (a keyset window), or none when the filter matches nothing. */
async function pageOf<Condition, Row extends { id: number }, T>(
  paging: Paging,
  conditions: Condition[] | undefined,
  read: (conditions: Condition[], window: KeysetWindow) => Promise<{ total: number; rows: Row[] }>,
  toItem: (row: Row) => T,
): Promise<OsdiPage<T>> {
  const { page, perPage } = paging;
  if (!conditions) return { items: [], page, perPage, totalRecords: 0, totalPages: 0, nextAfter: null };
  const window = { afterId: paging.after, skip: (page - 1) * perPage, limit: perPage };
  const { total, rows } = await read(conditions, window);
  const totalPages = Math.ceil(total / perPage);
  const last = rows.at(-1);
  return {
    items: rows.map(toItem),
    page,
    perPage,
    totalRecords: total,
    totalPages,
    nextAfter: page < totalPages && last ? last.id : null,
  };
}

export class OsdiService {
  constructor(
    private readonly deps: {
      actions: Pick<ActionsService, "sponsoredSigningActions">;
      signatures: Pick<SignaturesService, "confirmedSignatures" | "record" | "recorded">;
    },
  ) {}

  async petitions(
    organizationId: number,
    paging: Paging,
    filter: string | undefined,
  ): Promise<OsdiPage<OsdiPetition>> {
    return pageOf(
      paging,
      rowConditions(filter, actionColumns),
      (rows, window) => this.deps.actions.sponsoredSigningActions(organizationId, rows, window),
      toPetition,
    );
  }

  async petition(organizationId: number, id: number): Promise<OsdiPetition> {
    const { rows } = await this.deps.actions.sponsoredSigningActions(
      organizationId,
      [{ column: "id", operator: "=", value: id }],
      { afterId: 0, skip: 0, limit: 1 },
    );
    const [row] = rows;
    if (!row) throw new OsdiNotFoundError(String(id));
    return toPetition(row);
  }

  /**
   * The confirmed signatures of one of the organization's petitions (another's is 404), as its
   * sponsor sees them: pending ones do not exist here.
   */
  async signatures(
    organizationId: number,
    petitionId: number,
    paging: Paging,
    filter: string | undefined,
  ): Promise<OsdiPage<OsdiSignature>> {
    const conditions = rowConditions(filter, signatureColumns);
    await this.petition(organizationId, petitionId);
    return pageOf(
      paging,
      conditions,
      (rows, window) => this.deps.signatures.confirmedSignatures(petitionId, rows, window),
      sponsorView,
    );
  }

  async signature(organizationId: number, petitionId: number, signatureId: number): Promise<OsdiSignature> {
    await this.petition(organizationId, petitionId);
    const { rows } = await this.deps.signatures.confirmedSignatures(
      petitionId,
      [{ column: "id", operator: "=", value: signatureId }],
      { afterId: 0, skip: 0, limit: 1 },
    );
    const [row] = rows;
    if (!row) throw new OsdiNotFoundError(String(signatureId));
    return sponsorView(row);
  }

  /**
   * Records a signature through the petition's record_signature_helper. With a key, only on the
   * key's organization's petitions (another's is a 404), answered with the signature as its
   * sponsor sees it, pending or not. Without a key, on any published petition (its form is
   * public too), answered with nothing: the caller must not learn whether the address had signed.
   */
  async recordSignature(
    caller: ApiCaller | null,
    petitionId: number,
    input: RecordInput,
  ): Promise<OsdiSignature | null> {
    if (caller) await this.petition(caller.organizationId, petitionId);
    const { signatureId } = await this.deps.signatures.record(petitionId, input);
    if (!caller) return null;
    const recorded = await this.deps.signatures.recorded(signatureId);
    if (!recorded) throw new OsdiNotFoundError(String(signatureId));
    return sponsorView(recorded);
  }
}

function toPetition(
  row: Awaited<ReturnType<ActionsService["sponsoredSigningActions"]>>["rows"][number],
): OsdiPetition {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    description: row.description,
    petitionText: row.letterText,
    targets: row.targets,
    totalSignatures: row.signatureCount,
    createdAt: row.createdAt,
    modifiedAt: row.updatedAt,
    sponsor: { id: row.sponsorId, name: row.sponsorName },
    cosponsors: row.cosponsors,
  };
}
