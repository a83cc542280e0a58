/** The discussion under an action: form rules, moderation rules, text into safe parts. Pure. */
import { createHash } from "node:crypto";
import type { CommentHoldReason, CommentStance, CommentStatus } from "../../db/schema.ts";
import { type Locale, locales } from "../../i18n/locale.ts";
import { type NotifyChoice, readNotifyChoice } from "../comment-notifications/comment-notifications.ts";
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

export type CommentField = "name" | "email" | "website" | "body" | "stance" | "notify";

/** The form as posted, every field as text (what goes back into the form on a refusal). */
export interface CommentFormValues {
  name: string;
  email: string;
  website: string;
  body: string;
  stance: string;
  parent: string;
  /** Mail the author asks for: "" (none), "replies" or "all". */
  notify: string;
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
  /** Mail about the discussion the author asks for (confirmed by mail before any is sent). */
  notify: NotifyChoice;
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
    notify: text(body, "notify"),
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

/** A comment's text as stored: trailing spaces go; the author's line breaks and indentation inside stay. */
function commentText(raw: string): string {
  return raw.replace(/\r\n?/g, "\n").trim();
}

/** What is wrong with a comment's text (as `commentText` made it), if anything. */
function commentTextError(body: string): FieldErrorMap[string] {
  if (body.length < limits.bodyMin)
    return { key: "comments.error.bodyShort", params: { min: limits.bodyMin } };
  if (isUnreadable(body)) return { key: "comments.error.unreadable" };
  if (body.length > limits.body)
    return { key: "comments.error.bodyLong", params: { max: limits.body, count: body.length } };
  return undefined;
}

export function validateCommentForm(values: CommentFormValues): Validated {
  const errors: FieldErrorMap = {};
  const name = values.name.trim();
  const email = values.email.trim();
  const website = values.website.trim();
  const body = commentText(values.body);
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
  const bodyError = commentTextError(body);
  if (bodyError) errors.body = bodyError;
  const stance =
    values.stance === ""
      ? null
      : (stances as readonly string[]).includes(values.stance)
        ? values.stance
        : undefined;
  if (stance === undefined) errors.stance = { key: "comments.error.stance" };
  const notify = readNotifyChoice(values.notify);
  if (notify === undefined) errors.notify = { key: "commentNotifications.error.choice" };
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
      notify: notify ?? null,
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
  /** Reports from this many different people hide a shown comment until a moderator looks at it. */
  reportsToHide: number;
  /** Discussions close to new comments this many days after the action is published; null: never. */
  closeAfterDays: number | null;
}

export const defaultRules: ModerationRules = {
  holdFirst: true,
  maxLinks: 2,
  spamWords: [],
  holdWords: [],
  reportsToHide: 3,
  closeAfterDays: null,
};

export const ruleLimits = {
  maxLinks: 50,
  words: 500,
  wordLength: 100,
  reportsToHide: 50,
  closeAfterDays: 3650,
} as const;

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

/**
 * The same text as another's, for duplicate detection: a hash of it with case, accents and runs of
 * spaces folded, so "Sign it now!" and "sign  it NOW!" are one text.
 */
export function textFingerprint(body: string): string {
  return createHash("sha256").update(fold(body).replace(/\s+/g, " ").trim()).digest("base64url").slice(0, 22);
}
export type Verdict = {
  status: Exclude<CommentStatus, "trash">;
  reason: Exclude<HoldReason, "reported"> | null;
};
/** Why a comment waits for a moderator (or went to spam): the rules, or readers' reports. */
export type HoldReason = CommentHoldReason;

/**
 * The same text from this many other people within the window is held: two people may agree in
 * the same few words by chance; a third within the hour is a campaign or a script.
 */
export const sameTextRule = { otherPeople: 2, windowMs: 60 * 60 * 1000 } as const;

/** What is known about how a comment was sent, beside its text. */
export interface PostSignals {
  /** This organization approved a comment of this person before. */
  approvedBefore: boolean;
  /** Sent sooner after the form was shown than a person types. */
  tooFast: boolean;
  /** Without a verified proof of work (JavaScript off, or a script). */
  unverified?: boolean;
  /** How many other people posted the same text within `sameTextRule.windowMs`. */
  sameTextByOthers?: number;
}

/**
 * The status a new (or edited) comment starts in. Spam words win; then anything that holds.
 * Signals about how it was sent (too fast, no proof of work, the same text as others') hold it,
 * never refuse it: autofill, JavaScript turned off and a shared slogan are real.
 */
export function moderate(
  comment: Pick<CommentInput, "name" | "email" | "website" | "body">,
  rules: ModerationRules,
  context: PostSignals,
): Verdict {
  // Runs of spaces and line breaks read as one space, so "buy  now" is still "buy now".
  const haystack = fold(
    [comment.name, comment.email, comment.website ?? "", comment.body].join("\n"),
  ).replace(/\s+/g, " ");
  if (mentions(haystack, rules.spamWords)) return { status: "spam", reason: "spam" };
  if (mentions(haystack, rules.holdWords)) return { status: "pending", reason: "words" };
  if (findLinks(comment.body).length > rules.maxLinks) return { status: "pending", reason: "links" };
  if (context.tooFast) return { status: "pending", reason: "fast" };
  if (context.unverified) return { status: "pending", reason: "unverified" };
  if ((context.sameTextByOthers ?? 0) >= sameTextRule.otherPeople)
    return { status: "pending", reason: "duplicate" };
  if (rules.holdFirst && !context.approvedBefore) return { status: "pending", reason: "first" };
  return { status: "approved", reason: null };
}

export interface RulesFormValues {
  hold_first: boolean;
  max_links: string;
  spam_words: string;
  hold_words: string;
  /** Empty or left out: the default (3). */
  reports_to_hide?: string;
  /** Empty or left out: never. */
  close_after_days?: string;
}

export function readRulesForm(body: Record<string, unknown>): RulesFormValues {
  return {
    hold_first: body.hold_first === "yes",
    max_links: text(body, "max_links").trim(),
    spam_words: text(body, "spam_words"),
    hold_words: text(body, "hold_words"),
    reports_to_hide: text(body, "reports_to_hide").trim(),
    close_after_days: text(body, "close_after_days").trim(),
  };
}

/** A whole number from `min` to `max` typed in a field; NaN when it is anything else. */
function wholeNumber(raw: string, min: number, max: number): number {
  const value = /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN;
  return value >= min && value <= max ? value : Number.NaN;
}

export function validateRulesForm(
  values: RulesFormValues,
): { ok: true; rules: ModerationRules } | { ok: false; errors: FieldErrorMap } {
  const errors: FieldErrorMap = {};
  const maxLinks = wholeNumber(values.max_links, 0, ruleLimits.maxLinks);
  if (Number.isNaN(maxLinks))
    errors.max_links = { key: "comments.rules.maxLinksInvalid", params: { max: ruleLimits.maxLinks } };
  const reportsRaw = values.reports_to_hide ?? "";
  const reportsToHide =
    reportsRaw === "" ? defaultRules.reportsToHide : wholeNumber(reportsRaw, 1, ruleLimits.reportsToHide);
  if (Number.isNaN(reportsToHide))
    errors.reports_to_hide = {
      key: "comments.rules.numberInvalid",
      params: { min: 1, max: ruleLimits.reportsToHide },
    };
  const daysRaw = values.close_after_days ?? "";
  const closeAfterDays = daysRaw === "" ? null : wholeNumber(daysRaw, 1, ruleLimits.closeAfterDays);
  if (Number.isNaN(closeAfterDays))
    errors.close_after_days = {
      key: "comments.rules.numberInvalid",
      params: { min: 1, max: ruleLimits.closeAfterDays },
    };
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
      reportsToHide,
      closeAfterDays,
    },
  };
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * When a discussion closes by the rules: at the end (UTC) of the `days`-th day after the action's
 * first publication, so a page can name its last day; null: never.
 */
