/** The action editor's rules: what makes a valid action, as field errors. Pure. */
import type { Locale } from "../../i18n/locale.ts";
import type { FieldErrorMap } from "../forms.ts";
import { slugify } from "../organizations/organizations.ts";
import { isPlausibleEmail } from "../people/people.ts";
import { isUnreadable } from "../text.ts";
import { type ActionText, type ActionType, actionTypes, type TargetDraft } from "./actions.ts";
import { zonedFields, zonedInstant } from "./lifecycle.ts";

export interface ActionDraft {
  type: ActionType;
  slug: string;
  actionDate: string;
  goal: number;
  externalUrl: string | null;
  /** When signing closes by itself (an ISO instant), or null for no end. */
  endsAt: string | null;
  texts: Record<Locale, ActionText>;
  targets: TargetDraft[];
}

/** What the editor's rules need besides the form: the zone its times are in, and the clock. */
export interface ActionFormContext {
  /** The organization's time zone: the end date and time are typed in it. */
  timeZone: string;
  /** Without it an end in the past is not refused (the API keeps the stored end as it is). */
  now?: Date;
  /** The end already stored: kept as it is even once passed (an edit need not move it). */
  storedEndsAt: string | null;
}

/**
 * One target's fieldset as typed: its name and email once, its title, office and postal address
 * in each language (where the delivery goes: issue 13).
 */
export interface TargetFormRow {
  name: string;
  title_en: string;
  title_es: string;
  office_en: string;
  office_es: string;
  email: string;
  address_en: string;
  address_es: string;
}
const targetFormFields = [
  "name",
  "title_en",
  "title_es",
  "office_en",
  "office_es",
  "email",
  "address_en",
  "address_es",
] as const;
export const emptyTargetRow = (): TargetFormRow =>
  Object.fromEntries(targetFormFields.map((field) => [field, ""])) as unknown as TargetFormRow;

/** The editor form as typed, kept for re-rendering; `targets` has one entry per fieldset shown. */
export type ActionFormValues = Record<(typeof actionFormFields)[number], string> & {
  targets: TargetFormRow[];
};

/** The name of a target's field in the form: target_0_name, target_0_title_en, … */
export function targetField(index: number, field: keyof TargetFormRow): string {
  return `target_${index}_${field}`;
}
const targetFieldPattern =
  /^target_(\d{1,2})_(name|title_en|title_es|office_en|office_es|email|address_en|address_es)$/;

export const actionFormFields = [
  "type",
  "slug",
  "action_date",
  "goal",
  "external_url",
  "end_date",
  "end_time",
  "title_en",
  "summary_en",
  "description_en",
  "letter_en",
  "title_es",
  "summary_es",
  "description_es",
  "letter_es",
] as const;

/** The longest texts an action takes, in characters. */
export const textLimits = {
  title: 160,
  summary: 500,
  description: 20_000,
  letter: 20_000,
  targetName: 160,
  targetTitle: 200,
  targetOffice: 200,
  targetAddress: 500,
} as const;

/** Route names and words we never want in a public link, in both languages. */
const reservedSlugs = new Set([
  "a",
  "admin",
  "account",
  "accounts",
  "api",
  "auth",
  "dev",
  "en",
  "es",
  "setup",
  "invitations",
  "healthz",
  "new",
  "edit",
  "login",
  "logout",
  "signin",
  "signup",
  "register",
  "s",
  "www",
  "mail",
  "static",
  "assets",
  "osdi",
  "webhooks",
  "juntos",
  "nueva",
  "nuevo",
  "editar",
  "entrar",
  "salir",
  "cuenta",
  "registro",
]);
/** Refused anywhere inside a word of a slug, also run together with others ("fuckrent"). */
const offensiveAnywhere = [
  "fuck",
  "shit",
  "nigger",
  "faggot",
  "whore",
  "bitch",
  "mierda",
  "pendejo",
  "cabron",
  "maricon",
  "culero",
  "chinga",
];
/**
 * Refused only as a whole word of a slug: inside other words they are innocent, as in
 * "diputados", "computadoras", "Vergara", "Scunthorpe", "reputation" or "fire-retardant".
 */
const offensiveWholeWords = new Set([
  "cunt",
  "cunts",
  "retard",
  "retards",
  "retarded",
  "puta",
  "putas",
  "puto",
  "putos",
  "verga",
  "vergas",
  "joto",
  "jotos",
]);

export type SlugProblem = "field.slug.format" | "field.slug.reserved";

