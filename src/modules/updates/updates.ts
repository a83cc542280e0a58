/**
 * Updates a sponsor posts on an action: what one is (its kinds, its texts in both languages with
 * the Spanish falling back to the English like the action's own texts), the editor's form rules,
 * the signed one-click unsubscribe link, and how a mail's failure counts. Pure.
 */
import type { Locale, UpdateKind } from "../../db/schema.ts";
import type { FieldErrorMap } from "../forms.ts";
import { readSignedId, signId } from "../signed-id.ts";

export type { UpdateKind };

export const updateKinds = ["progress", "response", "victory"] as const satisfies readonly UpdateKind[];

export function isUpdateKind(value: unknown): value is UpdateKind {
  return typeof value === "string" && (updateKinds as readonly string[]).includes(value);
}

export const titleMaxLength = 150;
export const bodyMaxLength = 10_000;

/** How many updates the action's page shows; the rest are on its updates page and in the feed. */
export const latestOnPage = 3;

/** How many signers one outbox job mails: a batch ends well within its lease over SMTP. */
export const batchSize = 100;

/** An update's title and Markdown body in one language. */
export interface UpdateText {
  title: string;
  body: string;
}

/** The editor's fields, as typed (kept on a 422). */
export interface UpdateFormValues {
  kind: string;
  title_en: string;
  body_en: string;
  title_es: string;
  body_es: string;
}

export const emptyUpdateForm: UpdateFormValues = {
  kind: "progress",
  title_en: "",
  body_en: "",
  title_es: "",
  body_es: "",
};

/** A valid update: its kind, its English text, and its Spanish text where it was given. */
export interface UpdateDraft {
  kind: UpdateKind;
  texts: { en: UpdateText; es: UpdateText | null };
}

/** Reads and checks the editor's form: a kind, an English title and body, Spanish optional. */
export function validateUpdateForm(
  values: UpdateFormValues,
): { ok: true; draft: UpdateDraft } | { ok: false; errors: FieldErrorMap } {
  const errors: FieldErrorMap = {};
  if (!isUpdateKind(values.kind)) errors.kind = { key: "updates.error.kind" };
  const check = (field: "title_en" | "body_en" | "title_es" | "body_es", required: boolean) => {
    const value = values[field];
    const max = field.startsWith("title") ? titleMaxLength : bodyMaxLength;
    if (required && value === "")
      errors[field] = {
        key: field.startsWith("title") ? "updates.error.titleRequired" : "updates.error.bodyRequired",
      };
    else if (value.length > max) errors[field] = { key: "updates.error.tooLong", params: { max } };
  };
  check("title_en", true);
  check("body_en", true);
  check("title_es", false);
  check("body_es", false);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const es =
    values.title_es === "" && values.body_es === "" ? null : { title: values.title_es, body: values.body_es };
  return {
    ok: true,
    draft: {
      kind: values.kind as UpdateKind,
      texts: { en: { title: values.title_en, body: values.body_en }, es },
    },
  };
}

/** The text shown in `locale`: its own where given, field by field, else the English. */
export function textIn(texts: Partial<Record<Locale, UpdateText>>, locale: Locale): UpdateText {
  const english = texts.en ?? { title: "", body: "" };
  const own = texts[locale];
  return { title: own?.title || english.title, body: own?.body || english.body };
}

/** An update as the public sees it, in one language. */
export interface PublicUpdate {
  id: number;
  kind: UpdateKind;
  title: string;
  body: string;
  postedAt: string;
  editedAt: string | null;
}

/** What the action's page shows of its updates: the newest few, and how many there are. */
export interface PageUpdates {
  latest: PublicUpdate[];
  total: number;
}

/** One update's mail so far: recipients written, mailed, refused for good, and who stopped since. */
export interface DeliveryCounts {
  queued: number;
  sent: number;
  bounced: number;
  unsubscribed: number;
}

/** An update as the sponsor's list shows it. */
export interface AdminUpdate {
  id: number;
  kind: UpdateKind;
  title: string;
  postedAt: string;
  editedAt: string | null;
  counts: DeliveryCounts;
}

const unsubscribePurpose = (updateId: number) => `update-unsubscribe:${updateId}`;

/**
 * The unsubscribe link of one signer's mail of one update: it names the signature (whose person
 * and sponsor it stops), signed together with the update it came with.
 */
export function unsubscribeToken(secret: string, updateId: number, signatureId: number): string {
  return signId(secret, unsubscribePurpose(updateId), signatureId);
}

/** The signature an unsubscribe link names; null when it is malformed, forged or for another update. */
export function readUnsubscribeToken(secret: string, updateId: number, token: string): number | null {
  return readSignedId(secret, unsubscribePurpose(updateId), token);
}
