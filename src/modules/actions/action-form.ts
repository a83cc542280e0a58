/** The action editor's rules: what makes a valid action, as field errors. Pure. */
import type { MessageKey } from "../../i18n/catalog.ts";
import type { Locale } from "../../i18n/locale.ts";
import { isUnreadable } from "../text.ts";
import { type ActionText, type ActionType, actionTypes, type Target } from "./actions.ts";

export interface ActionDraft {
  type: ActionType;
  slug: string;
  actionDate: string;
  goal: number;
  externalUrl: string | null;
  texts: Record<Locale, ActionText>;
  targets: Record<Locale, Target[]>;
}

/** The editor form as typed, kept for re-rendering. */
export type ActionFormValues = Record<(typeof actionFormFields)[number], string>;

export const actionFormFields = [
  "type",
  "slug",
  "action_date",
  "goal",
  "external_url",
  "title_en",
  "summary_en",
  "description_en",
  "letter_en",
  "targets_en",
  "title_es",
  "summary_es",
  "description_es",
  "letter_es",
  "targets_es",
] as const;

export type ActionFormErrors = Partial<
  Record<keyof ActionFormValues, { key: MessageKey; params?: Record<string, number> }>
>;

const textLimits = { title: 160, summary: 500, description: 20_000, letter: 20_000, targets: 5_000 } as const;

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

/** Targets are typed one per line as "Name | Title". */
export function parseTargets(text: string): Target[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const [name = "", ...title] = line.split("|");
      return { name: name.trim(), title: title.join("|").trim() };
    });
}

export function formatTargets(targets: Target[]): string {
  return targets.map((t) => (t.title ? `${t.name} | ${t.title}` : t.name)).join("\n");
}

export function draftToValues(draft: ActionDraft): ActionFormValues {
  const values: Partial<ActionFormValues> = {
    type: draft.type,
    slug: draft.slug,
    action_date: draft.actionDate,
    goal: String(draft.goal),
    external_url: draft.externalUrl ?? "",
  };
  for (const locale of ["en", "es"] as const) {
    const text = draft.texts[locale];
    values[`title_${locale}`] = text.title;
    values[`summary_${locale}`] = text.summary;
    values[`description_${locale}`] = text.description;
    values[`letter_${locale}`] = text.letterText;
    values[`targets_${locale}`] = formatTargets(draft.targets[locale]);
  }
  return values as ActionFormValues;
}

export function readActionForm(body: Record<string, unknown>): ActionFormValues {
  const values = {} as ActionFormValues;
  for (const field of actionFormFields)
    values[field] = typeof body[field] === "string" ? (body[field] as string) : "";
  return values;
}

export function validateActionForm(
  values: ActionFormValues,
): { ok: true; draft: ActionDraft } | { ok: false; errors: ActionFormErrors } {
  const errors: ActionFormErrors = {};
  const v = Object.fromEntries(actionFormFields.map((f) => [f, values[f].trim()])) as ActionFormValues;
  for (const field of actionFormFields) {
    if (isUnreadable(v[field])) errors[field] = { key: "field.unreadable" };
  }
  const check = (field: keyof ActionFormValues, max: number, required: boolean) => {
    if (errors[field]) return;
    if (required && v[field] === "") errors[field] = { key: "field.required" };
    else if (v[field].length > max) errors[field] = { key: "field.tooLong", params: { max } };
  };
  if (!(actionTypes as readonly string[]).includes(v.type)) errors.type = { key: "field.required" };
  const slug = slugProblem(v.slug);
  if (slug && !errors.slug) errors.slug = { key: slug };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.action_date) || Number.isNaN(Date.parse(`${v.action_date}T00:00:00Z`))) {
    errors.action_date = { key: "field.date.invalid" };
  }
  if (!/^\d{1,9}$/.test(v.goal) || Number(v.goal) < 1) errors.goal = { key: "field.goal.invalid" };
  if (v.type === "external" && !/^https?:\/\/[^\s]+\.[^\s]+$/.test(v.external_url)) {
    errors.external_url = { key: "field.url.invalid" };
  }
  for (const locale of ["en", "es"] as const) {
    // English is required; Spanish left empty stays empty and shows the English when rendered.
    check(`title_${locale}`, textLimits.title, locale === "en");
    check(`summary_${locale}`, textLimits.summary, locale === "en");
    check(`description_${locale}`, textLimits.description, locale === "en");
    check(`letter_${locale}`, textLimits.letter, false);
    check(`targets_${locale}`, textLimits.targets, false);
  }
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
      goal: Number(v.goal),
      externalUrl: v.type === "external" ? v.external_url : null,
      texts: { en: text("en"), es: text("es") },
      targets: { en: parseTargets(v.targets_en), es: parseTargets(v.targets_es) },
    },
  };
}
