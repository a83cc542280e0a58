/**
 * Updates through the real services on both engines, with a mailer that records what it is
 * handed (and can refuse an address for now or for good): who is mailed, in which language,
 * once; batches; what a retry sends; suppression of hard bounces; unsubscribing by sponsor; the
 * page's cache; the sponsor's numbers; audit; and no address kept in the module's tables.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../test/support/app.ts";
import { ManualClock } from "../../../test/support/clock.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  insertBulkSignatures,
  type TestOrganization,
} from "../../../test/support/fixtures.ts";
import { translator } from "../../i18n/translator.ts";
import { renderMail } from "../../views/emails/render-mail.ts";
import { MailDeliveryError, type Mailer, type MailRequest } from "../mail/mail.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import { canonicalEmail } from "../people/people.ts";
import { confirmationToken } from "../signatures/signatures.ts";
import {
  readUnsubscribeToken,
  textIn,
  type UpdateDraft,
  unsubscribeToken,
  validateUpdateForm,
} from "./updates.ts";

class RecordingMailer implements Mailer {
  sent: MailRequest[] = [];
  /** Addresses refused, with the SMTP code they get. */
  refuse = new Map<string, number>();
  async send(request: MailRequest): Promise<void> {
    const code = this.refuse.get(request.input.to);
    if (code !== undefined) throw new MailDeliveryError(`${code} refused`, code);
    this.sent.push(request);
  }
  async close(): Promise<void> {}
  updatesTo(address: string) {
    return this.sent.filter((mail) => mail.template === "action_update" && mail.input.to === address);
  }
  get updates() {
    return this.sent.filter((mail) => mail.template === "action_update");
  }
}

const draft = (title = "The hearing is set", es: UpdateDraft["texts"]["es"] = null): UpdateDraft => ({
  kind: "progress",
  texts: { en: { title, body: "The board meets **Tuesday**." }, es },
});

describe("the update form", () => {
  const values = { kind: "victory", title_en: "We won", body_en: "Thank you.", title_es: "", body_es: "" };

  it("takes a kind, an English title and body, and Spanish only where given", () => {
    expect(validateUpdateForm(values)).toEqual({
      ok: true,
      draft: { kind: "victory", texts: { en: { title: "We won", body: "Thank you." }, es: null } },
    });
    expect(validateUpdateForm({ ...values, title_es: "Ganamos" })).toMatchObject({
      ok: true,
      draft: { texts: { es: { title: "Ganamos", body: "" } } },
    });
  });

  it("names each problem", () => {
    expect(validateUpdateForm({ ...values, kind: "gossip", title_en: "", body_en: "" })).toEqual({
      ok: false,
      errors: {
        kind: { key: "updates.error.kind" },
        title_en: { key: "updates.error.titleRequired" },
        body_en: { key: "updates.error.bodyRequired" },
      },
    });
    expect(validateUpdateForm({ ...values, title_es: "x".repeat(151) })).toMatchObject({
      ok: false,
      errors: { title_es: { key: "updates.error.tooLong", params: { max: 150 } } },
    });
  });

  it("falls back to the English field by field, as the action's texts do", () => {
    const texts = { en: { title: "We won", body: "Thank you." }, es: { title: "Ganamos", body: "" } };
    expect(textIn(texts, "es")).toEqual({ title: "Ganamos", body: "Thank you." });
    expect(textIn({ en: texts.en }, "es")).toEqual(texts.en);
    expect(textIn(texts, "en")).toEqual(texts.en);
  });

  it("signs unsubscribe links per update", () => {
    const secret = "s".repeat(32);
    const token = unsubscribeToken(secret, 7, 42);
    expect(readUnsubscribeToken(secret, 7, token)).toBe(42);
    expect(readUnsubscribeToken(secret, 8, token)).toBeNull();
    expect(readUnsubscribeToken("t".repeat(32), 7, token)).toBeNull();
    expect(readUnsubscribeToken(secret, 7, token.replace(/^42/, "43"))).toBeNull();
  });
});

