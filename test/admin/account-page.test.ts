/** The account page: name, email (re-verified through the new address) and password. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.ts";
import { Browser, signIn } from "../support/browser-session.ts";
import { createAccount, latestMail, mailCount } from "../support/fixtures.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

/** The visible text of one field's error message, or undefined. */
function fieldError(body: string, field: string): string | undefined {
  return new RegExp(`<p class="field-error" id="f-${field}-error">([^<]*)</p>`).exec(body)?.[1];
}

async function accountRow(id: number) {
  return t.ctx.database.db
    .selectFrom("accounts")
    .select(["name", "email", "email_canonical"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

describe("the account page", () => {
  it("changes the name, with a notice, and keeps a refused value with its message", async () => {
    const account = await createAccount(t.ctx);
    const browser = await signIn(t.app, account.email, account.password);
    const saved = await browser.post("/en/account/name", { name: "Dolores Huerta" });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe("/en/account");
    const page = await browser.get("/en/account");
    expect(page.body).toContain("Your name is saved.");
    expect((await accountRow(account.id)).name).toBe("Dolores Huerta");

    const tooLong = await browser.post("/es/account/name", { name: "x".repeat(101) });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.body).toContain('class="errors"');
    expect(fieldError(tooLong.body, "name")).toBe("Use como máximo 100 caracteres.");
    expect(tooLong.body).toContain(`value="${"x".repeat(101)}"`);
    expect((await accountRow(account.id)).name).toBe("Dolores Huerta");
  });

  it("changes the email only once a link mailed to the new address is used", async () => {
    const account = await createAccount(t.ctx);
    const browser = await signIn(t.app, account.email, account.password);
    const asked = await browser.post("/en/account/email", { email: "New.Address@example.org" });
    expect(asked.statusCode).toBe(303);
    expect((await browser.get("/en/account")).body).toContain(
      "If no other account uses New.Address@example.org, a link to confirm it is on its way.",
    );
    // Until then the old address stays, and signs in.
    expect((await accountRow(account.id)).email).toBe(account.email);
    await signIn(t.app, account.email, account.password);

    const mail = await latestMail(t.ctx, "New.Address@example.org");
    expect(mail.path).toMatch(/^\/en\/account\/verify\//);
    const used = await new Browser(t.app).post(mail.path);
    expect(used.statusCode).toBe(303);
    expect(await accountRow(account.id)).toMatchObject({
      email: "New.Address@example.org",
      email_canonical: "new.address@example.org",
    });
    await signIn(t.app, "new.address@example.org", account.password);
    const old = await new Browser(t.app).post("/en/account/login", {
      email: account.email,
      password: account.password,
    });
    expect(old.statusCode).toBe(401);
  });

  it("refuses an invalid or unchanged email with a message, and never says another account has it", async () => {
    const account = await createAccount(t.ctx);
    const other = await createAccount(t.ctx);
    const browser = await signIn(t.app, account.email, account.password);
    const invalid = await browser.post("/en/account/email", { email: "not an email" });
    expect(invalid.statusCode).toBe(422);
    expect(fieldError(invalid.body, "email")).toBe("Enter an email address like name@example.org.");
    expect(invalid.body).toContain('value="not an email"');
    const same = await browser.post("/en/account/email", { email: account.email.toUpperCase() });
    expect(same.statusCode).toBe(422);
    expect(fieldError(same.body, "email")).toBe("This is already your email address.");

    const taken = await browser.post("/en/account/email", { email: other.email });
    expect(taken.statusCode).toBe(303);
    expect(await mailCount(t.ctx, other.email)).toBe(0);
  });

  it("changes the password given the current one, and signs out every other session", async () => {
    const account = await createAccount(t.ctx);
    const browser = await signIn(t.app, account.email, account.password);
    const elsewhere = await signIn(t.app, account.email, account.password);

    const wrong = await browser.post("/en/account/password", {
      current_password: "not my password",
      password: "short",
    });
    expect(wrong.statusCode).toBe(422);
    expect(fieldError(wrong.body, "current_password")).toBe("That is not your current password.");
    expect(fieldError(wrong.body, "password")).toBe("Use at least 10 characters.");
    expect(wrong.body).not.toContain('value="not my password"');

    const saved = await browser.post("/en/account/password", {
      current_password: account.password,
      password: "an entirely new passphrase",
    });
    expect(saved.statusCode).toBe(303);
    expect((await browser.get("/en/account")).body).toContain("Your new password is saved.");
    expect((await elsewhere.get("/en/admin")).statusCode).toBe(303);
    await signIn(t.app, account.email, "an entirely new passphrase");
  });

  it("lets an account without a password (link or provider only) choose one without a current one", async () => {
    const account = await createAccount(t.ctx);
    await t.ctx.database.db
      .updateTable("accounts")
      .set({ password_hash: null })
      .where("id", "=", account.id)
      .execute();
    await new Browser(t.app).post("/en/account/login/link", { email: account.email });
    const browser = new Browser(t.app);
    await browser.post((await latestMail(t.ctx, account.email)).path);
    const page = await browser.get("/en/account");
    expect(page.body).not.toContain('name="current_password"');
    const saved = await browser.post("/en/account/password", { password: "my first real password" });
    expect(saved.statusCode).toBe(303);
    await signIn(t.app, account.email, "my first real password");
  });
});
