import { describe, expect, it } from "vitest";
import {
  type CommentFormValues,
  closingDate,
  type Discussion,
  defaultRules,
  discussionAt,
  findLinks,
  isPast,
  lastOpenDay,
  moderate,
  nestThreads,
  pageNumber,
  replyPlacement,
  safeWebsite,
  sameTextRule,
  textFingerprint,
  textParagraphs,
  validateCommentForm,
  validateModeratorText,
  validateReportReason,
  validateRulesForm,
} from "./comments.ts";

const valid: CommentFormValues = {
  name: " Rosa Parks ",
  email: "Rosa.Parks+x@gmail.com",
  website: "",
  body: "  It matters.\r\n\r\nA lot.  ",
  stance: "",
  parent: "",
  notify: "",
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
        notify: null,
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

  it("holds a comment without a verified proof of work, even a known person's, and never refuses it", () => {
    expect(moderate(comment, defaultRules, { ...known, unverified: true })).toEqual({
      status: "pending",
      reason: "unverified",
    });
    expect(
      moderate(comment, { ...defaultRules, holdFirst: false }, { ...known, unverified: false }).status,
    ).toBe("approved");
    // Spam words still send it to spam.
    const rules = { ...defaultRules, spamWords: ["casino"] };
    expect(moderate({ ...comment, body: "casino" }, rules, { ...known, unverified: true }).status).toBe(
      "spam",
    );
  });

  it("holds the same text once enough other people posted it within the window", () => {
    const copies = (sameTextByOthers: number) =>
      moderate(comment, defaultRules, { ...known, sameTextByOthers });
    expect(copies(sameTextRule.otherPeople - 1)).toEqual({ status: "approved", reason: null });
    expect(copies(sameTextRule.otherPeople)).toEqual({ status: "pending", reason: "duplicate" });
  });
});

describe("textFingerprint", () => {
  it("is the same for a text however it is cased, accented or spaced", () => {
    const fingerprint = textFingerprint("Sign it now!\n\nToday.");
    expect(textFingerprint("  SIGN it   NOW!  today. ")).toBe(fingerprint);
    expect(textFingerprint("Sígn ít nów! Today.")).toBe(fingerprint);
    expect(fingerprint).toMatch(/^[\w-]{22}$/);
  });

  it("differs for other words or punctuation", () => {
    expect(textFingerprint("Sign it now!")).not.toBe(textFingerprint("Sign it now"));
    expect(textFingerprint("Sign it now!")).not.toBe(textFingerprint("Sign it later!"));
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
    ).toEqual({
      ok: true,
      rules: {
        holdFirst: true,
        maxLinks: 3,
        spamWords: ["viagra"],
        holdWords: [],
        reportsToHide: 3,
        closeAfterDays: null,
      },
    });
    expect(validateRulesForm({ hold_first: false, max_links: "51", spam_words: "", hold_words: "" }).ok).toBe(
      false,
    );
    expect(validateRulesForm({ hold_first: false, max_links: "-1", spam_words: "", hold_words: "" }).ok).toBe(
      false,
    );
  });

  it("reads the report threshold (empty: 3) and the days to close (empty: never), within bounds", () => {
    const base = { hold_first: true, max_links: "2", spam_words: "", hold_words: "" };
    const rules = (fields: { reports_to_hide?: string; close_after_days?: string }) => {
      const result = validateRulesForm({ ...base, ...fields });
      return result.ok ? result.rules : result.errors;
    };
    expect(rules({ reports_to_hide: "5", close_after_days: "30" })).toMatchObject({
      reportsToHide: 5,
      closeAfterDays: 30,
    });
    expect(rules({ reports_to_hide: "", close_after_days: "" })).toMatchObject({
      reportsToHide: 3,
      closeAfterDays: null,
    });
    for (const bad of ["0", "51", "2.5", "-3", "many"])
      expect(rules({ reports_to_hide: bad }), bad).toEqual({
        reports_to_hide: { key: "comments.rules.numberInvalid", params: { min: 1, max: 50 } },
      });
    for (const bad of ["0", "3651", "1e3"])
      expect(rules({ close_after_days: bad }), bad).toEqual({
        close_after_days: { key: "comments.rules.numberInvalid", params: { min: 1, max: 3650 } },
      });
  });
});

describe("closing after N days", () => {
  it("closes at the end (UTC) of the Nth day after the first publication, never without a rule", () => {
    expect(closingDate("2030-06-02T14:30:00.000Z", 10)).toBe("2030-06-13T00:00:00.000Z");
    expect(lastOpenDay("2030-06-13T00:00:00.000Z").slice(0, 10)).toBe("2030-06-12");
    expect(closingDate("2030-06-02T14:30:00.000Z", null)).toBeNull();
    expect(closingDate(null, 10)).toBeNull();
    expect(isPast("2030-06-13T00:00:00.000Z", new Date("2030-06-12T23:59:59.999Z"))).toBe(false);
    expect(isPast("2030-06-13T00:00:00.000Z", new Date("2030-06-13T00:00:00.000Z"))).toBe(true);
    expect(isPast(null, new Date("2999-01-01T00:00:00Z"))).toBe(false);
  });

  it("closes a loaded discussion once the clock passes its date, and keeps the same object before", () => {
    const open: Discussion = {
      count: 0,
      stances: { supports: 0, doubts: 0, opposes: 0 },
      sort: "oldest",
      lang: null,
      page: 1,
      pages: 1,
      threads: [],
      closed: false,
      closesAt: "2030-06-13T00:00:00.000Z",
    };
    const before = { now: () => new Date("2030-06-12T12:00:00Z") };
    const after = { now: () => new Date("2030-06-13T00:00:01Z") };
    expect(discussionAt(open, before)).toBe(open);
    expect(discussionAt(open, after)).toEqual({ ...open, closed: true });
    const never = { ...open, closesAt: null };
    expect(discussionAt(never, after)).toBe(never);
  });
});

describe("reasons and moderators' text", () => {
  it("takes an empty report reason as none and refuses unreadable or long ones", () => {
    expect(validateReportReason("  \r\n ")).toEqual({ ok: true, reason: null });
    expect(validateReportReason(" Insults\r\nsomeone ")).toEqual({ ok: true, reason: "Insults\nsomeone" });
    expect(validateReportReason("bro\uFFFDken")).toEqual({
      ok: false,
      errors: { reason: { key: "comments.error.unreadable" } },
    });
    expect(validateReportReason("x".repeat(501))).toEqual({
      ok: false,
      errors: { reason: { key: "comments.error.tooLong", params: { max: 500 } } },
    });
  });

  it("holds a moderator's text to the comment rules for text", () => {
    expect(validateModeratorText("  We answer.\r\n\r\nThanks.  ")).toEqual({
      ok: true,
      body: "We answer.\n\nThanks.",
    });
    expect(validateModeratorText("x")).toEqual({
      ok: false,
      errors: { body: { key: "comments.error.bodyShort", params: { min: 2 } } },
    });
    expect(validateModeratorText("a".repeat(5_001)).ok).toBe(false);
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
      byOrganization: false,
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
