import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { agedFormToken, createTestApp, type TestApp } from "../support/app.ts";
import { insertActionRows } from "../support/fixtures.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

function form(fields: Record<string, string>): { payload: string; headers: Record<string, string> } {
  return {
    payload: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  };
}

async function sign(slug: string, fields: Record<string, string>, locale = "en") {
  return t.app.inject({
    method: "POST",
    url: `/${locale}/a/${slug}/sign`,
    ...form({
      ts: agedFormToken(t.ctx),
      name: "Rosa Parks",
      email: "rosa@example.org",
      postal_code: "94110",
      ...fields,
    }),
  });
}

async function confirmationLinkFor(email: string): Promise<string> {
  await t.ctx.worker.drain();
  const mail = (await t.ctx.devMailbox!.list()).find((m) => m.to === email);
  if (!mail) throw new Error(`no mail for ${email}`);
  const link = /https?:\/\/\S+\/confirm\/\S+/.exec(mail.text)?.[0];
  if (!link) throw new Error("no confirmation link in mail");
  return new URL(link).pathname;
}

async function shownCount(slug: string): Promise<string> {
  const page = await t.app.inject(`/en/a/${slug}`);
  return /<p class="count" id="take-action">([^<]*)<\/p>/.exec(page.body)?.[1] ?? "";
}

describe("signing an action", () => {
  it("keeps a signature pending until the emailed link is confirmed with a POST", async () => {
    const action = await insertActionRows(t.ctx.database.db);
    const response = await sign(action.slug, {});
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/en/a/${action.slug}/thanks#main`);
    expect(await shownCount(action.slug)).toBe("0 people have signed");

    const link = await confirmationLinkFor("rosa@example.org");
    const confirmPage = await t.app.inject(link);
    expect(confirmPage.statusCode).toBe(200);
    expect(confirmPage.body).toContain('method="post"');
    expect(await shownCount(action.slug)).toBe("0 people have signed");

    const confirmed = await t.app.inject({ method: "POST", url: link });
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe(`/en/a/${action.slug}/confirmed`);
    expect(await shownCount(action.slug)).toBe("1 person has signed");

    // Confirming again is harmless.
    await t.app.inject({ method: "POST", url: link });
    expect(await shownCount(action.slug)).toBe("1 person has signed");
  });

  it("counts one signature per person, recognizing provider aliases, and caps reminder mail", async () => {
    const action = await insertActionRows(t.ctx.database.db);
    await sign(action.slug, { email: "Rosa.Parks+petition@gmail.com" });
    await t.app.inject({ method: "POST", url: await confirmationLinkFor("Rosa.Parks+petition@gmail.com") });
    for (let i = 0; i < 5; i++) {
      const again = await sign(action.slug, { email: "rosaparks@googlemail.com" });
      expect(again.statusCode).toBe(303);
    }
    await t.ctx.worker.drain();
    expect(await shownCount(action.slug)).toBe("1 person has signed");
    const mails = await t.ctx.devMailbox!.list();
    // One confirmation and at most three reminders ("already signed").
    expect(mails.length).toBe(4);
    expect(mails.filter((m) => m.subject.startsWith("You have already signed")).length).toBe(3);
  });

  it("writes the confirmation mail in the signer's language", async () => {
    const action = await insertActionRows(t.ctx.database.db);
    const response = await sign(action.slug, { email: "ana@example.org" }, "es");
    expect(response.headers.location).toBe(`/es/a/${action.slug}/thanks#main`);
    await t.ctx.worker.drain();
    const [mail] = await t.ctx.devMailbox!.list();
    expect(mail?.subject).toBe(`Confirme su firma: ES ${action.title}`);
    expect(mail?.text).toContain(`/es/a/${action.slug}/confirm/`);
  });

  it("sends no confirmation mail still waiting when the action closes", async () => {
    const action = await insertActionRows(t.ctx.database.db);
    await sign(action.slug, { email: "slow@example.org" });
    await t.ctx.database.db
      .updateTable("actions")
      .set({ status: "closed" })
      .where("id", "=", action.id)
      .execute();
    await t.ctx.worker.drain();
    expect(await t.ctx.devMailbox!.list()).toEqual([]);
    const jobs = await t.ctx.database.db.selectFrom("outbox").select("status").execute();
    expect(jobs).toEqual([{ status: "done" }]);
  });

  it("refuses a tampered confirmation link", async () => {
    const action = await insertActionRows(t.ctx.database.db);
    await sign(action.slug, {});
    const link = await confirmationLinkFor("rosa@example.org");
    const tampered = link.replace(/confirm\/(\d+)-/, (_m, id) => `confirm/${Number(id) + 1}-`);
    expect((await t.app.inject(tampered)).statusCode).toBe(404);
    expect((await t.app.inject({ method: "POST", url: tampered })).statusCode).toBe(404);
    expect(await shownCount(action.slug)).toBe("0 people have signed");
  });

  it("refuses signatures on a closed action with a clear message", async () => {
    const action = await insertActionRows(t.ctx.database.db, { status: "closed" });
    const page = await t.app.inject(`/en/a/${action.slug}`);
    expect(page.body).toContain("This action is closed");
    expect(page.body).not.toContain(`action="/en/a/${action.slug}/sign`);
    const response = await sign(action.slug, {});
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain("This action is closed");
  });

  it.each([
    ["closed", { status: "closed" as const, archived_at: null }],
    ["archived", { status: "closed" as const, archived_at: "2024-03-02T00:00:00.000Z" }],
  ])(
    "counts no confirmation once the action is %s, and says so in the page's language",
    async (_state, change) => {
      const action = await insertActionRows(t.ctx.database.db);
      await sign(action.slug, { email: "early@example.org" });
      await sign(action.slug, { email: "late@example.org" }, "es");
      const early = await confirmationLinkFor("early@example.org");
      const late = await confirmationLinkFor("late@example.org");
      expect((await t.app.inject({ method: "POST", url: early })).statusCode).toBe(303);
      await t.ctx.database.db.updateTable("actions").set(change).where("id", "=", action.id).execute();

      const shown = await t.app.inject(late);
      expect(shown.statusCode).toBe(410);
      expect(shown.body).toContain("<h1>Las firmas están cerradas</h1>");
      expect(shown.body).not.toContain('method="post"');
      const posted = await t.app.inject({ method: "POST", url: late });
      expect(posted.statusCode).toBe(410);
      expect(posted.body).toContain("no se contó");
      const english = await t.app.inject({ method: "POST", url: late.replace(/^\/es\//, "/en/") });
      expect(english.statusCode).toBe(410);
      expect(english.body).toContain("<h1>Signing has closed</h1>");

      // The late signature stays pending and uncounted; the one confirmed in time still counts,
      // and confirming it again is as harmless as before.
      const rows = await t.ctx.database.db
        .selectFrom("signatures")
        .innerJoin("people", "people.id", "signatures.person_id")
        .select(["people.email", "signatures.status"])
        .orderBy("signatures.id")
        .execute();
      expect(rows).toEqual([
        { email: "early@example.org", status: "confirmed" },
        { email: "late@example.org", status: "pending" },
      ]);
      const count = await t.ctx.database.db
        .selectFrom("actions")
        .select("signature_count")
        .where("id", "=", action.id)
        .executeTakeFirstOrThrow();
      expect(count.signature_count).toBe(1);
      expect((await t.app.inject({ method: "POST", url: early })).statusCode).toBe(303);
    },
  );
});
