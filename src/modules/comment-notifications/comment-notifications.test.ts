import { describe, expect, it } from "vitest";
import { translator } from "../../i18n/translator.ts";
import { renderMail } from "../../views/emails/render-mail.ts";
import {
  type Concerned,
  digestDue,
  digestWindowMs,
  excerpt,
  noticeRecipients,
  readNotifyChoice,
  readSubscriptionToken,
  subscriptionToken,
  validateFollowForm,
} from "./comment-notifications.ts";

describe("the comment form's email choice", () => {
  it("reads none, replies or all, and refuses anything else", () => {
    expect(readNotifyChoice("")).toBeNull();
    expect(readNotifyChoice("replies")).toBe("replies");
    expect(readNotifyChoice("all")).toBe("all");
    for (const raw of ["ALL", "both", " replies", "null"]) expect(readNotifyChoice(raw)).toBeUndefined();
  });
});

describe("following without commenting", () => {
  it("takes a plausible address, canonical for matching", () => {
    expect(validateFollowForm(" Rosa.Parks+news@gmail.com ")).toEqual({
      ok: true,
      email: "Rosa.Parks+news@gmail.com",
      emailCanonical: "rosaparks@gmail.com",
    });
    expect(validateFollowForm("")).toMatchObject({
      ok: false,
      errors: { email: { key: "commentNotifications.error.emailRequired" } },
    });
    expect(validateFollowForm(["a@example.org"])).toMatchObject({ ok: false });
    expect(validateFollowForm("rosa@")).toMatchObject({
      ok: false,
      errors: { email: { key: "commentNotifications.error.emailInvalid" } },
    });
  });
});

describe("links", () => {
  const secret = "s".repeat(32);

  it("are read back only for their own purpose and secret", () => {
    const confirm = subscriptionToken(secret, "confirm", 42);
    const stop = subscriptionToken(secret, "unsubscribe", 42);
    expect(confirm).toMatch(/^42-[\w-]{32}$/);
    expect(stop).not.toBe(confirm);
    expect(readSubscriptionToken(secret, "confirm", confirm)).toBe(42);
    expect(readSubscriptionToken(secret, "unsubscribe", stop)).toBe(42);
    expect(readSubscriptionToken(secret, "unsubscribe", confirm)).toBeNull();
    expect(readSubscriptionToken(secret, "confirm", stop)).toBeNull();
    expect(readSubscriptionToken("t".repeat(32), "confirm", confirm)).toBeNull();
    expect(readSubscriptionToken(secret, "confirm", confirm.replace(/^42/, "43"))).toBeNull();
  });
});

describe("who is told about an approved comment", () => {
  const sub = (subscriptionId: number, scope: "replies" | "all", emailCanonical: string): Concerned => ({
    subscriptionId,
    scope,
    emailCanonical,
  });

  it("tells each person once, by their reply subscription when they have both, and never the author", () => {
    const concerned = [
      sub(1, "all", "ana@example.org"),
      sub(2, "replies", "ana@example.org"),
      sub(3, "all", "bob@example.org"),
      sub(4, "replies", "author@example.org"),
      sub(5, "all", "author@example.org"),
      sub(6, "replies", "carla@example.org"),
      sub(7, "all", "carla@example.org"),
    ];
    expect(noticeRecipients(concerned, "author@example.org")).toEqual([
      sub(2, "replies", "ana@example.org"),
      sub(3, "all", "bob@example.org"),
      sub(6, "replies", "carla@example.org"),
    ]);
    expect(noticeRecipients([], "author@example.org")).toEqual([]);
  });
});

describe("the moderators' digest", () => {
  const now = new Date("2025-05-01T12:00:00.000Z");
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

  it("is due for a first held comment, then only for a newer one once the window has passed", () => {
    expect(digestDue(undefined, 7, now)).toBe(true);
    expect(digestDue({ sentAt: ago(digestWindowMs), lastCommentId: 7 }, 8, now)).toBe(true);
    expect(digestDue({ sentAt: ago(digestWindowMs - 1), lastCommentId: 7 }, 8, now)).toBe(false);
    expect(digestDue({ sentAt: ago(10 * digestWindowMs), lastCommentId: 7 }, 7, now)).toBe(false);
    // The newest held one is older than the last digest's (the newer ones were moderated).
    expect(digestDue({ sentAt: ago(10 * digestWindowMs), lastCommentId: 9 }, 8, now)).toBe(false);
  });
});

describe("a notice's quote", () => {
  it("keeps a short text whole and cuts a long one at a word", () => {
    expect(excerpt("Short and sweet.")).toBe("Short and sweet.");
    const long = `${"word ".repeat(300)}end`;
    const cut = excerpt(long);
    expect(cut.length).toBeLessThanOrEqual(1_001);
    expect(cut.endsWith("word…")).toBe(true);
    expect(excerpt("x".repeat(2_000))).toBe(`${"x".repeat(1_000)}…`);
  });
});

describe("the mails", () => {
  const facts = {
    baseUrl: "https://juntos.example",
    to: "sam@example.org",
    title: "Fund <the> center",
    slug: "fund",
    scope: "all" as const,
    unsubscribeToken: "7-abc",
  };

  it("carry one-click unsubscribe headers, and the comment's text only as escaped text", () => {
    const notice = renderMail({
      template: "comment_notice",
      locale: "en",
      input: {
        ...facts,
        commentId: 9,
        authorName: "<b>Eve</b>",
        excerpt: '<script>alert(1)</script> "quoted"',
      },
    });
    expect(notice.headers).toEqual({
      "List-Unsubscribe": "<https://juntos.example/en/unsubscribe/7-abc>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    expect(notice.subject).toBe("New comment on “Fund <the> center”");
    expect(notice.html).not.toContain("<script>");
    expect(notice.html).not.toContain("<b>Eve");
    expect(notice.html).toContain("&lt;script>alert(1)&lt;/script>");
    expect(notice.text).toContain("https://juntos.example/en/a/fund/comments/9");
    const confirmation = renderMail({
      template: "comment_subscription",
      locale: "es",
      input: { ...facts, confirmToken: "7-def" },
    });
    expect(confirmation.headers?.["List-Unsubscribe"]).toBe("<https://juntos.example/es/unsubscribe/7-abc>");
    expect(confirmation.text).toContain("https://juntos.example/es/comment-subscriptions/confirm/7-def");
  });

  it("give the digest's count in words of the moderator's language, with the way to the queue", () => {
    const t = translator("es");
    const digest = renderMail({
      template: "comment_digest",
      locale: t.locale,
      input: {
        baseUrl: "https://juntos.example",
        to: "mod@example.org",
        organizationName: "Unidos",
        organizationSlug: "unidos",
        waiting: 3,
      },
    });
    expect(digest.subject).toBe("3 comentarios esperan revisión en Unidos");
    expect(digest.text).toContain("https://juntos.example/es/admin/o/unidos/comments");
    expect(digest.text).toContain("cada 15 minutos");
    expect(digest.headers).toBeUndefined();
  });
});
