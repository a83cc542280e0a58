import { describe, expect, it } from "vitest";
import { eachTestContext, type TestContext } from "../../../test/app.ts";
import { createAction } from "../../../test/factories.ts";
import { canonicalEmail } from "../people/people.ts";
import type { SignInput } from "./signatures.ts";

let ctx: TestContext;
eachTestContext((fresh) => {
  ctx = fresh;
});

function signing(email: string, name = "Ana"): SignInput {
  return {
    name,
    email,
    emailCanonical: canonicalEmail(email),
    postalCode: "94110",
    comment: null,
    consentSponsor: false,
    source: null,
    locale: "en",
  };
}

async function storedSignatures() {
  return ctx.database.db
    .selectFrom("signatures")
    .innerJoin("people", "people.id", "signatures.person_id")
    .select(["signatures.action_id", "people.email_canonical", "people.name", "signatures.created_at"])
    .orderBy("signatures.id")
    .execute();
}

async function outboxJobs() {
  const rows = await ctx.database.db.selectFrom("outbox").select("payload").orderBy("id").execute();
  return rows.map((row) => JSON.parse(row.payload) as { signatureId: number; reason: string });
}

describe("SignaturesService.sign, many people at the same moment", () => {
  it("stores every signing of one batch, across actions, each with its confirmation mail", async () => {
    const first = await createAction(ctx.database.db);
    const second = await createAction(ctx.database.db);
    // Actions already read, so every signing reaches the committer before the first batch starts.
    for (const action of [first, second]) await ctx.actions.getPublicPage(action.slug, "en");
    const emails = Array.from({ length: 40 }, (_, i) => `person${i}@example.org`);
    const outcomes = await Promise.all(
      emails.map((email, i) => ctx.signatures.sign(i % 2 ? second.slug : first.slug, signing(email))),
    );
    expect(outcomes).toEqual(emails.map(() => "new"));
    const stored = await storedSignatures();
    expect(stored).toHaveLength(40);
    // One timestamp: they arrived together and were written by one statement per table.
    expect(new Set(stored.map((row) => row.created_at)).size).toBe(1);
    for (const [i, email] of emails.entries()) {
      expect(stored.find((row) => row.email_canonical === email)?.action_id).toBe(
        i % 2 ? second.id : first.id,
      );
    }
    const jobs = await outboxJobs();
    expect(jobs.map((job) => job.reason)).toEqual(emails.map(() => "confirm"));
    expect(new Set(jobs.map((job) => job.signatureId)).size).toBe(40);
  });

  it("counts a person who signs twice at once (as two spellings of one address) once, and reminds", async () => {
    const action = await createAction(ctx.database.db);
    await ctx.actions.getPublicPage(action.slug, "en");
    const outcomes = await Promise.all([
      ctx.signatures.sign(action.slug, signing("rosa.parks@gmail.com", "Rosa")),
      ctx.signatures.sign(action.slug, signing("someone@example.org")),
      ctx.signatures.sign(action.slug, signing("RosaParks+again@gmail.com", "Impostor")),
    ]);
    expect(outcomes).toEqual(["new", "new", "reminded"]);
    const stored = await storedSignatures();
    expect(stored.map((row) => [row.email_canonical, row.name])).toEqual([
      ["rosaparks@gmail.com", "Rosa"],
      ["someone@example.org", "Ana"],
    ]);
    expect((await outboxJobs()).map((job) => job.reason)).toEqual(["confirm", "confirm", "reminder"]);
  });

  it("reminds a person who signed before at most three times, in the same batch as new people", async () => {
    const action = await createAction(ctx.database.db);
    expect(await ctx.signatures.sign(action.slug, signing("rosa@example.org"))).toBe("new");
    const outcomes = await Promise.all([
      ...Array.from({ length: 5 }, () => ctx.signatures.sign(action.slug, signing("rosa@example.org"))),
      ctx.signatures.sign(action.slug, signing("new@example.org")),
    ]);
    expect(outcomes).toEqual(["reminded", "reminded", "reminded", "quiet", "quiet", "new"]);
    expect(await storedSignatures()).toHaveLength(2);
    expect((await outboxJobs()).filter((job) => job.reason === "reminder")).toHaveLength(3);
  });
});
