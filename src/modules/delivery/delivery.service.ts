/**
 * Delivering an action's signatures to its targets (issue 13): the letter as a PDF and the
 * signers as a CSV, downloaded or mailed to a target through the outbox; each delivery recorded
 * with an audit entry, and the mailed ones stated on the public page. Everything is streamed:
 * the signers are read a keyset page at a time, county by county (delivery.ts), never all held.
 */
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, type Readable } from "node:stream";
import { type Db, type Executor, nowIso } from "../../db/database.ts";
import type { Locale } from "../../i18n/locale.ts";
import { translator } from "../../i18n/translator.ts";
import type { ActionsService } from "../actions/actions.service.ts";
import type { ActionHeading, PublicDelivery } from "../actions/actions.ts";
import { recordChange } from "../audit/audit.service.ts";
import { type Clock, systemClock } from "../clock.ts";
import type { FieldErrorMap } from "../forms.ts";
import { ZipCounties } from "../geography/geography.ts";
import type { Mailer } from "../mail/mail.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import * as outbox from "../outbox/outbox.repository.ts";
import { csvRow } from "../signatures/csv.ts";
import type { SignatureAdminService } from "../signatures/signature-admin.service.ts";
import { DeliveryNotReadyError } from "./delivery.errors.ts";
import * as repo from "./delivery.repository.ts";
import {
  type DeliveryPlan,
  type DeliveryTarget,
  deliveryFileStem,
  deliveryPlan,
  type LetterFacts,
  signerLine,
  signerPages,
} from "./delivery.ts";
import { writeLetterPdf } from "./letter-pdf.ts";

export interface DeliveryDeps {
  db: Db;
  actions: Pick<
    ActionsService,
    | "heading"
    | "actionById"
    | "getPublicPage"
    | "storedTargets"
    | "deliveriesChanged"
    | "actionSettingsCommitted"
  >;
  signatures: Pick<SignatureAdminService, "confirmedPerPostalCode" | "confirmedSignersIn">;
  outboxWritten: () => void;
  clock?: Clock;
  table?: ZipCounties;
  /** Signers read per query (1000; tests use fewer to see the paging). */
  pageSize?: number;
  /** Where the mail job writes the PDF it attaches (the system's temporary directory). */
  tempDir?: string;
}

/** What the organizers' delivery page shows. */
export interface DeliveryPage {
  action: ActionHeading;
  /** Confirmed signatures now: what a delivery made now would carry. */
  count: number;
  deliverable: boolean;
  targets: DeliveryTarget[];
  deliveries: Awaited<ReturnType<typeof repo.listDeliveries>>;
}

export type TargetChoice =
  | { ok: true; target: DeliveryTarget; count: number; action: ActionHeading }
  | { ok: false; errors: FieldErrorMap };

/** The public page's deliveries: the latest sent letter per target. */
export async function listPublicDeliveries(db: Executor, actionId: number): Promise<PublicDelivery[]> {
  const latest = new Map<string, PublicDelivery>();
  for (const row of await repo.listSentMail(db, actionId))
    if (row.sentAt && !latest.has(row.targetName))
      latest.set(row.targetName, { targetName: row.targetName, sentAt: row.sentAt });
  return [...latest.values()];
}

/**
 * The moment a delivery counts up to: the signatures confirmed by then. System time, as the
 * confirmation stamps `confirmed_at` (a test's manual clock must not hide signatures from it).
 */
const cutOff = () => nowIso();

export class DeliveryService {
  private readonly clock: Clock;
  private readonly pageSize: number;

  constructor(private readonly deps: DeliveryDeps) {
    this.clock = deps.clock ?? systemClock;
    this.pageSize = deps.pageSize ?? 1000;
  }

  async page(access: OrganizationAccess, actionId: number, locale: Locale): Promise<DeliveryPage> {
    access.require("signatures.view");
    const action = await this.deps.actions.heading(access, actionId, locale);
    const now = cutOff();
    const [plan, targets, deliveries] = await Promise.all([
      this.plan(actionId, now),
      this.targets(actionId, locale),
      repo.listDeliveries(this.deps.db, actionId),
    ]);
    return {
      action,
      count: plan.total,
      deliverable: action.status === "published" || action.status === "closed",
      targets,
      deliveries,
    };
  }

