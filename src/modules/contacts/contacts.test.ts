import { describe, expect, it } from "vitest";
import {
  absorbContact,
  type ContactFields,
  emptyContact,
  isPersonProblem,
  mergeContact,
  type PersonInput,
  planUpsert,
  readPerson,
  readPersonSignup,
} from "./contacts.ts";

function read(person: unknown): PersonInput {
  const input = readPerson(person);
  if (isPersonProblem(input)) throw new Error(input.description);
  return input;
}

const held: ContactFields = {
  ...emptyContact,
  email: "Ana@Example.org",
  emailCanonical: "ana@example.org",
  emailStatus: "unsubscribed",
  phone: "34600111222",
  givenName: "Ana",
  familyName: "Ortiz",
  addressLines: ["Calle Mayor 1"],
  locality: "Madrid",
  region: "ES-M",
  postalCode: "28013",
  country: "ES",
  customFields: { shift: "night", union: "yes" },
  source: "march-flyer",
};

describe("readPerson", () => {
  it("reads Parsons' upsert_person body into our fields", () => {
    expect(
      read({
        email_addresses: [{ address: " Ana@Example.org " }],
        phone_numbers: [{ number: "+34 600-111-222" }],
        given_name: "Ana",
        family_name: "Ortiz",
        postal_addresses: [{ postal_code: "28013" }],
        custom_fields: { shift: "night", badge: 12 },
      }),
    ).toEqual({
      email: { address: "Ana@Example.org", canonical: "ana@example.org" },
      phone: "34600111222",
      givenName: "Ana",
      familyName: "Ortiz",
      address: {
        addressLines: undefined,
        locality: undefined,
        region: undefined,
        postalCode: "28013",
        country: undefined,
      },
      customFields: { shift: "night", badge: "12" },
    });
  });

  it("takes the primary member, and only a mobile number", () => {
    const input = read({
      email_addresses: [{ address: "work@example.org" }, { address: "home@example.org", primary: true }],
      phone_numbers: [
        { number: "5551234567", number_type: "Home" },
        { number: "34600111222", number_type: "Mobile" },
      ],
    });
    expect(input.email?.canonical).toBe("home@example.org");
    expect(input.phone).toBe("34600111222");
  });

  it("needs an email or a mobile number, naming both fields", () => {
    const problem = readPerson({
      given_name: "Ana",
      phone_numbers: [{ number: "555", number_type: "Home" }],
    });
    expect(problem).toEqual({
      code: "missing_person_key",
      properties: ["person.email_addresses", "person.phone_numbers"],
      description: "A person needs an email address or a mobile number",
    });
  });

  it("names the field at fault", () => {
    for (const [person, property] of [
      [{ email_addresses: [{ address: "not-an-email" }] }, "person.email_addresses.address"],
      [{ phone_numbers: [{ number: "12" }] }, "person.phone_numbers.number"],
      [{ email_addresses: [{ address: "a@b.org", status: "bouncing" }] }, "person.email_addresses.status"],
      [{ email_addresses: [{ address: "a@b.org" }], given_name: 5 }, "person.given_name"],
      [
        { email_addresses: [{ address: "a@b.org" }], custom_fields: { a: { b: 1 } } },
        "person.custom_fields.a",
      ],
      [{ email_addresses: "a@b.org" }, "person.email_addresses"],
      [undefined, "person"],
    ] as const) {
      const problem = readPerson(person);
      expect(isPersonProblem(problem) && problem.properties, JSON.stringify(person)).toEqual([property]);
    }
  });

  it("reads the signup helper's tags", () => {
    const signup = readPersonSignup({
      person: { email_addresses: [{ address: "a@b.org" }] },
      add_tags: ["volunteer", ""],
      remove_tags: ["lapsed"],
    });
    expect(!isPersonProblem(signup) && [signup.addTags, signup.removeTags]).toEqual([
      ["volunteer"],
      ["lapsed"],
    ]);
  });
});

