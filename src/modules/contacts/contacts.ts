/**
 * An organization's contacts (the API's people), as pure rules: reading an OSDI person body into
 * our fields, and the matching and merge rules of Action Network's signup helper (guide §3).
 * Email (canonical) is the key, the mobile number a second one. A write merges: a field absent
 * from the body is left as it is, an explicit null clears it, custom fields merge key by key.
 */
import { canonicalEmail, isPlausibleEmail } from "../people/people.ts";

export type EmailStatus = "subscribed" | "unsubscribed" | "bouncing";

/** What a contact holds, as written to its row. */
export interface ContactFields {
  email: string | null;
  emailCanonical: string | null;
  emailStatus: EmailStatus;
  /** Digits only, with the country code. */
  phone: string | null;
  givenName: string;
  familyName: string;
  addressLines: string[];
  locality: string;
  region: string;
  postalCode: string;
  country: string;
  customFields: Record<string, string>;
  /** The acquisition code it first came with. */
  source: string | null;
}

export interface Contact extends ContactFields {
  id: number;
  organizationId: number;
  /** The signer record with the same address, for the person's signatures. */
  personId: number | null;
  createdAt: string;
  updatedAt: string;
}

/** A value sent in a body: undefined when absent (left as is), null when explicitly cleared. */
type Sent<T> = T | null | undefined;

export interface PostalAddressInput {
  addressLines: Sent<string[]>;
  locality: Sent<string>;
  region: Sent<string>;
  postalCode: Sent<string>;
  country: Sent<string>;
}

/** A person as a client sent it, read; at least one of `email` and `phone` is present. */
export interface PersonInput {
  email: { address: string; canonical: string } | null;
  phone: string | null;
  /** Only when sent: an existing contact's status changes only then. */
  status?: "subscribed" | "unsubscribed";
  givenName?: string | null;
  familyName?: string | null;
  /** null clears the whole address. */
  address?: PostalAddressInput | null;
  /** null clears them all; a null value removes that key. */
  customFields?: Record<string, string | null> | null;
  source?: string;
}

/** The body of person_signup_helper, read. */
export interface PersonSignup {
  person: PersonInput;
  addTags: string[];
  removeTags: string[];
}

/** Why a person body cannot be stored (a 422 naming the fields at fault). */
export interface PersonProblem {
  code: "invalid_person" | "missing_person_key";
  properties: string[];
  description: string;
}

export const contactLimits = {
  name: 200,
  addressField: 200,
  addressLines: 5,
  customFields: 100,
  customFieldKey: 100,
  customFieldValue: 1000,
  source: 100,
} as const;

export const emptyContact: ContactFields = {
  email: null,
  emailCanonical: null,
  emailStatus: "subscribed",
  phone: null,
  givenName: "",
  familyName: "",
  addressLines: [],
  locality: "",
  region: "",
  postalCode: "",
  country: "",
  customFields: {},
  source: null,
};

/** The phone as we keep it: its digits (with the country code), or null when it cannot be a number. */
export function phoneDigits(number: string): string | null {
  const digits = number.replace(/\D/g, "");
  return digits.length >= 6 && digits.length <= 15 ? digits : null;
}

class Problem extends Error {
  constructor(readonly problem: PersonProblem) {
    super(problem.description);
  }
}

const invalid = (property: string, description: string) =>
  new Problem({ code: "invalid_person", properties: [property], description });

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A string field: absent, null (clear) or a trimmed string of at most `max` characters. */
function readText(value: unknown, property: string, max: number): Sent<string> {
  if (value === undefined || value === null) return value;
  if (typeof value !== "string") throw invalid(property, `${property} must be a string or null`);
  const text = value.normalize("NFC").trim();
  if (text.length > max) throw invalid(property, `${property} is longer than ${max} characters`);
  return text;
}

/** The member a client marked primary, else the first: we keep one of each. */
function primaryOf(list: unknown, property: string): Record<string, unknown> | undefined {
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) throw invalid(property, `${property} must be an array`);
  const members = list.filter(isObject);
  if (members.length !== list.length) throw invalid(property, `each of ${property} must be an object`);
  return members.find((member) => member.primary === true) ?? members[0];
}

function readEmail(person: Record<string, unknown>): {
  email: PersonInput["email"];
  status?: PersonInput["status"];
} {
  const property = "person.email_addresses";
  const member = primaryOf(person.email_addresses, property);
  if (!member) return { email: null };
  const address = readText(member.address, `${property}.address`, 254);
  if (!address || !isPlausibleEmail(address))
    throw invalid(`${property}.address`, "email_addresses needs an email address like ana@example.org");
  const email = { address, canonical: canonicalEmail(address) };
  const { status } = member;
  if (status === undefined) return { email };
  if (status !== "subscribed" && status !== "unsubscribed")
    throw invalid(`${property}.status`, "an email address's status can be subscribed or unsubscribed");
  return { email, status };
}

