import { describe, expect, it } from "vitest";
import {
  avatarInitial,
  cleanDisplayName,
  cleanProfileUrl,
  cookieValue,
  identityFromProfile,
} from "./commenters.ts";
import { defaultProfileFields, readProviderProfile } from "./oauth-presets.ts";
import { Sealer } from "./sealed-value.ts";

describe("cleanDisplayName", () => {
  it("collapses spaces, drops control and direction characters, normalizes to NFC", () => {
    expect(cleanDisplayName("  Ana \t\n  María ")).toBe("Ana María");
    expect(cleanDisplayName("Ana\u0000\u0007Bea")).toBe("Ana Bea");
    expect(cleanDisplayName("evil\u202egnp.exe")).toBe("evilgnp.exe");
    expect(cleanDisplayName("Jose\u0301")).toBe("José");
    expect(cleanDisplayName("\u2066\u2069 ")).toBe("");
    expect(cleanDisplayName("bad \ud800 surrogate")).toBe("");
  });

  it("keeps at most 100 characters and never cuts one in half", () => {
    expect(cleanDisplayName("a".repeat(150))).toBe("a".repeat(100));
    const family = "👩‍👩‍👧"; // one character of 8 UTF-16 units
    const cut = cleanDisplayName(`${"a".repeat(95)}${family}`);
    expect(cut).toBe("a".repeat(95));
  });
});

describe("cleanProfileUrl", () => {
  it("keeps http(s) links only, without credentials", () => {
    expect(cleanProfileUrl("https://gravatar.com/ana")).toBe("https://gravatar.com/ana");
    expect(cleanProfileUrl("http://example.org")).toBe("http://example.org/");
    expect(cleanProfileUrl("javascript:alert(1)")).toBeNull();
    expect(cleanProfileUrl("data:text/html,<script>")).toBeNull();
    expect(cleanProfileUrl("https://user:pw@example.org/")).toBeNull();
    expect(cleanProfileUrl("not a url")).toBeNull();
    expect(cleanProfileUrl(`https://example.org/${"a".repeat(2_000)}`)).toBeNull();
    expect(cleanProfileUrl(null)).toBeNull();
  });
});

describe("avatarInitial", () => {
  it("is the first character, upper-cased in the page's language", () => {
    expect(avatarInitial("ana", "en")).toBe("A");
    expect(avatarInitial("élodie", "es")).toBe("É");
    expect(avatarInitial("👩‍👩‍👧 family", "en")).toBe("👩‍👩‍👧");
  });
});

describe("provider profiles", () => {
  it("reads WordPress.com's /me: numeric ID, display_name or else username, profile_URL, email_verified", () => {
    const json = {
      ID: 42,
      display_name: "",
      username: "ana",
      email: "ana@example.org",
      email_verified: true,
      profile_URL: "https://gravatar.com/ana",
      avatar_URL: "https://0.gravatar.com/avatar/x",
    };
    expect(readProviderProfile("wordpress", json, defaultProfileFields)).toEqual({
      subject: "42",
      displayName: "ana",
      profileUrl: "https://gravatar.com/ana",
      email: "ana@example.org",
      emailVerified: true,
    });
  });

  it("reads Facebook's /me?fields=id,name,email, whose email it does not state as verified", () => {
    expect(readProviderProfile("facebook", { id: "1022", name: "Bea" }, defaultProfileFields)).toEqual({
      subject: "1022",
      displayName: "Bea",
      profileUrl: null,
      email: null,
      emailVerified: false,
    });
  });

  it("reads a custom provider through its fields", () => {
    const fields = {
      ...defaultProfileFields,
      subject: "uid",
      displayName: "nick",
      emailVerified: "verified",
    };
    const json = { uid: 7, nick: "Cy", email: "cy@example.org", verified: true };
    expect(readProviderProfile("custom", json, fields)).toMatchObject({
      subject: "7",
      displayName: "Cy",
      email: "cy@example.org",
      emailVerified: true,
    });
  });

  it("makes an identity only with a stable id and a showable name; drops an implausible email", () => {
    const profile = {
      subject: "7",
      displayName: " Cy ",
      profileUrl: "javascript:x",
      email: "nope",
      emailVerified: true,
    };
    expect(identityFromProfile("forum", profile)).toEqual({
      provider: "forum",
      subject: "7",
      displayName: "Cy",
      profileUrl: null,
      email: null,
      emailVerified: false,
    });
    expect(identityFromProfile("forum", { ...profile, subject: " " })).toBeNull();
    expect(identityFromProfile("forum", { ...profile, displayName: "\u0000" })).toBeNull();
  });
});

describe("cookieValue", () => {
  it("finds a cookie in a Cookie header or in parsed cookies", () => {
    expect(cookieValue("a=1; juntos_commenter=x.y-z; b=2", "juntos_commenter")).toBe("x.y-z");
    expect(cookieValue("xjuntos_commenter=1", "juntos_commenter")).toBeUndefined();
    expect(cookieValue({ juntos_commenter: "v" }, "juntos_commenter")).toBe("v");
    expect(cookieValue(undefined, "juntos_commenter")).toBeUndefined();
  });
});

describe("Sealer", () => {
  const sealer = new Sealer("s".repeat(32));

  it("opens what it sealed for the same purpose only, and hides the content", () => {
    const sealed = sealer.seal("one", { email: "ana@example.org" });
    expect(sealed).toMatch(/^[\w-]+$/);
    expect(Buffer.from(sealed, "base64url").toString("latin1")).not.toContain("ana@");
    expect(sealer.open("one", sealed)).toEqual({ email: "ana@example.org" });
    expect(sealer.open("two", sealed)).toBeUndefined();
    expect(new Sealer("t".repeat(32)).open("one", sealed)).toBeUndefined();
  });

  it("refuses any changed byte, truncation and junk", () => {
    const sealed = sealer.seal("one", { a: 1 });
    const bytes = Buffer.from(sealed, "base64url");
    for (const at of [0, 12, bytes.length - 1]) {
      const changed = Buffer.from(bytes);
      changed[at] = (changed[at] ?? 0) ^ 1;
      expect(sealer.open("one", changed.toString("base64url"))).toBeUndefined();
    }
    expect(sealer.open("one", sealed.slice(0, -4))).toBeUndefined();
    expect(sealer.open("one", "")).toBeUndefined();
    expect(sealer.open("one", "not base64!")).toBeUndefined();
    expect(sealer.open("one", undefined)).toBeUndefined();
  });
});
