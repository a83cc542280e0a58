/**
 * The OSDI API's use cases for one organization (the key's): its petitions, read through the
 * actions service. Every list is keyset-backed: a page is an index seek from a cursor or from the
 * id found at its start, never rows read and thrown away.
 */
import type { ActionRowCondition } from "../actions/actions.repository.ts";
import type { ActionsService } from "../actions/actions.service.ts";
import { OsdiBadRequestError, OsdiNotFoundError } from "./osdi.errors.ts";
import {
  type Condition,
  isProblem,
  type OsdiPage,
  type OsdiPetition,
  type Paging,
  parseFilter,
} from "./osdi.ts";

const operators = { eq: "=", gt: ">", lt: "<" } as const;
const columns = { modified_date: "updated_at", created_date: "created_at", identifier: "id" } as const;

/** Filter conditions as row conditions; undefined when one can match nothing (another system's identifier). */
function rowConditions(conditions: Condition[]): ActionRowCondition[] | undefined {
  const rows: ActionRowCondition[] = [];
  for (const c of conditions) {
    if (c.value === null) return undefined;
    rows.push({ column: columns[c.field], operator: operators[c.operator], value: c.value });
  }
  return rows;
}

export class OsdiService {
  constructor(private readonly deps: { actions: Pick<ActionsService, "sponsoredSigningActions"> }) {}

  async petitions(
    organizationId: number,
    paging: Paging,
    filter: string | undefined,
  ): Promise<OsdiPage<OsdiPetition>> {
    const parsed = parseFilter(filter);
    if (isProblem(parsed)) throw new OsdiBadRequestError(parsed);
    const conditions = rowConditions(parsed);
    const { page, perPage } = paging;
    if (!conditions) return { items: [], page, perPage, totalRecords: 0, totalPages: 0, nextAfter: null };
    const { total, rows } = await this.deps.actions.sponsoredSigningActions(organizationId, conditions, {
      afterId: paging.after,
      skip: (page - 1) * perPage,
      limit: perPage,
    });
    const totalPages = Math.ceil(total / perPage);
    const last = rows.at(-1);
    return {
      items: rows.map(toPetition),
      page,
      perPage,
      totalRecords: total,
      totalPages,
      nextAfter: page < totalPages && last ? last.id : null,
    };
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
