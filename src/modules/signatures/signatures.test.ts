import { describe, expect, it } from "vitest";
import {
  cleanHost,
  cleanSource,
  confirmationToken,
  formValues,
  limits,
  readConfirmationToken,
  referringHost,
  type SignFormValues,
  validateSignForm,
} from "./signatures.ts";

const valid: SignFormValues = {
  name: "Rosa Parks",
  email: "rosa@example.org",
  postal_code: "94110",
  comment: "",
  city: "",
  consent: false,
  consent_partner: false,
  publish: false,
  public_name: false,
};

function validate(values: Partial<SignFormValues>) {
  return validateSignForm(
    { ...valid, ...values },
    { source: null, locale: "en", partnerId: null, website: null },
  );
}

function errorsOf(values: Partial<SignFormValues>) {
  const result = validate(values);
  if (result.ok) throw new Error("expected the form to be refused");
  return result.errors;
}

function accepted(values: Partial<SignFormValues>) {
  const result = validate(values);
  if (!result.ok) throw new Error(`expected the form to pass, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe("referringHost and cleanHost", () => {
  it("keeps only the referring site's host, never its path or query, and nothing for our own pages", () => {
    const ours = "https://juntos.example";
    expect(referringHost("https://www.Facebook.com/groups/x?fbclid=secret", ours)).toBe("www.facebook.com");
    expect(referringHost("https://juntos.example/en/", ours)).toBeNull();
    expect(referringHost("http://192.0.2.7/page", ours)).toBeNull();
    expect(referringHost("not a url", ours)).toBeNull();
    expect(referringHost(undefined, ours)).toBeNull();
  });

  it("takes back from the form only a plain host name", () => {
    expect(cleanHost("news.example.org")).toBe("news.example.org");
    for (const bad of [
      "https://news.example",
      "news.example/path",
      "192.0.2.7",
      "a b",
      "",
      7,
      "x".repeat(254),
    ])
      expect(cleanHost(bad)).toBeNull();
  });
});

describe("validateSignForm", () => {
  it("accepts a complete form and derives what is stored", () => {
    const value = validateSignForm(
      { ...valid, email: " Rosa.Parks+x@gmail.com ", consent: true },
      { source: "partner-1", locale: "es", partnerId: null, website: null },
    );
    expect(value).toEqual({
      ok: true,
      value: {
        name: "Rosa Parks",
        email: "Rosa.Parks+x@gmail.com",
        emailCanonical: "rosaparks@gmail.com",
        postalCode: "94110",
        comment: null,
        consentSponsor: true,
        source: "partner-1",
        referrerOrganizationId: null,
        website: null,
        consentReferrer: false,
        locale: "es",
      },
    });
  });

  it("stores exactly the consent boxes ticked: the partner's only with a partner, never implied", () => {
    const withPartner = (values: Partial<SignFormValues>) =>
      validateSignForm(
        { ...valid, ...values },
        { source: null, locale: "en", partnerId: 7, website: "news.example" },
      );
    const partnerOnly = withPartner({ consent_partner: true });
    const sponsorOnly = withPartner({ consent: true });
    if (!partnerOnly.ok || !sponsorOnly.ok) throw new Error("expected the forms to pass");
    expect(partnerOnly.value).toMatchObject({
      referrerOrganizationId: 7,
      website: "news.example",
      consentSponsor: false,
      consentReferrer: true,
    });
    expect(sponsorOnly.value).toMatchObject({ consentSponsor: true, consentReferrer: false });
    // A partner box sent without a partner link (a forged field) gives consent to no one.
    expect(accepted({ consent_partner: true })).toMatchObject({
      referrerOrganizationId: null,
      consentReferrer: false,
    });
  });

  it("normalizes names and comments to NFC and tidies whitespace", () => {
    const value = accepted({ name: "  Jose\u0301   Marti\u0301\n", comment: "  Cafe\u0301\tcon leche\n " });
    expect(value.name).toBe("José Martí");
    expect(value.comment).toBe("Café\tcon leche");
  });

  it("asks for every required field and nothing for the comment", () => {
    expect(errorsOf({ name: "  ", email: "", postal_code: " " })).toEqual({
      name: { key: "field.required" },
      email: { key: "field.required" },
      postal_code: { key: "field.required" },
    });
  });

  it("holds each field to its limit, counted after NFC normalization", () => {
    expect(accepted({ name: "a".repeat(limits.name) }).name).toHaveLength(100);
    expect(errorsOf({ name: "a".repeat(limits.name + 1) })).toEqual({
      name: { key: "field.tooLong", params: { max: 100 } },
    });
    // 100 decomposed "é" are 200 code units as typed but 100 once composed.
    expect(accepted({ name: "e\u0301".repeat(100) }).name).toBe("é".repeat(100));
    expect(accepted({ comment: "c".repeat(limits.comment) }).comment).toHaveLength(1000);
    expect(errorsOf({ comment: "c".repeat(limits.comment + 1) })).toEqual({
      comment: { key: "field.tooLong", params: { max: 1000 } },
    });
    expect(errorsOf({ postal_code: "1".repeat(limits.postal_code + 1) })).toEqual({
      postal_code: { key: "field.tooLong", params: { max: 12 } },
    });
    expect(errorsOf({ email: `${"a".repeat(250)}@example.org` }).email).toEqual({
      key: "field.tooLong",
      params: { max: 254 },
    });
  });

  it.each([
    ["the replacement character left by undecodable bytes", "Ros\ufffda"],
    ["a NUL byte", "Rosa\u0000"],
    ["an escape control character", "Rosa\u001b[31m"],
    ["DEL", "Rosa\u007f"],
    ["a lone high surrogate", "Rosa\ud800"],
    ["a lone low surrogate", "\udc00Rosa"],
  ])("refuses %s as unreadable in any field", (_why, text) => {
    expect(errorsOf({ name: text }).name).toEqual({ key: "field.unreadable" });
    expect(errorsOf({ comment: text }).comment).toEqual({ key: "field.unreadable" });
    expect(errorsOf({ postal_code: text }).postal_code).toEqual({ key: "field.unreadable" });
    expect(errorsOf({ email: `${text}@example.org` }).email).toEqual({ key: "field.unreadable" });
  });

  it("accepts letters from any script and emoji, which are well-formed pairs", () => {
    expect(accepted({ name: "Nguyễn Thị Minh Khai 👩🏽‍🌾" }).name).toBe("Nguyễn Thị Minh Khai 👩🏽‍🌾");
    expect(accepted({ comment: "Line one\nline two" }).comment).toBe("Line one\nline two");
  });

  it.each([
    ["94110", "94110"],
    ["sw1a 1aa", "SW1A 1AA"],
    [" k1a-0b1 ", "K1A-0B1"],
    ["28013", "28013"],
    ["1010", "1010"],
  ])("accepts the postal code %j as %j", (typed, stored) => {
    expect(accepted({ postal_code: typed }).postalCode).toBe(stored);
  });

  it.each(["1", "94110!", "-9411", "9411-", "94 110 <b>", "９４１１０"])(
    "refuses the postal code %j",
    (typed) => {
      expect(errorsOf({ postal_code: typed }).postal_code).toEqual({ key: "field.postalCode.invalid" });
    },
  );

  it("refuses an implausible email address", () => {
    expect(errorsOf({ email: "rosa@localhost" }).email).toEqual({ key: "field.email.invalid" });
  });
});

describe("the name on the delivered letter", () => {
  it("is shown only with its own box ticked, with the city or none; the comment box alone does not", () => {
    expect(accepted({ public_name: true, city: " Fresno " }).publicName).toEqual({ city: "Fresno" });
    expect(accepted({ public_name: true }).publicName).toEqual({ city: null });
    expect(accepted({ comment: "Yes!", publish: true, city: "Reno" })).not.toHaveProperty("publicName");
    expect(accepted({ city: "Reno" })).not.toHaveProperty("publicName");
    expect(errorsOf({ public_name: true, city: "C".repeat(61) }).city).toEqual({
      key: "field.tooLong",
      params: { max: 60 },
    });
    expect(formValues({ public_name: "yes" }).public_name).toBe(true);
    expect(formValues({ public_name: "on" }).public_name).toBe(false);
  });
});

describe("publishing the signing comment", () => {
  it("asks for it only with the box ticked and a comment written, with the city or none", () => {
    expect(accepted({ comment: "Yes!", publish: true, city: "  San   Juan " }).publishComment).toEqual({
      city: "San Juan",
    });
    expect(accepted({ comment: "Yes!", publish: true, city: "" }).publishComment).toEqual({ city: null });
    expect(accepted({ comment: "Yes!", city: "Oakland" })).not.toHaveProperty("publishComment");
    expect(accepted({ comment: "  ", publish: true, city: "Oakland" })).not.toHaveProperty("publishComment");
  });

  it("checks the city only when it would be published", () => {
    expect(errorsOf({ comment: "Yes!", publish: true, city: "C".repeat(61) }).city).toEqual({
      key: "field.tooLong",
      params: { max: 60 },
    });
    expect(errorsOf({ comment: "Yes!", publish: true, city: "\uFFFD" }).city).toEqual({
      key: "field.unreadable",
    });
    expect(accepted({ comment: "Yes!", city: "C".repeat(61) })).not.toHaveProperty("publishComment");
  });

  it("reads the box only from its own value", () => {
    expect(formValues({ publish: "yes", city: "Reno" })).toMatchObject({ publish: true, city: "Reno" });
    expect(formValues({ publish: "on" }).publish).toBe(false);
    expect(formValues({ publish: ["yes"], city: ["a", "b"] })).toMatchObject({ publish: false, city: "" });
  });
});

describe("formValues", () => {
  it("reads strings only, so arrays and objects from duplicated keys become empty", () => {
    expect(
      formValues({ name: ["a", "b"], email: { $ne: "" }, postal_code: 94110, comment: "hi", consent: "yes" }),
    ).toEqual({
      name: "",
      email: "",
      postal_code: "",
      comment: "hi",
      city: "",
      consent: true,
      consent_partner: false,
      publish: false,
      public_name: false,
    });
  });

  it("counts consent only for the checkbox's own value", () => {
    expect(formValues({ consent: "on" }).consent).toBe(false);
    expect(formValues({ consent: ["yes"] }).consent).toBe(false);
    expect(formValues({}).consent).toBe(false);
  });
});

describe("cleanSource", () => {
  it("keeps short plain referral codes and drops anything else", () => {
    expect(cleanSource("partner_1-a")).toBe("partner_1-a");
    expect(cleanSource("a".repeat(40))).toBe("a".repeat(40));
    expect(cleanSource("a".repeat(41))).toBeNull();
    expect(cleanSource('"><script>')).toBeNull();
    expect(cleanSource("")).toBeNull();
    expect(cleanSource(["x"])).toBeNull();
    expect(cleanSource(undefined)).toBeNull();
  });
});

describe("confirmation tokens", () => {
  const secret = "s".repeat(32);

  it("reads back the signature id it was made for", () => {
    const token = confirmationToken(secret, 42);
    expect(token).toMatch(/^42-[A-Za-z0-9_-]{32}$/);
    expect(readConfirmationToken(secret, token)).toBe(42);
  });

  it("refuses a token for another id, another secret or a changed MAC", () => {
    const token = confirmationToken(secret, 42);
    const mac = token.slice(3);
    expect(readConfirmationToken(secret, `43-${mac}`)).toBeNull();
    expect(readConfirmationToken("t".repeat(32), token)).toBeNull();
    const flipped = mac[0] === "A" ? `B${mac.slice(1)}` : `A${mac.slice(1)}`;
    expect(readConfirmationToken(secret, `42-${flipped}`)).toBeNull();
  });

  it.each([
    ["empty", ""],
    ["no MAC", "42"],
    ["a short MAC", "42-abc"],
    ["a long MAC", `42-${"a".repeat(33)}`],
    ["a huge id", `${"9".repeat(16)}-${"a".repeat(32)}`],
    ["a negative id", `-42-${"a".repeat(32)}`],
    ["markup", `<script>-${"a".repeat(32)}`],
    ["surrounding space", ` ${confirmationToken("s".repeat(32), 42)}`],
  ])("refuses a malformed token: %s", (_why, token) => {
    expect(readConfirmationToken(secret, token)).toBeNull();
  });
});
