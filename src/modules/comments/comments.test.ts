import { describe, expect, it } from "vitest";
import {
  type CommentFormValues,
  defaultRules,
  findLinks,
  moderate,
  nestThreads,
  pageNumber,
  replyPlacement,
  safeWebsite,
  textParagraphs,
  validateCommentForm,
  validateRulesForm,
} from "./comments.ts";

const valid: CommentFormValues = {
  name: " Rosa Parks ",
  email: "Rosa.Parks+x@gmail.com",
  website: "",
  body: "  It matters.\r\n\r\nA lot.  ",
  stance: "",
  parent: "",
};

describe("validateCommentForm", () => {
  it("trims, canonicalizes the email, normalizes line ends and reads an empty stance and parent as none", () => {
    expect(validateCommentForm(valid)).toEqual({
      ok: true,
      value: {
        name: "Rosa Parks",
        email: "Rosa.Parks+x@gmail.com",
        emailCanonical: "rosaparks@gmail.com",
        website: null,
        body: "It matters.\n\nA lot.",
        stance: null,
        parentId: null,
      },
    });
  });

  it.each([
    ["name", { name: "" }, "comments.error.nameRequired"],
    ["name", { name: "x".repeat(101) }, "comments.error.tooLong"],
    ["name", { name: "Ro\u0000sa" }, "comments.error.unreadable"],
    ["email", { email: "" }, "comments.error.emailRequired"],
    ["email", { email: "rosa@localhost" }, "comments.error.emailInvalid"],
    ["website", { website: "javascript:alert(1)" }, "comments.error.websiteInvalid"],
    ["website", { website: "data:text/html,x" }, "comments.error.websiteInvalid"],
    ["website", { website: "ftp://example.org" }, "comments.error.websiteInvalid"],
    ["website", { website: "https://exa mple.org" }, "comments.error.websiteInvalid"],
    ["website", { website: `https://example.org/${"a".repeat(300)}` }, "comments.error.tooLong"],
    ["body", { body: " x " }, "comments.error.bodyShort"],
    ["body", { body: "a".repeat(5_001) }, "comments.error.bodyLong"],
    ["body", { body: "bro\uFFFDken" }, "comments.error.unreadable"],
    ["body", { body: "lone \uD800 surrogate" }, "comments.error.unreadable"],
    ["stance", { stance: "loves" }, "comments.error.stance"],
  ])("refuses a bad %s (%o)", (field, change, key) => {
    const result = validateCommentForm({ ...valid, ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[field]?.key).toBe(key);
  });

  it("accepts exactly 5,000 characters, an http(s) website and each stance", () => {
    for (const stance of ["supports", "doubts", "opposes"])
      expect(
        validateCommentForm({ ...valid, stance, body: "a".repeat(5_000), website: "http://a.example" }).ok,
      ).toBe(true);
  });

  it("reads a parent that is not a number as a comment that does not exist (0)", () => {
    const result = validateCommentForm({ ...valid, parent: "12; drop" });
    expect(result.ok && result.value.parentId).toBe(0);
  });
});

describe("safeWebsite and findLinks", () => {
  it("keeps only http and https addresses with a dotted host", () => {
    expect(safeWebsite("https://example.org/path?q=1")).toBe("https://example.org/path?q=1");
    expect(safeWebsite("HTTPS://EXAMPLE.ORG")).toBe("HTTPS://EXAMPLE.ORG");
    expect(safeWebsite("https://localhost")).toBeNull();
    expect(safeWebsite("javascript://example.org/%0aalert(1)")).toBeNull();
    expect(safeWebsite('https://example.org/"onmouseover=x')).toBeNull();
  });

  it("finds links without trailing punctuation, with balanced parentheses", () => {
    expect(
      findLinks("See https://example.org/a. And (https://en.wikipedia.org/wiki/X_(y)), javascript:alert(1)"),
    ).toEqual(["https://example.org/a", "https://en.wikipedia.org/wiki/X_(y)"]);
  });
});

describe("textParagraphs", () => {
  it("splits paragraphs at blank lines, keeps lines, and links only http(s) addresses", () => {
    expect(textParagraphs("One\ntwo https://a.example/x.\n\n\n javascript:alert(1) ")).toEqual([
      [
        [{ text: "One" }],
        [{ text: "two " }, { text: "https://a.example/x", href: "https://a.example/x" }, { text: "." }],
      ],
      [[{ text: "javascript:alert(1)" }]],
    ]);
  });
});

describe("moderate", () => {
  const comment = { name: "Rosa", email: "rosa@example.org", website: null, body: "Plain words." };
  const known = { approvedBefore: true, tooFast: false };

  it("holds a first comment, approves a known person's, and holds a too-fast one", () => {
    expect(moderate(comment, defaultRules, { approvedBefore: false, tooFast: false })).toEqual({
      status: "pending",
      reason: "first",
    });
    expect(moderate(comment, defaultRules, known)).toEqual({ status: "approved", reason: null });
    expect(moderate(comment, defaultRules, { approvedBefore: true, tooFast: true }).status).toBe("pending");
    expect(
      moderate(comment, { ...defaultRules, holdFirst: false }, { approvedBefore: false, tooFast: false })
        .status,
    ).toBe("approved");
  });

  it("holds more links than allowed", () => {
    const links = { ...comment, body: "https://a.example https://b.example https://c.example" };
    expect(moderate(links, defaultRules, known)).toEqual({ status: "pending", reason: "links" });
    expect(moderate(links, { ...defaultRules, maxLinks: 3 }, known).status).toBe("approved");
  });

  it("sends spam words to spam before anything else, matching whole words without case or accents", () => {
    const rules = { ...defaultRules, spamWords: ["casino"], holdWords: ["lawsuit", "buy now"] };
    expect(moderate({ ...comment, body: "Visit the CASÍNO!" }, rules, known).status).toBe("spam");
    expect(moderate({ ...comment, name: "Casino King" }, rules, known).status).toBe("spam");
    expect(moderate({ ...comment, body: "Casinos are not the word." }, rules, known).status).toBe("approved");
    expect(moderate({ ...comment, body: "Please BUY \n now" }, rules, known).status).toBe("pending");
    expect(moderate({ ...comment, body: "Please buyer now" }, rules, known).status).toBe("approved");
    expect(moderate({ ...comment, body: "Please buy now." }, rules, known)).toEqual({
      status: "pending",
      reason: "words",
    });
  });
});

describe("validateRulesForm", () => {
  it("folds and dedupes word lists and bounds the link count", () => {
    expect(
      validateRulesForm({
        hold_first: true,
        max_links: "3",
        spam_words: " Viágra \nviagra\n\n",
        hold_words: "",
      }),
    ).toEqual({ ok: true, rules: { holdFirst: true, maxLinks: 3, spamWords: ["viagra"], holdWords: [] } });
    expect(validateRulesForm({ hold_first: false, max_links: "51", spam_words: "", hold_words: "" }).ok).toBe(
      false,
    );
    expect(validateRulesForm({ hold_first: false, max_links: "-1", spam_words: "", hold_words: "" }).ok).toBe(
      false,
    );
  });
});

describe("threads", () => {
  it("places replies up to depth 2; a reply to depth 2 joins its thread at depth 2", () => {
    expect(replyPlacement({ id: 1, parentId: null, rootId: null, depth: 0 })).toEqual({
      parentId: 1,
      rootId: 1,
      depth: 1,
    });
    expect(replyPlacement({ id: 2, parentId: 1, rootId: 1, depth: 1 })).toEqual({
      parentId: 2,
      rootId: 1,
      depth: 2,
    });
    expect(replyPlacement({ id: 3, parentId: 2, rootId: 1, depth: 2 })).toEqual({
      parentId: 2,
      rootId: 1,
      depth: 2,
    });
  });

  it("nests a page's comments and keeps a reply whose parent is gone in its thread", () => {
    const base = {
      name: "A",
      website: null,
      locale: "en" as const,
      stance: null,
      createdAt: "",
      editedAt: null,
      helpful: 0,
      inReplyTo: null,
      paragraphs: [],
    };
    const nested = nestThreads([
      { ...base, id: 1, parentId: null, rootId: null, depth: 0 },
      { ...base, id: 3, parentId: 2, rootId: 1, depth: 2 },
      { ...base, id: 4, parentId: 1, rootId: 1, depth: 1 },
    ]);
    expect(nested.map((c) => c.id)).toEqual([1]);
    expect(nested[0]!.replies.map((c) => c.id)).toEqual([3, 4]);
  });

  it("reads page numbers within range", () => {
    expect(pageNumber("2", 3)).toBe(2);
    expect(pageNumber("9", 3)).toBe(3);
    expect(pageNumber("0", 3)).toBe(1);
    expect(pageNumber("x", 3)).toBe(1);
    expect(pageNumber(["2", "3"], 3)).toBe(1);
  });
});
