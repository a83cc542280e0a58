/** Delivery on a real database: the letter and the CSV from confirmed signers, the mailed letter, the public line. */
import { PDFParse } from "pdf-parse";
import { describe, expect, it } from "vitest";
import { createTestContext } from "../../../test/support/app.ts";
import { createAccount, createAction, createOrganization, sign } from "../../../test/support/fixtures.ts";
import type { Mailer, MailRequest } from "../mail/mail.ts";
import { DeliveryService } from "./delivery.service.ts";

async function pdfText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return (await new PDFParse({ data: Buffer.concat(chunks) }).getText()).text;
}

const signers = [
  { name: "Ana López", email: "ana@example.org", postalCode: "94601", publicName: true, city: "Oakland" },
  { name: "María José Pérez", email: "mjp@example.org", postalCode: "94602" },
  { name: "Rosa Parks", email: "rosa@example.org", postalCode: "22201", publicName: true },
  { name: "Jean-Luc Picard", email: "jl@example.org", postalCode: "SW1A 1AA" },
  { name: "Pending Person", email: "pending@example.org", postalCode: "94601" },
];

async function setUp(overrides: { mailer?: Mailer } = {}) {
  const ctx = await createTestContext({}, overrides);
  const owner = await createAccount(ctx);
  const org = await createOrganization(ctx, [{ account: owner, role: "owner" }]);
  const action = await createAction(ctx, org, {
    form: { target_0_email: "ada@county.example.gov", target_0_office_en: "Board of Supervisors" },
  });
  await sign(ctx, action.slug, signers.slice(0, 4), true);
  await sign(ctx, action.slug, signers.slice(4), false);
  const access = await ctx.organizations.access({ accountId: owner.id, isPlatformAdmin: false }, org.slug);
  return { ctx, owner, org, action, access };
}

