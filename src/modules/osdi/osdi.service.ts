/**
 * The OSDI API's use cases for one organization (the key's): its petitions, read through the
 * actions service, their confirmed signatures, through the signatures service, and its people
 * (its contacts) with their signatures, through the contacts service. Every list is
 * keyset-backed (src/db/keyset.ts): a page is an index seek from a cursor or from the id found at
 * its start, never rows read and thrown away.
 */
import { randomBytes } from "node:crypto";
import { type KeysetWindow, PageStarts, type RowCondition } from "../../db/keyset.ts";
import { draftToValues, newActionForm } from "../actions/action-form.ts";
import { ActionStepRefusedError } from "../actions/actions.errors.ts";
import type { ActionsService } from "../actions/actions.service.ts";
import type { ActionEditorService } from "../actions/editor.service.ts";
import { type ApiCaller, ApiKeyAccess } from "../api-keys/api-keys.ts";
import type { ContactsService } from "../contacts/contacts.service.ts";
import type { Contact } from "../contacts/contacts.ts";
import type { CosponsorsService } from "../cosponsors/cosponsors.service.ts";
import { SlugTakenError } from "../organizations/organizations.errors.ts";
import type { PublicProfileRow } from "../organizations/organizations.repository.ts";
import type { OrganizationsService } from "../organizations/organizations.service.ts";
import { slugCandidates } from "../organizations/organizations.ts";
import { canonicalEmail } from "../people/people.ts";
import type { SignaturesService } from "../signatures/signatures.service.ts";
import {
  OsdiBadRequestError,
  OsdiForbiddenError,
  OsdiInvalidFieldsError,
  OsdiNotFoundError,
  OsdiUnprocessableError,
} from "./osdi.errors.ts";
import {
  consentedView,
  type FilterField,
  type InlineSignatureBody,
  isProblem,
  type OsdiOrganization,
  type OsdiPage,
  type OsdiPetition,
  type OsdiSignature,
  type Paging,
  type PetitionInput,
  parseFilter,
  petitionDraft,
  readHelperSignup,
  readSignatureHelper,
  type SignatureHelperBody,
  sponsorView,
  stepsBetween,
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
const organizationColumns = {
  modified_date: "modified_at",
  created_date: "created_at",
  identifier: "id",
} as const;
/** What a petition's body says besides its lifecycle: a body with none of these leaves the texts alone. */
const contentFields = [
  "title",
  "name",
  "description",
  "summary",
  "petition_text",
  "target",
  "juntos:slug",
  "juntos:goal",
] as const;
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
  /** For lists that grow large: where recent pages began, so page N seeks like page 1. */
  starts?: { memo: PageStarts; list: string },
): Promise<OsdiPage<T>> {
  const { page, perPage } = paging;
  if (!conditions) return { items: [], page, perPage, totalRecords: 0, totalPages: 0, nextAfter: null };
  const skip = (page - 1) * perPage;
  const bare = paging.after === null;
  const list = starts && `${starts.list}\u0000${JSON.stringify(conditions)}\u0000${perPage}`;
  const known = bare && skip > 0 && list ? starts.memo.find(list, skip) : undefined;
  let { total, rows } = await read(conditions, {
    afterId: paging.after ?? known?.afterId ?? null,
    skip,
    limit: perPage,
  });
  // The list changed since that page was served: its start is looked up afresh.
  if (known && total !== known.total)
    ({ total, rows } = await read(conditions, { afterId: null, skip, limit: perPage }));
  if (bare && list) starts.memo.remember(list, skip, total, rows, perPage);
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
  /** The two lists that grow large: a petition's signatures and an organization's people. */
  private readonly pageStarts = new PageStarts();

  constructor(
    private readonly deps: {
      actions: Pick<ActionsService, "sponsoredSigningActions" | "sponsorsSigningAction">;
      signatures: Pick<
        SignaturesService,
        "confirmedSignatures" | "consentedSignaturesOfPerson" | "record" | "recorded"
      >;
      contacts: Pick<ContactsService, "contacts" | "contactById" | "contactIdsFor">;
      editor: Pick<ActionEditorService, "create" | "update" | "takeStep" | "draft">;
      organizations: Pick<OrganizationsService, "publicProfiles">;
      cosponsors: Pick<CosponsorsService, "partnerOrganizationIds">;
    },
  ) {}

  /**
   * A petition written by a key, through the organizers' editor (its rules, audit log and
   * lifecycle): a draft, unless the body asks for another status and the key is trusted by its
   * organization. Without `juntos:slug` its link name comes from its title, made unique.
   */
  async createPetition(caller: ApiCaller, input: PetitionInput): Promise<OsdiPetition> {
    const access = new ApiKeyAccess(caller);
    const steps = this.allowedSteps(caller, "draft", input["juntos:status"] ?? "draft");
    const chosenSlug = input["juntos:slug"];
    const candidates =
      chosenSlug !== undefined
        ? [chosenSlug]
        : slugCandidates(input.title ?? input.name ?? "", () => randomBytes(3).toString("hex"), "petition");
    const checked = petitionDraft({ ...newActionForm(new Date()), slug: candidates[0]! }, input, true);
    if (!checked.ok) throw new OsdiInvalidFieldsError(checked.errors);
    let id: number | undefined;
    for (const slug of candidates) {
      try {
        id = await this.deps.editor.create(access, { ...checked.draft, slug });
        break;
      } catch (error) {
        if (!(error instanceof SlugTakenError)) throw error;
      }
    }
    if (id === undefined) throw slugTaken();
    for (const step of steps) await this.deps.editor.takeStep(access, id, step);
    return this.petition(caller.organizationId, id);
  }

  /**
   * Changes what a body says of one of the key's organization's petitions (another's is 404);
   * absent fields stay as they are. A status change takes the lifecycle's steps, trusted keys only.
   */
  async updatePetition(caller: ApiCaller, id: number, input: PetitionInput): Promise<OsdiPetition> {
    const current = await this.petition(caller.organizationId, id);
    const access = new ApiKeyAccess(caller);
    const steps = this.allowedSteps(caller, current.status, input["juntos:status"] ?? current.status);
    if (contentFields.some((field) => input[field] !== undefined)) {
      const checked = petitionDraft(draftToValues(await this.deps.editor.draft(access, id)), input, false);
      if (!checked.ok) throw new OsdiInvalidFieldsError(checked.errors);
      try {
        await this.deps.editor.update(access, id, checked.draft);
      } catch (error) {
        throw error instanceof SlugTakenError ? slugTaken() : error;
      }
    }
    for (const step of steps) await this.deps.editor.takeStep(access, id, step);
    return this.petition(caller.organizationId, id);
  }

  /** The steps from one status to another, refused when none lead there or the key may not take them. */
  private allowedSteps(caller: ApiCaller, from: OsdiPetition["status"], to: OsdiPetition["status"]) {
    const steps = stepsBetween(from, to);
    if (!steps) throw new ActionStepRefusedError(to, from);
    // What the public sees, and signs, in the organization's name: only a key it trusts.
    if (steps.length > 0 && !caller.trusted)
      throw new OsdiForbiddenError(`a key not trusted by its organization cannot make a petition ${to}`);
    return steps;
  }

  /**
   * The organizations a key may know: its own and those co-sponsoring its actions (approved, with
   * an account), their public profiles only.
   */
  async organizations(
    organizationId: number,
    paging: Paging,
    filter: string | undefined,
  ): Promise<OsdiPage<OsdiOrganization>> {
    const conditions = rowConditions(filter, organizationColumns);
    const ids = await this.relatedOrganizationIds(organizationId);
    return pageOf(
      paging,
      conditions,
      (rows, window) => this.deps.organizations.publicProfiles(ids, rows, window),
      toOrganization,
    );
  }

  async organization(organizationId: number, id: number): Promise<OsdiOrganization> {
    if (!(await this.relatedOrganizationIds(organizationId)).includes(id))
      throw new OsdiNotFoundError(String(id));
    const { rows } = await this.deps.organizations.publicProfiles([id], [], {
      afterId: 0,
      skip: 0,
      limit: 1,
    });
    const [row] = rows;
    if (!row) throw new OsdiNotFoundError(String(id));
    return toOrganization(row);
  }

  private async relatedOrganizationIds(organizationId: number): Promise<number[]> {
    const partners = await this.deps.cosponsors.partnerOrganizationIds(organizationId);
    return [organizationId, ...partners.filter((id) => id !== organizationId)];
  }

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

  /** A petition of the organization, else 404: the scope check of what hangs under a petition. */
  private async requirePetition(organizationId: number, id: number): Promise<void> {
    if (!(await this.deps.actions.sponsorsSigningAction(organizationId, id)))
      throw new OsdiNotFoundError(String(id));
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
    await this.requirePetition(organizationId, petitionId);
    const page = await pageOf(
      paging,
      conditions,
      (rows, window) => this.deps.signatures.confirmedSignatures(petitionId, rows, window),
      sponsorView,
      { memo: this.pageStarts, list: `signatures:${petitionId}` },
    );
    return { ...page, items: await this.withContacts(organizationId, page.items) };
  }

  /**
   * The signers' contacts in the organization, for the signatures that show their signer (who
   * consented to it, so a confirmed one is its contact): one read for the whole page.
   */
  private async withContacts(organizationId: number, signatures: OsdiSignature[]): Promise<OsdiSignature[]> {
    const emailOf = (signature: OsdiSignature) => signature.person && canonicalEmail(signature.person.email);
    const emails = new Set(signatures.flatMap((signature) => emailOf(signature) ?? []));
    const contactIds = await this.deps.contacts.contactIdsFor(organizationId, [...emails]);
    return signatures.map((signature) => {
      const email = emailOf(signature);
      return { ...signature, contactId: (email !== null && contactIds.get(email)) || null };
    });
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
      { memo: this.pageStarts, list: `people:${organizationId}` },
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
      (row) => ({ ...consentedView(row), contactId }),
    );
  }

  async signature(organizationId: number, petitionId: number, signatureId: number): Promise<OsdiSignature> {
    await this.requirePetition(organizationId, petitionId);
    const { rows } = await this.deps.signatures.confirmedSignatures(
      petitionId,
      [{ column: "id", operator: "=", value: signatureId }],
      { afterId: 0, skip: 0, limit: 1 },
    );
    const [row] = rows;
    if (!row) throw new OsdiNotFoundError(String(signatureId));
    const [signature] = await this.withContacts(organizationId, [sponsorView(row)]);
    return signature!;
  }

  /**
   * Records a signature through the petition's record_signature_helper. With a key, only on the
   * key's organization's petitions (another's is a 404), answered with the signature as its
   * sponsor sees it, pending or not; a signer who consented to the sponsor also becomes (or
   * updates) its contact with the whole person sent and the body's tags, in the signature's
   * transaction. Without a key, on any published petition (its form is public too), answered
   * with nothing: the caller must not learn whether the address had signed.
   */
  async recordSignature(
    caller: ApiCaller | null,
    petitionId: number,
    body: InlineSignatureBody,
  ): Promise<OsdiSignature | null> {
    const input = readSignatureHelper(body, caller);
    if (isProblem(input)) throw new OsdiUnprocessableError(input);
    const signup = readHelperSignup(body, caller, input.signing);
    if (signup && isProblem(signup)) throw new OsdiUnprocessableError(signup);
    if (caller) await this.requirePetition(caller.organizationId, petitionId);
    const { signatureId } = await this.deps.signatures.record(petitionId, input, signup);
    if (!caller) return null;
    const recorded = await this.deps.signatures.recorded(signatureId);
    if (!recorded) throw new OsdiNotFoundError(String(signatureId));
    const [signature] = await this.withContacts(caller.organizationId, [sponsorView(recorded)]);
    return signature!;
  }

  /**
   * Action Network's non-helper form (Parsons' create_signature): the signer is one of the key's
   * organization's contacts, named by id (another organization's is a 404), signing with its
   * email and name. It is the organization's own supporter: it consents to the sponsor unless
   * the contact is unsubscribed.
   */
  async recordContactSignature(
    caller: ApiCaller,
    petitionId: number,
    contactId: number,
    body: SignatureHelperBody,
  ): Promise<OsdiSignature> {
    const contact = await this.deps.contacts.contactById(caller.organizationId, contactId);
    if (contact.givenName === "" && contact.familyName === "")
      throw new OsdiUnprocessableError({
        code: "invalid_field",
        property: "_links.osdi:person",
        description: "This person has no name: a signature shows its signer's name",
        hint: "Give the person a given_name (POST /people) first",
      });
    if (contact.email === null)
      throw new OsdiUnprocessableError({
        code: "email_required",
        property: "_links.osdi:person",
        description:
          "This person has no email address: Juntos keeps one signature per person per petition, found by email",
        hint: "Give the person an email address (POST /people) first",
      });
    const signature = await this.recordSignature(caller, petitionId, {
      ...body,
      person: {
        given_name: contact.givenName,
        family_name: contact.familyName,
        email_addresses: [
          {
            address: contact.email,
            ...(contact.emailStatus === "unsubscribed" ? { status: "unsubscribed" } : {}),
          },
        ],
        postal_addresses: [{ postal_code: contact.postalCode }],
      },
    });
    if (!signature) throw new Error("a keyed signature answered nothing");
    return signature;
  }
}