/** The mobile number: the only kind we keep, as Action Network's second key. */
function readPhone(person: Record<string, unknown>): string | null {
  const property = "person.phone_numbers";
  if (person.phone_numbers === undefined || person.phone_numbers === null) return null;
  if (!Array.isArray(person.phone_numbers)) throw invalid(property, `${property} must be an array`);
  const mobiles = person.phone_numbers.filter(
    (member): member is Record<string, unknown> =>
      isObject(member) &&
      (member.number_type === undefined ||
        (typeof member.number_type === "string" && member.number_type.toLowerCase() === "mobile")),
  );
  const member = mobiles.find((m) => m.primary === true) ?? mobiles[0];
  if (!member) return null;
  const number = typeof member.number === "number" ? String(member.number) : member.number;
  const digits = typeof number === "string" ? phoneDigits(number) : null;
  if (digits === null)
    throw invalid(`${property}.number`, "phone_numbers needs a number of 6 to 15 digits, country code first");
  return digits;
}

function readAddress(person: Record<string, unknown>): PostalAddressInput | null | undefined {
  const property = "person.postal_addresses";
  if (person.postal_addresses === null) return null;
  const member = primaryOf(person.postal_addresses, property);
  if (!member) return undefined;
  const lines = member.address_lines;
  let addressLines: Sent<string[]>;
  if (lines === undefined || lines === null) addressLines = lines;
  else if (!Array.isArray(lines) || lines.length > contactLimits.addressLines)
    throw invalid(
      `${property}.address_lines`,
      `address_lines must be up to ${contactLimits.addressLines} strings`,
    );
  else
    addressLines = lines
      .map((line) => readText(line, `${property}.address_lines`, contactLimits.addressField) ?? "")
      .filter((line) => line !== "");
  const field = (name: string) => readText(member[name], `${property}.${name}`, contactLimits.addressField);
  return {
    addressLines,
    locality: field("locality"),
    region: field("region"),
    postalCode: field("postal_code"),
    country: field("country"),
  };
}

function readCustomFields(person: Record<string, unknown>): Record<string, string | null> | null | undefined {
  const property = "person.custom_fields";
  const fields = person.custom_fields;
  if (fields === undefined || fields === null) return fields;
  if (!isObject(fields)) throw invalid(property, "custom_fields must be an object of string values");
  const entries = Object.entries(fields);
  if (entries.length > contactLimits.customFields)
    throw invalid(property, `at most ${contactLimits.customFields} custom fields`);
  const read: Record<string, string | null> = {};
  for (const [key, value] of entries) {
    if (key.trim() === "" || key.length > contactLimits.customFieldKey)
      throw invalid(property, `a custom field's name is 1 to ${contactLimits.customFieldKey} characters`);
    // Clients send numbers and booleans for what Action Network keeps as strings.
    const text = typeof value === "number" || typeof value === "boolean" ? String(value) : value;
    if (text !== null && typeof text !== "string")
      throw invalid(`${property}.${key}`, `custom field '${key}' must be a string or null`);
    if (text !== null && text.length > contactLimits.customFieldValue)
      throw invalid(
        `${property}.${key}`,
        `custom field '${key}' is longer than ${contactLimits.customFieldValue}`,
      );
    read[key] = text;
  }
  return read;
}

/** An OSDI person object into our fields, or the problem with it. */
export function readPerson(value: unknown): PersonInput | PersonProblem {
  try {
    if (!isObject(value)) throw invalid("person", "person must be an object");
    const { email, status } = readEmail(value);
    const phone = readPhone(value);
    if (email === null && phone === null)
      throw new Problem({
        code: "missing_person_key",
        properties: ["person.email_addresses", "person.phone_numbers"],
        description: "A person needs an email address or a mobile number",
      });
    const input: PersonInput = { email, phone };
    if (status !== undefined) input.status = status;
    const givenName = readText(value.given_name, "person.given_name", contactLimits.name);
    if (givenName !== undefined) input.givenName = givenName;
    const familyName = readText(value.family_name, "person.family_name", contactLimits.name);
    if (familyName !== undefined) input.familyName = familyName;
    const address = readAddress(value);
    if (address !== undefined) input.address = address;
    const customFields = readCustomFields(value);
    if (customFields !== undefined) input.customFields = customFields;
    const source = readText(value.source, "person.source", contactLimits.source);
    if (source) input.source = source;
    return input;
  } catch (error) {
    if (error instanceof Problem) return error.problem;
    throw error;
  }
}

