/** The rules of the account forms (registration, setup, invitations, the account page). Pure. */
import type { FieldErrorMap } from "../forms.ts";
import { isPlausibleEmail } from "../people/people.ts";
import { passwordLimits, passwordProblem } from "./accounts.ts";

export const nameMaxLength = 100;

/** Name, email and password checks; a field left undefined is not checked. */
export function identityErrors(values: { name?: string; email?: string; password?: string }): FieldErrorMap {
  const errors: FieldErrorMap = {};
  if (values.name !== undefined && (values.name === "" || values.name.length > nameMaxLength)) {
    errors.name =
      values.name === ""
        ? { key: "field.required" }
        : { key: "field.tooLong", params: { max: nameMaxLength } };
  }
  if (values.email !== undefined && !isPlausibleEmail(values.email))
    errors.email = { key: "field.email.invalid" };
  if (values.password !== undefined) {
    const problem = passwordProblem(values.password);
    if (problem) errors.password = { key: problem, params: { max: passwordLimits.max } };
  }
  return errors;
}

export function hasErrors(errors: FieldErrorMap): boolean {
  return Object.keys(errors).length > 0;
}
