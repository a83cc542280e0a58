/** Organizer accounts through the real routes: registration, sign-in, emailed links, sessions, CSRF. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestApp, type TestApp } from "../support/app.ts";
import { Browser, signIn } from "../support/browser-session.ts";
import { createAccount, createOrganization, latestMail, mailCount } from "../support/fixtures.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  vi.useRealTimers();
  await t.close();
});

const newPassword = "a brand new passphrase";

/** True when the browser's session opens the organizer home. */
async function signedIn(browser: Browser): Promise<boolean> {
  const response = await browser.get("/en/admin");
  if (response.statusCode === 200) return true;
  expect(response.statusCode).toBe(303);
  expect(response.headers.location).toBe("/en/account/login?next=%2Fen%2Fadmin");
  return false;
}

/** Posts a form as a browser on the network of `ip` would (its own CSRF cookie and token). */
async function postFrom(ip: string, url: string, fields: Record<string, string>) {
  const browser = new Browser(t.app);
  const csrf = await browser.csrfToken();
  return t.app.inject({
    method: "POST",
    url,
    remoteAddress: ip,
    payload: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: `_csrf=${browser.cookie("_csrf")}`,
    },
  });
}

async function accountRow(email: string) {
  return t.ctx.database.db
    .selectFrom("accounts")
    .select(["id", "email_verified_at", "is_platform_admin", "password_hash"])
    .where("email_canonical", "=", email.toLowerCase())
    .executeTakeFirstOrThrow();
}

