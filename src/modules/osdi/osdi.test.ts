import { describe, expect, it } from "vitest";
import { actionForm } from "../../../test/support/fixtures.ts";
import { draftToValues, readActionForm, validateActionForm } from "../actions/action-form.ts";
import { petitionDraft, splitName } from "./osdi.ts";

describe("splitName", () => {
  it("splits a name into given and family names", () => {
    expect(splitName("Ada María Lovelace")).toEqual({ given_name: "Ada María", family_name: "Lovelace" });
    expect(splitName("Cher")).toEqual({ given_name: "Cher" });
  });
});

describe("petitionDraft", () => {
  it("keeps a kept target's email, office and address; a new one has none", () => {
    const base = validateActionForm(
      readActionForm(
        actionForm({
          target_0_email: "ada@example.gov",
          target_0_office_es: "Junta",
          target_0_address_en: "1 Main St",
        }),
      ),
    );
    if (!base.ok) throw new Error("invalid base");
    const result = petitionDraft(
      draftToValues(base.draft),
      { target: [{ name: "Ada Lovelace" }, { name: "Alan Turing" }] },
      false,
    );
    expect(result.ok && result.draft.targets).toEqual([
      {
        name: "Ada Lovelace",
        title: { en: "Supervisor", es: "Supervisora" },
        office: { en: "", es: "Junta" },
        email: "ada@example.gov",
        postalAddress: { en: "1 Main St", es: "" },
      },
      {
        name: "Alan Turing",
        title: { en: "", es: "" },
        office: { en: "", es: "" },
        email: "",
        postalAddress: { en: "", es: "" },
      },
    ]);
  });
});
