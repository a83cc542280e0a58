/** Co-sponsorship rules: states and who may move them, the sign-on form, pasted lists. No I/O. */
import type { CosponsorStatus } from "../../db/schema.ts";
import { identityErrors, nameMaxLength } from "../accounts/account-form.ts";
import type { FieldErrorMap } from "../forms.ts";
import { isPlausibleEmail } from "../people/people.ts";
import { readSignedId, signId } from "../signed-id.ts";
import { isUnreadable } from "../text.ts";

export type { CosponsorStatus, SignOnStatus } from "../../db/schema.ts";

/** One line of an action page's public co-sponsor list. */
export interface PublicCosponsor {
  /** Null for an organization that signed on without an account. */
  organizationId: number | null;
  name: string;
  /** Only http(s) addresses are ever stored or shown. */
  website: string | null;
  logo: { src: string; width: number; height: number } | null;
}

/** Who asked for a co-sponsorship: the one who did not is the one who decides it. */
export type Initiator = "sponsor" | "cosponsor";

/**
 * The moves of a co-sponsorship with an account and who makes each: the side that did not ask
 * approves or declines a pending one; the co-sponsor withdraws; the sponsor removes.
 */
export type CosponsorMove = "approve" | "decline" | "withdraw" | "remove";

const moves: Record<CosponsorMove, { from: CosponsorStatus[]; to: CosponsorStatus }> = {
  approve: { from: ["pending"], to: "approved" },
  decline: { from: ["pending"], to: "declined" },
  withdraw: { from: ["pending", "approved"], to: "withdrawn" },
  remove: { from: ["pending", "approved"], to: "removed" },
};

/** The status a move leads to from `status`, or undefined when the move is not possible there. */
export function nextStatus(status: CosponsorStatus, move: CosponsorMove): CosponsorStatus | undefined {
  const rule = moves[move];
  return rule.from.includes(status) ? rule.to : undefined;
}

/** Which side makes `move` on a co-sponsorship that `initiator` asked for. */
export function moverOf(move: CosponsorMove, initiator: Initiator): Initiator {
  if (move === "withdraw") return "cosponsor";
  if (move === "remove") return "sponsor";
  return initiator === "sponsor" ? "cosponsor" : "sponsor";
}

/** A co-sponsorship that ended (or was declined) may be asked for again. */
export function mayAskAgain(status: CosponsorStatus): boolean {
  return status === "declined" || status === "withdrawn" || status === "removed";
}

export const signOnLimits = {
  name: 160,
  city: 80,
  state: 80,
  website: 300,
  contact_name: 100,
  contact_email: 254,
} as const;
export const signOnFields = ["name", "city", "state", "website", "contact_name", "contact_email"] as const;
export type SignOnField = (typeof signOnFields)[number];
export type SignOnFormValues = Record<SignOnField, string>;

export interface SignOnInput {
  name: string;
  city: string | null;
  state: string | null;
  website: string | null;
  contactName: string | null;
  contactEmail: string | null;
}

export function readSignOnForm(body: unknown): SignOnFormValues {
  const read = (field: string) => {
    const value = (body as Record<string, unknown> | null | undefined)?.[field];
    return typeof value === "string" ? value : "";
  };
  return Object.fromEntries(signOnFields.map((f) => [f, read(f)])) as SignOnFormValues;
}

const tidy = (value: string) => value.normalize("NFC").trim().replace(/\s+/g, " ");

/**
 * A website as we would link it: http(s) with a host and nothing that could break out of an
 * attribute; anything else (javascript:, data:, bare words) is refused, not repaired.
 */
export function cleanWebsite(raw: string): string | null | "invalid" {
  const value = raw.trim();
  if (value === "") return null;
  if (!/^https?:\/\/[^\s/?#]+\.[^\s/?#]+/i.test(value) || /[\s"'<>`]/.test(value)) return "invalid";
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : "invalid";
  } catch {
    return "invalid";
  }
}

type FieldError = NonNullable<FieldErrorMap[string]>;

/** A line of text as stored (NFC, spaces tidied), or what is wrong with it. */
function checkText(raw: string, max: number, required: boolean): { value: string; error?: FieldError } {
  const value = tidy(raw);
  if (isUnreadable(value)) return { value, error: { key: "field.unreadable" } };
  if (required && value === "") return { value, error: { key: "field.required" } };
  if (value.length > max) return { value, error: { key: "field.tooLong", params: { max } } };
  return { value };
}

/** The organization's own details, shared by the public form and each pasted line. */
function checkOrganization(values: Pick<SignOnFormValues, "name" | "city" | "state" | "website">) {
  const errors: FieldErrorMap = {};
  const text = (field: "name" | "city" | "state", required: boolean) => {
    const { value, error } = checkText(values[field], signOnLimits[field], required);
    if (error) errors[field] = error;
    return value === "" ? null : value;
  };
  const name = text("name", true) ?? "";
  const city = text("city", false);
  const state = text("state", false);
  const website = values.website.length > signOnLimits.website ? "invalid" : cleanWebsite(values.website);
  if (website === "invalid") errors.website = { key: "field.url.invalid" };
  return { errors, value: { name, city, state, website: website === "invalid" ? null : website } };
}

/** The public sign-on form: an organization's name and place, and who to write to (required: the link goes there). */
export function validateSignOnForm(
  values: SignOnFormValues,
): { ok: true; value: SignOnInput } | { ok: false; errors: FieldErrorMap } {
  const { errors, value } = checkOrganization(values);
  const contactName = checkText(values.contact_name, signOnLimits.contact_name, true);
  if (contactName.error) errors.contact_name = contactName.error;
  const contactEmail = checkEmail(values.contact_email);
  if (contactEmail.error) errors.contact_email = contactEmail.error;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { ...value, contactName: contactName.value, contactEmail: contactEmail.value } };
}

