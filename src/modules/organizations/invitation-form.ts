/** The invitation form's rules: a plausible address and a role that exists. Pure. */
import type { Role } from "../../db/schema.ts";
import type { FieldErrorMap } from "../forms.ts";
import { isPlausibleEmail } from "../people/people.ts";
import { isRole } from "./policy.ts";

export type InvitationFormResult =
  | { ok: true; email: string; role: Role }
  | { ok: false; errors: FieldErrorMap };

export function validateInvitationForm(values: { email: string; role: string }): InvitationFormResult {
  const errors: FieldErrorMap = {};
  if (!isPlausibleEmail(values.email)) errors.email = { key: "field.email.invalid" };
  if (!isRole(values.role)) errors.role = { key: "field.required" };
  if (!isRole(values.role) || errors.email) return { ok: false, errors };
  return { ok: true, email: values.email, role: values.role };
}