describe("the update mail", () => {
  it("carries the Markdown as elements, the page's link and RFC 8058 one-click headers", () => {
    const mail = renderMail({
      template: "action_update",
      locale: "es",
      input: {
        baseUrl: "https://juntos.test",
        to: "rosa@example.org",
        kind: "victory",
        title: "Ganamos",
        body: "Gracias a **todos**.\n\n<script>alert(1)</script>",
        actionTitle: "Financien el centro",
        slug: "centro",
        sponsorName: "Unidos",
        updateId: 5,
        unsubscribeToken: "9-abc",
      },
    });
    expect(mail.subject).toBe("Ganamos · Financien el centro");
    expect(mail.html).toContain("<strong>todos</strong>");
    expect(mail.html).not.toContain("<script>");
    expect(mail.text).toContain("https://juntos.test/es/a/centro/updates#update-5");
    expect(mail.text).toContain(translator("es").t("updates.kind.victory"));
    expect(mail.headers).toEqual({
      "List-Unsubscribe": "<https://juntos.test/es/updates/5/unsubscribe/9-abc>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
  });
});

describe("updates through the services", () => {
  let ctx: TestContext;
  let mailer: RecordingMailer;
  let clock: ManualClock;
  let org: TestOrganization;
  let access: OrganizationAccess;
  let action: { id: number; slug: string };

  beforeEach(async () => {
    mailer = new RecordingMailer();
    clock = new ManualClock();
    ctx = await createTestContext({}, { mailer, clock });
    const owner = await createAccount(ctx);
    org = await createOrganization(ctx, [{ account: owner, role: "owner" }]);
    action = await createAction(ctx, org);
    access = await ctx.organizations.access({ accountId: owner.id, isPlatformAdmin: false }, org.slug);
  });
  afterEach(async () => {
    await ctx.close();
    await ctx.dropDatabase();
  });

  async function settle(): Promise<void> {
    while ((await ctx.worker.drain()) > 0);
  }

  async function signIn(
    locale: "en" | "es",
    email: string,
    consent: boolean,
    confirm: boolean,
    slug = action.slug,
  ) {
    await ctx.signatures.sign(slug, {
      name: `Signer ${email}`,
      email,
      emailCanonical: canonicalEmail(email),
      postalCode: "94110",
      comment: null,
      consentSponsor: consent,
      source: null,
      referrerOrganizationId: null,
      website: null,
      consentReferrer: false,
      locale,
    });
    const row = await ctx.database.db
      .selectFrom("signatures")
      .innerJoin("people", "people.id", "signatures.person_id")
      .innerJoin("actions", "actions.id", "signatures.action_id")
      .select("signatures.id")
      .where("actions.slug", "=", slug)
      .where("people.email_canonical", "=", canonicalEmail(email))
      .executeTakeFirstOrThrow();
    if (confirm) await ctx.signatures.confirm(confirmationToken(ctx.config.secret, row.id));
    return row.id;
  }

  it("mails exactly the confirmed signers who consented, each once and in their language", async () => {
    await signIn("en", "ana@example.org", true, true);
    await signIn("es", "beto@example.org", true, true);
    await signIn("en", "pending@example.org", true, false);
    await signIn("en", "quiet@example.org", false, true);
    const invalid = await signIn("en", "invalid@example.org", true, true);
    expect(await ctx.signatureAdmin.setValid(access, action.id, invalid, false)).toBe(true);
    await settle();
    mailer.sent = [];

    expect(await ctx.updates.recipientCount(access, action.id)).toBe(2);
    const id = await ctx.updates.post(
      access,
      action.id,
      draft("The hearing is set", { title: "Hay audiencia", body: "" }),
    );
    await settle();
    expect(mailer.updates.map((mail) => [mail.input.to, mail.locale]).sort()).toEqual([
      ["ana@example.org", "en"],
      ["beto@example.org", "es"],
    ]);
    const [spanish] = mailer.updatesTo("beto@example.org");
    expect(spanish?.template === "action_update" && spanish.input).toMatchObject({
      title: "Hay audiencia",
      body: "The board meets **Tuesday**.",
      actionTitle: "Financien el centro de jornaleros",
    });

    // The fan-out and batches run again (a retried job): nobody is mailed twice.
    expect(await ctx.updates.fanOut(id)).toBe(0);
    const signatureIds = (
      await ctx.database.db.selectFrom("action_update_sends").select("signature_id").execute()
    ).map((row) => row.signature_id);
    expect(await ctx.updates.batchMails(id, signatureIds)).toEqual([]);
    const overview = await ctx.updates.overview(access, action.id, "en");
    expect(overview.updates).toMatchObject([
      { id, counts: { queued: 2, sent: 2, bounced: 0, unsubscribed: 0 } },
    ]);
  });

  it("writes a batch job per hundred recipients", async () => {
    await insertBulkSignatures(ctx.database.db, action.id, 400);
    // Confirmed (n % 3 != 2) and consenting (n odd): n ≡ 1 or 3 (mod 6).
    const expected = Array.from({ length: 400 }, (_, n) => n).filter(
      (n) => n % 6 === 1 || n % 6 === 3,
    ).length;
    await ctx.updates.post(access, action.id, draft());
    await ctx.worker.runOnce();
    const batches = await ctx.database.db
      .selectFrom("outbox")
      .select("payload")
      .where("kind", "=", "updates.batch")
      .orderBy("id")
      .execute();
    const sizes = batches.map(
      (row) => (JSON.parse(row.payload) as { signatureIds: number[] }).signatureIds.length,
    );
    expect(sizes).toEqual([100, expected - 100]);
    await settle();
    expect(mailer.updates).toHaveLength(expected);
    expect(new Set(mailer.updates.map((mail) => mail.input.to)).size).toBe(expected);
  });

  it("asks again at send time: a signer invalidated after the fan-out gets nothing", async () => {
    await signIn("en", "ana@example.org", true, true);
    const later = await signIn("en", "later@example.org", true, true);
    await settle();
    mailer.sent = [];
    const id = await ctx.updates.post(access, action.id, draft());
    await ctx.updates.fanOut(id);
    await ctx.signatureAdmin.setValid(access, action.id, later, false);
    await settle();
    expect(mailer.updates.map((mail) => mail.input.to)).toEqual(["ana@example.org"]);
    const statuses = await ctx.database.db
      .selectFrom("action_update_sends")
      .select(["signature_id", "status"])
      .where("update_id", "=", id)
      .execute();
    expect(statuses.find((row) => row.signature_id === later)?.status).toBe("skipped");
  });

  it("mails nobody whose signature was removed, or whose address was wiped, after the fan-out", async () => {
    await signIn("en", "ana@example.org", true, true);
    const removed = await signIn("en", "removed@example.org", true, true);
    const wiped = await signIn("en", "wiped@example.org", true, true);
    await settle();
    mailer.sent = [];
    const id = await ctx.updates.post(access, action.id, draft());
    expect(await ctx.updates.fanOut(id)).toBe(3);
    const db = ctx.database.db;
    await db.deleteFrom("signatures").where("id", "=", removed).execute();
    const { person_id } = await db
      .selectFrom("signatures")
      .select("person_id")
      .where("id", "=", wiped)
      .executeTakeFirstOrThrow();
    await db.updateTable("people").set({ email: "", name: "" }).where("id", "=", person_id).execute();
    await settle();
    expect(mailer.updates.map((mail) => mail.input.to)).toEqual(["ana@example.org"]);
    const overview = await ctx.updates.overview(access, action.id, "en");
    expect(overview.updates[0]?.counts).toEqual({ queued: 2, sent: 1, bounced: 0, unsubscribed: 0 });
  });

  it("retries what failed for now, without mailing again those already mailed; suppresses a hard bounce", async () => {
    await signIn("en", "ana@example.org", true, true);
    await signIn("en", "busy@example.org", true, true);
    await signIn("en", "gone@example.org", true, true);
    await settle();
    mailer.sent = [];
    mailer.refuse.set("busy@example.org", 451).set("gone@example.org", 550);
    const first = await ctx.updates.post(access, action.id, draft("First"));
    await settle();
    expect(mailer.updates.map((mail) => mail.input.to)).toEqual(["ana@example.org"]);
    // The mail server takes the busy address again; the batch runs after its backoff.
    mailer.refuse.delete("busy@example.org");
    clock.advance(60_000);
    await settle();
    expect(mailer.updates.map((mail) => mail.input.to).sort()).toEqual([
      "ana@example.org",
      "busy@example.org",
    ]);
    const overview = await ctx.updates.overview(access, action.id, "en");
    expect(overview.updates[0]).toMatchObject({ id: first, counts: { queued: 3, sent: 2, bounced: 1 } });

    // The bounced address is suppressed: the next update does not even queue it.
    mailer.sent = [];
    mailer.refuse.clear();
    expect(await ctx.updates.recipientCount(access, action.id)).toBe(2);
    await ctx.updates.post(access, action.id, draft("Second"));
    await settle();
    expect(mailer.updates.map((mail) => mail.input.to).sort()).toEqual([
      "ana@example.org",
      "busy@example.org",
    ]);
  });

  it("stops the sponsor's updates to a person who unsubscribed, on every action of that sponsor only", async () => {
    const other = await createAction(ctx, org);
    const otherOrg = await createOrganization(ctx);
    const elsewhere = await createAction(ctx, otherOrg);
    const signature = await signIn("en", "ana@example.org", true, true);
    await signIn("en", "ana@example.org", true, true, other.slug);
    await signIn("en", "ana@example.org", true, true, elsewhere.slug);
    await settle();
    const id = await ctx.updates.post(access, action.id, draft());
    await settle();
    const token = unsubscribeToken(ctx.config.secret, id, signature);
    expect(await ctx.updates.unsubscription(id, token, "en")).toMatchObject({ sponsorName: org.name });
    await ctx.updates.unsubscribe(id, token, "en");
    await ctx.updates.unsubscribe(id, token, "en");
    await expect(ctx.updates.unsubscribe(id, `${token}x`, "en")).rejects.toMatchObject({
      code: "update_unsubscribe_invalid",
    });
    await expect(ctx.updates.unsubscribe(id + 1, token, "en")).rejects.toMatchObject({
      code: "update_unsubscribe_invalid",
    });
    mailer.sent = [];
    await ctx.updates.post(access, other.id, draft());
    const otherAccess = await ctx.organizations.access(
      { accountId: (await createAccount(ctx, { platformAdmin: true })).id, isPlatformAdmin: true },
      otherOrg.slug,
    );
    await ctx.updates.post(otherAccess, elsewhere.id, draft("Elsewhere"));
    await settle();
    expect(mailer.updates.map((mail) => mail.input.title)).toEqual(["Elsewhere"]);
    const overview = await ctx.updates.overview(access, action.id, "en");
    expect(overview.updates.find((update) => update.id === id)?.counts.unsubscribed).toBe(1);
  });

  it("shows a new, edited or deleted update on the cached page at once, closed actions too", async () => {
    const before = await ctx.actions.getPublicPage(action.slug, "es");
    expect(before.updates).toEqual({ latest: [], total: 0 });
    const ids: number[] = [];
    for (const title of ["One", "Two", "Three", "Four"]) {
      ids.push(await ctx.updates.post(access, action.id, draft(title)));
      clock.advance(1000);
    }
    const page = await ctx.actions.getPublicPage(action.slug, "es");
    expect(page.version).not.toBe(before.version);
    expect(page.updates.total).toBe(4);
    expect(page.updates.latest.map((update) => update.title)).toEqual(["Four", "Three", "Two"]);
    await ctx.updates.edit(access, action.id, ids[3]!, {
      kind: "victory",
      texts: { en: { title: "Won", body: "Yes." }, es: { title: "Ganamos", body: "Sí." } },
    });
    expect((await ctx.actions.getPublicPage(action.slug, "es")).updates.latest[0]).toMatchObject({
      kind: "victory",
      title: "Ganamos",
      body: "Sí.",
    });
    expect(await ctx.updates.remove(access, action.id, ids[3]!)).toBe("Won");
    await ctx.editor.takeStep(access, action.id, "close");
    const closed = await ctx.actions.getPublicPage(action.slug, "en");
    expect(closed.status).toBe("closed");
    expect(closed.updates.latest.map((update) => update.title)).toEqual(["Three", "Two", "One"]);
    // Still postable once closed.
    await ctx.updates.post(access, action.id, draft("After closing"));
    expect((await ctx.updates.publicUpdates(action.slug, "en")).updates.map((u) => u.title)).toEqual([
      "After closing",
      "Three",
      "Two",
      "One",
    ]);
    const events = await ctx.database.db
      .selectFrom("audit_log")
      .select("event")
      .where("event", "like", "update.%")
      .orderBy("id")
      .execute();
    expect(events.map((row) => row.event)).toEqual([
      "update.posted",
      "update.posted",
      "update.posted",
      "update.posted",
      "update.edited",
      "update.deleted",
      "update.posted",
    ]);
  });

  it("refuses drafts, viewers and other actions' updates", async () => {
    const draftAction = await createAction(ctx, org, { status: "draft" });
    await expect(ctx.updates.post(access, draftAction.id, draft())).rejects.toMatchObject({
      code: "update_on_draft",
    });
    const viewer = await createAccount(ctx);
    const viewerOrg = await createOrganization(ctx, [{ account: viewer, role: "viewer" }]);
    const viewerAccess = await ctx.organizations.access(
      { accountId: viewer.id, isPlatformAdmin: false },
      viewerOrg.slug,
    );
    await expect(ctx.updates.post(viewerAccess, action.id, draft())).rejects.toMatchObject({
      code: "forbidden",
    });
    const id = await ctx.updates.post(access, action.id, draft());
    const other = await createAction(ctx, org);
    await expect(ctx.updates.remove(access, other.id, id)).rejects.toMatchObject({
      code: "update_not_found",
    });
  });

  it("keeps no address in its tables", async () => {
    const signature = await signIn("en", "ana@example.org", true, true);
    await signIn("en", "gone@example.org", true, true);
    await settle();
    mailer.refuse.set("gone@example.org", 550);
    const id = await ctx.updates.post(access, action.id, draft());
    await settle();
    await ctx.updates.unsubscribe(id, unsubscribeToken(ctx.config.secret, id, signature), "en");
    const db = ctx.database.db;
    const rows = [
      ...(await db.selectFrom("action_update_sends").selectAll().execute()),
      ...(await db.selectFrom("update_unsubscribes").selectAll().execute()),
      ...(await db.selectFrom("update_suppressions").selectAll().execute()),
    ];
    expect(rows.length).toBe(4);
    expect(JSON.stringify(rows)).not.toContain("@");
  });
});