function checkEmail(raw: string): { value: string; error?: FieldError } {
  const value = raw.trim();
  if (value === "") return { value, error: { key: "field.required" } };
  if (value.length > signOnLimits.contact_email || !isPlausibleEmail(value))
    return { value, error: { key: "field.email.invalid" } };
  return { value };
}

/** How long an emailed invitation to co-sponsor can be accepted. */
export const invitationLifetimeMs = 14 * 24 * 3600_000;

/** The sponsor's form inviting anyone by email: the organization's name and whom to write to. */
export function validateEmailInvitationForm(values: {
  organization_name: string;
  email: string;
}): { ok: true; organizationName: string; email: string } | { ok: false; errors: FieldErrorMap } {
  const errors: FieldErrorMap = {};
  const name = checkText(values.organization_name, signOnLimits.name, true);
  if (name.error) errors.organization_name = name.error;
  const email = checkEmail(values.email);
  if (email.error) errors.email = email.error;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, organizationName: name.value, email: email.value };
}

/**
 * Accepting an emailed invitation: the organization's name (prefilled, editable) and, for
 * someone without an account, their name and a password (the registration rules).
 */
export function validateAcceptanceForm(values: {
  organization_name: string;
  name?: string;
  password?: string;
}):
  | { ok: true; organizationName: string; name?: string; password?: string }
  | { ok: false; errors: FieldErrorMap } {
  const errors: FieldErrorMap = {};
  const organization = checkText(values.organization_name, signOnLimits.name, true);
  if (organization.error) errors.organization_name = organization.error;
  const name = values.name === undefined ? undefined : checkText(values.name, nameMaxLength, true);
  if (name?.error) errors.name = name.error;
  Object.assign(errors, identityErrors({ password: values.password }));
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    organizationName: organization.value,
    ...(name ? { name: name.value } : {}),
    ...(values.password !== undefined ? { password: values.password } : {}),
  };
}

/** Where an emailed invitation stands: only an open one can be accepted or revoked. */
export type InvitationState = "open" | "used" | "revoked" | "expired";

export function invitationState(
  row: { usedAt: string | null; revokedAt: string | null; expiresAt: string },
  now: string,
): InvitationState {
  if (row.usedAt !== null) return "used";
  if (row.revokedAt !== null) return "revoked";
  return row.expiresAt <= now ? "expired" : "open";
}

/** The emailed invitation's token: `<id>-<HMAC>`; nothing stored could accept it. */
export function invitationToken(secret: string, id: number): string {
  return signId(secret, "cosponsor-invitation", id);
}

export function readInvitationToken(secret: string, token: string): number | null {
  return readSignedId(secret, "cosponsor-invitation", token);
}

/** Lines the sponsor may paste or upload at once. */
export const maxPastedLines = 1000;

/**
 * The largest list file read. Its preview puts the file's text in the list's text box, whose
 * "add" step posts it urlencoded: percent-encoding at most triples a byte, so 256 KB stays under
 * the admin's 1 MiB body limit. A thousand lines of name, city, state and website take ~100 KB.
 */
export const maxListFileBytes = 256 * 1024;

/** Why a list (pasted, or read from a file) cannot be added. */
export type ListProblem =
  | "empty"
  | "tooMany"
  | "badLine"
  | "noName"
  | "noFile"
  | "fileEmpty"
  | "fileTooLarge"
  | "notText";

export type ListedOrganization = Omit<SignOnInput, "contactName" | "contactEmail">;

export type ParsedList =
  | { ok: true; organizations: ListedOrganization[] }
  | { ok: false; problem: ListProblem; line?: number };

const placeColumns = ["city", "state", "website"];

/**
 * A list of organizations that signed on elsewhere, pasted or from a file: one name per line, or
 * CSV with a header `name,city,state,website` (columns in any order, others ignored; only `name`
 * is required; quoted fields may hold commas, quotes and line breaks). A header naming columns
 * but no `name` is refused rather than read as names. A line that fails the form's rules stops
 * the whole list with its number, so nothing is half-added.
 */