  /** The target a form names by its position, if it can be mailed; else the form's errors. */
  async chooseTarget(
    access: OrganizationAccess,
    actionId: number,
    rawIndex: unknown,
    locale: Locale,
  ): Promise<TargetChoice> {
    access.require("signatures.export");
    const action = await this.deliverableAction(access, actionId, locale);
    const index = typeof rawIndex === "string" && /^\d{1,3}$/.test(rawIndex) ? Number(rawIndex) : -1;
    const target = (await this.targets(actionId, locale))[index];
    if (!target) return { ok: false, errors: { target: { key: "field.delivery.target" } } };
    if (!target.email) return { ok: false, errors: { target: { key: "field.delivery.noEmail" } } };
    const plan = await this.plan(actionId, cutOff());
    return { ok: true, target, count: plan.total, action };
  }

  /**
   * Queues the letter to the chosen target: the delivery row, its outbox job and the audit entry
   * in one transaction. The count is fixed now: the letter carries the signatures confirmed by now.
   */
  async send(
    access: OrganizationAccess,
    actionId: number,
    rawIndex: unknown,
    locale: Locale,
  ): Promise<TargetChoice> {
    const choice = await this.chooseTarget(access, actionId, rawIndex, locale);
    if (!choice.ok) return choice;
    const { target, action } = choice;
    const now = cutOff();
    const count = (await this.plan(actionId, now)).total;
    await this.deps.db.transaction().execute(async (trx) => {
      const deliveryId = await repo.insertDelivery(trx, {
        actionId,
        accountId: access.actor.accountId,
        method: "email",
        targetName: target.name,
        targetEmail: target.email,
        locale,
        signatureCount: count,
        status: "queued",
        now,
      });
      await outbox.enqueue(trx, "delivery.email", { deliveryId }, now);
      await recordChange(
        trx,
        access,
        {
          event: "action.delivered",
          subject: `action:${action.id}:${action.slug}`,
          detail: { title: action.englishTitle, target: target.name, email: target.email, count },
        },
        now,
      );
    });
    this.deps.outboxWritten();
    return { ...choice, count };
  }

  /** The letter as a PDF download, recorded and audited before a byte is streamed. */
  async downloadPdf(
    access: OrganizationAccess,
    actionId: number,
    locale: Locale,
  ): Promise<{ filename: string; stream: Readable }> {
    const { facts, plan, asOf, action } = await this.download(access, actionId, locale, "pdf");
    const stream = new PassThrough();
    // Errors end the download (the stream is destroyed with them): the reply is already under way.
    writeLetterPdf(facts, this.pages(actionId, plan, asOf), stream, translator(locale)).catch(() => {});
    return { filename: `${deliveryFileStem(action.slug, asOf)}.pdf`, stream };
  }

  /** The signers as a CSV download (state, county, name or initials, city), streamed a page at a time. */
  async downloadCsv(
    access: OrganizationAccess,
    actionId: number,
    locale: Locale,
  ): Promise<{ filename: string; chunks: AsyncGenerator<string> }> {
    const { plan, asOf, action } = await this.download(access, actionId, locale, "csv");
    const t = translator(locale);
    const unknown = t.t("delivery.letter.unknown");
    const pages = this.pages(actionId, plan, asOf);
    async function* chunks(): AsyncGenerator<string> {
      yield `\uFEFF${t.t("delivery.csv.header")}\r\n`;
      for await (const { group, signers } of pages)
        yield signers
          .map((s) =>
            csvRow([
              group.stateName ?? unknown,
              group.countyName ?? unknown,
              signerLine({ ...s, city: null }),
              s.publicName ? s.city : null,
            ]),
          )
          .join("");
    }
    return { filename: `${deliveryFileStem(action.slug, asOf)}.csv`, chunks: chunks() };
  }

  /**
   * The outbox job: writes the letter to a temporary file, mails it to the target as an
   * attachment, then marks the delivery sent and moves the action's page on in one transaction.
   * Run twice, it mails twice at worst (at-least-once), and is marked once.
   */
  async sendQueued(deliveryId: number, mailer: Mailer): Promise<void> {
    const delivery = await repo.findDelivery(this.deps.db, deliveryId);
    if (delivery?.status !== "queued" || !delivery.targetEmail) return;
    const { actionId, locale, createdAt: asOf } = delivery;
    const page = await this.publicPage(actionId, locale);
    if (!page) return;
    const targets = await this.targets(actionId, locale);
    const target = targets.find(
      (t) => t.name === delivery.targetName && t.email === delivery.targetEmail,
    ) ?? {
      index: 0,
      name: delivery.targetName,
      title: "",
      office: "",
      email: delivery.targetEmail,
      postalAddress: "",
    };
    const plan = await this.plan(actionId, asOf);
    const facts = this.letterFacts(page, target, plan.total, asOf, locale);
    const dir = this.deps.tempDir ?? tmpdir();
    await mkdir(dir, { recursive: true });
    const file = join(dir, `juntos-delivery-${randomUUID()}.pdf`);
    try {
      await writeLetterPdf(
        facts,
        this.pages(actionId, plan, asOf),
        createWriteStream(file),
        translator(locale),
      );
      await mailer.send({
        template: "delivery",
        locale,
        input: {
          to: delivery.targetEmail,
          targetName: target.name,
          title: facts.title,
          sponsorName: facts.sponsorName,
          count: plan.total,
          replyTo: null,
          attachment: {
            filename: `${deliveryFileStem(page.slug, asOf)}.pdf`,
            path: file,
            contentType: "application/pdf",
          },
        },
      });
    } finally {
      await rm(file, { force: true });
    }
    const now = nowIso(this.clock.now());
    await this.deps.db.transaction().execute(async (trx) => {
      if (await repo.markSent(trx, deliveryId, now))
        await this.deps.actions.deliveriesChanged(trx, actionId, now);
    });
    this.deps.actions.actionSettingsCommitted(actionId);
  }

