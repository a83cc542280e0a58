import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../test/support/app.ts";
import { ManualClock } from "../../../test/support/clock.ts";
import { createAccount, latestMail } from "../../../test/support/fixtures.ts";
import { InvalidLinkError } from "./accounts.errors.ts";
import { sessionLifetimeMs, tokenLifetimeMs } from "./accounts.ts";

let clock: ManualClock;
let ctx: TestContext;
beforeEach(async () => {
  clock = new ManualClock();
  ctx = await createTestContext({}, { clock });
});
afterEach(async () => {
  await ctx.close();
  await ctx.dropDatabase();
});

describe("lifetimes by the context's clock", () => {
  it("keeps a session for its lifetime and not a millisecond longer", async () => {
    const account = await createAccount(ctx);
    const token = await ctx.accounts.createSession(account.id);
    clock.advance(sessionLifetimeMs - 1);
    expect((await ctx.accounts.findSessionAccount(token))?.id).toBe(account.id);
    clock.advance(1);
    expect(await ctx.accounts.findSessionAccount(token)).toBeUndefined();
  });

  it("opens an emailed sign-in link within its lifetime and refuses it after", async () => {
    const account = await createAccount(ctx);
    await ctx.accounts.requestMagicLink(account.email, "en", "test-network");
    const token = (await latestMail(ctx, account.email)).path.split("/").at(-1)!;
    clock.advance(tokenLifetimeMs.magic_link - 1);
    await expect(ctx.accounts.checkLink("magic_link", token)).resolves.toMatchObject({
      accountId: account.id,
    });
    clock.advance(1);
    await expect(ctx.accounts.checkLink("magic_link", token)).rejects.toBeInstanceOf(InvalidLinkError);
  });
});
