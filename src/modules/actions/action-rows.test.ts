import { describe, expect, it } from "vitest";
import { eachTestContext, type TestContext } from "../../../test/support/app.ts";
import { ManualClock } from "../../../test/support/clock.ts";
import { createAction, createOrganization } from "../../../test/support/fixtures.ts";
import { ActionRowCache } from "./action-rows.ts";
import * as repo from "./actions.repository.ts";

let ctx: TestContext;
eachTestContext((fresh) => {
  ctx = fresh;
});

describe("ActionRowCache", () => {
  it("serves a row for its lifetime, then reads it again", async () => {
    const { db } = ctx.database;
    const clock = new ManualClock();
    const rows = new ActionRowCache(db, { ttlMs: 200, clock });
    const action = await createAction(ctx, await createOrganization(ctx));
    expect((await rows.bySlug(action.slug))?.signature_count).toBe(0);
    await repo.addToSignatureCount(db, action.id, 5);
    clock.advance(199);
    expect((await rows.bySlug(action.slug))?.signature_count).toBe(0);
    clock.advance(1);
    expect((await rows.bySlug(action.slug))?.signature_count).toBe(5);
  });

  it("forgets a row this node changed, and remembers unknown slugs briefly too", async () => {
    const { db } = ctx.database;
    const rows = new ActionRowCache(db, { ttlMs: 60_000 });
    const action = await createAction(ctx, await createOrganization(ctx));
    await rows.bySlug(action.slug);
    await repo.addToSignatureCount(db, action.id, 2);
    rows.forget(action.id);
    expect((await rows.bySlug(action.slug))?.signature_count).toBe(2);
    expect(await rows.bySlug("no-such-action")).toBeUndefined();
  });

  it("counts a confirmation on the public page at once on the node that confirmed it", async () => {
    const action = await createAction(ctx, await createOrganization(ctx));
    expect((await ctx.actions.getPublicPage(action.slug, "en")).signatureCount).toBe(0);
    await ctx.signatures.sign(action.slug, {
      name: "Ana",
      email: "ana@example.org",
      emailCanonical: "ana@example.org",
      postalCode: "94110",
      comment: null,
      consentSponsor: false,
      source: null,
      referrerOrganizationId: null,
      website: null,
      consentReferrer: false,
      locale: "en",
    });
    await ctx.worker.drain();
    const [mail] = await ctx.devMailbox!.list();
    const token = /confirm\/(\S+)/.exec(mail!.text)![1]!;
    await ctx.signatures.confirm(token);
    expect((await ctx.actions.getPublicPage(action.slug, "en")).signatureCount).toBe(1);
  });
});
