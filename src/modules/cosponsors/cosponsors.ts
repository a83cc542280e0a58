/** Co-sponsorship rules: states and who may move them, the sign-on form, pasted lists. No I/O. */
import type { CosponsorStatus } from "../../db/schema.ts";
import type { FieldErrorMap } from "../forms.ts";
import { isPlausibleEmail } from "../people/people.ts";
import { readSignedId, signId } from "../signed-id.ts";
import { isUnreadable } from "../text.ts";

export type { CosponsorStatus, SignOnStatus } from "../../db/schema.ts";

/** One line of an action page's public co-sponsor list. */
export interface PublicCosponsor {
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

/** The organization's own details, shared by the public form and each pasted line. */
function checkOrganization(values: Pick<SignOnFormValues, "name" | "city" | "state" | "website">) {
  const errors: FieldErrorMap = {};
  const text = (field: "name" | "city" | "state", required: boolean) => {
    const value = tidy(values[field]);
    if (isUnreadable(value)) errors[field] = { key: "field.unreadable" };
    else if (required && value === "") errors[field] = { key: "field.required" };
    else if (value.length > signOnLimits[field])
      errors[field] = { key: "field.tooLong", params: { max: signOnLimits[field] } };
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
  const contactName = tidy(values.contact_name);
  if (isUnreadable(contactName)) errors.contact_name = { key: "field.unreadable" };
  else if (contactName === "") errors.contact_name = { key: "field.required" };
  else if (contactName.length > signOnLimits.contact_name)
    errors.contact_name = { key: "field.tooLong", params: { max: signOnLimits.contact_name } };
  const contactEmail = values.contact_email.trim();
  if (contactEmail === "") errors.contact_email = { key: "field.required" };
  else if (contactEmail.length > signOnLimits.contact_email || !isPlausibleEmail(contactEmail))
    errors.contact_email = { key: "field.email.invalid" };
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { ...value, contactName, contactEmail } };
}

/** Lines the sponsor may paste at once. */
export const maxPastedLines = 1000;

export type ParsedList =
  | { ok: true; organizations: Omit<SignOnInput, "contactName" | "contactEmail">[] }
  | { ok: false; problem: "empty" | "tooMany" | "badLine"; line?: number };

/**
 * A pasted list of organizations that signed on elsewhere: one name per line, or CSV with a
 * header `name,city,state,website` (columns in any order; only `name` is required). A line that
 * fails the form's rules stops the whole list with its number, so nothing is half-added.
 */
export function parseOrganizationList(text: string): ParsedList {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  if (lines.length === 0) return { ok: false, problem: "empty" };
  const header = parseCsvLine(lines[0]!).map((cell) => cell.trim().toLowerCase());
  const isCsv = header.includes("name") && header.some((h) => ["city", "state", "website"].includes(h));
  const rows = isCsv ? lines.slice(1) : lines;
  if (rows.length === 0) return { ok: false, problem: "empty" };
  if (rows.length > maxPastedLines) return { ok: false, problem: "tooMany" };
  const column = (cells: string[], name: string) => {
    const index = header.indexOf(name);
    return index < 0 ? "" : (cells[index] ?? "");
  };
  const organizations: Omit<SignOnInput, "contactName" | "contactEmail">[] = [];
  const seen = new Set<string>();
  for (const [index, line] of rows.entries()) {
    const cells = isCsv ? parseCsvLine(line) : [line];
    const values = isCsv
      ? {
          name: column(cells, "name"),
          city: column(cells, "city"),
          state: column(cells, "state"),
          website: column(cells, "website"),
        }
      : { name: line, city: "", state: "", website: "" };
    const checked = checkOrganization(values);
    if (Object.keys(checked.errors).length > 0)
      return { ok: false, problem: "badLine", line: index + 1 + (isCsv ? 1 : 0) };
    const key = checked.value.name.toLocaleLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    organizations.push(checked.value);
  }
  return { ok: true, organizations };
}

/** One CSV line (RFC 4180 quoting, no line breaks inside a field). */
function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      cells.push(cell);
      cell = "";
    } else cell += char;
  }
  cells.push(cell);
  return cells;
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