describe("the delivery service", () => {
  it("writes the letter with the count and the confirmed signers by state and county, initials without consent", async () => {
    const { ctx, action, access } = await setUp();
    try {
      const { filename, stream } = await ctx.delivery.downloadPdf(access, action.id, "en");
      expect(filename).toMatch(new RegExp(`^${action.slug}-delivery-\\d{4}-\\d{2}-\\d{2}\\.pdf$`));
      const text = await pdfText(stream);
      expect(text).toContain("4 people signed this letter.");
      expect(text).toContain("Board of Supervisors");
      const at = (s: string) => {
        const i = text.indexOf(s);
        expect(i, s).toBeGreaterThanOrEqual(0);
        return i;
      };
      expect(at("California")).toBeLessThan(at("Alameda: 2 signers"));
      expect(at("Alameda: 2 signers")).toBeLessThan(at("Ana López, Oakland"));
      expect(at("Ana López, Oakland")).toBeLessThan(at("Virginia"));
      at("M. J. P.");
      expect(text).not.toContain("María José");
      expect(at("Virginia")).toBeLessThan(at("Arlington: 1 signer"));
      expect(at("Arlington: 1 signer")).toBeLessThan(at("Rosa Parks"));
      expect(at("Rosa Parks")).toBeLessThan(at("Unknown"));
      expect(at("Unknown")).toBeLessThan(at("J.-L. P."));
      expect(text).not.toContain("P. P.");
      expect(text).not.toContain("@example.org");
      const page = await ctx.delivery.page(access, action.id, "en");
      expect(page.deliveries.map((d) => [d.method, d.signatureCount, d.status])).toEqual([
        ["pdf", 4, "done"],
      ]);
      const audit = await ctx.database.db.selectFrom("audit_log").select(["event"]).execute();
      expect(audit.map((a) => a.event)).toContain("action.delivery_downloaded");
    } finally {
      await ctx.close();
      await ctx.dropDatabase();
    }
  });

  it("streams the CSV in county order, names only with consent, no email or postal code", async () => {
    const { ctx, action, access } = await setUp();
    try {
      const { chunks } = await ctx.delivery.downloadCsv(access, action.id, "es");
      let csv = "";
      for await (const chunk of chunks) csv += chunk;
      expect(csv.split("\r\n")).toEqual([
        "\uFEFFEstado,Condado,Nombre,Ciudad",
        "California,Alameda,Ana López,Oakland",
        "California,Alameda,M. J. P.,",
        "Virginia,Arlington,Rosa Parks,",
        "Desconocido,Desconocido,J.-L. P.,",
        "",
      ]);
    } finally {
      await ctx.close();
      await ctx.dropDatabase();
    }
  });

  it("reads many signers in keyset pages of its size and the whole letter still comes out", async () => {
    const { ctx, action, access } = await setUp();
    try {
      const reads: number[] = [];
      const small = new DeliveryService({
        db: ctx.database.db,
        actions: ctx.actions,
        signatures: {
          confirmedPerPostalCode: (id, asOf) => ctx.signatureAdmin.confirmedPerPostalCode(id, asOf),
          confirmedSignersIn: async (...args) => {
            const rows = await ctx.signatureAdmin.confirmedSignersIn(...args);
            reads.push(rows.length);
            return rows;
          },
        },
        outboxWritten: () => {},
        pageSize: 2,
      });
      const more = Array.from({ length: 7 }, (_, i) => ({
        name: `Signer Number${i}`,
        email: `n${i}@example.org`,
        postalCode: "94601",
      }));
      await sign(ctx, action.slug, more, true);
      const { chunks } = await small.downloadCsv(access, action.id, "en");
      const lines: string[] = [];
      for await (const chunk of chunks) lines.push(...chunk.split("\r\n").filter(Boolean));
      expect(lines).toHaveLength(1 + 11);
      expect(Math.max(...reads)).toBe(2);
      expect(lines.filter((l) => l.startsWith("California,Alameda,"))).toHaveLength(9);
      const { stream } = await small.downloadPdf(access, action.id, "en");
      expect(await pdfText(stream)).toContain("Alameda: 9 signers");
    } finally {
      await ctx.close();
      await ctx.dropDatabase();
    }
  });

  it("mails the letter to the target with the PDF attached, then the public page states it", async () => {
    const sent: MailRequest[] = [];
    const attached: Buffer[] = [];
    const mailer: Mailer = {
      async send(request) {
        sent.push(request);
        if (request.template === "delivery") {
          const { readFile } = await import("node:fs/promises");
          attached.push(await readFile(request.input.attachment.path));
        }
      },
      async close() {},
    };
    const { ctx, action, access } = await setUp({ mailer });
    try {
      const none = await ctx.delivery.chooseTarget(access, action.id, "1", "en");
      expect(none).toEqual({ ok: false, errors: { target: { key: "field.delivery.noEmail" } } });
      expect(await ctx.delivery.chooseTarget(access, action.id, "9", "en")).toMatchObject({ ok: false });
      const choice = await ctx.delivery.send(access, action.id, "0", "en");
      expect(choice).toMatchObject({ ok: true, count: 4, target: { name: "Ada Lovelace" } });
      await ctx.worker.drain();
      const mail = sent.find((m) => m.template === "delivery");
      expect(mail?.input).toMatchObject({ to: "ada@county.example.gov", count: 4 });
      const text = (await new PDFParse({ data: attached[0]! }).getText()).text;
      expect(text).toContain("4 people signed this letter.");
      const { existsSync } = await import("node:fs");
      expect(mail?.template === "delivery" && existsSync(mail.input.attachment.path)).toBe(false);
      const page = await ctx.delivery.page(access, action.id, "en");
      expect(page.deliveries[0]).toMatchObject({ method: "email", status: "sent", signatureCount: 4 });
      const publicPage = await ctx.actions.getPublicPage(action.slug, "es");
      expect(publicPage.deliveries.map((d) => d.targetName)).toEqual(["Ada Lovelace"]);
    } finally {
      await ctx.close();
      await ctx.dropDatabase();
    }
  });
});
