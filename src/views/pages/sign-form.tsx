import type { MessageKey } from "../../i18n/catalog.ts";
import type { Translator } from "../../i18n/translator.ts";
import type { PartnerRef } from "../../modules/actions/actions.ts";
import {
  type FieldErrors,
  limits,
  type SignField,
  type SignFormValues,
} from "../../modules/signatures/signatures.ts";
import { withReferral } from "../paths.ts";

export interface SignFormProps {
  t: Translator;
  action: string;
  sponsorName: string;
  formToken: string;
  source: string | null;
  /** The co-sponsor whose link brought the signer: it gets a consent box of its own. */
  partner: PartnerRef | null;
  /** The referring site's host, sent back with the form for attribution. */
  website: string | null;
  values?: SignFormValues;
  errors?: FieldErrors;
  /** A problem with the form as a whole (expired, too fast). */
  formError?: MessageKey;
  /** Shown in a widget on another site: the answer to it (thank-you, errors) stays in the frame. */
  embedded?: boolean;
  /** Whom the letter is delivered to (the targets' names), for the public-name box. */
  deliveredTo?: string;
}

/** The id of the error summary, which the form's action names as its fragment. */
export const errorSummaryId = "form-errors";

const labels: Record<SignField, MessageKey> = {
  name: "sign.name",
  email: "sign.email",
  postal_code: "sign.postalCode",
  comment: "sign.comment",
  city: "sign.city",
};

const inputAttributes = {
  name: { type: "text", autocomplete: "name" },
  email: { type: "email", autocomplete: "email", inputMode: "email", spellcheck: false },
  postal_code: { type: "text", autocomplete: "postal-code", autocapitalize: "characters" },
  city: { type: "text", autocomplete: "address-level2" },
} as const;

export function SignForm({
  t,
  action,
  sponsorName,
  formToken,
  source,
  partner,
  website,
  values,
  errors = {},
  formError,
  embedded,
  deliveredTo,
}: SignFormProps) {
  const problems = Object.entries(errors) as [SignField, NonNullable<FieldErrors[SignField]>][];
  const problemCount = problems.length + (formError ? 1 : 0);
  const message = (field: SignField) => {
    const error = errors[field];
    return error ? t.t(error.key, error.params) : undefined;
  };
  const field = (name: SignField) => {
    const error = message(name);
    const id = `f-${name}`;
    const shared = {
      id,
      name,
      maxLength: limits[name],
      "aria-invalid": error ? true : undefined,
      "aria-describedby": error ? `${id}-error` : undefined,
    };
    return (
      <>
        <label for={id}>{t.t(labels[name])}</label>
        {error ? (
          <p class="field-error" id={`${id}-error`}>
            {error}
          </p>
        ) : null}
        {name === "comment" ? (
          <textarea {...shared} rows={3} value={values?.comment ?? ""} />
        ) : (
          <input
            {...shared}
            {...inputAttributes[name]}
            required={name !== "city"}
            value={values?.[name] ?? ""}
          />
        )}
      </>
    );
  };
  return (
    // The answer to a refused form starts with its error summary: the action's fragment makes
    // the browser scroll to it and focus it (it takes focus: tabindex -1), without JavaScript.
    // A widget's form keeps the partner's code in its address too, so that its answer is that
    // partner's widget.
    <form
      method="post"
      action={`${embedded ? withReferral(action, partner?.slug ?? null) : action}#${errorSummaryId}`}
    >
      {problemCount > 0 ? (
        <div class="errors" role="alert" id={errorSummaryId} tabIndex={-1}>
          <h2>{t.t("sign.errorSummary", { count: problemCount })}</h2>
          <ul>
            {formError ? <li>{t.t(formError)}</li> : null}
            {problems.map(([name, error]) => (
              <li>
                <a href={`#f-${name}`}>{`${t.t(labels[name])}: ${t.t(error.key, error.params)}`}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {field("name")}
      {field("email")}
      {field("postal_code")}
      {field("comment")}
      {/* Unticked by default: nothing is published unless the signer asks for it. */}
      <label class="check" for="f-publish">
        <input type="checkbox" id="f-publish" name="publish" value="yes" checked={values?.publish ?? false} />
        <span>{t.t("sign.publish")}</span>
      </label>
      {/* Unticked too: the delivered letter shows initials unless the signer asks for the name. */}
      <label class="check" for="f-public-name">
        <input
          type="checkbox"
          id="f-public-name"
          name="public_name"
          value="yes"
          checked={values?.public_name ?? false}
        />
        <span>
          {deliveredTo ? t.t("sign.publicName", { target: deliveredTo }) : t.t("sign.publicNameNoTarget")}
        </span>
      </label>
      {field("city")}
      {partner ? (
        // One unticked box per organization that would receive the signer's details.
        <fieldset class="consents">
          <legend>{t.t("sign.consentLegend")}</legend>
          <ConsentBox
            name="consent"
            checked={values?.consent}
            label={t.t("sign.consentSponsor", { sponsor: sponsorName })}
          />
          <ConsentBox
            name="consent_partner"
            checked={values?.consent_partner}
            label={t.t("sign.consentPartner", { partner: partner.name })}
          />
        </fieldset>
      ) : (
        <ConsentBox
          name="consent"
          checked={values?.consent}
          label={t.t("sign.consent", { sponsor: sponsorName })}
        />
      )}
      <div class="hp" aria-hidden="true">
        <label for="f-website">{t.t("sign.honeypot")}</label>
        <input type="text" id="f-website" name="website" tabIndex={-1} autocomplete="off" />
      </div>
      <input type="hidden" name="ts" value={formToken} />
      {source ? <input type="hidden" name="source" value={source} /> : null}
      {partner ? <input type="hidden" name="ref" value={partner.slug} /> : null}
      {website ? <input type="hidden" name="via" value={website} /> : null}
      {embedded ? <input type="hidden" name="embed" value="yes" /> : null}
      <button type="submit">{t.t("sign.submit")}</button>
      <p class="note">{t.t("sign.privacy")}</p>
    </form>
  );
}

/** A consent checkbox: unticked unless the person ticked it before the form came back. */
function ConsentBox({
  name,
  checked,
  label,
}: {
  name: "consent" | "consent_partner";
  checked?: boolean;
  label: string;
}) {
  const id = name === "consent" ? "f-consent" : "f-consent-partner";
  return (
    <label class="check" for={id}>
      <input type="checkbox" id={id} name={name} value="yes" checked={checked ?? false} />
      <span>{label}</span>
    </label>
  );
}
