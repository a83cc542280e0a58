import { describe, expect, it } from "vitest";
import { defaultFormTokenRules, FormTokens } from "./form-token.ts";

const tokens = new FormTokens("k".repeat(32));
const rendered = Date.UTC(2024, 4, 1, 12);
const { minAgeMs, maxAgeMs } = defaultFormTokenRules;

describe("FormTokens", () => {
  it("accepts a form sent between the minimum fill time and the maximum age", () => {
    const token = tokens.issue(rendered);
    expect(tokens.check(token, defaultFormTokenRules, rendered + minAgeMs)).toBe("ok");
    expect(tokens.check(token, defaultFormTokenRules, rendered + maxAgeMs)).toBe("ok");
  });

  it("turns back a form sent faster than a person can fill it", () => {
    const token = tokens.issue(rendered);
    expect(tokens.check(token, defaultFormTokenRules, rendered)).toBe("too_fast");
    expect(tokens.check(token, defaultFormTokenRules, rendered + minAgeMs - 1)).toBe("too_fast");
  });

  it("turns back a form older than the maximum age, or stamped in the future", () => {
    const token = tokens.issue(rendered);
    expect(tokens.check(token, defaultFormTokenRules, rendered + maxAgeMs + 1)).toBe("expired");
    expect(tokens.check(token, defaultFormTokenRules, rendered - 1)).toBe("expired");
  });

  it("lets the caller relax the minimum fill time", () => {
    const token = tokens.issue(rendered);
    expect(tokens.check(token, { ...defaultFormTokenRules, minAgeMs: 0 }, rendered)).toBe("ok");
  });

  it("refuses a token signed with another secret or with a changed time stamp", () => {
    const token = tokens.issue(rendered);
    expect(new FormTokens("z".repeat(32)).check(token, defaultFormTokenRules, rendered + 5000)).toBe(
      "invalid",
    );
    const [, mac] = token.split(".");
    const earlier = (rendered - 60_000).toString(36);
    expect(tokens.check(`${earlier}.${mac}`, defaultFormTokenRules, rendered + 5000)).toBe("invalid");
  });

  it("still applies the time rules to a token it has verified before", () => {
    const checker = new FormTokens("k".repeat(32));
    const token = checker.issue(rendered);
    expect(checker.check(token, defaultFormTokenRules, rendered + minAgeMs)).toBe("ok");
    expect(checker.check(token, defaultFormTokenRules, rendered + minAgeMs)).toBe("ok");
    expect(checker.check(token, defaultFormTokenRules, rendered)).toBe("too_fast");
    expect(checker.check(token, defaultFormTokenRules, rendered + maxAgeMs + 1)).toBe("expired");
    expect(checker.check(`${token}x`, defaultFormTokenRules, rendered + minAgeMs)).toBe("invalid");
  });

  it.each([
    ["missing", undefined],
    ["a number", 12345],
    ["an array", ["a.b"]],
    ["empty", ""],
    ["without a MAC", "lq2x9k"],
    ["only a dot", "."],
    ["too long", `${"a".repeat(60)}.${"b".repeat(22)}`],
    ["markup", '"><script>alert(1)</script>'],
  ])("refuses a token that is %s", (_why, token) => {
    expect(tokens.check(token, defaultFormTokenRules, rendered)).toBe("invalid");
  });
});
