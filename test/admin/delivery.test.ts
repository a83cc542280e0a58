/**
 * Delivery from the organizers' side: the page linked from the action, the streamed downloads,
 * the form's 422s, the confirmation step before the letter is mailed, the notice, the record and
 * the public page's line; another organization's action is not found.
 */
import { PDFParse } from "pdf-parse";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/translator.ts";
import { auditSentence } from "../../src/views/admin/audit.tsx";
import { agedFormToken, createTestApp, type TestApp } from "../support/app.ts";
import { type Browser, redirectOf, signIn } from "../support/browser-session.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  sign,
  type TestOrganization,
} from "../support/fixtures.ts";

let t: TestApp;
let sponsor: TestOrganization;
let organizer: Browser;
let action: { id: number; slug: string };
beforeEach(async () => {
  t = await createTestApp();
  const account = await createAccount(t.ctx, { name: "Oscar Organizer" });
  sponsor = await createOrganization(t.ctx, [{ account, role: "organizer" }]);
  organizer = await signIn(t.app, account.email, account.password);
  action = await createAction(t.ctx, sponsor, {
    form: { target_0_email: "ada@county.example.gov", target_0_office_es: "Junta de Supervisores" },
  });
  await sign(
    t.ctx,
    action.slug,
    [
      {
        name: "Ana López",
        email: "ana@example.org",
        postalCode: "94110",
        publicName: true,
        city: "San Francisco",
      },
      { name: "María José Pérez", email: "mjp@example.org", postalCode: "22201" },
    ],
    true,
  );
});
afterEach(async () => {
  await t.close();
});

const page = (id = action.id, locale = "en") => `/${locale}/admin/o/${sponsor.slug}/actions/${id}/delivery`;