describe("registration", () => {
  it("mails a verification link whose GET shows a button and whose POST verifies and signs in", async () => {
    const browser = new Browser(t.app);
    const form = await browser.get("/en/account/register");
    expect(form.statusCode).toBe(200);
    const registered = await browser.post("/en/account/register", {
      name: "Dolores Huerta",
      email: "Dolores@Example.org",
      password: newPassword,
    });
    expect(registered.statusCode).toBe(303);
    expect(registered.headers.location).toBe("/en/account/sent");
    expect((await accountRow("dolores@example.org")).email_verified_at).toBeNull();

    // Until the email is confirmed, the password does not open the account.
    const early = await new Browser(t.app).post("/en/account/login", {
      email: "dolores@example.org",
      password: newPassword,
    });
    expect(early.statusCode).toBe(403);
    expect(early.body).toContain("Please confirm your email first");

    const mail = await latestMail(t.ctx, "Dolores@Example.org");
    expect(mail.subject).toBe("Confirm your email for Juntos");
    expect(mail.path).toMatch(/^\/en\/account\/verify\/\d+-[\w-]{32}$/);

    const page = await browser.get(mail.path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<form method="post" action="${mail.path}"`);
    expect(page.body).toContain("Confirm my email");
    // The GET changed nothing.
    expect((await accountRow("dolores@example.org")).email_verified_at).toBeNull();
    expect(await signedIn(browser)).toBe(false);

    const verified = await browser.post(mail.path);
    expect(verified.statusCode).toBe(303);
    expect(verified.headers.location).toBe("/en/admin");
    expect((await accountRow("dolores@example.org")).email_verified_at).not.toBeNull();
    expect(await signedIn(browser)).toBe(true);

    // The link works once; the password works now.
    expect((await new Browser(t.app).post(mail.path)).statusCode).toBe(404);
    await signIn(t.app, "dolores@example.org", newPassword);
  });

  it("re-renders the form with field messages and kept values, and never reveals an existing account", async () => {
    const browser = new Browser(t.app);
    const invalid = await browser.post("/es/account/register", {
      name: "",
      email: "nope",
      password: "short",
    });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain("Por favor, complete este campo.");
    expect(invalid.body).toContain("Escriba un correo como nombre@ejemplo.org.");
    expect(invalid.body).toContain("Use al menos 10 caracteres.");
    expect(invalid.body).toContain('value="nope"');

    const existing = await createAccount(t.ctx);
    const again = await browser.post("/en/account/register", {
      name: "Someone Else",
      email: existing.email,
      password: "attacker's password",
    });
    expect(again.headers.location).toBe("/en/account/sent");
    // The owner of the address gets a sign-in link instead; the new password was not stored.
    const mail = await latestMail(t.ctx, existing.email);
    expect(mail.subject).toBe("Your sign-in link for Juntos");
    expect(
      (
        await new Browser(t.app).post("/en/account/login", {
          email: existing.email,
          password: "attacker's password",
        })
      ).statusCode,
    ).toBe(401);
  });

  it("drops a password set by whoever registered an address once its owner signs in by link", async () => {
    // Someone registers an address that is not theirs and never confirms it…
    await new Browser(t.app).post("/en/account/register", {
      name: "Squatter",
      email: "victim@example.org",
      password: "squatter password",
    });
    // …then the owner asks for a sign-in link and uses it.
    await new Browser(t.app).post("/en/account/login/link", { email: "victim@example.org" });
    const owner = new Browser(t.app);
    await owner.post((await latestMail(t.ctx, "victim@example.org")).path);
    expect(await signedIn(owner)).toBe(true);
    const squatter = await new Browser(t.app).post("/en/account/login", {
      email: "victim@example.org",
      password: "squatter password",
    });
    expect(squatter.statusCode).toBe(401);
  });
});

describe("password sign-in", () => {
  it("signs in with the right password and refuses a wrong one with a localized message", async () => {
    const account = await createAccount(t.ctx);
    const browser = new Browser(t.app);
    const ok = await browser.post("/en/account/login?next=%2Fen%2Faccount", {
      email: account.email.toUpperCase(),
      password: account.password,
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe("/en/account");
    expect((await browser.get("/en/account")).body).toContain(account.email);

    const wrong = await new Browser(t.app).post("/en/account/login", {
      email: account.email,
      password: "not the password",
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain("That email and password do not match an account.");
    expect(wrong.body).toContain(`value="${account.email}"`);
    expect(wrong.headers["set-cookie"] ?? "").not.toContain("juntos_session");

    const unknown = await new Browser(t.app).post("/es/account/login", {
      email: "nobody@example.org",
      password: "whatever it is",
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.body).toContain("Ese correo y esa contraseña no coinciden con ninguna cuenta.");
  });

  it("never follows a sign-in `next` to another site", async () => {
    const account = await createAccount(t.ctx);
    for (const next of ["//evil.example/x", "https://evil.example/", "/\\evil.example"]) {
      const response = await new Browser(t.app).post(`/en/account/login?next=${encodeURIComponent(next)}`, {
        email: account.email,
        password: account.password,
      });
      expect(response.headers.location, next).toBe("/en/admin");
    }
  });

  it("blocks an account from one network after 5 failures there, even for the right password, until the window ends", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const account = await createAccount(t.ctx);
    const attempt = (password: string, from = "203.0.113.7") =>
      postFrom(from, "/en/account/login", { email: account.email, password });
    for (let i = 0; i < 5; i++) expect((await attempt("wrong password!")).statusCode).toBe(401);

    const blocked = await attempt(account.password);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(800);
    expect(blocked.body).toContain(
      "Too many attempts. Please wait 15 minutes, or sign in with an emailed link.",
    );
    vi.setSystemTime(Date.now() + 14 * 60_000);
    expect((await attempt(account.password)).statusCode).toBe(429);
    // The owner signs in from her own network, and another account from the same network.
    expect((await attempt(account.password, "198.51.100.20")).statusCode).toBe(303);
    const other = await createAccount(t.ctx);
    expect(
      (await postFrom("203.0.113.7", "/en/account/login", { email: other.email, password: other.password }))
        .statusCode,
    ).toBe(303);

    vi.setSystemTime(Date.now() + 2 * 60_000);
    expect((await attempt(account.password)).statusCode).toBe(303);
  });

  it("keeps the emailed link working while locked, and a password reset lifts the lock", async () => {
    const account = await createAccount(t.ctx);
    const network = "203.0.113.9";
    const attempt = (password: string) =>
      postFrom(network, "/en/account/login", { email: account.email, password });
    for (let i = 0; i < 5; i++) await attempt("wrong password!");
    expect((await attempt(account.password)).statusCode).toBe(429);

    expect((await postFrom(network, "/en/account/login/link", { email: account.email })).statusCode).toBe(
      303,
    );
    const magic = await latestMail(t.ctx, account.email);
    expect((await postFrom(network, magic.path, {})).statusCode).toBe(303);

    expect((await postFrom(network, "/en/account/reset", { email: account.email })).statusCode).toBe(303);
    const reset = await latestMail(t.ctx, account.email);
    expect((await postFrom(network, reset.path, { password: newPassword })).statusCode).toBe(303);
    expect((await attempt(newPassword)).statusCode).toBe(303);
  });

  it("caps wrong passwords across all networks at 100 an hour for one account", async () => {
    const account = await createAccount(t.ctx);
    for (let i = 0; i < 100; i++) {
      const from = `192.0.2.${Math.floor(i / 4)}`;
      expect(
        (await postFrom(from, "/en/account/login", { email: account.email, password: "guess" })).statusCode,
      ).toBe(401);
    }
    const fresh = await postFrom("198.51.100.99", "/en/account/login", {
      email: account.email,
      password: account.password,
    });
    expect(fresh.statusCode).toBe(429);
    // 100 argon2 checks in a row: seconds on a quiet machine, more on a shared one.
  }, 180_000);
});

describe("sign-in links", () => {
  it("mails a link whose GET shows a button, whose POST signs in, and which works once", async () => {
    const account = await createAccount(t.ctx);
    const requested = await new Browser(t.app).post("/en/account/login/link", { email: account.email });
    expect(requested.statusCode).toBe(303);
    expect(requested.headers.location).toBe("/en/account/sent");
    const mail = await latestMail(t.ctx, account.email);
    expect(mail.subject).toBe("Your sign-in link for Juntos");
    expect(mail.path).toMatch(/^\/en\/account\/magic\//);

    const browser = new Browser(t.app);
    const page = await browser.get(mail.path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Sign me in");
    expect(await signedIn(browser)).toBe(false);
    const used = await browser.post(mail.path);
    expect(used.statusCode).toBe(303);
    expect(await signedIn(browser)).toBe(true);

    const again = new Browser(t.app);
    expect((await again.get(mail.path)).statusCode).toBe(404);
    const reused = await again.post(mail.path);
    expect(reused.statusCode).toBe(404);
    expect(reused.body).toContain("This link does not work");
    expect(await signedIn(again)).toBe(false);
  });

  it("answers the same for an unknown address and mails nothing", async () => {
    const response = await new Browser(t.app).post("/en/account/login/link", { email: "nobody@example.org" });
    expect(response.headers.location).toBe("/en/account/sent");
    expect(await mailCount(t.ctx, "nobody@example.org")).toBe(0);
  });

  it("refuses a forged link", async () => {
    const account = await createAccount(t.ctx);
    await new Browser(t.app).post("/en/account/login/link", { email: account.email });
    const { path } = await latestMail(t.ctx, account.email);
    const forged = path.replace(/\/(\d+)-/, (_m, id) => `/${Number(id) + 1}-`);
    expect((await new Browser(t.app).post(forged)).statusCode).toBe(404);
  });
});

describe("password reset", () => {
  it("sets a new password, refuses the old one, and ends every other session", async () => {
    const account = await createAccount(t.ctx);
    const elsewhere = await signIn(t.app, account.email, account.password);
    expect(await signedIn(elsewhere)).toBe(true);

    const browser = new Browser(t.app);
    expect((await browser.post("/en/account/reset", { email: account.email })).headers.location).toBe(
      "/en/account/sent",
    );
    const mail = await latestMail(t.ctx, account.email);
    expect(mail.subject).toBe("Reset your Juntos password");
    expect((await browser.get(mail.path)).statusCode).toBe(200);
    const tooShort = await browser.post(mail.path, { password: "short" });
    expect(tooShort.statusCode).toBe(422);
    expect(tooShort.body).toContain("Use at least 10 characters.");

    const reset = await browser.post(mail.path, { password: newPassword });
    expect(reset.statusCode).toBe(303);
    expect(await signedIn(browser)).toBe(true);
    expect(await signedIn(elsewhere)).toBe(false);

    const old = await new Browser(t.app).post("/en/account/login", {
      email: account.email,
      password: account.password,
    });
    expect(old.statusCode).toBe(401);
    await signIn(t.app, account.email, newPassword);
    expect((await new Browser(t.app).post(mail.path, { password: "another one entirely" })).statusCode).toBe(
      404,
    );
  });
});

describe("links issued before a password reset", () => {
  it("stop working once the password is reset: other reset links and sign-in links", async () => {
    const account = await createAccount(t.ctx);
    const linkTo = async (form: string) => {
      await new Browser(t.app).post(form, { email: account.email });
      return (await latestMail(t.ctx, account.email)).path;
    };
    const olderReset = await linkTo("/en/account/reset");
    const magic = await linkTo("/en/account/login/link");
    const reset = await linkTo("/en/account/reset");
    expect(new Set([olderReset, magic, reset]).size).toBe(3);

    expect((await new Browser(t.app).post(reset, { password: newPassword })).statusCode).toBe(303);
    expect(
      (await new Browser(t.app).post(olderReset, { password: "someone else's choice" })).statusCode,
    ).toBe(404);
    expect((await new Browser(t.app).post(magic)).statusCode).toBe(404);
    // Links asked for after the reset work.
    await signIn(t.app, account.email, newPassword);
    const fresh = await linkTo("/en/account/login/link");
    expect((await new Browser(t.app).post(fresh)).statusCode).toBe(303);
  });
});

describe("signing out", () => {
  it("ends this session: the old cookie no longer opens anything", async () => {
    const account = await createAccount(t.ctx);
    const browser = await signIn(t.app, account.email, account.password);
    const cookie = browser.cookie("juntos_session")!;
    const out = await browser.post("/en/account/logout");
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe("/en/account/login");
    expect(browser.cookie("juntos_session")).toBeUndefined();

    const replay = new Browser(t.app);
    replay.setCookie("juntos_session", cookie);
    expect(await signedIn(replay)).toBe(false);
  });

  it("everywhere: every session of the account ends, other accounts' sessions stay", async () => {
    const account = await createAccount(t.ctx);
    const laptop = await signIn(t.app, account.email, account.password);
    const phone = await signIn(t.app, account.email, account.password);
    const phoneCookie = phone.cookie("juntos_session")!;
    const other = await createAccount(t.ctx);
    const colleague = await signIn(t.app, other.email, other.password);

    const out = await laptop.post("/en/account/logout-everywhere");
    expect(out.statusCode).toBe(303);
    expect(await signedIn(laptop)).toBe(false);
    expect(await signedIn(phone)).toBe(false);
    const replay = new Browser(t.app);
    replay.setCookie("juntos_session", phoneCookie);
    expect(await signedIn(replay)).toBe(false);
    expect(await signedIn(colleague)).toBe(true);
  });
});

describe("first-run set-up", () => {
  it("creates a platform administrator from the one-time link, which cannot be reused", async () => {
    const token = await t.ctx.accounts.setupTokenForFreshInstall();
    expect(token).toMatch(/^\d+-[\w-]{32}$/);
    // A second start before anyone used the link prints another one.
    const second = await t.ctx.accounts.setupTokenForFreshInstall();
    const path = `/en/setup/${token}`;

    const browser = new Browser(t.app);
    const page = await browser.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Create the first administrator");
    const created = await browser.post(path, {
      name: "First Admin",
      email: "first@example.org",
      password: newPassword,
    });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe("/en/admin");
    expect((await accountRow("first@example.org")).is_platform_admin).toBe(1);
    expect((await browser.get("/en/admin/organizations/new")).statusCode).toBe(200);

    for (const used of [path, `/en/setup/${second}`]) {
      const intruder = new Browser(t.app);
      expect((await intruder.get(used)).statusCode).toBe(404);
      const attempt = await intruder.post(used, {
        name: "Intruder",
        email: "x@example.org",
        password: newPassword,
      });
      expect(attempt.statusCode).toBe(404);
    }
    expect(await t.ctx.accounts.setupTokenForFreshInstall()).toBeNull();
    const admins = await t.ctx.database.db
      .selectFrom("accounts")
      .select("email")
      .where("is_platform_admin", "=", 1)
      .execute();
    expect(admins).toEqual([{ email: "first@example.org" }]);
  });
});

describe("create-admin from the command line", () => {
  it("prints a one-time link that sets the password of a new platform administrator", async () => {
    const { config } = t.ctx;
    const databaseUrl =
      config.database.engine === "sqlite" ? `sqlite:${config.database.url}` : config.database.url;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "src/cli.ts", "create-admin", "ops@example.org", "Ops", "Person"],
      {
        env: {
          PATH: process.env.PATH,
          DATA_DIR: config.dataDir,
          DATABASE_URL: databaseUrl,
          BASE_URL: config.baseUrl,
          SEED_DEMO: "false",
          LOG_LEVEL: "silent",
        },
      },
    );
    expect(stdout).toContain("ops@example.org is a platform administrator.");
    const link = /http:\/\/juntos\.test(\/en\/account\/reset\/\S+)/.exec(stdout)?.[1];
    expect(link).toBeDefined();

    const browser = new Browser(t.app);
    expect((await browser.get(link!)).statusCode).toBe(200);
    expect((await browser.post(link!, { password: newPassword })).statusCode).toBe(303);
    expect((await browser.get("/en/admin/organizations/new")).statusCode).toBe(200);
    expect((await browser.get("/en/account")).body).toContain("Ops Person");
    await signIn(t.app, "ops@example.org", newPassword);
    expect((await new Browser(t.app).post(link!, { password: "once more, please" })).statusCode).toBe(404);
  });

  it("the service makes an existing account an administrator with a working link", async () => {
    const account = await createAccount(t.ctx);
    const token = await t.ctx.accounts.createAdmin(account.email, "ignored");
    const browser = new Browser(t.app);
    expect((await browser.post(`/en/account/reset/${token}`, { password: newPassword })).statusCode).toBe(
      303,
    );
    expect((await browser.get("/en/admin/organizations/new")).statusCode).toBe(200);
  });
});

describe("the session cookie", () => {
  it("is HttpOnly, SameSite=Lax and Path=/ (and Secure behind https)", async () => {
    const account = await createAccount(t.ctx);
    const response = await new Browser(t.app).post("/en/account/login", {
      email: account.email,
      password: account.password,
    });
    const session = response.cookies.find((c) => c.name === "juntos_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(session?.secure).toBeUndefined();

    const https = await createTestApp({ BASE_URL: "https://juntos.test" });
    try {
      const admin = await createAccount(https.ctx);
      const secure = await new Browser(https.app).post("/en/account/login", {
        email: admin.email,
        password: admin.password,
      });
      const cookie = secure.cookies.find((c) => c.name === "juntos_session");
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/", secure: true });
    } finally {
      await https.close();
    }
  });

  it("is never set or read by public pages", async () => {
    const account = await createAccount(t.ctx);
    const browser = await signIn(t.app, account.email, account.password);
    const home = await browser.get("/en/");
    expect(home.statusCode).toBe(200);
    expect(home.headers["set-cookie"]).toBeUndefined();
    expect(home.body).not.toContain(account.name);
  });
});

describe("CSRF", () => {
  it("refuses a form post without a token, with a wrong one, or with another visitor's token", async () => {
    const account = await createAccount(t.ctx);
    const fields = { email: account.email, password: account.password };
    const missing = await new Browser(t.app).post("/en/account/login", fields, { csrf: null });
    expect(missing.statusCode).toBe(403);
    expect(missing.body).toContain("This form has expired");
    const missingEs = await new Browser(t.app).post("/es/account/login", fields, { csrf: null });
    expect(missingEs.body).toContain("Este formulario venció");
    const visitor = new Browser(t.app);
    await visitor.csrfToken();
    expect((await visitor.post("/en/account/login", fields, { csrf: "1-forged" })).statusCode).toBe(403);
    const stranger = new Browser(t.app);
    const strangerToken = await stranger.csrfToken();
    expect((await visitor.post("/en/account/login", fields, { csrf: strangerToken })).statusCode).toBe(403);
    expect(visitor.cookie("juntos_session")).toBeUndefined();

    const member = await signIn(t.app, account.email, account.password);
    const org = await createOrganization(t.ctx, [{ account, role: "owner" }]);
    const forged = await member.post(`/en/admin/o/${org.slug}/profile`, { name: "Hijacked" }, { csrf: null });
    expect(forged.statusCode).toBe(403);
    const name = await t.ctx.database.db
      .selectFrom("organizations")
      .select("name")
      .where("id", "=", org.id)
      .executeTakeFirstOrThrow();
    expect(name.name).toBe(org.name);
  });
});
