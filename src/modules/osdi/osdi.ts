/**
 * OSDI (as Action Network speaks it) for our actions: identifiers, paging and the `filter`
 * language, as pure rules. HAL and URLs are the HTTP layer's (src/http/api/osdi/).
 */

import type { MessageKey } from "../../i18n/catalog.ts";
import { defaultLocale, isLocale } from "../../i18n/locale.ts";
import {
  type ActionDraft,
  type ActionFormValues,
  emptyTargetRow,
  textLimits,
  validateActionForm,
} from "../actions/action-form.ts";
import type { ActionStatus } from "../actions/actions.ts";
import type { StatusStep } from "../actions/editor.service.ts";
import { isPersonProblem, type PersonSignup, readPersonSignup } from "../contacts/contacts.ts";
import { canonicalEmail, isPlausibleEmail } from "../people/people.ts";
import {
  cleanHost,
  cleanSource,
  limits,
  type RecordedSignature,
  type RecordInput,
  type SignatureRecord,
} from "../signatures/signatures.ts";
import { distinctTagNames } from "../tags/tags.ts";
import { isUnreadable } from "../text.ts";

/** Our curie and identifier prefix: `juntos:12`. */
export const osdiNamespace = "juntos";
/** Action Network's page size limit, which real clients assume. */
export const maxPageSize = 25;

export function osdiIdentifier(id: number): string {
  return `${osdiNamespace}:${id}`;
}

export type OsdiProblemCode = "invalid_filter" | "invalid_paging" | "invalid_field" | "email_required";

export interface OsdiProblem {
  code: OsdiProblemCode;
  /** The query parameter or body property at fault (`person.email_addresses`). */
  property: string;
  description: string;
  hint: string;
}

export interface Paging {
  page: number;
  perPage: number;
  /** The last id of the page before, when the client followed our `next` link: the seek starts there. */
  after: number | null;
}

const positiveInteger = /^[1-9]\d{0,8}$/;

/** `page` (1-based), `per_page` (1…25) and our `after` cursor; absent ones take their defaults. */
export function readPaging(query: Record<string, string | undefined>): Paging | OsdiProblem {
  const problem = (property: string, description: string, hint: string): OsdiProblem => ({
    code: "invalid_paging",
    property,
    description,
    hint,
  });
  const { page = "1", per_page: perPage = String(maxPageSize), after } = query;
  if (!positiveInteger.test(page))
    return problem("page", `page must be a whole number from 1, not '${page}'`, "page=1");
  if (!positiveInteger.test(perPage) || Number(perPage) > maxPageSize)
    return problem(
      "per_page",
      `per_page must be a whole number from 1 to ${maxPageSize}`,
      `per_page=${maxPageSize}`,
    );
  if (after !== undefined && !/^(0|[1-9]\d{0,14})$/.test(after))
    return problem("after", "after must be the cursor of a next link", "follow _links.next as given");
  return { page: Number(page), perPage: Number(perPage), after: after === undefined ? null : Number(after) };
}

export function isProblem(value: object): value is OsdiProblem {
  return "code" in value && "hint" in value;
}

/** What every collection filters on (Action Network's common three). */
export const commonFilterFields = ["modified_date", "created_date", "identifier"] as const;
/** People's virtual fields for their array members, compared with `eq` only. */
export const personFilterFields = ["email_address", "postal_code"] as const;
export type FilterField = (typeof commonFilterFields)[number] | (typeof personFilterFields)[number];
export type FilterOperator = "eq" | "gt" | "lt";

/**
 * One condition; dates as our stored ISO text, identifiers as our native id (null: another
 * system's), an email address as its canonical form.
 */
export type Condition =
  | { field: "modified_date" | "created_date"; operator: FilterOperator; value: string }
  | { field: "identifier"; operator: FilterOperator; value: number | null }
  | { field: (typeof personFilterFields)[number]; operator: "eq"; value: string };

const condition = /^\s*([a-z_]+)\s+([a-z]+)\s+'((?:[^']|'')*)'\s*$/i;

/**
 * `filter` (or `$filter`): conditions joined by `and`, each `<field> eq|gt|lt '<value>'`, on the
 * fields the collection accepts (by default modified_date, created_date and identifier, what
 * Action Network offers everywhere). Anything else is a problem the client is told about, never
 * ignored: a silently dropped condition would hand a sync script the wrong records.
 */
