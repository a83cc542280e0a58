import type { KyselyPlugin } from "kysely";
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

  it("lets the requests that find a row expired share one read of it", async () => {
    const rows = new ActionRowCache(ctx.database.db, { ttlMs: 60_000 });
    const action = await createAction(ctx, await createOrganization(ctx));
    const [first, second] = await Promise.all([rows.bySlug(action.slug), rows.bySlug(action.slug)]);
    expect(first?.id).toBe(action.id);
    expect(second).toBe(first);
  });

  it("never keeps a read that was under way when this node changed the action", async () => {
    const { db } = ctx.database;
    // The cache's reads answer only once the gate opens: the first one has read the old row by then.
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const held: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        await gate;
        return args.result;
      },
    };
    const rows = new ActionRowCache(db.withPlugin(held), { ttlMs: 60_000 });
    const action = await createAction(ctx, await createOrganization(ctx));
    const underWay = rows.bySlug(action.slug);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // On SQLite the change waits for the held read's connection; on PostgreSQL it is done at once.
    const change = repo.addToSignatureCount(db, action.id, 3);
    rows.forget(action.id);
    open();
    expect((await underWay)?.signature_count).toBe(0);
    await change;
    expect((await rows.bySlug(action.slug))?.signature_count).toBe(3);
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