  /** Checks access, records the download and its audit entry; the plan it fixed and the letter's facts. */
  private async download(
    access: OrganizationAccess,
    actionId: number,
    locale: Locale,
    method: "pdf" | "csv",
  ) {
    access.require("signatures.export");
    const action = await this.deliverableAction(access, actionId, locale);
    const page = await this.deps.actions.getPublicPage(action.slug, locale);
    const asOf = cutOff();
    const plan = await this.plan(actionId, asOf);
    const targets = await this.targets(actionId, locale);
    const names = targets.map((t) => t.name).join(", ");
    const target = targets[0] ?? { index: 0, name: "", title: "", office: "", email: "", postalAddress: "" };
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.insertDelivery(trx, {
        actionId,
        accountId: access.actor.accountId,
        method,
        targetName: names,
        targetEmail: null,
        locale,
        signatureCount: plan.total,
        status: "done",
        now: asOf,
      });
      await recordChange(
        trx,
        access,
        {
          event: "action.delivery_downloaded",
          subject: `action:${action.id}:${action.slug}`,
          detail: { title: action.englishTitle, count: plan.total, method: method.toUpperCase() },
        },
        asOf,
      );
    });
    return { facts: this.letterFacts(page, target, plan.total, asOf, locale), plan, asOf, action };
  }

  private async deliverableAction(access: OrganizationAccess, actionId: number, locale: Locale) {
    const action = await this.deps.actions.heading(access, actionId, locale);
    if (action.status !== "published" && action.status !== "closed") throw new DeliveryNotReadyError();
    return action;
  }

  /** The action's public page in `locale`, unless it went back to being a draft. */
  private async publicPage(actionId: number, locale: Locale) {
    const ref = await this.deps.actions.actionById(actionId);
    if (ref.status === "draft") return undefined;
    return this.deps.actions.getPublicPage(ref.slug, locale);
  }

  private letterFacts(
    page: Awaited<ReturnType<ActionsService["getPublicPage"]>>,
    target: DeliveryTarget,
    count: number,
    asOf: string,
    locale: Locale,
  ): LetterFacts {
    return {
      locale,
      title: page.text.title,
      letterText: page.text.letterText || page.text.description,
      sponsorName: page.sponsor.name,
      cosponsors: page.cosponsors.map((c) => c.name),
      target,
      date: asOf.slice(0, 10),
      count,
    };
  }

  /** Confirmed signatures as of `asOf` per postal code, grouped into counties. */
  private async plan(actionId: number, asOf: string): Promise<DeliveryPlan> {
    const rows = await this.deps.signatures.confirmedPerPostalCode(actionId, asOf);
    return deliveryPlan(rows, this.deps.table ?? ZipCounties.shippedTable());
  }

  private pages(actionId: number, plan: DeliveryPlan, asOf: string) {
    return signerPages(
      plan,
      (codes, after, limit) => this.deps.signatures.confirmedSignersIn(actionId, codes, after, asOf, limit),
      this.pageSize,
    );
  }

  /** The targets in `locale`, each field left empty there taken from the English. */
  private async targets(actionId: number, locale: Locale): Promise<DeliveryTarget[]> {
    const [own, english] = await Promise.all([
      this.deps.actions.storedTargets(actionId, locale),
      locale === "en" ? Promise.resolve([]) : this.deps.actions.storedTargets(actionId, "en"),
    ]);
    const rows = own.length > 0 ? own : english;
    return rows.map((row, index) => {
      const en = locale === "en" ? row : english[index];
      return {
        index,
        name: row.name || en?.name || "",
        title: row.title || en?.title || "",
        office: row.office || en?.office || "",
        email: row.email || en?.email || "",
        postalAddress: row.postalAddress || en?.postalAddress || "",
      };
    });
  }
}