describe("mergeContact", () => {
  it("makes a new contact subscribed unless the body says unsubscribed", () => {
    expect(mergeContact(undefined, read({ email_addresses: [{ address: "a@b.org" }] }))).toMatchObject({
      emailStatus: "subscribed",
      givenName: "",
      customFields: {},
      addressLines: [],
    });
    const unsubscribed = read({ email_addresses: [{ address: "a@b.org", status: "unsubscribed" }] });
    expect(mergeContact(undefined, unsubscribed).emailStatus).toBe("unsubscribed");
  });

  it("leaves what is absent as it is: status, names, address, other custom fields, source", () => {
    const merged = mergeContact(
      held,
      read({
        email_addresses: [{ address: "ana@example.org" }],
        postal_addresses: [{ locality: "Alcalá" }],
        custom_fields: { shift: "day", team: "B" },
        source: "api-import",
      }),
    );
    expect(merged).toEqual({
      ...held,
      email: "ana@example.org",
      locality: "Alcalá",
      customFields: { shift: "day", union: "yes", team: "B" },
    });
  });

  it("clears what is sent as null, key by key or whole", () => {
    const merged = mergeContact(
      held,
      read({
        email_addresses: [{ address: "ana@example.org", status: "subscribed" }],
        family_name: null,
        postal_addresses: [{ postal_code: null, address_lines: null }],
        custom_fields: { union: null },
      }),
    );
    expect(merged).toMatchObject({
      emailStatus: "subscribed",
      givenName: "Ana",
      familyName: "",
      postalCode: "",
      addressLines: [],
      locality: "Madrid",
      customFields: { shift: "night" },
    });
    const cleared = mergeContact(
      held,
      read({
        email_addresses: [{ address: "ana@example.org" }],
        postal_addresses: null,
        custom_fields: null,
      }),
    );
    expect(cleared).toMatchObject({
      addressLines: [],
      locality: "",
      region: "",
      postalCode: "",
      country: "",
      customFields: {},
    });
  });
});

describe("planUpsert", () => {
  const withPhone = read({
    email_addresses: [{ address: "ana@example.org" }],
    phone_numbers: [{ number: "34600111222" }],
  });
  const phoneOnly = read({ phone_numbers: [{ number: "34600111222" }] });

  it("updates the email's contact, moving the number from another email's contact", () => {
    expect(planUpsert(withPhone, { id: 1 }, { id: 1, emailCanonical: "ana@example.org" })).toEqual({
      kind: "update",
      id: 1,
    });
    expect(planUpsert(withPhone, { id: 1 }, { id: 2, emailCanonical: "bea@example.org" })).toEqual({
      kind: "update",
      id: 1,
      takePhoneFrom: 2,
    });
    expect(planUpsert(withPhone, undefined, { id: 2, emailCanonical: "bea@example.org" })).toEqual({
      kind: "create",
      takePhoneFrom: 2,
    });
  });

  it("merges phone-only contacts", () => {
    expect(planUpsert(withPhone, { id: 1 }, { id: 2, emailCanonical: null })).toEqual({
      kind: "update",
      id: 1,
      absorb: 2,
    });
    expect(planUpsert(withPhone, undefined, { id: 2, emailCanonical: null })).toEqual({
      kind: "update",
      id: 2,
    });
    expect(planUpsert(phoneOnly, undefined, { id: 2, emailCanonical: "bea@example.org" })).toEqual({
      kind: "update",
      id: 2,
    });
    expect(planUpsert(phoneOnly, undefined, undefined)).toEqual({ kind: "create" });
  });

  it("folds an absorbed contact under the kept one without dropping anything", () => {
    const phoneRecord: ContactFields = {
      ...emptyContact,
      phone: "34600111222",
      familyName: "Ortiz",
      locality: "Getafe",
      customFields: { shift: "day", bus: "9" },
      source: "sms",
    };
    const kept: ContactFields = {
      ...held,
      phone: null,
      familyName: "",
      customFields: { shift: "night" },
      source: null,
    };
    expect(absorbContact(kept, phoneRecord)).toEqual({
      ...kept,
      phone: "34600111222",
      familyName: "Ortiz",
      customFields: { shift: "night", bus: "9" },
      source: "sms",
    });
  });
});