export function parseFilter(
  text: string | undefined,
  filterFields: readonly FilterField[] = commonFilterFields,
): Condition[] | OsdiProblem {
  if (text === undefined || text.trim() === "") return [];
  const problem = (description: string): OsdiProblem => ({
    code: "invalid_filter",
    property: "filter",
    description,
    hint: `filter=modified_date gt '2024-01-01' (fields: ${filterFields.join(", ")}; operators: eq, gt, lt)`,
  });
  const conditions: Condition[] = [];
  for (const part of text.split(/\s+and\s+(?=(?:[^']*'[^']*')*[^']*$)/i)) {
    const match = condition.exec(part);
    if (!match) return problem(`cannot read '${part.trim()}' as <field> <operator> '<value>'`);
    const [, rawField = "", rawOperator = "", rawValue = ""] = match;
    const field = rawField.toLowerCase() as FilterField;
    const operator = rawOperator.toLowerCase() as FilterOperator;
    const value = rawValue.replaceAll("''", "'");
    if (!filterFields.includes(field)) return problem(`cannot filter on '${rawField}'`);
    if (!["eq", "gt", "lt"].includes(operator)) return problem(`operator '${rawOperator}' is not supported`);
    if (field === "email_address" || field === "postal_code") {
      if (operator !== "eq") return problem(`${field} takes eq only`);
      conditions.push({
        field,
        operator,
        value: field === "email_address" ? canonicalEmail(value) : value.trim(),
      });
      continue;
    }
    if (field === "identifier") {
      const native = new RegExp(`^${osdiNamespace}:([1-9]\\d{0,14})$`).exec(value);
      if (!native && !/^[a-z0-9_]+:\S+$/i.test(value))
        return problem(`'${value}' is not an identifier like '${osdiIdentifier(12)}'`);
      conditions.push({ field, operator, value: native ? Number(native[1]) : null });
      continue;
    }
    const date = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)
      ? new Date(value.length === 10 ? `${value}T00:00:00Z` : value)
      : null;
    if (!date || Number.isNaN(date.getTime())) return problem(`'${value}' is not a date like '2024-01-31'`);
    conditions.push({ field, operator, value: date.toISOString() });
  }
  return conditions;
}

/** A page of a collection: which records, how many in all, and where the page stands. */
export interface OsdiPage<T> {
  items: T[];
  page: number;
  perPage: number;
  totalRecords: number;
  totalPages: number;
  /** The cursor of the next page (its `after`), when there is one. */
  nextAfter: number | null;
}

export interface OsdiPetition {
  id: number;
  slug: string;
  status: ActionStatus;
  archived: boolean;
  goal: number;
  title: string;
  summary: string;
  /** Markdown, as organizers write it; the API renders it to HTML like the public page. */
  description: string;
  petitionText: string;
  targets: string[];
  totalSignatures: number;
  createdAt: string;
  modifiedAt: string;
  sponsor: { id: number; name: string };
  /** Approved co-sponsors; those that signed on without an account have no organization id. */
  cosponsors: { organizationId: number | null; name: string; website: string | null }[];
}

/** An organization as any key related to it may see it: what its public pages show. */
export interface OsdiOrganization {
  id: number;
  slug: string;
  name: string;
  /** Only http(s) addresses. */
  website: string | null;
  /** When its logo was last uploaded; null when it has none. */
  logoUpdatedAt: string | null;
  description: string;
  createdAt: string;
  /** Its last dated change: a new logo (profile edits are not dated), else its creation. */
  modifiedAt: string;
}

/**
 * A petition as a client writes it (POST creates, PUT merges: what is absent stays): OSDI's
 * fields and ours under our namespace. The texts are the English ones, which every action has;
 * the description is Markdown, stored as given.
 */
export interface PetitionInput {
  title?: string;
  /** Action Network's administrative title; we keep one title, so it stands in when `title` is absent. */
  name?: string;
  description?: string;
  summary?: string;
  petition_text?: string;
  /** The whole list of targets: a PUT with `target` replaces it (a kept name keeps its titles). */
  target?: { name: string }[];
  "juntos:slug"?: string;
  "juntos:goal"?: number;
  "juntos:status"?: ActionStatus;
}

/** A field of a written petition our rules refuse, named as the client sent it. */
export interface OsdiFieldError {
  property: string;
  key: MessageKey;
  params?: Record<string, number>;
}

/** The editor's field names as the API's body names them. */
const apiFieldNames: Record<string, string> = {
  title_en: "title",
  summary_en: "summary",
  description_en: "description",
  letter_en: "petition_text",
  slug: `${osdiNamespace}:slug`,
  goal: `${osdiNamespace}:goal`,
};

function apiFieldName(field: string): string {
  const target = /^target_(\d+)_(name|title_en|title_es)$/.exec(field);
  if (target) return target[2] === "name" ? `target[${target[1]}].name` : `target[${target[1]}]`;
  return apiFieldNames[field] ?? field;
}

/**
 * A summary for a petition written without one (Action Network's example bodies have none, the
 * editor asks for one): the description's first paragraph as plain text, cut at a word.
 */
export function summaryFrom(description: string): string {
  const [paragraph = ""] = description.trim().split(/\n\s*\n/);
  const text = paragraph
    .replace(/<[^>]*>/g, " ")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s*(#+|-|>)\s+/gm, "")
    .replace(/[*_`]+/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (text.length <= textLimits.summary) return text;
  return `${text.slice(0, textLimits.summary - 1).replace(/\s+\S*$/, "")}…`;
}

/**
 * The petition a written body makes of `base` (the editor's form of the stored action, or of a
 * new one), through the editor's own rules; refused fields are named as the body names them.
 */
export function petitionDraft(
  base: ActionFormValues,
  input: PetitionInput,
  creating: boolean,
): { ok: true; draft: ActionDraft } | { ok: false; errors: OsdiFieldError[] } {
  const values: ActionFormValues = { ...base };
  const title = input.title ?? input.name;
  if (title !== undefined) values.title_en = title;
  if (input.description !== undefined) values.description_en = input.description;
  if (input.summary !== undefined) values.summary_en = input.summary;
  else if (creating) values.summary_en = summaryFrom(values.description_en);
  if (input.petition_text !== undefined) values.letter_en = input.petition_text;
  if (input[`${osdiNamespace}:slug`] !== undefined) values.slug = input[`${osdiNamespace}:slug`]!;
  if (input[`${osdiNamespace}:goal`] !== undefined) values.goal = String(input[`${osdiNamespace}:goal`]);
  const errors: OsdiFieldError[] = [];
  if (input.target !== undefined) {
    const titles = new Map(base.targets.map((row) => [row.name.trim(), row]));
    values.targets = input.target.map(({ name }, index) => {
      // The editor skips an empty fieldset as the spare one; a client's empty name is a mistake.
      if (name.trim() === "") errors.push({ property: `target[${index}].name`, key: "field.required" });
      const kept = titles.get(name.trim());
      return { ...emptyTargetRow(), ...kept, name };
    });
  }
  const result = validateActionForm(values);
  if (!result.ok)
    for (const [field, error] of Object.entries(result.errors))
      if (error && !errors.some((e) => e.property === apiFieldName(field)))
        errors.push({
          property: apiFieldName(field),
          key: error.key,
          ...(error.params ? { params: error.params } : {}),
        });
  if (errors.length > 0) return { ok: false, errors };
  if (!result.ok) throw new Error("refused action form without field errors");
  return { ok: true, draft: result.draft };
}

/**
 * The lifecycle steps from one status to another (draft → published → closed → published), in
 * order; null when no steps lead there (back to draft).
 */
export function stepsBetween(from: ActionStatus, to: ActionStatus): StatusStep[] | null {
  if (from === to) return [];
  if (from === "draft")
    return to === "published" ? ["publish"] : to === "closed" ? ["publish", "close"] : null;
  if (from === "published" && to === "closed") return ["close"];
  if (from === "closed" && to === "published") return ["reopen"];
  return null;
}

/** A signature as one organization may see it: the signer only when they consented to it. */
export interface OsdiSignature {
  id: number;
  petitionId: number;
  createdAt: string;
  /** A confirmed signature last changed when it was confirmed. */
  modifiedAt: string;
  comment: string | null;
  referrerData: { source: string; referrer: string; website: string };
  consent: { sponsor: boolean; referrer: boolean };
  person: { name: string; email: string; postalCode: string } | null;
  /** The signer's contact in the organization that sees the signature, when `person` is shown and it has one. */
  contactId: number | null;
  /** Listed signatures are confirmed; the helper also answers with pending ones. */
  status: RecordedSignature["status"];
}

/**
 * The signature as its action's sponsor sees it. `consent_referrer` is consent to the co-sponsor
 * whose code brought the signer, never to the sponsor, so it reveals nothing here.
 */
export function sponsorView(record: SignatureRecord | RecordedSignature): OsdiSignature {
  return {
    id: record.id,
    petitionId: record.actionId,
    createdAt: record.createdAt,
    modifiedAt: record.confirmedAt ?? record.createdAt,
    status: "status" in record ? record.status : "confirmed",
    comment: record.comment,
    referrerData: {
      source: record.source ?? "",
      referrer: record.referrer ?? "",
      website: record.website ?? "",
    },
    consent: { sponsor: record.consentSponsor, referrer: record.consentReferrer },
    person: record.consentSponsor ? record.signer : null,
    contactId: null,
  };
}

/** The signature as an organization the signer consented to sees it (sponsor or referring co-sponsor). */
export function consentedView(record: SignatureRecord): OsdiSignature {
  return { ...sponsorView(record), person: record.signer };
}

/** "Ada María Lovelace" → given "Ada María", family "Lovelace"; one word is a given name only. */
export function splitName(name: string): { given_name: string; family_name?: string } {
  const words = name.trim().split(/\s+/);
  if (words.length < 2) return { given_name: words[0] ?? "" };
  return { given_name: words.slice(0, -1).join(" "), family_name: words.at(-1)! };
}

/** The fields Action Network gives a signature, in its webhooks and its API alike. */
export function signatureFields(signature: OsdiSignature) {
  const { person } = signature;
  return {
    identifiers: [osdiIdentifier(signature.id)],
    created_date: signature.createdAt,
    modified_date: signature.modifiedAt,
    ...(signature.comment ? { comments: signature.comment } : {}),
    "action_network:referrer_data": signature.referrerData,
    ...(person
      ? {
          person: {
            ...splitName(person.name),
            email_addresses: [{ address: person.email }],
            postal_addresses: [{ postal_code: person.postalCode }],
          },
        }
      : {}),
  };
}

/** The person of a record_signature_helper body: what the signature reads (the contact reads it all). */
export interface HelperPerson {
  given_name?: string | null;
  family_name?: string | null;
  email_addresses?: { address?: string; primary?: boolean; status?: string }[] | null;
  postal_addresses?: { postal_code?: string | null; primary?: boolean }[] | null;
  languages_spoken?: string[];
  [field: string]: unknown;
}

/**
 * What the record_signature_helper's body holds, as its route schema lets it through: an inline
 * person, or (Action Network's non-helper form, Parsons' create_signature) a link to one.
 */
export interface SignatureHelperBody {
  person?: HelperPerson;
  _links?: { "osdi:person": { href: string } };
  comments?: string | null;
  referrer_data?: ReferrerData;
  "action_network:referrer_data"?: ReferrerData;
  add_tags?: string[];
  remove_tags?: string[];
}

/** A helper body with its person inline (a linked one is made so from the organization's contact). */
export type InlineSignatureBody = SignatureHelperBody & { person: HelperPerson };

interface ReferrerData {
  source?: string;
  referrer?: string;
  website?: string;
}

/** The caller's side of a helper request: a key (and whether it confirms at once) or none. */
export type HelperCaller = { confirmsSignatures: boolean } | null;

const fieldProblem = (property: string, description: string, hint = ""): OsdiProblem => ({
  code: "invalid_field",
  property,
  description,
  hint,
});

/** A primary entry, else the first. */
const primaryOf = <T extends { primary?: boolean }>(
  entries: readonly T[] | null | undefined,
): T | undefined => entries?.find((entry) => entry.primary) ?? entries?.[0];

const tidy = (text: string) => text.normalize("NFC").trim().replace(/\s+/g, " ");

/**
 * A record_signature_helper body as a signing, by the form's rules (an email and a name, the
 * same lengths), or the problem with the property at fault. Consent to the sponsor: a key's
 * organization sends its own supporter, so a keyed signature carries it unless the address is
 * "unsubscribed"; a keyless one (an embed on a partner's page) only when the page asked and sent
 * "subscribed". On a repeat, a keyed body replaces what it sent (comment, referrer data, consent
 * when a status is sent) and keeps the rest.
 */
export function readSignatureHelper(
  body: InlineSignatureBody,
  caller: HelperCaller,
): RecordInput | OsdiProblem {
  const { person } = body;
  const emailEntry = primaryOf(person.email_addresses);
  const email = emailEntry?.address?.trim() ?? "";
  if (email === "")
    return {
      code: "email_required",
      property: "person.email_addresses",
      description:
        "A signature needs the signer's email address: Juntos keeps one signature per person per petition, found by email",
      hint: '{"person": {"email_addresses": [{"address": "ana@example.org"}]}}',
    };
  if (email.length > limits.email || !isPlausibleEmail(email))
    return fieldProblem("person.email_addresses", `'${email.slice(0, 60)}' is not an email address`);
  const name = tidy([person.given_name ?? "", person.family_name ?? ""].join(" "));
  if (name === "")
    return fieldProblem("person.given_name", "A signature needs the signer's name (given_name, family_name)");
  if (name.length > limits.name || isUnreadable(name))
    return fieldProblem(
      "person.given_name",
      `The name must be readable text of at most ${limits.name} characters`,
    );
  const postalCode = (primaryOf(person.postal_addresses)?.postal_code ?? "").trim().toUpperCase();
  if (postalCode !== "" && !/^[A-Z0-9][A-Z0-9 -]{0,10}[A-Z0-9]$/.test(postalCode))
    return fieldProblem(
      "person.postal_addresses",
      `'${postalCode.slice(0, 20)}' is not a postal code`,
      "94110",
    );
  const comment = (body.comments ?? "").normalize("NFC").trim();
  if (comment.length > limits.comment || isUnreadable(comment))
    return fieldProblem("comments", `Comments must be readable text of at most ${limits.comment} characters`);
  const referrer = body.referrer_data ?? body["action_network:referrer_data"];
  const status = emailEntry?.status;
  const locale = person.languages_spoken?.map((tag) => tag.slice(0, 2).toLowerCase()).find(isLocale);
  return {
    signing: {
      name,
      email,
      emailCanonical: canonicalEmail(email),
      postalCode,
      comment: comment === "" ? null : comment,
      consentSponsor: caller ? status !== "unsubscribed" : status === "subscribed",
      // Codes and hosts by the form's rules: one that breaks them is dropped, the signature kept.
      source: cleanSource(referrer?.source),
      website: cleanHost(hostOf(referrer?.website)),
      locale: locale ?? defaultLocale,
    },
    referrerCode: referrer?.referrer ?? null,
    confirmAtOnce: caller?.confirmsSignatures ?? false,
    onRepeat: caller && {
      comment: "comments" in body,
      referrer: referrer !== undefined,
      consentSponsor: status !== undefined,
    },
  };
}

/**
 * What a helper body gives the sponsor's contacts: the whole person (phones, addresses, custom
 * fields, names, by the contacts module's merge rules) and add_tags/remove_tags, only from a key
 * whose signer consented to the sponsor (`signing` read by readSignatureHelper); a keyless body,
 * which anyone can send, never. Read before recording: a body the contact would refuse is
 * refused whole, never half written.
 */
export function readHelperSignup(
  body: InlineSignatureBody,
  caller: HelperCaller,
  signing: RecordInput["signing"],
): PersonSignup | null | OsdiProblem {
  if (!caller || !signing.consentSponsor) return null;
  const signup = readPersonSignup(body);
  if (isPersonProblem(signup)) return fieldProblem(signup.properties[0] ?? "person", signup.description);
  for (const [property, names] of [
    ["add_tags", signup.addTags],
    ["remove_tags", signup.removeTags],
  ] as const)
    if (distinctTagNames(names) === null)
      return fieldProblem(
        property,
        `Each of ${property} must be a tag name of 1 to 80 characters of readable text`,
      );
  return signup;
}

/** Action Network sends a domain; some clients send an address: only its host is kept. */
function hostOf(website: string | undefined): string | undefined {
  if (website === undefined || !website.includes("/")) return website?.trim().toLowerCase();
  try {
    return new URL(website.includes("://") ? website : `https://${website}`).hostname;
  } catch {
    return undefined;
  }
}