/** person_signup_helper's body: `{person, add_tags?, remove_tags?}`. */
export function readPersonSignup(body: unknown): PersonSignup | PersonProblem {
  const object = isObject(body) ? body : {};
  const person = readPerson(object.person);
  if (isPersonProblem(person)) return person;
  const tags = (list: unknown) =>
    Array.isArray(list) ? list.filter((t): t is string => typeof t === "string" && t.trim() !== "") : [];
  return { person, addTags: tags(object.add_tags), removeTags: tags(object.remove_tags) };
}

export function isPersonProblem(value: object): value is PersonProblem {
  return "code" in value && "properties" in value;
}

const apply = <T>(current: T, sent: Sent<T>, cleared: T): T =>
  sent === undefined ? current : sent === null ? cleared : sent;

/**
 * The contact after a write: what the body sent over what it held (or over an empty contact for
 * a new one). A new contact is subscribed unless the body says otherwise; an existing one's
 * status changes only when sent. The first acquisition code stays.
 */
export function mergeContact(current: ContactFields | undefined, input: PersonInput): ContactFields {
  const base = current ?? emptyContact;
  const address = input.address;
  const field = (name: Exclude<keyof PostalAddressInput, "addressLines">, held: string) =>
    address === null ? "" : apply(held, address?.[name], "");
  const customFields = input.customFields === null ? {} : { ...base.customFields };
  for (const [key, value] of Object.entries(input.customFields ?? {})) {
    if (value === null) delete customFields[key];
    else customFields[key] = value;
  }
  return {
    email: input.email?.address ?? base.email,
    emailCanonical: input.email?.canonical ?? base.emailCanonical,
    emailStatus: input.status ?? base.emailStatus,
    phone: input.phone ?? base.phone,
    givenName: apply(base.givenName, input.givenName, ""),
    familyName: apply(base.familyName, input.familyName, ""),
    addressLines: address === null ? [] : apply(base.addressLines, address?.addressLines, []),
    locality: field("locality", base.locality),
    region: field("region", base.region),
    postalCode: field("postalCode", base.postalCode),
    country: field("country", base.country),
    customFields,
    source: base.source ?? input.source ?? null,
  };
}

/**
 * A phone-only contact folded into the contact that claims its number: what the kept one holds
 * wins, its empty fields take the absorbed one's, custom fields join (nothing dropped).
 */
export function absorbContact(kept: ContactFields, absorbed: ContactFields): ContactFields {
  const either = (a: string, b: string) => (a !== "" ? a : b);
  return {
    ...kept,
    phone: kept.phone ?? absorbed.phone,
    givenName: either(kept.givenName, absorbed.givenName),
    familyName: either(kept.familyName, absorbed.familyName),
    addressLines: kept.addressLines.length > 0 ? kept.addressLines : absorbed.addressLines,
    locality: either(kept.locality, absorbed.locality),
    region: either(kept.region, absorbed.region),
    postalCode: either(kept.postalCode, absorbed.postalCode),
    country: either(kept.country, absorbed.country),
    customFields: { ...absorbed.customFields, ...kept.customFields },
    source: kept.source ?? absorbed.source,
  };
}

/**
 * What an upsert does, from the contacts its keys found: `byEmail` holds the email, `byPhone`
 * the mobile number (either may be the same contact, or none).
 */
export type UpsertPlan =
  | { kind: "create"; takePhoneFrom?: number }
  | { kind: "update"; id: number; takePhoneFrom?: number; absorb?: number };

export function planUpsert(
  input: PersonInput,
  byEmail: Pick<Contact, "id"> | undefined,
  byPhone: Pick<Contact, "id" | "emailCanonical"> | undefined,
): UpsertPlan {
  const phoneElsewhere = byPhone && byPhone.id !== byEmail?.id ? byPhone : undefined;
  if (byEmail) {
    if (!phoneElsewhere) return { kind: "update", id: byEmail.id };
    // The number moves to the email's contact; a contact that had only the number merges into it.
    return phoneElsewhere.emailCanonical === null
      ? { kind: "update", id: byEmail.id, absorb: phoneElsewhere.id }
      : { kind: "update", id: byEmail.id, takePhoneFrom: phoneElsewhere.id };
  }
  if (!phoneElsewhere) return { kind: "create" };
  // A phone-only record, or the same person without the email yet: it takes the email.
  if (input.email === null || phoneElsewhere.emailCanonical === null)
    return { kind: "update", id: phoneElsewhere.id };
  return { kind: "create", takePhoneFrom: phoneElsewhere.id };
}
