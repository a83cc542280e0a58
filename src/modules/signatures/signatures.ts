/** Signing rules: what a valid signature form is, and the confirmation link's token. No I/O. */
import type { MessageKey } from "../../i18n/catalog.ts";
import type { Locale } from "../../i18n/locale.ts";
import { canonicalEmail, isPlausibleEmail } from "../people/people.ts";
import { referrerHost } from "../shortlinks/shortlinks.ts";
import { readSignedId, signId } from "../signed-id.ts";
import { isUnreadable } from "../text.ts";

export const signFields = ["name", "email", "postal_code", "comment", "city"] as const;
export type SignField = (typeof signFields)[number];
export type FieldError = { key: MessageKey; params?: Record<string, number> };
export type FieldErrors = Partial<Record<SignField, FieldError>>;

export const limits = { name: 100, email: 254, postal_code: 12, comment: 1000, city: 60 } as const;

export interface SignInput {
  name: string;
  email: string;
  emailCanonical: string;
  postalCode: string;
  comment: string | null;
  consentSponsor: boolean;
  source: string | null;
  /** The co-sponsor whose link brought the signer. */
  referrerOrganizationId: number | null;
  /** The referring site's host, never its full address. */
  website: string | null;
  /** Consent to that co-sponsor: exactly its box, never implied by the sponsor's. */
  consentReferrer: boolean;
  locale: Locale;
  /**
   * Present when the signer asked to publish their comment in the discussion, under their first
   * name and this city (null: first name only); it is published once the signature is confirmed.
   */
  publishComment?: { city: string | null };
  /**
   * Present when the signer agreed to show their name and this city (null: name only) on the letter
   * delivered to the targets (migration 029); otherwise the letter shows their initials.
   */
  publicName?: { city: string | null };
}

/** A confirmed signature as its sponsor's API and webhooks read it, signer included (who may see it is theirs to decide). */
export interface SignatureRecord {
  id: number;
  actionId: number;
  createdAt: string;
  confirmedAt: string;
  comment: string | null;
  source: string | null;
  /** The referral code (the co-sponsor's slug) that brought the signer, if any. */
  referrer: string | null;
  /** The referring site's host. */
  website: string | null;
  consentSponsor: boolean;
  consentReferrer: boolean;
  signer: { name: string; email: string; postalCode: string };
}

/** Any signature as the API's helper answers it: pending ones too (a keyed helper shows what it recorded). */
export type RecordedSignature = Omit<SignatureRecord, "confirmedAt"> & {
  status: "pending" | "confirmed" | "invalidated";
  confirmedAt: string | null;
};

/** Which of a repeat signing's values replace the stored ones (the others are kept: merge, never drop). */
export interface RepeatChanges {
  comment: boolean;
  /** source, the co-sponsor's code and the website, together. */
  referrer: boolean;
  consentSponsor: boolean;
}

/**
 * A signing through the API's record_signature_helper. A repeat signing changes the stored
 * signature only when the organization's key vouches for the signer (`onRepeat`); a keyless one
 * is taken as on the form: whoever typed the address cannot rewrite that person's signature.
 */
export interface RecordInput {
  signing: Omit<SignInput, "referrerOrganizationId" | "consentReferrer" | "publishComment" | "publicName">;
  /** A referral code; it credits the co-sponsor whose code it is, any other is dropped (as on the form). */
  referrerCode: string | null;
  /** Confirmed in the signing's transaction, without a mail (a key that confirms at once). */
  confirmAtOnce: boolean;
  onRepeat: RepeatChanges | null;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** The form values as the person typed them, kept to re-render the form after an error. */
export type SignFormValues = Record<SignField, string> & {
  consent: boolean;
  consent_partner: boolean;
  /** Publish the comment in the discussion under first name and city. */
  publish: boolean;
  /** Show the name and city on the letter delivered to the targets. */
  public_name: boolean;
};

function readText(raw: unknown): string {
  return typeof raw === "string" ? raw : "";
}

export function formValues(body: Record<string, unknown>): SignFormValues {
  return {
    name: readText(body.name),
    email: readText(body.email),
    postal_code: readText(body.postal_code),
    comment: readText(body.comment),
    city: readText(body.city),
    consent: body.consent === "yes",
    consent_partner: body.consent_partner === "yes",
    publish: body.publish === "yes",
    public_name: body.public_name === "yes",
  };
}

function checkText(value: string, max: number, required: boolean): FieldError | undefined {
  if (isUnreadable(value)) return { key: "field.unreadable" };
  if (required && value.trim() === "") return { key: "field.required" };
  if (value.length > max) return { key: "field.tooLong", params: { max } };
  return undefined;
}

export function validateSignForm(
  values: SignFormValues,
  extra: { source: string | null; locale: Locale; partnerId: number | null; website: string | null },
): Validated<SignInput> {
  const name = values.name.normalize("NFC").trim().replace(/\s+/g, " ");
  const email = values.email.trim();
  const postalCode = values.postal_code.trim().toUpperCase();
  const comment = values.comment.normalize("NFC").trim();
  const city = values.city.normalize("NFC").trim().replace(/\s+/g, " ");
  const errors: FieldErrors = {};
  const nameError = checkText(name, limits.name, true);
  if (nameError) errors.name = nameError;
  const emailError = checkText(email, limits.email, true);
  if (emailError) errors.email = emailError;
  else if (!isPlausibleEmail(email)) errors.email = { key: "field.email.invalid" };
  const postalError = checkText(postalCode, limits.postal_code, true);
  if (postalError) errors.postal_code = postalError;
  else if (!/^[A-Z0-9][A-Z0-9 -]{0,10}[A-Z0-9]$/.test(postalCode))
    errors.postal_code = { key: "field.postalCode.invalid" };
  const commentError = checkText(comment, limits.comment, false);
  if (commentError) errors.comment = commentError;
  // The city is only ever shown with the comment or on the delivered letter: with neither box
  // ticked, whatever was typed is dropped.
  const publish = values.publish && comment !== "";
  const publicName = values.public_name;
  const cityError = publish || publicName ? checkText(city, limits.city, false) : undefined;
  if (cityError) errors.city = cityError;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name,
      email,
      emailCanonical: canonicalEmail(email),
      postalCode,
      comment: comment === "" ? null : comment,
      consentSponsor: values.consent,
      source: extra.source,
      referrerOrganizationId: extra.partnerId,
      website: extra.website,
      consentReferrer: extra.partnerId !== null && values.consent_partner,
      locale: extra.locale,
      ...(publish ? { publishComment: { city: city === "" ? null : city } } : {}),
      ...(publicName ? { publicName: { city: city === "" ? null : city } } : {}),
    },
  };
}

