/**
 * Signers' rights and retention: the pure rules. What Juntos holds about a signer is
 * - their person row (email, name, postal code, language),
 * - each of their signatures (the name, postal code, city and comment it submitted, its consents),
 * - the comments they posted: the signing comment of a signature (comments.signature_id), and any
 *   comment posted with their address,
 * - their subscriptions to discussions and the record of notices sent to their address,
 * - the contacts organizations hold with their address or person (from a consented signature or
 *   through the API), and the tags on those contacts,
 * - the one-time links of this capability, and the pending mail about them in the outbox.
 * Removal takes all of it (one signature: that signature, its signing comment, the action's
 * subscriptions and notices for the address, and the contacts only its consent gave; the person
 * and every other trace once no signature is left).
 * Retention anonymizes an action's signatures once it has been closed longer than its
 * organization's setting: each keeps its status, dates, attribution and county (FIPS), and loses
 * its name, postal code, search text, comment, city and consents; the comments posted on that
 * action with the signers' addresses or from their signatures are emptied (kept as trashed rows so
 * replies keep their thread), their subscriptions and notices on it end, the contacts only those
 * signatures' consent gave go, and the person is emptied (or, still signing elsewhere, the old
 * signature gets a blank person of its own). What stays about a signer who still signs elsewhere
 * belongs to those signatures. Not a signer's record, and left alone: an organizer account with
 * the same address, contacts an organization entered itself through the API while the person
 * still signs, and mail already delivered (the dev mailbox is a separate file, for development).
 */
import type { Locale } from "../../db/schema.ts";
import type { FieldErrorMap } from "../forms.ts";
import { canonicalEmail, isPlausibleEmail } from "../people/people.ts";

/** How long an emailed link works. */
export const signerLinkLifetimeMs = 7 * 24 * 60 * 60 * 1000;

/** The signed-id purpose of the emailed links (src/modules/signed-id.ts). */
export const signerLinkPurpose = "signer-link";

export type SignerLinkPurpose = "download" | "remove_signature" | "remove_all";

/** The default months after an action closes that its signers' details are kept. */
export const defaultRetentionMonths = 6;
export const maxRetentionMonths = 120;

/** What an emailed link does, as its page shows it before the press. */
export type SignerLinkView =
  | { state: "invalid" }
  | { state: "spent" }
  | { state: "ready"; purpose: "download" | "remove_all"; locale: Locale }
  | { state: "ready"; purpose: "remove_signature"; locale: Locale; actionTitle: string };

/** What pressing the link's button did. */
export type SignerLinkOutcome =
  | { state: "invalid" }
  | { state: "spent" }
  | { state: "download"; data: SignerData }
  | { state: "removed_signature"; actionTitle: string }
  | { state: "removed_all" };

/** Everything Juntos holds about a signer, as the download gives it (JSON). */
export interface SignerData {
  generatedAt: string;
  person: { email: string; name: string; postalCode: string; locale: Locale; createdAt: string };
  signatures: {
    action: { slug: string; title: string; sponsor: string };
    status: string;
    name: string;
    postalCode: string;
    city: string | null;
    comment: string | null;
    consentToSponsor: boolean;
    referrer: string | null;
    consentToReferrer: boolean;
    signedAt: string;
    confirmedAt: string | null;
  }[];
  comments: {
    action: { slug: string; title: string };
    name: string;
    body: string;
    status: string;
    postedAt: string;
  }[];
  subscriptions: { action: { slug: string; title: string }; scope: string; status: string }[];
  contacts: {
    organization: string;
    givenName: string;
    familyName: string;
    email: string | null;
    phone: string | null;
    postalCode: string;
    locality: string;
    region: string;
    country: string;
    addressLines: string[];
    customFields: Record<string, string>;
    tags: string[];
    since: string;
  }[];
}

/** The request form: an address, nothing else. */
export function validateRequestForm(
  raw: unknown,
): { ok: true; email: string; emailCanonical: string } | { ok: false; errors: FieldErrorMap } {
  const email = typeof raw === "string" ? raw.trim() : "";
  if (email === "") return { ok: false, errors: { email: { key: "signerRights.error.emailRequired" } } };
  if (!isPlausibleEmail(email))
    return { ok: false, errors: { email: { key: "signerRights.error.emailInvalid" } } };
  return { ok: true, email, emailCanonical: canonicalEmail(email) };
}

/** The retention setting as typed on the organization's page: whole months, 1 to 120. */
export function readRetentionMonths(raw: unknown): number | null {
  const text = typeof raw === "string" ? raw.trim() : "";
  if (!/^\d{1,3}$/.test(text)) return null;
  const months = Number(text);
  return months >= 1 && months <= maxRetentionMonths ? months : null;
}

/** `at` plus whole calendar months, in UTC (31 January + 1 month = the last day of February). */
export function addMonths(at: Date, months: number): Date {
  const result = new Date(at.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const last = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, last));
  return result;
}

/** The content a scrubbed comment keeps: none. It stays as a trashed row so replies keep their thread. */
export const scrubbedComment = {
  name: "",
  email: "",
  email_canonical: "",
  website: null,
  body: "",
  body_fingerprint: null,
  status: "trash",
  hold_reason: null,
  signature_id: null,
} as const;
