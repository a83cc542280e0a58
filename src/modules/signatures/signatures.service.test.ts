import { describe, expect, it } from "vitest";
import { eachTestContext, type TestContext } from "../../../test/support/app.ts";
import { createAction, createOrganization } from "../../../test/support/fixtures.ts";
import { canonicalEmail } from "../people/people.ts";
import { confirmationToken, type SignInput } from "./signatures.ts";

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
    referrerOrganizationId: null,
    website: null,
    consentReferrer: false,
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
    const first = await createAction(ctx, await createOrganization(ctx));
    const second = await createAction(ctx, await createOrganization(ctx));
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
    const action = await createAction(ctx, await createOrganization(ctx));
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
    const action = await createAction(ctx, await createOrganization(ctx));
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

describe("a person's details", () => {
  async function person(email: string) {
    return ctx.database.db
      .selectFrom("people")
      .select(["name", "postal_code"])
      .where("email_canonical", "=", canonicalEmail(email))
      .executeTakeFirstOrThrow();
  }

  async function confirm(actionId: number, email: string) {
    const row = await ctx.database.db
      .selectFrom("signatures")
      .innerJoin("people", "people.id", "signatures.person_id")
      .select("signatures.id")
      .where("signatures.action_id", "=", actionId)
      .where("people.email_canonical", "=", canonicalEmail(email))
      .executeTakeFirstOrThrow();
    await ctx.signatures.confirm(confirmationToken(ctx.config.secret, row.id));
  }

  const as = (email: string, name: string, postalCode: string): SignInput => ({
    ...signing(email, name),
    postalCode,
  });

  it("change only when a signing is confirmed, to what that signing submitted", async () => {
    const [first, second, third] = [
      await createAction(ctx, await createOrganization(ctx)),
      await createAction(ctx, await createOrganization(ctx)),
      await createAction(ctx, await createOrganization(ctx)),
    ];
    // Someone else signs first with Rosa's address; nothing is confirmed, so nothing is settled.
    await ctx.signatures.sign(first.slug, as("rosa@example.org", "Impostor", "00000"));
    await ctx.signatures.sign(second.slug, as("Rosa@Example.org", "Rosa Parks", "94110"));
    expect(await person("rosa@example.org")).toEqual({ name: "Impostor", postal_code: "00000" });

    await confirm(second.id, "rosa@example.org");
    expect(await person("rosa@example.org")).toEqual({ name: "Rosa Parks", postal_code: "94110" });

    // An unconfirmed signing (here Rosa after a move) never changes a confirmed person, in a batch too.
    await Promise.all([
      ctx.signatures.sign(third.slug, as("rosa@example.org", "Rosa McCauley", "36104")),
      ctx.signatures.sign(third.slug, signing("someone@example.org")),
    ]);
    expect(await person("rosa@example.org")).toEqual({ name: "Rosa Parks", postal_code: "94110" });

    // Each signature keeps what its own signing submitted, and its mail greets that name.
    const stored = await ctx.database.db
      .selectFrom("signatures")
      .select(["id", "action_id", "name", "postal_code"])
      .orderBy("id")
      .execute();
    expect(stored.map(({ id: _, ...row }) => row)).toEqual([
      { action_id: first.id, name: "Impostor", postal_code: "00000" },
      { action_id: second.id, name: "Rosa Parks", postal_code: "94110" },
      { action_id: third.id, name: "Rosa McCauley", postal_code: "36104" },
      { action_id: third.id, name: "Ana", postal_code: "94110" },
    ]);
    expect((await ctx.signatures.mailContext(stored[2]!.id))?.name).toBe("Rosa McCauley");

    // Once she confirms it, her newer details are the person's; confirming twice changes nothing.
    await confirm(third.id, "rosa@example.org");
    expect(await person("rosa@example.org")).toEqual({ name: "Rosa McCauley", postal_code: "36104" });
    await ctx.signatures.sign(first.slug, as("rosa@example.org", "Ignored", "22222"));
    await confirm(third.id, "rosa@example.org");
    expect(await person("rosa@example.org")).toEqual({ name: "Rosa McCauley", postal_code: "36104" });
  });
});
