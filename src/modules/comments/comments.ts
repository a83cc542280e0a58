/** The discussion under an action: form rules, moderation rules, text into safe parts. Pure. */
import type { CommentStance, CommentStatus } from "../../db/schema.ts";
import { type Locale, locales } from "../../i18n/locale.ts";
import { cleanDisplayName, juntosProvider } from "../commenters/commenters.ts";
import type { FieldErrorMap } from "../forms.ts";
import { canonicalEmail, isPlausibleEmail } from "../people/people.ts";
import { isUnreadable } from "../text.ts";

export type { CommentStance, CommentStatus };

export const stances = ["supports", "doubts", "opposes"] as const satisfies readonly CommentStance[];

export const limits = { name: 100, email: 254, website: 300, bodyMin: 2, body: 5_000 } as const;

/** Top-level comments per page of the discussion; replies go with their thread. */
export const commentsPerPage = 50;

/** How deep replies nest: 0 is the top level, so three levels in all. */
export const maxDepth = 2;

/** How long the author may still edit or delete a comment from the device that posted it. */
export const editWindowMs = 15 * 60 * 1000;

export type CommentField = "name" | "email" | "website" | "body" | "stance";

/** The form as posted, every field as text (what goes back into the form on a refusal). */
export interface CommentFormValues {
  name: string;
  email: string;
  website: string;
  body: string;
  stance: string;
  parent: string;
}

export interface CommentInput {
  name: string;
  email: string;
  emailCanonical: string;
  website: string | null;
  body: string;
  stance: CommentStance | null;
  /** The comment answered, null at the top level. */
  parentId: number | null;
}

export type Validated = { ok: true; value: CommentInput } | { ok: false; errors: FieldErrorMap };

function text(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === "string" ? value : "";
}

/** The posted fields, untrimmed as typed (a repeated field reads as empty). */
export function commentFormValues(body: Record<string, unknown>): CommentFormValues {
  return {
    name: text(body, "name"),
    email: text(body, "email"),
    website: text(body, "website"),
    body: text(body, "body"),
    stance: text(body, "stance"),
    parent: text(body, "parent"),
  };
}

/** A website a comment may link to: http or https, nothing else; null when it is not one. */
export function safeWebsite(raw: string): string | null {
  if (raw.length > limits.website || /[\s<>"'`]/.test(raw) || !/^https?:\/\//i.test(raw)) return null;
  try {
    const url = new URL(raw);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.includes(".") ? raw : null;
  } catch {
    return null;
  }
}

export function validateCommentForm(values: CommentFormValues): Validated {
  const errors: FieldErrorMap = {};
  const name = values.name.trim();
  const email = values.email.trim();
  const website = values.website.trim();
  // Trailing spaces go; the author's line breaks and indentation inside stay.
  const body = values.body.replace(/\r\n?/g, "\n").trim();
  if (name === "") errors.name = { key: "comments.error.nameRequired" };
  else if (isUnreadable(name)) errors.name = { key: "comments.error.unreadable" };
  else if (name.length > limits.name)
    errors.name = { key: "comments.error.tooLong", params: { max: limits.name } };
  if (email === "") errors.email = { key: "comments.error.emailRequired" };
  else if (!isPlausibleEmail(email)) errors.email = { key: "comments.error.emailInvalid" };
  if (website !== "") {
    if (isUnreadable(website)) errors.website = { key: "comments.error.unreadable" };
    else if (website.length > limits.website)
      errors.website = { key: "comments.error.tooLong", params: { max: limits.website } };
    else if (!safeWebsite(website)) errors.website = { key: "comments.error.websiteInvalid" };
  }
  if (body.length < limits.bodyMin)
    errors.body = { key: "comments.error.bodyShort", params: { min: limits.bodyMin } };
  else if (isUnreadable(body)) errors.body = { key: "comments.error.unreadable" };
  else if (body.length > limits.body)
    errors.body = { key: "comments.error.bodyLong", params: { max: limits.body, count: body.length } };
  const stance =
    values.stance === ""
      ? null
      : (stances as readonly string[]).includes(values.stance)
        ? values.stance
        : undefined;
  if (stance === undefined) errors.stance = { key: "comments.error.stance" };
  const parentId = values.parent === "" ? null : /^\d{1,9}$/.test(values.parent) ? Number(values.parent) : 0;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name,
      email,
      emailCanonical: canonicalEmail(email),
      website: website === "" ? null : website,
      body,
      stance: stance as CommentStance | null,
      // 0 names no comment: the service answers it as a reply to a comment that is not there.
      parentId,
    },
  };
}