export function parseOrganizationList(text: string): ParsedList {
  const body = text.replace(/^\uFEFF/, "");
  const lines = body.split(/\r\n|\r|\n/);
  const first = lines.findIndex((line) => line.trim() !== "");
  if (first < 0) return { ok: false, problem: "empty" };
  const header = parseCsv(lines[first]!)[0]!.cells.map((cell) => cell.trim().toLowerCase());
  const places = header.some((cell) => placeColumns.includes(cell));
  if (places && !header.includes("name")) return { ok: false, problem: "noName", line: first + 1 };
  const isCsv = header.includes("name") && (places || header.length === 1);
  const records = isCsv
    ? parseCsv(body).filter((record) => record.line > first + 1)
    : lines.map((line, index) => ({ cells: [line], line: index + 1 }));
  const rows = records.filter((record) => record.cells.some((cell) => cell.trim() !== ""));
  if (rows.length === 0) return { ok: false, problem: "empty" };
  if (rows.length > maxPastedLines) return { ok: false, problem: "tooMany" };
  const column = (cells: string[], name: string) => {
    const index = header.indexOf(name);
    return index < 0 ? "" : (cells[index] ?? "");
  };
  const organizations: ListedOrganization[] = [];
  const seen = new Set<string>();
  for (const { cells, line } of rows) {
    const values = isCsv
      ? {
          name: column(cells, "name"),
          city: column(cells, "city"),
          state: column(cells, "state"),
          website: column(cells, "website"),
        }
      : { name: cells[0]!, city: "", state: "", website: "" };
    const checked = checkOrganization(values);
    if (Object.keys(checked.errors).length > 0) return { ok: false, problem: "badLine", line };
    const key = checked.value.name.toLocaleLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    organizations.push(checked.value);
  }
  return { ok: true, organizations };
}

/**
 * CSV records (RFC 4180 quoting; a quoted field may span lines), each with the number of the
 * line it starts on.
 */
function parseCsv(text: string): { cells: string[]; line: number }[] {
  const records: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRecord = () => {
    cells.push(cell);
    records.push({ cells, line: start });
    cells = [];
    cell = "";
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const lineBreak = char === "\n" || (char === "\r" && text[i + 1] !== "\n");
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      cells.push(cell);
      cell = "";
    } else if (lineBreak) {
      endRecord();
      start = line + 1;
    } else if (char !== "\r") cell += char;
    if (lineBreak) line++;
  }
  if (cell !== "" || cells.length > 0) endRecord();
  return records.length > 0 ? records : [{ cells: [""], line: 1 }];
}

// Control characters other than tabs and line breaks do not occur in a text file, only in binary ones.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const binaryControls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * The text of an uploaded list file: UTF-8, with or without a byte-order mark. Anything else
 * (another encoding, a spreadsheet's binary format, an image) is refused, never guessed at.
 */
export function readListFile(
  bytes: Buffer | undefined,
): { ok: true; text: string } | { ok: false; problem: ListProblem } {
  if (bytes === undefined) return { ok: false, problem: "noFile" };
  if (bytes.length > maxListFileBytes) return { ok: false, problem: "fileTooLarge" };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, problem: "notText" };
  }
  if (binaryControls.test(text)) return { ok: false, problem: "notText" };
  return text.trim() === "" ? { ok: false, problem: "fileEmpty" } : { ok: true, text };
}

/**
 * The action a pasted address or slug names: `https://host/es/a/optoutnow`, `/a/optoutnow` or
 * just `optoutnow`. Undefined when it cannot be a slug.
 */
export function actionSlugFrom(raw: string): string | undefined {
  let value = raw.trim();
  if (value === "" || value.length > 500) return undefined;
  try {
    if (/^https?:\/\//i.test(value)) value = new URL(value).pathname;
  } catch {
    return undefined;
  }
  const parts = value.split(/[/?#]/).filter(Boolean);
  const marker = parts.indexOf("a");
  const slug = (marker >= 0 ? parts[marker + 1] : parts.at(-1))?.toLowerCase();
  return slug && /^[a-z0-9][a-z0-9-]{0,79}$/.test(slug) ? slug : undefined;
}

/** The sign-on verification link's token: `<id>-<HMAC>`; nothing stored could verify it. */
export function signOnToken(secret: string, id: number): string {
  return signId(secret, "signon", id);
}

export function readSignOnToken(secret: string, token: string): number | null {
  return readSignedId(secret, "signon", token);
}

/** A co-sponsor's site as pages (and webhooks) show it: only an http(s) address, never another scheme. */
export function publicWebsite(website: string | null): string | null {
  return website && /^https?:\/\//i.test(website) ? website : null;
}