function slugTaken(): OsdiInvalidFieldsError {
  return new OsdiInvalidFieldsError([{ property: "juntos:slug", key: "field.slug.taken" }]);
}

function toOrganization(row: PublicProfileRow): OsdiOrganization {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    website: row.website && /^https?:\/\//i.test(row.website) ? row.website : null,
    logoUpdatedAt: row.logoUpdatedAt,
    description: row.description ?? "",
    createdAt: row.createdAt,
    modifiedAt: row.logoUpdatedAt ?? row.createdAt,
  };
}

function toPetition(
  row: Awaited<ReturnType<ActionsService["sponsoredSigningActions"]>>["rows"][number],
): OsdiPetition {
  return {
    id: row.id,
    slug: row.slug,
    status: row.status,
    archived: row.archivedAt !== null,
    goal: row.goal,
    title: row.title,
    summary: row.summary,
    description: row.description,
    petitionText: row.letterText,
    targets: row.targets,
    totalSignatures: row.signatureCount,
    createdAt: row.createdAt,
    modifiedAt: row.updatedAt,
    sponsor: { id: row.sponsorId, name: row.sponsorName },
    cosponsors: row.cosponsors.map(({ organizationId, name, website }) => ({
      organizationId,
      name,
      website,
    })),
  };
}
