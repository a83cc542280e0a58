import { describe, expect, it } from "vitest";
import { actionForm } from "../../../test/support/fixtures.ts";
import { draftToValues, readActionForm, validateActionForm } from "./action-form.ts";

const noTargets = {
  target_0_name: "",
  target_0_title_en: "",
  target_0_title_es: "",
  target_1_name: "",
  target_1_title_en: "",
  target_1_title_es: "",
};

function validate(fields: Record<string, string>) {
  return validateActionForm(readActionForm(actionForm({ ...noTargets, ...fields })));
}

describe("targets in the action editor", () => {
  it("saves each filled fieldset in order with its titles, and skips empty ones", () => {
    const result = validate({
      target_7_name: "Grace Hopper",
      target_7_title_en: "Mayor",
      target_2_name: " Ada Lovelace ",
      target_2_title_es: "Supervisora",
    });
    const none = { office: { en: "", es: "" }, email: "", postalAddress: { en: "", es: "" } };
    expect(result.ok && result.draft.targets).toEqual([
      { name: "Ada Lovelace", title: { en: "", es: "Supervisora" }, ...none },
      { name: "Grace Hopper", title: { en: "Mayor", es: "" }, ...none },
    ]);
  });

  it("refuses a title without a name, on that target's name field, and over-long fields", () => {
    const result = validate({
      target_0_title_en: "Mayor",
      target_1_name: "x".repeat(161),
      target_1_title_es: "y".repeat(201),
    });
    expect(result.ok ? {} : result.errors).toEqual({
      target_0_name: { key: "field.target.nameRequired" },
      target_1_name: { key: "field.tooLong", params: { max: 160 } },
      target_1_title_es: { key: "field.tooLong", params: { max: 200 } },
    });
  });

  it("gives the editor every stored target plus one empty fieldset", () => {
    const result = validate({ target_0_name: "Ada Lovelace", target_0_title_en: "Supervisor" });
    if (!result.ok) throw new Error("invalid");
    const none = { office_en: "", office_es: "", email: "", address_en: "", address_es: "" };
    expect(draftToValues(result.draft).targets).toEqual([
      { name: "Ada Lovelace", title_en: "Supervisor", title_es: "", ...none },
      { name: "", title_en: "", title_es: "", ...none },
    ]);
  });

  it("takes each target's office and address per language and one email, checking its shape", () => {
    const result = validate({
      target_0_name: "Tom Vilsack",
      target_0_office_en: " Office of the Secretary ",
      target_0_office_es: "Oficina del Secretario",
      target_0_email: "agsec@usda.example.gov",
      target_0_address_en: "1400 Independence Ave SW\nWashington, DC 20250",
      target_1_name: "Ada Lovelace",
      target_1_email: "not an address",
      target_1_address_es: "z".repeat(501),
    });
    expect(result.ok ? {} : result.errors).toEqual({
      target_1_email: { key: "field.email.invalid" },
      target_1_address_es: { key: "field.tooLong", params: { max: 500 } },
    });
    const fixed = validate({
      target_0_name: "Tom Vilsack",
      target_0_office_en: " Office of the Secretary ",
      target_0_office_es: "Oficina del Secretario",
      target_0_email: "agsec@usda.example.gov",
      target_0_address_en: "1400 Independence Ave SW\nWashington, DC 20250",
    });
    expect(fixed.ok && fixed.draft.targets).toEqual([
      {
        name: "Tom Vilsack",
        title: { en: "", es: "" },
        office: { en: "Office of the Secretary", es: "Oficina del Secretario" },
        email: "agsec@usda.example.gov",
        postalAddress: { en: "1400 Independence Ave SW\nWashington, DC 20250", es: "" },
      },
    ]);
  });
});
