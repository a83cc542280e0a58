/**
 * Forms that send mail (sign-in link, reset, register): limited per address and per network,
 * and answered with the same rows written whether or not the address has an account.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.ts";
import { Browser } from "../support/browser-session.ts";
import { createAccount, mailCount } from "../support/fixtures.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const forms: [string, (email: string) => Record<string, string>][] = [
  ["/en/account/login/link", (email) => ({ email })],
  ["/en/account/reset", (email) => ({ email })],
  ["/en/account/register", (email) => ({ email, name: "Same Person", password: "a long enough password" })],
];

describe("mail-sending forms", () => {
  it.each(forms)(
    "%s sends at most 3 mails an hour to one address and answers the same each time",
    async (path, fields) => {
      const account = await createAccount(t.ctx);
      const browser = new Browser(t.app);
      for (let i = 0; i < 20; i++) {
        const response = await browser.post(path, fields(account.email));
        expect(response.statusCode).toBe(303);
        expect(response.headers.location).toBe("/en/account/sent");
      }
      expect(await mailCount(t.ctx, account.email)).toBe(3);
    },
  );

  it("refuse a network past 30 mail forms an hour, without saying anything about an address", async () => {
    const browser = new Browser(t.app);
    for (let i = 0; i < 30; i++) {
      const response = await browser.post("/en/account/login/link", { email: `someone-${i}@example.org` });
      expect(response.statusCode).toBe(303);
    }
    const refused = await browser.post("/en/account/reset", { email: "one-more@example.org" });
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain("Too many requests came from your network.");
  });
});

/** The rows one request added to the tables a mail request may write to, without ids or times. */
async function rowsWrittenBy(request: () => Promise<unknown>) {
  const { db } = t.ctx.database;
  const snapshot = async () => ({
    tokens: await db
      .selectFrom("account_tokens")
      .select(["purpose", "email", "data", "used_at"])
      .orderBy("id")
      .execute(),
    jobs: await db.selectFrom("outbox").select(["kind", "status", "attempts"]).orderBy("id").execute(),
    accounts: await db.selectFrom("accounts").selectAll().orderBy("id").execute(),
  });
  const before = await snapshot();
  await request();
  const after = await snapshot();
  expect(after.accounts).toEqual(before.accounts);
  return { tokens: after.tokens.slice(before.tokens.length), jobs: after.jobs.slice(before.jobs.length) };
}

describe("answers to sign-in link and reset requests", () => {
  it.each(["/en/account/login/link", "/en/account/reset"])(
    "%s writes the same rows for an address with an account and one without, and mails only the account",
    async (path) => {
      const account = await createAccount(t.ctx);
      const browser = new Browser(t.app);
      const answers: string[] = [];
      const ask = (email: string) => async () => {
        const response = await browser.post(path, { email });
        answers.push(`${response.statusCode} ${response.headers.location}`);
      };
      const known = await rowsWrittenBy(ask(account.email));
      const unknown = await rowsWrittenBy(ask("nobody-here@example.org"));
      expect(known.tokens).toHaveLength(1);
      expect(known.jobs).toHaveLength(1);
      expect(unknown).toEqual(known);
      expect(answers[1]).toBe(answers[0]);
      expect(await mailCount(t.ctx, account.email)).toBe(1);
      expect(await mailCount(t.ctx, "nobody-here@example.org")).toBe(0);
    },
  );
});