export function slugProblem(slug: string): SlugProblem | undefined {
  if (!/^[a-z0-9](?:[a-z0-9-]{1,58}[a-z0-9])$/.test(slug) || slug.includes("--")) return "field.slug.format";
  const words = slug.split("-");
  const offensive = words.some(
    (word) => offensiveWholeWords.has(word) || offensiveAnywhere.some((bad) => word.includes(bad)),
  );
  return reservedSlugs.has(slug) || offensive ? "field.slug.reserved" : undefined;
}

export function draftToValues(draft: ActionDraft, timeZone = "UTC"): ActionFormValues {
  const end = draft.endsAt ? zonedFields(draft.endsAt, timeZone) : { date: "", time: "" };
  const values: Partial<ActionFormValues> = {
    end_date: end.date,
    end_time: end.date ? end.time : "",
    type: draft.type,
    slug: draft.slug,
    action_date: draft.actionDate,
    goal: draft.goal === 0 ? "" : String(draft.goal),
    external_url: draft.externalUrl ?? "",
  };
  for (const locale of ["en", "es"] as const) {
    const text = draft.texts[locale];
    values[`title_${locale}`] = text.title;
    values[`summary_${locale}`] = text.summary;
    values[`description_${locale}`] = text.description;
    values[`letter_${locale}`] = text.letterText;
  }
  const targets = draft.targets.map((target) => ({
    name: target.name,
    title_en: target.title.en,
    title_es: target.title.es,
    office_en: target.office.en,
    office_es: target.office.es,
    email: target.email,
    address_en: target.postalAddress.en,
    address_es: target.postalAddress.es,
  }));
  return withEmptyTarget({ ...(values as ActionFormValues), targets });
}

/** The editor for a new action: a petition dated today, with one empty target fieldset. */
export function newActionForm(today: Date): ActionFormValues {
  const values = Object.fromEntries(actionFormFields.map((field) => [field, ""])) as Record<
    (typeof actionFormFields)[number],
    string
  >;
  return withEmptyTarget({
    ...values,
    type: "petition",
    action_date: today.toISOString().slice(0, 10),
    goal: "1000",
    targets: [],
  });
}

/** The form with one more empty target fieldset (a new form has one; "Add another target" adds one). */
export function withEmptyTarget(values: ActionFormValues): ActionFormValues {
  return { ...values, targets: [...values.targets, emptyTargetRow()] };
}

/** A link name made from a title ("¡Fondos para el centro!" → "fondos-para-el-centro"), or "". */
function suggestSlug(title: string): string {
  const slug = slugify(title).replace(/-+$/, "");
  return slug.length >= 3 ? slug : "";
}

/**
 * The posted editor form. A link name left empty is made from the English title here, so the
 * form sent back (with an error, or to add a target) shows the address the action will have.
 */
