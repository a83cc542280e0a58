import { describe, expect, it } from "vitest";
import {
  actionSlugFrom,
  cleanWebsite,
  invitationState,
  invitationToken,
  maxListFileBytes,
  moverOf,
  nextStatus,
  parseOrganizationList,
  readInvitationToken,
  readListFile,
  readSignOnToken,
  signOnToken,
  validateAcceptanceForm,
  validateEmailInvitationForm,
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

describe("list files", () => {
  const org = (name: string, more: Partial<Record<"city" | "state" | "website", string>> = {}) => ({
    name,
    city: more.city ?? null,
    state: more.state ?? null,
    website: more.website ?? null,
  });

  it("read CSV with quoted commas, quotes and line breaks, numbering the lines as in the file", () => {
    const csv =
      'Name,City,State,Website,Contact\r\n"Nube, Inc.",Fresno,CA,https://nube.example,x\r\n' +
      '"The ""Big"" Union",,,,\r\n"Two\nLines",,,,\r\n\r\nOk,,,javascript:alert(1),\r\n';
    expect(parseOrganizationList(csv)).toEqual({ ok: false, problem: "badLine", line: 7 });
    expect(parseOrganizationList(csv.replace("javascript:alert(1)", ""))).toEqual({
      ok: true,
      organizations: [
        org("Nube, Inc.", { city: "Fresno", state: "CA", website: "https://nube.example/" }),
        org('The "Big" Union'),
        org("Two Lines"),
        org("Ok"),
      ],
    });
  });

  it("take a lone `name` header as a header, and refuse columns without a name", () => {
    expect(parseOrganizationList("name\nAlpha\n")).toEqual({ ok: true, organizations: [org("Alpha")] });
    expect(parseOrganizationList("\n\ncity,state\nFresno,CA")).toEqual({
      ok: false,
      problem: "noName",
      line: 3,
    });
    expect(parseOrganizationList("name,city\n")).toEqual({ ok: false, problem: "empty" });
  });

  it("read UTF-8 with or without a byte-order mark, and refuse anything else", () => {
    const text = "name,city\nÁrbol,Fresno\n";
    for (const bytes of [
      Buffer.from(text),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    ]) {
      const file = readListFile(bytes);
      expect(file).toEqual({ ok: true, text });
      expect(file.ok && parseOrganizationList(file.text)).toEqual({
        ok: true,
        organizations: [org("Árbol", { city: "Fresno" })],
      });
    }
    expect(readListFile(undefined)).toEqual({ ok: false, problem: "noFile" });
    expect(readListFile(Buffer.from(" \r\n\t"))).toEqual({ ok: false, problem: "fileEmpty" });
    expect(readListFile(Buffer.from("Árbol", "latin1"))).toEqual({ ok: false, problem: "notText" });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(readListFile(png)).toEqual({ ok: false, problem: "notText" });
    expect(readListFile(Buffer.from("a\u0000b"))).toEqual({ ok: false, problem: "notText" });
    expect(readListFile(Buffer.alloc(maxListFileBytes + 1, "a"))).toEqual({
      ok: false,
      problem: "fileTooLarge",
    });
  });
});

describe("invitations by email", () => {
  it("need an organization's name and a plausible address", () => {
    expect(
      validateEmailInvitationForm({ organization_name: "  Nube  Inc ", email: " a@b.example " }),
    ).toEqual({
      ok: true,
      organizationName: "Nube Inc",
      email: "a@b.example",
    });
    expect(validateEmailInvitationForm({ organization_name: "x".repeat(161), email: "nope" })).toEqual({
      ok: false,
      errors: {
        organization_name: { key: "field.tooLong", params: { max: 160 } },
        email: { key: "field.email.invalid" },
      },
    });
  });

  it("are accepted with an organization's name, and a name and password when creating an account", () => {
    expect(validateAcceptanceForm({ organization_name: "Nube" })).toEqual({
      ok: true,
      organizationName: "Nube",
    });
    const refused = validateAcceptanceForm({ organization_name: "\u0000", name: "", password: "short" });
    expect(refused.ok || Object.keys(refused.errors)).toEqual(["organization_name", "name", "password"]);
  });

  it("are open until used, revoked or 14 days old", () => {
    const row = { usedAt: null, revokedAt: null, expiresAt: "2024-01-15T00:00:00.000Z" };
    expect(invitationState(row, "2024-01-14T23:59:59.999Z")).toBe("open");
    expect(invitationState(row, "2024-01-15T00:00:00.000Z")).toBe("expired");
    expect(invitationState({ ...row, revokedAt: "x" }, "2024-01-01")).toBe("revoked");
    expect(invitationState({ ...row, usedAt: "x", revokedAt: "x" }, "2024-01-01")).toBe("used");
  });

  it("carry a token only the secret makes, for invitations only", () => {
    const token = invitationToken("secret", 7);
    expect(readInvitationToken("secret", token)).toBe(7);
    expect(readInvitationToken("other", token)).toBeNull();
    expect(readSignOnToken("secret", token)).toBeNull();
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
