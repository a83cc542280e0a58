/**
 * The OSDI API's use cases for one organization (the key's): its petitions, read through the
 * actions service, their confirmed signatures, through the signatures service, and its people
 * (its contacts) with their signatures, through the contacts service. Every list is
 * keyset-backed (src/db/keyset.ts): a page is an index seek from a cursor or from the id found at
 * its start, never rows read and thrown away.
 */
import type { KeysetWindow, RowCondition } from "../../db/keyset.ts";
import type { ActionsService } from "../actions/actions.service.ts";
import type { ContactsService } from "../contacts/contacts.service.ts";
import type { Contact } from "../contacts/contacts.ts";
import type { SignaturesService } from "../signatures/signatures.service.ts";
import { OsdiBadRequestError, OsdiNotFoundError } from "./osdi.errors.ts";
import {
  consentedView,
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
const contactColumns = {
  modified_date: "updated_at",
  created_date: "created_at",
  identifier: "id",
  email_address: "email_canonical",
  postal_code: "postal_code",
} as const;
const signatureColumns = {
  modified_date: "confirmed_at",
  created_date: "created_at",
  identifier: "id",
} as const;

/**
 * The `filter` as row conditions on the listed table's columns; undefined when one can match
 * nothing (another system's identifier). A filter it cannot read is a 400.
 */
export function rowConditions<Column extends string>(
  filter: string | undefined,
  columns: Partial<Record<FilterField, Column>>,
): RowCondition<Column>[] | undefined {
  const parsed = parseFilter(filter, Object.keys(columns) as FilterField[]);
  if (isProblem(parsed)) throw new OsdiBadRequestError(parsed);
  const rows: RowCondition<Column>[] = [];
  for (const c of parsed) {
    if (c.value === null) return undefined;
    rows.push({ column: columns[c.field]!, operator: operators[c.operator], value: c.value });
  }
  return rows;
}

/** One page of a list read through `read` (a keyset window), or none when the filter matches nothing. */
export async function pageOf<Condition, Row extends { id: number }, T>(
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
      signatures: Pick<SignaturesService, "confirmedSignatures" | "consentedSignaturesOfPerson">;
      contacts: Pick<ContactsService, "contacts" | "contactById">;
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

  /** The organization's people: its contacts, with email_address and postal_code filters. */
  async people(
    organizationId: number,
    paging: Paging,
    filter: string | undefined,
  ): Promise<OsdiPage<Contact>> {
    return pageOf(
      paging,
      rowConditions(filter, contactColumns),
      (rows, window) => this.deps.contacts.contacts(organizationId, rows, window),
      (contact) => contact,
    );
  }

  /**
   * A person's confirmed signatures the organization may see (the signer consented to it), on
   * any of its actions; a person of another organization is 404, one who never signed has none.
   */
  async personSignatures(
    organizationId: number,
    contactId: number,
    paging: Paging,
    filter: string | undefined,
  ): Promise<OsdiPage<OsdiSignature>> {
    const conditions = rowConditions(filter, signatureColumns);
    const { personId } = await this.deps.contacts.contactById(organizationId, contactId);
    return pageOf(
      paging,
      personId === null ? undefined : conditions,
      (rows, window) =>
        this.deps.signatures.consentedSignaturesOfPerson(personId!, organizationId, rows, window),
      consentedView,
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
