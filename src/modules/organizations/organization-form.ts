/** The organization profile form: what is read from it and what makes it invalid. Pure. */
import { slugProblem } from "../actions/action-form.ts";
import type { FieldErrorMap } from "../forms.ts";
import type { OrganizationInput } from "./organizations.service.ts";

export const organizationFormFields = [
  "name",
  "slug",
  "short_name",
  "website",
  "city",
  "state",
  "time_zone",
  "description_en",
  "description_es",
] as const;

export type OrganizationFormValues = Record<(typeof organizationFormFields)[number], string>;

const timeZones = new Set(Intl.supportedValuesOf("timeZone"));

/** Every IANA time zone this runtime knows, plus UTC. */
export function knownTimeZones(): string[] {
  return ["UTC", ...[...timeZones].filter((zone) => zone !== "UTC")];
}

export function readOrganizationForm(body: unknown): OrganizationFormValues {
  const read = (field: string) => {
    const value = (body as Record<string, unknown> | null | undefined)?.[field];
    return typeof value === "string" ? value.trim() : "";
  };
  return Object.fromEntries(organizationFormFields.map((f) => [f, read(f)])) as OrganizationFormValues;
}

/** `creating`: a new organization also chooses its link name (it cannot change afterwards). */
export function validateOrganizationForm(
  values: OrganizationFormValues,
  { creating }: { creating: boolean },
): { ok: true; input: OrganizationInput } | { ok: false; errors: FieldErrorMap } {
  const errors: FieldErrorMap = {};
  const slugRule = creating ? slugProblem(values.slug) : undefined;
  if (slugRule) errors.slug = { key: slugRule };
  if (values.name === "" || values.name.length > 160)
    errors.name = { key: values.name === "" ? "field.required" : "field.tooLong", params: { max: 160 } };
  if (values.website && !/^https?:\/\/\S+\.\S+$/.test(values.website))
    errors.website = { key: "field.url.invalid" };
  for (const f of ["short_name", "city", "state"] as const)
    if (values[f].length > 80) errors[f] = { key: "field.tooLong", params: { max: 80 } };
  for (const f of ["description_en", "description_es"] as const)
    if (values[f].length > 5000) errors[f] = { key: "field.tooLong", params: { max: 5000 } };
  if (values.time_zone !== "" && values.time_zone !== "UTC" && !timeZones.has(values.time_zone))
    errors.time_zone = { key: "field.timeZone.invalid" };
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const orNull = (v: string) => (v ? v : null);
  return {
    ok: true,
    input: {
      name: values.name,
      slug: values.slug,
      shortName: orNull(values.short_name),
      website: orNull(values.website),
      city: orNull(values.city),
      state: orNull(values.state),
      timeZone: values.time_zone || "UTC",
      description: { en: values.description_en, es: values.description_es },
    },
  };
}
