/**
 * Forms that choose a password (register, reset, setup, invitation): a forged link is refused
 * before any hashing, hashing is queued per process and these forms are limited per network.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ServerBusyError } from "../../src/modules/accounts/accounts.errors.ts";
import { PasswordHasher } from "../../src/modules/accounts/password-hasher.ts";
import { createTestApp, type TestApp } from "../support/app.ts";
import { Browser } from "../support/browser-session.ts";
import { createAccount } from "../support/fixtures.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const chosen = "a perfectly good passphrase";
const forged = `12-${"A".repeat(32)}`;

/** Puts `hasher` in place of the app's password hasher. */
function useHasher<T extends PasswordHasher>(hasher: T): T {
  Object.defineProperty(t.ctx.accounts, "passwords", { value: hasher });
  return hasher;
}

class CountingHasher extends PasswordHasher {
  hashes = 0;
  override hash(password: string): Promise<string> {
    this.hashes++;
    return super.hash(password);
  }
}

describe("password forms", () => {
  it("refuse a forged reset, setup or invitation link before hashing the password", async () => {
    const hasher = useHasher(new CountingHasher());
    const browser = new Browser(t.app);
    for (const path of [`/en/account/reset/${forged}`, `/en/setup/${forged}`, `/en/invitations/${forged}`]) {
      const response = await browser.post(path, {
        name: "Someone",
        email: "x@example.org",
        password: chosen,
      });
      expect(response.statusCode, path).toBe(404);
    }
    expect(hasher.hashes).toBe(0);

    const account = await createAccount(t.ctx);
    const token = await t.ctx.accounts.createAdmin(account.email, account.name);
    expect((await browser.post(`/en/account/reset/${token}`, { password: chosen })).statusCode).toBe(303);
    expect(hasher.hashes).toBe(1);
  });

  it("answer 429 once a network has sent 30 of them, whatever the addresses", async () => {
    const browser = new Browser(t.app);
    const register = (n: number) =>
      browser.post("/en/account/register", {
        name: "Flood",
        email: `flood-${n}@example.org`,
        password: chosen,
      });
    for (let n = 0; n < 30; n++) expect((await register(n)).statusCode).toBe(303);
    const refused = await register(30);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers["retry-after"]).toBe("60");
    expect(refused.body).toContain("Too many requests came from your network.");
  });

  it("answer 503 with a page to come back when every hashing slot and the wait list are taken", async () => {
    const hasher = useHasher(new PasswordHasher(1, 0));
    let release = () => {};
    const occupied = hasher.run(() => new Promise<void>((resolve) => (release = resolve)));
    const account = await createAccount(t.ctx);
    const token = await t.ctx.accounts.createAdmin(account.email, account.name);
    const busy = await new Browser(t.app).post(`/es/account/reset/${token}`, { password: chosen });
    expect(busy.statusCode).toBe(503);
    expect(busy.headers["retry-after"]).toBe("5");
    expect(busy.body).toContain("Demasiada actividad ahora");
    release();
    await occupied;
    // The link was not used up by the refusal.
    expect(
      (await new Browser(t.app).post(`/en/account/reset/${token}`, { password: chosen })).statusCode,
    ).toBe(303);
  });
});

describe("the password hasher", () => {
  it("lets a sign-in (verify) wait ahead of new passwords (hash), in their own order", async () => {
    const hasher = new PasswordHasher(1, 10);
    let release = () => {};
    const busy = hasher.run(() => new Promise<void>((resolve) => (release = resolve)));
    const order: string[] = [];
    const waiting = [
      hasher.run(async () => order.push("hash 1")),
      hasher.run(async () => order.push("hash 2")),
      hasher.run(async () => order.push("sign-in 1"), { first: true }),
      hasher.run(async () => order.push("sign-in 2"), { first: true }),
    ];
    release();
    await Promise.all([busy, ...waiting]);
    expect(order).toEqual(["sign-in 1", "sign-in 2", "hash 1", "hash 2"]);
  });

  it("runs at most two at once, keeps a bounded wait list and refuses past it", async () => {
    const hasher = new PasswordHasher(2, 3);
    let inFlight = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const work = () =>
      hasher.run(async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise<void>((resolve) => releases.push(resolve));
        inFlight--;
      });
    const accepted = Array.from({ length: 5 }, work);
    await expect(work()).rejects.toBeInstanceOf(ServerBusyError);
    while (releases.length > 0 || inFlight > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
    }
    await Promise.all(accepted);
    expect(most).toBe(2);
    expect(await hasher.verify(await hasher.hash(chosen), chosen)).toBe(true);
    expect(await hasher.verify("not a hash", chosen)).toBe(false);
  });
});