/** A referral code from a share or partner link: short, plain, or dropped. */
export function cleanSource(raw: unknown): string | null {
  return typeof raw === "string" && /^[A-Za-z0-9_-]{1,40}$/.test(raw) ? raw : null;
}

/**
 * The host of the site a visitor came from, for attribution: only the host (a full address can
 * hold search terms or a person's own page), nothing for our own pages or a bare IP address.
 */
export function referringHost(referer: string | undefined, ownBaseUrl: string): string | null {
  const host = referrerHost(referer);
  return host === null || host === new URL(ownBaseUrl).hostname ? null : host;
}

/** The referring host as the form sends it back: a plain host name, or dropped. */
export function cleanHost(raw: unknown): string | null {
  return typeof raw === "string" &&
    /^(?=.{1,253}$)[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(raw) &&
    !/^[\d.]+$/.test(raw)
    ? raw
    : null;
}

/**
 * Confirmation links carry the signature id and an HMAC of it, so no token is stored in the
 * database or the outbox: a leaked table cannot confirm anything.
 */
export function confirmationToken(secret: string, signatureId: number): string {
  return signId(secret, "signature-confirm", signatureId);
}

export function readConfirmationToken(secret: string, token: string): number | null {
  return readSignedId(secret, "signature-confirm", token);
}

/**
 * Text as a search compares it: lower case, accents and other combining marks dropped, runs of
 * space as one ("Ramírez" and "RAMIREZ" both become "ramirez"). Computed here rather than by the
 * database so that SQLite and PostgreSQL match exactly the same rows.
 */
export function searchFold(text: string): string {
  return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").replace(/\s+/g, " ").trim();
}

/**
 * What a signature is found by in the organizer's search: its name, email and postal code,
 * folded, one per line. A folded query has no line break, so one term never spans two fields.
 */
export function signatureSearchText(details: { name: string; email: string; postalCode: string }): string {
  return [details.name, details.email, details.postalCode].map(searchFold).join("\n");
}

/** A repeat signing sends mail again only this many times per signature. */
export const maxReminders = 3;

/** A signature as the organizer's list and export show it. */
export interface SignatureListItem {
  id: number;
  name: string;
  email: string;
  postalCode: string;
  status: "pending" | "confirmed" | "invalidated";
  createdAt: string;
  confirmedAt: string | null;
  source: string | null;
  /** The name of the co-sponsor that brought the signer, and the site the signer came from. */
  referrer: string | null;
  website: string | null;
  consentSponsor: number;
  comment: string | null;
}

/** A count that stops at a bound: with `more`, there are more than `count`. */
export interface BoundedCount {
  count: number;
  more: boolean;
}

/** One page of the organizer's signatures list, and how to reach the pages around it. */
export interface SignatureListPage {
  rows: SignatureListItem[];
  /** How it was found: the list in id order, one address looked up exactly, or a bounded text search. */
  mode: "list" | "email" | "text";
  /** How many signatures the list or the address has; null for a text search, which counts none. */
  total: BoundedCount | null;
  /** The id the newer page starts above, null on the newest. */
  newer: number | null;
  /** The id the older page (or the rest of a text search) starts below, null on the oldest. */
  older: number | null;
  /** Whether the page starts at the newest signature. */
  atNewest: boolean;
}

/** What the sponsor's CSV export reads of each signature. */
export type SignatureExportRow = Pick<
  SignatureListItem,
  | "id"
  | "name"
  | "email"
  | "postalCode"
  | "status"
  | "createdAt"
  | "confirmedAt"
  | "source"
  | "consentSponsor"
  | "comment"
>;
