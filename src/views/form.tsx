/** Form building blocks for organizer pages: labelled fields with their errors, and the CSRF token. */
import type { ComponentChildren } from "preact";
import type { MessageKey } from "../i18n/catalog.ts";
import type { Translator } from "../i18n/translator.ts";

import type { FieldErrorMap } from "../modules/forms.ts";

export type { FieldErrorMap };

interface FieldProps {
  t: Translator;
  name: string;
  /** Needed only when two forms on one page share a field name (ids must be unique). */
  id?: string;
  label: string;
  value?: string;
  errors?: FieldErrorMap;
  hint?: string;
  required?: boolean;
}

function fieldId(props: { id?: string; name: string }): string {
  return props.id ?? `f-${props.name}`;
}

function describedBy(id: string, error: unknown, hint: unknown) {
  const ids = [error ? `${id}-error` : "", hint ? `${id}-hint` : ""].filter(Boolean).join(" ");
  return ids || undefined;
}

function FieldFrame(props: FieldProps & { children: ComponentChildren }) {
  const { t, name, label, errors, hint, children } = props;
  const error = errors?.[name];
  const id = fieldId(props);
  return (
    <>
      <label for={id}>{label}</label>
      {hint ? (
        <p class="note" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {t.t(error.key, error.params)}
        </p>
      ) : null}
      {children}
    </>
  );
}

export function TextField(
  props: FieldProps & {
    type?: "text" | "email" | "password" | "url" | "date" | "time" | "number";
    autocomplete?: string;
  },
) {
  const { name, value, errors, hint, required, type = "text", autocomplete } = props;
  return (
    <FieldFrame {...props}>
      <input
        type={type as "text"}
        id={fieldId(props)}
        name={name}
        value={type === "password" ? "" : (value ?? "")}
        required={required}
        autocomplete={autocomplete as "on"}
        aria-invalid={errors?.[name] ? true : undefined}
        aria-describedby={describedBy(fieldId(props), errors?.[name], hint)}
      />
    </FieldFrame>
  );
}

export function TextArea(props: FieldProps & { rows?: number }) {
  const { name, value, errors, hint, required, rows = 4 } = props;
  return (
    <FieldFrame {...props}>
      <textarea
        id={fieldId(props)}
        name={name}
        rows={rows}
        required={required}
        aria-invalid={errors?.[name] ? true : undefined}
        aria-describedby={describedBy(fieldId(props), errors?.[name], hint)}
        value={value ?? ""}
      />
    </FieldFrame>
  );
}

export function SelectField(props: FieldProps & { options: { value: string; label: string }[] }) {
  const { name, value, errors, hint, options } = props;
  return (
    <FieldFrame {...props}>
      <select
        id={fieldId(props)}
        name={name}
        aria-invalid={errors?.[name] ? true : undefined}
        aria-describedby={describedBy(fieldId(props), errors?.[name], hint)}
      >
        {options.map((option) => (
          <option value={option.value} selected={option.value === value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** A one-button form (sign out, publish, confirm): POST with the CSRF token. */
export function PostButton(props: {
  action: string;
  csrf: string;
  label: string;
  name?: string;
  value?: string;
  secondary?: boolean;
}) {
  return (
    <form method="post" action={props.action} class="inline">
      <Csrf token={props.csrf} />
      {props.name ? <input type="hidden" name={props.name} value={props.value} /> : null}
      <button type="submit" class={props.secondary ? "secondary" : undefined}>
        {props.label}
      </button>
    </form>
  );
}

/**
 * The summary at the top of a form sent back with problems: a heading, then one link per invalid
 * field (to its input, `f-<name>` unless `ids` says otherwise). Forms post to `…#errors`, so the
 * browser brings the summary into view and focus without JavaScript.
 */
export function ErrorSummary({
  t,
  errors,
  formError,
  labels = {},
  ids = {},
}: {
  t: Translator;
  errors?: FieldErrorMap;
  formError?: MessageKey;
  /** Field labels, so each line says which field it is about. */
  labels?: Record<string, string>;
  ids?: Record<string, string>;
}) {
  const fields = Object.entries(errors ?? {}).filter(([, error]) => error !== undefined);
  const count = fields.length + (formError ? 1 : 0);
  if (count === 0) return null;
  return (
    <div class="errors" role="alert" id={errorSummaryId} tabindex={-1}>
      <h2>{t.t("sign.errorSummary", { count })}</h2>
      {formError ? <p>{t.t(formError)}</p> : null}
      {fields.length > 0 ? (
        <ul>
          {fields.map(([name, error]) => {
            const message = t.t(error!.key, error!.params);
            const label = labels[name];
            return (
              <li>
                <a href={`#${ids[name] ?? fieldId({ name })}`}>{label ? `${label}: ${message}` : message}</a>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

/** The id of the error summary; a form's action ends with `#errors` to land on it. */
export const errorSummaryId = "errors";

/** A form action that brings the error summary into view when the answer is the form again. */
export function toErrors(action: string): string {
  return `${action}#${errorSummaryId}`;
}

type IdentityFieldProps = { t: Translator; values?: Record<string, string>; errors?: FieldErrorMap };

/** The name, email and new-password fields shared by registration, setup and invitations. */
export function NameField({ t, values, errors }: IdentityFieldProps) {
  return (
    <TextField
      t={t}
      name="name"
      label={t.t("field.name")}
      value={values?.name}
      errors={errors}
      autocomplete="name"
      required
    />
  );
}

export function EmailField({
  t,
  values,
  errors,
  id,
  autocomplete = "email",
}: IdentityFieldProps & { id?: string; autocomplete?: string }) {
  return (
    <TextField
      t={t}
      name="email"
      id={id}
      type="email"
      label={t.t("field.email")}
      value={values?.email}
      errors={errors}
      autocomplete={autocomplete}
      required
    />
  );
}

export function NewPasswordField({ t, errors }: IdentityFieldProps) {
  return (
    <TextField
      t={t}
      name="password"
      type="password"
      label={t.t("field.newPassword")}
      hint={t.t("field.password.hint")}
      errors={errors}
      autocomplete="new-password"
      required
    />
  );
}