export function readActionForm(body: Record<string, unknown>): ActionFormValues {
  const values = { targets: [] } as unknown as ActionFormValues;
  for (const field of actionFormFields)
    values[field] = typeof body[field] === "string" ? (body[field] as string) : "";
  if (values.slug.trim() === "") values.slug = suggestSlug(values.title_en);
  // Target fieldsets come back in their order, renumbered from 0 (a gap in the numbers is harmless).
  const rows = new Map<number, TargetFormRow>();
  for (const [name, value] of Object.entries(body)) {
    const match = targetFieldPattern.exec(name);
    if (!match || typeof value !== "string") continue;
    const index = Number(match[1]);
    const row = rows.get(index) ?? emptyTargetRow();
    row[match[2] as keyof TargetFormRow] = value;
    rows.set(index, row);
  }
  values.targets = [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
  return values;
}

export function validateActionForm(
  values: ActionFormValues,
  context: ActionFormContext = { timeZone: "UTC", storedEndsAt: null },
): { ok: true; draft: ActionDraft } | { ok: false; errors: FieldErrorMap } {
  const errors: FieldErrorMap = {};
  const v = Object.fromEntries(actionFormFields.map((f) => [f, values[f].trim()])) as Record<
    (typeof actionFormFields)[number],
    string
  >;
  for (const field of actionFormFields) {
    if (isUnreadable(v[field])) errors[field] = { key: "field.unreadable" };
  }
  const checkText = (field: string, value: string, max: number, required: boolean) => {
    if (errors[field]) return;
    if (isUnreadable(value)) errors[field] = { key: "field.unreadable" };
    else if (required && value === "") errors[field] = { key: "field.required" };
    else if (value.length > max) errors[field] = { key: "field.tooLong", params: { max } };
  };
  const check = (field: (typeof actionFormFields)[number], max: number, required: boolean) =>
    checkText(field, v[field], max, required);
  if (!(actionTypes as readonly string[]).includes(v.type)) errors.type = { key: "field.required" };
  const slug = slugProblem(v.slug);
  if (slug && !errors.slug) errors.slug = { key: slug };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.action_date) || Number.isNaN(Date.parse(`${v.action_date}T00:00:00Z`))) {
    errors.action_date = { key: "field.date.invalid" };
  }
  // An external action's signatures are not counted here: its goal may stay empty (stored as 0).
  const noGoal = v.type === "external" && v.goal === "";
  if (!noGoal && (!/^\d{1,9}$/.test(v.goal) || Number(v.goal) < 1))
    errors.goal = { key: "field.goal.invalid" };
  if (v.type === "external" && !/^https?:\/\/[^\s]+\.[^\s]+$/.test(v.external_url)) {
    errors.external_url = { key: "field.url.invalid" };
  }
  // No end date: no end. A date without a time ends as that day does in the organization's zone.
  let endsAt: string | null = null;
  if (v.end_time !== "" && !/^([01]\d|2[0-3]):[0-5]\d$/.test(v.end_time))
    errors.end_time = { key: "field.endsAt.time" };
  if (v.end_date === "" && v.end_time !== "") errors.end_date = { key: "field.endsAt.dateMissing" };
  if (v.end_date !== "" && !errors.end_time) {
    const instant = zonedInstant(v.end_date, v.end_time || "23:59", context.timeZone);
    if (!instant) errors.end_date = { key: "field.date.invalid" };
    else {
      endsAt = instant.toISOString();
      if (context.now && endsAt !== context.storedEndsAt && instant.getTime() <= context.now.getTime())
        errors.end_date = { key: "field.endsAt.past" };
    }
  }
  for (const locale of ["en", "es"] as const) {
    // English is required; Spanish left empty stays empty and shows the English when rendered.
    check(`title_${locale}`, textLimits.title, locale === "en");
    check(`summary_${locale}`, textLimits.summary, locale === "en");
    check(`description_${locale}`, textLimits.description, locale === "en");
    check(`letter_${locale}`, textLimits.letter, false);
  }
  const targets: TargetDraft[] = [];
  values.targets.forEach((typed, index) => {
    const row = Object.fromEntries(
      targetFormFields.map((field) => [field, (typed[field] ?? "").trim()]),
    ) as unknown as TargetFormRow;
    // An empty fieldset is the spare one offered for a new target: nothing to save.
    if (targetFormFields.every((field) => row[field] === "")) return;
    // A title with no name is what used to show publicly as ", Mayor": the name is asked for.
    if (row.name === "") errors[targetField(index, "name")] = { key: "field.target.nameRequired" };
    checkText(targetField(index, "name"), row.name, textLimits.targetName, true);
    checkText(targetField(index, "title_en"), row.title_en, textLimits.targetTitle, false);
    checkText(targetField(index, "title_es"), row.title_es, textLimits.targetTitle, false);
    checkText(targetField(index, "office_en"), row.office_en, textLimits.targetOffice, false);
    checkText(targetField(index, "office_es"), row.office_es, textLimits.targetOffice, false);
    checkText(targetField(index, "address_en"), row.address_en, textLimits.targetAddress, false);
    checkText(targetField(index, "address_es"), row.address_es, textLimits.targetAddress, false);
    if (row.email !== "" && !isPlausibleEmail(row.email))
      errors[targetField(index, "email")] = { key: "field.email.invalid" };
    targets.push({
      name: row.name,
      title: { en: row.title_en, es: row.title_es },
      office: { en: row.office_en, es: row.office_es },
      email: row.email,
      postalAddress: { en: row.address_en, es: row.address_es },
    });
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const text = (locale: Locale): ActionText => ({
    title: v[`title_${locale}`],
    summary: v[`summary_${locale}`],
    description: v[`description_${locale}`],
    letterText: v[`letter_${locale}`],
  });
  return {
    ok: true,
    draft: {
      type: v.type as ActionType,
      slug: v.slug,
      actionDate: v.action_date,
      goal: noGoal ? 0 : Number(v.goal),
      externalUrl: v.type === "external" ? v.external_url : null,
      endsAt,
      texts: { en: text("en"), es: text("es") },
      targets,
    },
  };
}
