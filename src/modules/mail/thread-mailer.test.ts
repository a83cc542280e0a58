import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DevMailStore } from "./dev-mail.repository.ts";
import type { MailRequest } from "./mail.ts";
import { ThreadMailer } from "./thread-mailer.ts";

// The views' renderer, as the composition root passes it; named by URL, not imported.
const rendererModule = new URL("../../views/emails/render-mail.ts", import.meta.url).href;

const opened: { close(): unknown }[] = [];
afterEach(async () => {
  for (const it of opened.splice(0)) await it.close();
});

function mailerInto(devMailFile: string): ThreadMailer {
  const mailer = new ThreadMailer({
    smtpUrl: null,
    mailFrom: "juntos@example.org",
    devMailFile,
    rendererModule,
  });
  opened.push(mailer);
  return mailer;
}

const accountMail = (to: string, locale: "en" | "es"): MailRequest => ({
  template: "account",
  locale,
  input: { baseUrl: "https://juntos.test", to, purpose: "magic_link", token: "7-secret" },
});

describe("the mail thread", () => {
  it("renders mail sent in one tick in each one's language and keeps it in the dev mailbox file", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "juntos-mail-")), "dev-mail.sqlite");
    const mailer = mailerInto(file);
    await Promise.all([
      mailer.send(accountMail("ana@example.org", "es")),
      mailer.send(accountMail("bo@example.org", "en")),
    ]);
    const store = new DevMailStore(file);
    opened.push(store);
    const mails = store.list();
    expect(mails.map((m) => m.to).sort()).toEqual(["ana@example.org", "bo@example.org"]);
    const ana = mails.find((m) => m.to === "ana@example.org")!;
    expect(ana.html).toContain('<html lang="es">');
    expect(ana.text).toContain("https://juntos.test/es/account/magic/7-secret");
    expect(store.find(ana.id)).toEqual(ana);
  });

  it("fails only the mail that cannot be rendered, not the others sent with it", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "juntos-mail-")), "dev-mail.sqlite");
    const mailer = mailerInto(file);
    const broken = { template: "postcard", locale: "en", input: {} } as unknown as MailRequest;
    const [good, bad] = await Promise.allSettled([
      mailer.send(accountMail("ana@example.org", "en")),
      mailer.send(broken),
    ]);
    expect(good.status).toBe("fulfilled");
    expect(bad).toMatchObject({ status: "rejected", reason: { message: "unknown mail template postcard" } });
    const store = new DevMailStore(file);
    opened.push(store);
    expect(store.list().map((m) => m.to)).toEqual(["ana@example.org"]);
  });

  it("rejects the mail it held when the thread dies, and starts a new thread for the next one", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "juntos-mail-")), "later");
    // The mailbox's directory does not exist yet: the first thread dies opening it.
    const mailer = mailerInto(join(dir, "dev-mail.sqlite"));
    await expect(mailer.send(accountMail("ana@example.org", "en"))).rejects.toThrow();
    mkdirSync(dir);
    await mailer.send(accountMail("bo@example.org", "en"));
    const store = new DevMailStore(join(dir, "dev-mail.sqlite"));
    opened.push(store);
    expect(store.list().map((m) => m.to)).toEqual(["bo@example.org"]);
  });

  it("delivers the mail handed over before close, and refuses mail after it", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "juntos-mail-")), "dev-mail.sqlite");
    const mailer = mailerInto(file);
    const sent = mailer.send(accountMail("ana@example.org", "en"));
    await mailer.close();
    await sent;
    await expect(mailer.send(accountMail("bo@example.org", "en"))).rejects.toThrow("the mailer is closed");
    const store = new DevMailStore(file);
    opened.push(store);
    expect(store.list().map((m) => m.to)).toEqual(["ana@example.org"]);
  });
});