/** Where a reply goes: replies to the deepest level join that comment's thread at the same level. */
export function replyPlacement(parent: {
  id: number;
  parentId: number | null;
  rootId: number | null;
  depth: number;
}): {
  parentId: number;
  rootId: number;
  depth: number;
} {
  const rootId = parent.rootId ?? parent.id;
  if (parent.depth >= maxDepth) return { parentId: parent.parentId ?? parent.id, rootId, depth: maxDepth };
  return { parentId: parent.id, rootId, depth: parent.depth + 1 };
}

/** A piece of a comment's text: plain text, or a link to an http(s) address found in it. */
export type TextPart = { text: string } | { text: string; href: string };
/** A paragraph is lines; a line is parts. */
export type Paragraph = TextPart[][];

const urlPattern = /\bhttps?:\/\/[^\s<>"'`]+/gi;

/** Trailing punctuation belongs to the sentence, and a closing parenthesis only if one opened. */
function trimUrl(candidate: string): string {
  let url = candidate.replace(/[.,;:!?'"»”’]+$/, "");
  while (url.endsWith(")") && (url.match(/\(/g)?.length ?? 0) < (url.match(/\)/g)?.length ?? 0))
    url = url.slice(0, -1).replace(/[.,;:!?]+$/, "");
  return url;
}

/** The http(s) addresses in a text, as they will be linked. */
export function findLinks(body: string): string[] {
  return [...body.matchAll(urlPattern)].map((match) => trimUrl(match[0])).filter((url) => safeWebsite(url));
}

function lineParts(line: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const match of line.matchAll(urlPattern)) {
    const url = trimUrl(match[0]);
    if (!safeWebsite(url)) continue;
    if (match.index > at) parts.push({ text: line.slice(at, match.index) });
    parts.push({ text: url, href: url });
    at = match.index + url.length;
  }
  if (at < line.length) parts.push({ text: line.slice(at) });
  return parts;
}

/**
 * Plain text as the page shows it: paragraphs at blank lines, lines kept, http(s) addresses as
 * links. Nothing here is markup; the view escapes every part.
 */
export function textParagraphs(body: string): Paragraph[] {
  return body
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "")
    .map((paragraph) => paragraph.split("\n").map(lineParts));
}

/** What an organization decides about new comments. */
export interface ModerationRules {
  /** A person's first comment waits for a moderator; once one was approved, the next ones are not held. */
  holdFirst: boolean;
  /** More links than this in a comment hold it. */
  maxLinks: number;
  /** A comment with one of these goes to spam. */
  spamWords: string[];
  /** A comment with one of these waits for a moderator. */
  holdWords: string[];
}

export const defaultRules: ModerationRules = { holdFirst: true, maxLinks: 2, spamWords: [], holdWords: [] };

export const ruleLimits = { maxLinks: 50, words: 500, wordLength: 100 } as const;

/** Lower case without accents, so "Viagra", "VIAGRA" and "viágra" are the same word. */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** The words of a rules field: one a line, folded, without blanks or repeats. */
export function wordList(raw: string): string[] {
  return [
    ...new Set(
      raw
        .split("\n")
        .map((word) => fold(word.trim()))
        .filter((word) => word !== ""),
    ),
  ];
}

function mentions(haystack: string, words: readonly string[]): boolean {
  return words.some((word) => {
    const at = haystack.indexOf(word);
    if (at < 0) return false;
    // Whole words only where the word starts and ends with a letter: "ass" is not in "class".
    const pattern = new RegExp(
      `(^|[^\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^\\p{L}\\p{N}])`,
      "u",
    );
    return pattern.test(haystack);
  });
}

export type Verdict = { status: Exclude<CommentStatus, "trash">; reason: HoldReason | null };
export type HoldReason = "first" | "links" | "words" | "spam" | "fast";

/**
 * The status a new (or edited) comment starts in. Spam words win; then anything that holds;
 * a comment sent faster than a person types is held, never refused (autofill makes that real).
 */
export function moderate(
  comment: Pick<CommentInput, "name" | "email" | "website" | "body">,
  rules: ModerationRules,
  context: { approvedBefore: boolean; tooFast: boolean },
): Verdict {
  // Runs of spaces and line breaks read as one space, so "buy  now" is still "buy now".
  const haystack = fold(
    [comment.name, comment.email, comment.website ?? "", comment.body].join("\n"),
  ).replace(/\s+/g, " ");
  if (mentions(haystack, rules.spamWords)) return { status: "spam", reason: "spam" };
  if (mentions(haystack, rules.holdWords)) return { status: "pending", reason: "words" };
  if (findLinks(comment.body).length > rules.maxLinks) return { status: "pending", reason: "links" };
  if (context.tooFast) return { status: "pending", reason: "fast" };
  if (rules.holdFirst && !context.approvedBefore) return { status: "pending", reason: "first" };
  return { status: "approved", reason: null };
}

export interface RulesFormValues {
  hold_first: boolean;
  max_links: string;
  spam_words: string;
  hold_words: string;
}

export function readRulesForm(body: Record<string, unknown>): RulesFormValues {
  return {
    hold_first: body.hold_first === "yes",
    max_links: text(body, "max_links").trim(),
    spam_words: text(body, "spam_words"),
    hold_words: text(body, "hold_words"),
  };
}

export function validateRulesForm(
  values: RulesFormValues,
): { ok: true; rules: ModerationRules } | { ok: false; errors: FieldErrorMap } {
  const errors: FieldErrorMap = {};
  const maxLinks = /^\d{1,3}$/.test(values.max_links) ? Number(values.max_links) : Number.NaN;
  if (!(maxLinks <= ruleLimits.maxLinks))
    errors.max_links = { key: "comments.rules.maxLinksInvalid", params: { max: ruleLimits.maxLinks } };
  const lists = { spam_words: values.spam_words, hold_words: values.hold_words };
  const words: Record<keyof typeof lists, string[]> = { spam_words: [], hold_words: [] };
  for (const field of ["spam_words", "hold_words"] as const) {
    const list = wordList(lists[field]);
    if (isUnreadable(lists[field])) errors[field] = { key: "comments.error.unreadable" };
    else if (list.length > ruleLimits.words || list.some((word) => word.length > ruleLimits.wordLength))
      errors[field] = {
        key: "comments.rules.wordsTooMany",
        params: { max: ruleLimits.words, length: ruleLimits.wordLength },
      };
    words[field] = list;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    rules: {
      holdFirst: values.hold_first,
      maxLinks,
      spamWords: words.spam_words,
      holdWords: words.hold_words,
    },
  };
}

/** A comment as the public page shows it: no email, ever. */
export interface PublicComment {
  id: number;
  parentId: number | null;
  depth: number;
  name: string;
  website: string | null;
  locale: Locale;
  stance: CommentStance | null;
  createdAt: string;
  editedAt: string | null;
  /** How many signed-in readers found it helpful. */
  helpful: number;
  /** The comment it answers, when it is shown under another one (a reply to the third level). */
  inReplyTo: { id: number; name: string } | null;
  paragraphs: Paragraph[];
  replies: PublicComment[];
}

export const discussionSorts = ["oldest", "newest", "helpful"] as const;
/** The order of the threads, by their top-level comment; replies stay oldest first inside a thread. */
export type DiscussionSort = (typeof discussionSorts)[number];

/** How a reader asked to see the discussion: an order, one language (or null: both), a page. */
export interface DiscussionView {
  sort: DiscussionSort;
  lang: Locale | null;
  page: number;
}

/** What the action page shows without a query, the page that is cached. */
export const defaultView: DiscussionView = { sort: "oldest", lang: null, page: 1 };

/** The view a query asks for (`?sort=`, `?lang=`, `?comments=`); anything unknown reads as the default. */
export function readDiscussionView(query: {
  sort?: unknown;
  lang?: unknown;
  comments?: unknown;
}): DiscussionView {
  const { sort, lang } = query;
  return {
    sort: (discussionSorts as readonly unknown[]).includes(sort) ? (sort as DiscussionSort) : "oldest",
    lang: (locales as readonly unknown[]).includes(lang) ? (lang as Locale) : null,
    page: pageNumber(query.comments, Number.MAX_SAFE_INTEGER),
  };
}

export function isDefaultView(view: DiscussionView): boolean {
  return view.sort === defaultView.sort && view.lang === defaultView.lang && view.page === defaultView.page;
}

/** The discussion under an action, one page of its threads. */
export interface Discussion {
  /** Approved comments, replies included, in every language. */
  count: number;
  stances: Record<CommentStance, number>;
  sort: DiscussionSort;
  /** The one language shown, or null for both. */
  lang: Locale | null;
  page: number;
  pages: number;
  threads: PublicComment[];
  /** Closed by the organizers to new comments (the comments stay shown). */
  closed: boolean;
}

/** A comment as the repository reads it, before it is nested. */
export type FlatComment = Omit<PublicComment, "replies"> & { rootId: number | null };

/**
 * Nests a page's comments under their parents: every parent must come before its replies (the
 * top-level comments first, in the page's order, then the replies oldest first). A reply whose
 * parent is not shown (removed after it was answered, or in the language left out) stays in its
 * thread, under the thread's first comment.
 */
export function nestThreads(comments: FlatComment[]): PublicComment[] {
  const byId = new Map<number, PublicComment>();
  const top: PublicComment[] = [];
  for (const { rootId, ...comment } of comments) {
    const node: PublicComment = { ...comment, replies: [] };
    byId.set(node.id, node);
    if (node.parentId === null) {
      top.push(node);
      continue;
    }
    const parent = byId.get(node.parentId) ?? (rootId === null ? undefined : byId.get(rootId));
    parent?.replies.push(node);
  }
  return top;
}

/** The page a page number asks for, within 1..pages. */
export function pageNumber(raw: unknown, pages: number): number {
  const value = typeof raw === "string" && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return Math.min(Math.max(value, 1), Math.max(pages, 1));
}

/** Who marks comments as helpful: a signed-in reader, by the provider's stable id for them. */
export interface Voter {
  /** "juntos" (a Juntos account, subject = its id) or a configured provider. */
  provider: string;
  subject: string;
  /** Never shown; tells a reader's own guest comments apart. */
  email: string | null;
}

/**
 * Whether a comment is the voter's own: posted from their Juntos account, or under their email
 * address. A false match only keeps someone from marking a comment, never lets anyone vote twice.
 */
export function isOwnComment(
  comment: { accountId: number | null; emailCanonical: string },
  voter: Voter,
): boolean {
  if (
    voter.provider === juntosProvider &&
    comment.accountId !== null &&
    String(comment.accountId) === voter.subject
  )
    return true;
  return voter.email !== null && canonicalEmail(voter.email) === comment.emailCanonical;
}

/**
 * The name a signer's published comment shows: the first word of their name and, when they gave
 * it, their city; nothing else of who they are. Cleaned like a provider's display name.
 */
export function signerCommentName(fullName: string, city: string | null): string {
  const first = fullName.trim().split(/\s+/)[0] ?? "";
  return cleanDisplayName(city ? `${first}, ${city}` : first);
}
