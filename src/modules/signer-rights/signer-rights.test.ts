/**
 * Retention and removal on the real context (run on both engines): after they run, no email or
 * name of an affected signer is left in any text column of any table (test/support/text-scan.ts
 * lists them from the catalog), while the counts, per-day and per-county totals stay (retention)
 * or go down by exactly the removed signatures (removal).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../test/support/app.ts";
import { ManualClock } from "../../../test/support/clock.ts";
import { createAccount, createAction, createOrganization } from "../../../test/support/fixtures.ts";
import { findTexts } from "../../../test/support/text-scan.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import { canonicalEmail } from "../people/people.ts";
import { confirmationToken } from "../signatures/signatures.ts";
import { addMonths, readRetentionMonths } from "./signer-rights.ts";

interface Person {
  name: string;
  email: string;
  postalCode: string;
  comment?: string;
  city?: string;
  consent?: boolean;
}

// Names, addresses and texts found nowhere else, so that a scan hit means this signer.
const alice: Person = {
  name: "Alicette Quornby",
  email: "alicette.quornby@example.org",
  postalCode: "94110",
  comment: "Zebracrossing matters to me",
  city: "Zanzibarville",
  consent: true,
};
const bob: Person = { name: "Bartholo Wyxley", email: "bartholo.wyxley@example.org", postalCode: "22201" };
const carol: Person = { name: "Carmody Pexlin", email: "carmody.pexlin@example.org", postalCode: "10001" };
const dave: Person = { name: "Davorin Ulkstrom", email: "davorin.ulkstrom@example.org", postalCode: "00000" };

const needles = (p: Person) => [
  p.email,
  ...p.name.split(" "),
  ...(p.comment ? [p.comment] : []),
  ...(p.city ? [p.city] : []),
];

describe("signers' rights", () => {
  let ctx: TestContext;
  let clock: ManualClock;
  let access: OrganizationAccess;
  let closing: { id: number; slug: string };
  let open: { id: number; slug: string };

  async function signAs(slug: string, p: Person, confirmed: boolean): Promise<number> {
    await ctx.signatures.sign(slug, {
      name: p.name,
      email: p.email,
      emailCanonical: canonicalEmail(p.email),
      postalCode: p.postalCode,
      comment: p.comment ?? null,
      consentSponsor: p.consent ?? false,
      source: null,
      referrerOrganizationId: null,
      website: null,
      consentReferrer: false,
      locale: "en",
      ...(p.city ? { publishComment: { city: p.city } } : {}),
    });
    const row = await ctx.database.db
      .selectFrom("signatures")
      .innerJoin("actions", "actions.id", "signatures.action_id")
      .innerJoin("people", "people.id", "signatures.person_id")
      .select("signatures.id")
      .where("actions.slug", "=", slug)
      .where("people.email_canonical", "=", canonicalEmail(p.email))
      .executeTakeFirstOrThrow();
    if (confirmed) await ctx.signatures.confirm(confirmationToken(ctx.config.secret, row.id));
    return row.id;
  }

  /** What must survive anonymization: the kept count, the per-day totals and the per-county ones. */
  async function totals(actionId: number) {
    clock.advance(61_000); // past the geography cache
    const dashboard = await ctx.signatureAdmin.dashboard(access, actionId);
    const { geography } = await ctx.geography.adminPage(access, actionId, "en");
    const counties = geography.figures.states.flatMap((s) => s.counties.map((c) => [c.countyFips, c.count]));
    const row = await ctx.database.db
      .selectFrom("actions")
      .select("signature_count")
      .where("id", "=", actionId)
      .executeTakeFirstOrThrow();
    return {
      count: row.signature_count,
      perDay: dashboard.perDay,
      total: geography.figures.total,
      unknown: geography.figures.unknown,
      counties: Object.fromEntries(counties),
    };
  }

  async function linksFor(email: string): Promise<string[]> {
    await ctx.worker.drain();
    const mail = ctx.devMailbox!.list(500).find((m) => m.to === email);
    if (!mail) throw new Error(`no mail to ${email}`);
    return [...mail.text.matchAll(/\/my-data\/link\/([\w-]+)/g)].map((m) => m[1]!);
  }

  beforeEach(async () => {
    clock = new ManualClock();
    ctx = await createTestContext({}, { clock });
    const owner = await createAccount(ctx);
    const org = await createOrganization(ctx, [{ account: owner, role: "owner" }]);
    access = await ctx.organizations.access({ accountId: owner.id, isPlatformAdmin: false }, org.slug);
    closing = await createAction(ctx, org);
    open = await createAction(ctx, org);
    await signAs(closing.slug, alice, true);
    await signAs(closing.slug, bob, true);
    await signAs(closing.slug, carol, false);
    await signAs(closing.slug, dave, true);
    await signAs(open.slug, bob, true);
    // Alice follows the discussion too, and her signing comment is posted.
    await ctx.commentNotifications.follow(closing.slug, "en", {
      email: alice.email,
      emailCanonical: canonicalEmail(alice.email),
    });
    await ctx.worker.drain();
  });
  afterEach(async () => {
    await ctx.close();
    await ctx.dropDatabase();
  });

  it("holds the signers' details before anything runs (the scan finds them)", async () => {
    const found = await findTexts(ctx.database.db, ctx.database.engine, [
      alice.email,
      alice.comment!,
      alice.city!,
    ]);
    const tables = new Set(found.map((f) => f.table));
    for (const table of ["people", "signatures", "comments", "comment_subscriptions", "contacts"])
      expect(tables).toContain(table);
  });

  it("anonymizes an action's signers once its organization's retention has passed, keeping every total", async () => {
    const before = await totals(closing.id);
    expect(before.count).toBe(3);
    expect(Object.keys(before.counties).sort()).toEqual(["06075", "51013"]);
    await ctx.editor.takeStep(access, closing.id, "close");
    const { closed_at } = await ctx.database.db
      .selectFrom("actions")
      .select("closed_at")
      .where("id", "=", closing.id)
      .executeTakeFirstOrThrow();
    expect(closed_at).not.toBeNull();

    // Five months on, nothing yet: the default is six.
    clock.advance(150 * 86_400_000);
    expect(await ctx.scheduler.runDue()).toContain("signer_rights.retention");
    expect(await findTexts(ctx.database.db, ctx.database.engine, [alice.email])).not.toEqual([]);

    clock.advance(40 * 86_400_000);
    expect(await ctx.scheduler.runDue()).toContain("signer_rights.retention");

    const left = await findTexts(ctx.database.db, ctx.database.engine, [
      ...needles(alice),
      ...needles(carol),
      ...needles(dave),
    ]);
    expect(left).toEqual([]);
    // Bob still signs the open action: his details stay for it, but nothing ties the old signature to him.
    const bobsRows = await ctx.database.db
      .selectFrom("signatures")
      .innerJoin("people", "people.id", "signatures.person_id")
      .select(["signatures.action_id", "people.email"])
      .where("people.email", "=", bob.email)
      .execute();
    expect(bobsRows).toEqual([{ action_id: open.id, email: bob.email }]);

    const after = await totals(closing.id);
    expect(after).toEqual({ ...before });
    expect(await totals(open.id)).toMatchObject({ count: 1 });

    const log = await ctx.database.db
      .selectFrom("audit_log")
      .select(["event", "account_id", "detail"])
      .where("event", "=", "signature.anonymized")
      .execute();
    expect(log).toHaveLength(1);
    expect(log[0]!.account_id).toBeNull();
    expect(JSON.parse(log[0]!.detail)).toMatchObject({ signatures: 4, retentionMonths: 6 });

    // Again: nothing left to do.
    expect(await ctx.signerRights.anonymizeDue(clock.now())).toEqual({ actions: 0, signatures: 0 });
  });

  it("follows the organization's own retention setting", async () => {
    await ctx.signerRights.setRetention(access, 1);
    expect(await ctx.signerRights.retention(access)).toBe(1);
    // Reopened, it takes signatures again: the closing time is cleared.
    await ctx.editor.takeStep(access, closing.id, "close");
    await ctx.editor.takeStep(access, closing.id, "reopen");
    const month = 32 * 86_400_000;
    expect(await ctx.signerRights.anonymizeDue(new Date(Date.now() + month))).toEqual({
      actions: 0,
      signatures: 0,
    });
    await ctx.editor.takeStep(access, closing.id, "close");
    expect(await ctx.signerRights.anonymizeDue(new Date(Date.now() + 20 * 86_400_000))).toEqual({
      actions: 0,
      signatures: 0,
    });
    expect(await ctx.signerRights.anonymizeDue(new Date(Date.now() + month))).toEqual({
      actions: 1,
      signatures: 4,
    });
    // The open action is never touched.
    expect(await totals(open.id)).toMatchObject({ count: 1 });
  });

  it("removes one signature from a mailed link: its signer, comment, subscription and contact go, the counts follow", async () => {
    const before = await totals(closing.id);
    await ctx.signerRights.request(alice.email, canonicalEmail(alice.email), "en");
    const tokens = await linksFor(alice.email);
    expect(tokens).toHaveLength(3); // her one signature, everything, the download
    const view = await ctx.signerRights.link(tokens[0]!);
    expect(view).toMatchObject({ state: "ready", purpose: "remove_signature" });
    // The page alone changes nothing.
    expect((await totals(closing.id)).count).toBe(3);

    expect(await ctx.signerRights.use(tokens[0]!)).toMatchObject({ state: "removed_signature" });
    expect(await findTexts(ctx.database.db, ctx.database.engine, needles(alice))).toEqual([]);
    const after = await totals(closing.id);
    expect(after.count).toBe(before.count - 1);
    expect(after.perDay.reduce((s, d) => s + d.count, 0)).toBe(
      before.perDay.reduce((s, d) => s + d.count, 0) - 1,
    );
    expect(after.total).toBe(before.total - 1);
    expect(Object.keys(after.counties)).toEqual(["51013"]);

    // Used links, and the others of a person who is gone, work no more.
    expect(await ctx.signerRights.use(tokens[0]!)).toEqual({ state: "spent" });
    expect(await ctx.signerRights.link(tokens[2]!)).toEqual({ state: "spent" });
  });

  it("removes a signer entirely: both signatures, both counts", async () => {
    await ctx.signerRights.request(bob.email, canonicalEmail(bob.email), "es");
    const tokens = await linksFor(bob.email);
    expect(tokens).toHaveLength(4);
    const removeAll = tokens[2]!;
    expect(await ctx.signerRights.link(removeAll)).toMatchObject({ state: "ready", purpose: "remove_all" });
    expect(await ctx.signerRights.use(removeAll)).toEqual({ state: "removed_all" });
    expect(await findTexts(ctx.database.db, ctx.database.engine, needles(bob))).toEqual([]);
    expect((await totals(closing.id)).count).toBe(2);
    expect((await totals(open.id)).count).toBe(0);
    const log = await ctx.database.db
      .selectFrom("audit_log")
      .select("event")
      .where("event", "=", "signature.signer_removed")
      .execute();
    expect(log).toHaveLength(2);
  });

  it("takes a signature off its count once when two of its links are pressed at the same time", async () => {
    await ctx.signerRights.request(bob.email, canonicalEmail(bob.email), "en");
    const [removeClosing, , removeAll] = await linksFor(bob.email);
    const outcomes = await Promise.all([
      ctx.signerRights.use(removeClosing!),
      ctx.signerRights.use(removeAll!),
    ]);
    expect(outcomes.map((o) => o.state).sort()).toContain("removed_all");
    expect((await totals(closing.id)).count).toBe(2);
    expect((await totals(open.id)).count).toBe(0);
    expect(await findTexts(ctx.database.db, ctx.database.engine, needles(bob))).toEqual([]);
  });

  it("downloads what is held, once; refuses a tampered link", async () => {
    await ctx.signerRights.request(alice.email, canonicalEmail(alice.email), "en");
    const tokens = await linksFor(alice.email);
    const download = tokens[2]!;
    const outcome = await ctx.signerRights.use(download);
    if (outcome.state !== "download") throw new Error(outcome.state);
    expect(outcome.data.person.email).toBe(alice.email);
    expect(outcome.data.signatures).toMatchObject([
      {
        action: { slug: closing.slug, title: "Fund the day labor center" },
        comment: alice.comment,
        consentToSponsor: true,
      },
    ]);
    expect(outcome.data.comments.map((c) => c.body)).toEqual([alice.comment]);
    expect(outcome.data.subscriptions).toMatchObject([{ action: { slug: closing.slug }, scope: "all" }]);
    expect(outcome.data.contacts).toHaveLength(1);
    expect(await ctx.signerRights.use(download)).toEqual({ state: "spent" });
    const tampered = `${download.split("-")[0]}-${"A".repeat(32)}`;
    expect(await ctx.signerRights.link(tampered)).toEqual({ state: "invalid" });
    expect(
      await ctx.signerRights.use(`${Number(download.split("-")[0]) + 1}-${download.split("-")[1]}`),
    ).toEqual({
      state: "invalid",
    });
  });

  it("links expire after 7 days", async () => {
    await ctx.signerRights.request(carol.email, canonicalEmail(carol.email), "en");
    const tokens = await linksFor(carol.email);
    clock.advance(7 * 86_400_000 + 1000);
    expect(await ctx.signerRights.link(tokens[0]!)).toEqual({ state: "spent" });
    expect(await ctx.signerRights.use(tokens[0]!)).toEqual({ state: "spent" });
  });

  it("answers an unknown address by mail that nothing is held, and writes nothing else", async () => {
    const links = await ctx.database.db.selectFrom("signer_links").selectAll().execute();
    await ctx.signerRights.request("nobody.here@example.org", "nobody.here@example.org", "en");
    await ctx.worker.drain();
    const mail = ctx.devMailbox!.list(500).find((m) => m.to === "nobody.here@example.org");
    expect(mail?.text).toContain("Juntos holds nothing under this address");
    expect(mail?.text).not.toContain("/my-data/link/");
    expect(await ctx.database.db.selectFrom("signer_links").selectAll().execute()).toEqual(links);
  });
});

describe("retention rules", () => {
  it("adds calendar months in UTC, clamping to the month's end", () => {
    expect(addMonths(new Date("2026-01-31T10:00:00Z"), 1).toISOString()).toBe("2026-02-28T10:00:00.000Z");
    expect(addMonths(new Date("2026-06-15T00:00:00Z"), 6).toISOString()).toBe("2026-12-15T00:00:00.000Z");
  });
  it("reads the setting as whole months from 1 to 120", () => {
    expect(readRetentionMonths("6")).toBe(6);
    expect(readRetentionMonths(" 120 ")).toBe(120);
    for (const bad of ["0", "121", "1.5", "-3", "", "six", undefined])
      expect(readRetentionMonths(bad)).toBeNull();
  });
});
