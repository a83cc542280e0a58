import { describe, expect, it } from "vitest";
import type { CommenterIdentity } from "../commenters/commenters.ts";
import { authorOf, signedInFormValues } from "./comment-author.ts";

describe("a signed-in commenter's comment", () => {
  const identity = (provider: string, overrides: Partial<CommenterIdentity> = {}): CommenterIdentity => ({
    provider,
    subject: "17",
    displayName: "Ana Ejemplo",
    profileUrl: "https://gravatar.com/ana",
    email: "ana@example.org",
    emailVerified: true,
    ...overrides,
  });
  const typed = {
    name: "Someone Else",
    email: "typed@example.org",
    website: "https://typed.example",
    body: "Hello.",
    stance: "supports",
    parent: "3",
    notify: "",
  };

  it("is vouched for by the account or by the provider", () => {
    expect(authorOf(identity("juntos"))).toEqual({ kind: "account", accountId: 17 });
    expect(authorOf(identity("wordpress"))).toEqual({ kind: "provider", provider: "wordpress" });
  });

  it("takes the provider's name, email and profile link, and the typed text", () => {
    expect(signedInFormValues(typed, identity("wordpress"))).toEqual({
      ...typed,
      name: "Ana Ejemplo",
      email: "ana@example.org",
      website: "https://gravatar.com/ana",
    });
  });

  it("takes the typed email only when the provider gave none, and no profile link a comment may not show", () => {
    const values = signedInFormValues(
      typed,
      identity("facebook", { email: null, profileUrl: "http://localhost/me" }),
    );
    expect(values).toMatchObject({ name: "Ana Ejemplo", email: "typed@example.org", website: "" });
  });
});