export function closingDate(publishedAt: string | null, days: number | null): string | null {
  if (publishedAt === null || days === null) return null;
  const publicationDay = Date.parse(`${publishedAt.slice(0, 10)}T00:00:00Z`);
  return new Date(publicationDay + (days + 1) * dayMs).toISOString();
}

/** The last whole day a discussion closing at `closesAt` takes new comments (ISO). */
export function lastOpenDay(closesAt: string): string {
  return new Date(Date.parse(closesAt) - dayMs).toISOString();
}

/** Whether a closing date has come. */
export function isPast(closesAt: string | null, now: Date): boolean {
  return closesAt !== null && Date.parse(closesAt) <= now.getTime();
}

/**
 * The discussion as it stands at the clock's time: once its closing date has come it is closed,
 * whatever was loaded before. The same object when nothing changed, so callers can tell.
 */
export function discussionAt(discussion: Discussion, clock: { now(): Date }): Discussion {
  if (discussion.closed || discussion.closesAt === null || !isPast(discussion.closesAt, clock.now()))
    return discussion;
  return { ...discussion, closed: true };
}

export const reasonLimit = 500;

/** A reader's optional reason for a report: trimmed, readable, at most 500 characters. */
export function validateReportReason(
  raw: string,
): { ok: true; reason: string | null } | { ok: false; errors: FieldErrorMap } {
  const reason = raw.replace(/\r\n?/g, "\n").trim();
  if (reason === "") return { ok: true, reason: null };
  if (isUnreadable(reason)) return { ok: false, errors: { reason: { key: "comments.error.unreadable" } } };
  if (reason.length > reasonLimit)
    return {
      ok: false,
      errors: { reason: { key: "comments.error.tooLong", params: { max: reasonLimit } } },
    };
  return { ok: true, reason };
}

/** A moderator's text for a comment (an edit, or the organization's reply): the same rules as a commenter's. */
export function validateModeratorText(
  raw: string,
): { ok: true; body: string } | { ok: false; errors: FieldErrorMap } {
  const body = commentText(raw);
  const error = commentTextError(body);
  return error ? { ok: false, errors: { body: error } } : { ok: true, body };
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
  /** Written by a moderator as the sponsor organization (`name` is the organization's). */
  byOrganization: boolean;
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
  /** Closed to new comments (the comments stay shown): by the organizers, or its closing date came. */
  closed: boolean;
  /** When the organization's rule closes it to new comments; null: not by a date. */
  closesAt: string | null;
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