describe("the delivery page", () => {
  it("is linked from the action, counts what would be delivered and lists the targets with their email", async () => {
    const dashboard = await organizer.get(`/en/admin/o/${sponsor.slug}/actions/${action.id}`);
    expect(dashboard.body).toContain(`href="${page()}"`);
    const response = await organizer.get(page());
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("2 confirmed signatures will be delivered.");
    expect(response.body).toContain("Ada Lovelace (ada@county.example.gov)");
    expect(response.body).toContain("Grace Hopper (No email: add one in the editor)");
    expect(response.body).toContain("Nothing delivered yet.");
  });

  it("streams the PDF and the CSV, each recorded", async () => {
    const pdf = await organizer.get(`${page()}/letter.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.headers["content-disposition"]).toMatch(
      /^attachment; filename="[a-z0-9-]+-delivery-[\d-]+\.pdf"$/,
    );
    const { text } = await new PDFParse({ data: pdf.rawPayload }).getText();
    expect(text).toContain("2 people signed this letter.");
    expect(text).toContain("Ana López, San Francisco");
    expect(text).toContain("M. J. P.");
    const csv = await organizer.get(`${page(action.id, "es")}/signers.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain("Virginia,Arlington,M. J. P.,");
    const after = await organizer.get(page());
    expect(after.body).toContain("PDF downloaded");
    expect(after.body).toContain("CSV downloaded");
  });

  it("answers 422 with the form for no target, an unknown one, or one without email", async () => {
    for (const target of ["", "7", "x", "1"]) {
      const response = await organizer.post(page(), { target, language: "en" });
      expect(response.statusCode, target).toBe(422);
      expect(response.body).toContain(`id="errors"`);
    }
    const noEmail = await organizer.post(page(), { target: "1", language: "es" });
    expect(noEmail.body).toContain("This target has no email address: add one in the editor first.");
    expect(await t.ctx.database.db.selectFrom("deliveries").selectAll().execute()).toEqual([]);
  });

  it("asks before mailing, then queues the letter, says so, and the public page states the delivery", async () => {
    const ask = await organizer.post(page(), { target: "0", language: "es" });
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain("Send the letter to Ada Lovelace?");
    expect(ask.body).toContain("The letter with 2 signatures goes to ada@county.example.gov by email now.");
    expect(ask.body).toContain('name="confirm" value="yes"');
    expect(await t.ctx.database.db.selectFrom("deliveries").selectAll().execute()).toEqual([]);

    const sent = await organizer.post(page(), { target: "0", language: "es", confirm: "yes" });
    expect(sent.statusCode).toBe(303);
    expect(redirectOf(sent)).toBe(page());
    const after = await organizer.get(page());
    expect(after.body).toContain("The letter to Ada Lovelace is on its way.");
    await t.ctx.worker.drain();
    const mail = (await t.ctx.devMailbox!.list()).find((m) => m.to === "ada@county.example.gov");
    expect(mail?.subject).toBe("Financien el centro de jornaleros: 2 firmas");
    expect(mail?.text).toContain("firmada por 2 personas");
    const done = await organizer.get(page());
    expect(done.body).toContain("Ada Lovelace &lt;ada@county.example.gov>");
    expect(done.body).toContain("Sent");
    const entry = await t.ctx.database.db
      .selectFrom("audit_log")
      .select(["id", "event", "subject", "detail", "created_at as at"])
      .where("event", "=", "action.delivered")
      .executeTakeFirstOrThrow();
    const line = { ...entry, detail: JSON.parse(entry.detail), accountName: null, accountEmail: null };
    expect(auditSentence(translator("en"), line)).toBe(
      "Sent “Fund the day labor center” with 2 signatures to Ada Lovelace.",
    );

    const english = await t.app.inject(`/en/a/${action.slug}`);
    expect(english.body).toMatch(/Delivered to Ada Lovelace on \w+ \d{1,2}, \d{4}\./);
    const spanish = await t.app.inject(`/es/a/${action.slug}`);
    expect(spanish.body).toMatch(/Entregada a Ada Lovelace el \d{1,2} de \w+ de \d{4}\./);
  });

  it("is not found for another organization's action, or one that does not exist", async () => {
    const other = await createOrganization(t.ctx, [{ account: await createAccount(t.ctx), role: "owner" }]);
    const theirs = await createAction(t.ctx, other, { form: { target_0_email: "x@example.gov" } });
    for (const id of [theirs.id, 999_999]) {
      expect((await organizer.get(page(id))).statusCode).toBe(404);
      expect((await organizer.get(`${page(id)}/letter.pdf`)).statusCode).toBe(404);
      expect((await organizer.get(`${page(id)}/signers.csv`)).statusCode).toBe(404);
      expect((await organizer.post(page(id), { target: "0", confirm: "yes" })).statusCode).toBe(404);
    }
  });

  it("refuses a draft's downloads and mail (409)", async () => {
    const draft = await createAction(t.ctx, sponsor, {
      status: "draft",
      form: { target_0_email: "a@example.gov" },
    });
    expect((await organizer.get(page(draft.id))).body).toContain(
      "Only a published or closed action can be delivered.",
    );
    expect((await organizer.get(`${page(draft.id)}/letter.pdf`)).statusCode).toBe(409);
    expect((await organizer.post(page(draft.id), { target: "0", confirm: "yes" })).statusCode).toBe(409);
  });
});

describe("the sign form's consent to the name on the letter", () => {
  const signForm = (fields: Record<string, string>) =>
    t.app.inject({
      method: "POST",
      url: `/en/a/${action.slug}/sign`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({ ts: agedFormToken(t.ctx), postal_code: "94110", ...fields }).toString(),
    });
  const stored = (name: string) =>
    t.ctx.database.db
      .selectFrom("signatures")
      .select(["public_name", "city"])
      .where("name", "=", name)
      .executeTakeFirstOrThrow();

  it("is an unticked box naming the targets, and keeps the city only when ticked", async () => {
    const form = await t.app.inject(`/es/a/${action.slug}`);
    expect(form.body).toContain(
      '<input type="checkbox" id="f-public-name" name="public_name" value="yes"/><span>Mostrar mi nombre y ciudad en la carta entregada a Ada Lovelace, Grace Hopper</span>',
    );
    expect(
      (await signForm({ name: "Con Nombre", email: "con@example.org", public_name: "yes", city: "Fresno" }))
        .statusCode,
    ).toBe(303);
    expect(
      (await signForm({ name: "Sin Nombre", email: "sin@example.org", city: "Fresno" })).statusCode,
    ).toBe(303);
    expect(await stored("Con Nombre")).toEqual({ public_name: 1, city: "Fresno" });
    expect(await stored("Sin Nombre")).toEqual({ public_name: 0, city: null });
  });
});
