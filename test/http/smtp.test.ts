/** Mail over real SMTP: a local smtp-server receives what the outbox worker sends through nodemailer. */
import { afterEach, describe, expect, it } from "vitest";
import { agedFormToken, createTestApp, type TestApp } from "../support/app.ts";
import { insertActionRows } from "../support/fixtures.ts";
import { startSmtp as startTestSmtp, type TestSmtp } from "../support/smtp-server.ts";

let t: TestApp | undefined;
let smtp: TestSmtp | undefined;
afterEach(async () => {
  await t?.close();
  await smtp?.close();
  t = undefined;
  smtp = undefined;
});

/** Starts a plain SMTP server on a random loopback port; `refuse` may turn a recipient away. */
async function startSmtp(refuse?: (attempt: number) => string | null) {
  smtp = await startTestSmtp(refuse);
  return smtp;
}

async function signAt(app: TestApp, slug: string, email: string, locale = "en") {
  const response = await app.app.inject({
    method: "POST",
    url: `/${locale}/a/${slug}/sign`,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({
      ts: agedFormToken(app.ctx),
      name: "Rosa Parks",
      email,
      postal_code: "94110",
    }).toString(),
  });
  expect(response.statusCode).toBe(303);
}

function outboxRows(app: TestApp) {
  return app.ctx.database.db.selectFrom("outbox").select(["status", "attempts", "last_error"]).execute();
}

describe("confirmation mail over SMTP", () => {
  it("is delivered with the right subject and a working confirmation link", async () => {
    const server = await startSmtp();
    t = await createTestApp({ SMTP_URL: server.url });
    const action = await insertActionRows(t.ctx.database.db, { title: "Protect the river" });
    await signAt(t, action.slug, "rosa@example.org");
    expect(await t.ctx.worker.drain()).toBe(1);

    expect(server.received).toHaveLength(1);
    const mail = server.received[0]!;
    expect(mail.subject).toBe("Please confirm your signature: Protect the river");
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : "").toBe("rosa@example.org");
    expect(mail.from?.value).toEqual([{ name: "Juntos", address: "no-reply@juntos.test" }]);
    expect(mail.text).toContain("Hello Rosa Parks,");
    const link = new RegExp(`http://juntos\\.test/en/a/${action.slug}/confirm/\\d+-[\\w-]{32}`).exec(
      mail.text ?? "",
    )?.[0];
    expect(link).toBeDefined();
    expect(mail.html || "").toContain(`href="${link}"`);
    expect(await outboxRows(t)).toMatchObject([{ status: "done", attempts: 0 }]);

    const confirmed = await t.app.inject({ method: "POST", url: new URL(link!).pathname });
    expect(confirmed.statusCode).toBe(303);
    expect((await t.app.inject(`/en/a/${action.slug}`)).body).toContain("1 person has signed");
  });

  it("is retried after the server refuses it for now, and then delivered once", async () => {
    const server = await startSmtp((attempt) => (attempt === 1 ? "Greylisted, try again later" : null));
    t = await createTestApp({ SMTP_URL: server.url });
    const action = await insertActionRows(t.ctx.database.db);
    await signAt(t, action.slug, "ana@example.org", "es");

    expect(await t.ctx.worker.drain()).toBe(1);
    expect(server.received).toHaveLength(0);
    const [failed] = await outboxRows(t);
    expect(failed).toMatchObject({ status: "pending", attempts: 1 });
    expect(failed!.last_error).toContain("451");
    // Backing off: nothing is due yet.
    expect(await t.ctx.worker.drain()).toBe(0);

    await t.ctx.database.db
      .updateTable("outbox")
      .set({ run_after: new Date(Date.now() - 1000).toISOString() })
      .execute();
    expect(await t.ctx.worker.drain()).toBe(1);
    expect(server.attempts()).toBe(2);
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.subject).toBe("Confirme su firma: ES Stop the thing");
    expect(server.received[0]!.text).toContain(`http://juntos.test/es/a/${action.slug}/confirm/`);
    expect(await outboxRows(t)).toMatchObject([{ status: "done", attempts: 1, last_error: null }]);
  });
});
