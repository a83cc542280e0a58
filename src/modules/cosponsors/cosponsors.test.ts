import { describe, expect, it } from "vitest";
import {
  actionSlugFrom,
  cleanWebsite,
  moverOf,
  nextStatus,
  parseOrganizationList,
  readSignOnToken,
  signOnToken,
  validateSignOnForm,
} from "./cosponsors.ts";

describe("co-sponsorship moves", () => {
  it("let the side that did not ask decide, the co-sponsor withdraw and the sponsor remove", () => {
    expect(moverOf("approve", "cosponsor")).toBe("sponsor");
    expect(moverOf("approve", "sponsor")).toBe("cosponsor");
    expect(moverOf("withdraw", "sponsor")).toBe("cosponsor");
    expect(moverOf("remove", "cosponsor")).toBe("sponsor");
    expect(nextStatus("pending", "approve")).toBe("approved");
    expect(nextStatus("approved", "approve")).toBeUndefined();
    expect(nextStatus("declined", "withdraw")).toBeUndefined();
    expect(nextStatus("approved", "remove")).toBe("removed");
  });
});

describe("the sign-on form", () => {
  const form = {
    name: "Org",
    city: "",
    state: "",
    website: "",
    contact_name: "Ana",
    contact_email: "a@b.example",
  };
  it("refuses websites that are not http(s)", () => {
    for (const bad of [
      "javascript:alert(1)",
      "data:text/html,x",
      "https://",
      "example.org",
      'https://a.b/"><x',
    ]) {
      expect(cleanWebsite(bad), bad).toBe("invalid");
    }
    expect(cleanWebsite("https://Example.org/path")).toBe("https://example.org/path");
    expect(cleanWebsite("  ")).toBeNull();
  });
  it("requires a name and a contact, and limits lengths", () => {
    const result = validateSignOnForm({ ...form, name: " ", contact_email: "x", state: "s".repeat(81) });
    expect(result.ok ? {} : result.errors).toEqual({
      name: { key: "field.required" },
      state: { key: "field.tooLong", params: { max: 80 } },
      contact_email: { key: "field.email.invalid" },
    });
    expect(validateSignOnForm({ ...form, name: "  Unión   Obrera " })).toMatchObject({
      ok: true,
      value: { name: "Unión Obrera", website: null },
    });
  });
});

describe("pasted lists", () => {
  it("read one name per line or CSV with a header, without duplicates", () => {
    expect(parseOrganizationList("Alpha\n\n  Beta \nalpha\n")).toEqual({
      ok: true,
      organizations: [
        { name: "Alpha", city: null, state: null, website: null },
        { name: "Beta", city: null, state: null, website: null },
      ],
    });
    expect(parseOrganizationList('website,name\nhttps://a.example,"A, Inc."')).toEqual({
      ok: true,
      organizations: [{ name: "A, Inc.", city: null, state: null, website: "https://a.example/" }],
    });
    expect(parseOrganizationList("name,city\nOk,Here\n,There")).toEqual({
      ok: false,
      problem: "badLine",
      line: 3,
    });
    expect(parseOrganizationList(" \n")).toEqual({ ok: false, problem: "empty" });
    expect(parseOrganizationList("x\n".repeat(1001))).toEqual({ ok: false, problem: "tooMany" });
  });
});

describe("addresses and links", () => {
  it("find the action's slug in what a member pastes", () => {
    expect(actionSlugFrom("https://juntos.example/es/a/OptOutNow?source=x")).toBe("optoutnow");
    expect(actionSlugFrom("/a/optoutnow")).toBe("optoutnow");
    expect(actionSlugFrom("optoutnow")).toBe("optoutnow");
    expect(actionSlugFrom("<script>")).toBeUndefined();
  });
  it("accept only the verification tokens the secret made", () => {
    const token = signOnToken("secret", 42);
    expect(readSignOnToken("secret", token)).toBe(42);
    expect(readSignOnToken("other", token)).toBeNull();
    expect(readSignOnToken("secret", token.replace("42-", "43-"))).toBeNull();
  });
});
