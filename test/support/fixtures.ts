/**
 * The one set of test fixtures: each test makes its own accounts, organizations, actions and
 * signatures. Actions and signatures go through the real services; the `insert…` helpers write
 * rows straight into the tables, only where a test needs what a service does not offer (fixed
 * texts and cosponsors for the public pages, or thousands of rows for sizes).
 */
import { randomBytes } from "node:crypto";
import { hash } from "@node-rs/argon2";
import type { AppContext } from "../../src/context.ts";
import { type Db, nowIso } from "../../src/db/database.ts";
import type { Role } from "../../src/db/schema.ts";
import * as accounts from "../../src/modules/accounts/accounts.repository.ts";
import { accountEmailKey } from "../../src/modules/accounts/accounts.ts";
import { readActionForm, validateActionForm } from "../../src/modules/actions/action-form.ts";
import * as actions from "../../src/modules/actions/actions.repository.ts";
import type { ActionStatus, ActionType } from "../../src/modules/actions/actions.ts";
import { addApprovedCosponsor } from "../../src/modules/cosponsors/cosponsors.service.ts";
import * as organizations from "../../src/modules/organizations/organizations.repository.ts";
import type { Actor } from "../../src/modules/organizations/policy.ts";
import { canonicalEmail } from "../../src/modules/people/people.ts";
import { confirmationToken, signatureSearchText } from "../../src/modules/signatures/signatures.ts";

export function uniqueSlug(prefix = "t"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export const password = "correct horse battery staple";
let passwordHash: Promise<string> | undefined;

export interface TestAccount {
  id: number;
  email: string;
  name: string;
  password: string;
}

export async function createAccount(
  ctx: AppContext,
  options: { name?: string; email?: string; platformAdmin?: boolean; verified?: boolean } = {},
): Promise<TestAccount> {
  passwordHash ??= hash(password, { algorithm: 2 });
  const name = options.name ?? `Person ${uniqueSlug()}`;
  const email = options.email ?? `${uniqueSlug("account")}@example.org`;
  const id = await accounts.insertAccount(ctx.database.db, {
    email,
    emailKey: accountEmailKey(email),
    name,
    passwordHash: await passwordHash,
    verified: options.verified ?? true,
    platformAdmin: options.platformAdmin ?? false,
    locale: "en",
    now: nowIso(),
  });
  return { id, email, name, password };
}

export interface TestOrganization {
  id: number;
  slug: string;
  name: string;
}

export async function createOrganization(
  ctx: AppContext,
  members: { account: TestAccount; role: Role }[] = [],
): Promise<TestOrganization> {
  const slug = uniqueSlug("org");
  const name = `Org ${slug}`;
  const now = nowIso();
  const id = await organizations.insertOrganization(ctx.database.db, {
    slug,
    name,
    shortName: null,
    website: null,
    now,
  });
  for (const { account, role } of members)
    await organizations.setMembership(ctx.database.db, id, account.id, role, now);
  return { id, slug, name };
}

/**
 * Stands for the operator in set-up code: a platform administrator, one per context (a real
 * account row, since the audit log records who made each change).
 */
const operators = new WeakMap<AppContext, Promise<Actor>>();
function operator(ctx: AppContext): Promise<Actor> {
  let actor = operators.get(ctx);
  if (!actor) {
    actor = createAccount(ctx, { platformAdmin: true }).then(({ id }) => ({
      accountId: id,
      isPlatformAdmin: true,
    }));
    operators.set(ctx, actor);
  }
  return actor;
}

/** Every field of the action editor, filled; `overrides` changes some. */
export function actionForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    type: "petition",
    slug: uniqueSlug("action"),
    action_date: "2024-03-01",
    goal: "500",
    external_url: "",
    title_en: "Fund the day labor center",
    summary_en: "Keep the doors open for workers.",
    description_en: "The center **matters**.\n\n- hiring hall\n- wage claims",
    letter_en: "Dear Supervisors, please fund the center.",
    title_es: "Financien el centro de jornaleros",
    summary_es: "Mantengan las puertas abiertas.",
    description_es: "El centro **importa**.",
    letter_es: "Estimados supervisores, financien el centro.",
    target_0_name: "Ada Lovelace",
    target_0_title_en: "Supervisor",
    target_0_title_es: "Supervisora",
    target_1_name: "Grace Hopper",
    target_1_title_en: "Mayor",
    target_1_title_es: "Alcaldesa",
    ...overrides,
  };
}

/** Creates an action in the organization through the editor service, published unless told otherwise. */
export async function createAction(
  ctx: AppContext,
  org: TestOrganization,
  options: { status?: "draft" | "published" | "closed"; form?: Record<string, string> } = {},
): Promise<{ id: number; slug: string }> {
  const access = await ctx.organizations.access(await operator(ctx), org.slug);
  const result = validateActionForm(readActionForm(actionForm(options.form)));
  if (!result.ok) throw new Error(`invalid action form: ${JSON.stringify(result.errors)}`);
  const id = await ctx.editor.create(access, result.draft);
  const status = options.status ?? "published";
  if (status !== "draft") await ctx.editor.takeStep(access, id, "publish");
  if (status === "closed") await ctx.editor.takeStep(access, id, "close");
  return { id, slug: result.draft.slug };
}

/**
 * A published action of a new organization, with its owner and the owner's access: the starting
 * point of tests that moderate what the public posts under an action.
 */
export async function ownedAction(ctx: AppContext) {
  const owner = await createAccount(ctx);
  const org = await createOrganization(ctx, [{ account: owner, role: "owner" }]);
  const action = await createAction(ctx, org);
  const access = await ctx.organizations.access({ accountId: owner.id, isPlatformAdmin: false }, org.slug);
  return { owner, org, action, access };
}

export interface InsertedActionOptions {
  slug?: string;
  type?: ActionType;
  status?: ActionStatus;
  goal?: number;
  externalUrl?: string | null;
  cosponsors?: string[];
  title?: string;
}

/**
 * Inserts an action straight into the tables, with its own new sponsor, the fixed English and
 * Spanish texts and targets the public page tests assert on (the Spanish title is `ES <title>`),
 * and cosponsor organizations with the given names, which the editor does not set. Use
 * `createAction` unless a test needs one of these.
 */
export async function insertActionRows(db: Db, options: InsertedActionOptions = {}) {
  const sponsor = await insertOrganizationRow(db);
  const slug = options.slug ?? uniqueSlug("action");
  const id = await actions.insertAction(db, {
    slug,
    sponsorOrganizationId: sponsor.id,
    type: options.type ?? "petition",
    status: options.status ?? "published",
    actionDate: "2010-10-15",
    goal: options.goal ?? 100,
    externalUrl: options.externalUrl ?? null,
    now: nowIso(),
  });
  const title = options.title ?? "Stop the thing";
  await actions.upsertActionText(db, id, "en", {
    title,
    summary: "A short summary.",
    description: "Why it **matters**.",
    letterText: "Dear decision maker, please act.",
  });
  await actions.upsertActionText(db, id, "es", {
    title: `ES ${title}`,
    summary: "Un resumen breve.",
    description: "Por qué **importa**.",
    letterText: "Estimada persona, actúe por favor.",
  });
  await actions.replaceTargets(db, id, "en", [{ name: "Ada Lovelace", title: "Secretary" }]);
  await actions.replaceTargets(db, id, "es", [{ name: "Ada Lovelace", title: "Secretaria" }]);
  for (const name of options.cosponsors ?? []) {
    const org = await insertOrganizationRow(db, name);
    await addApprovedCosponsor(db, id, org.id);
  }
  return { id, slug, sponsor, title };
}

async function insertOrganizationRow(
  db: Db,
  name = `Org ${uniqueSlug()}`,
): Promise<{ id: number; name: string }> {
  const id = await organizations.insertOrganization(db, {
    slug: uniqueSlug("org"),
    name,
    shortName: null,
    website: null,
    now: nowIso(),
  });
  return { id, name };
}

export interface Signer {
  name: string;
  email: string;
  postalCode?: string;
  comment?: string;
  source?: string;
  consent?: boolean;
  /** The partner whose link brought the signer, the referring host, and consent to that partner. */
  partnerId?: number;
  website?: string;
  consentPartner?: boolean;
  /** Name and city shown on the delivered letter (the sign form's box), with this city. */
  publicName?: boolean;
  city?: string;
}

/**
 * Signs through the signing service and, when `confirmed`, confirms through it with the real
 * confirmation token; returns the signature ids in the order given.
 */
export async function sign(
  ctx: AppContext,
  actionSlug: string,
  signers: Signer[],
  confirmed: boolean,
): Promise<number[]> {
  const ids: number[] = [];
  for (const s of signers) {
    const outcome = await ctx.signatures.sign(actionSlug, {
      name: s.name,
      email: s.email,
      emailCanonical: canonicalEmail(s.email),
      postalCode: s.postalCode ?? "94110",
      comment: s.comment ?? null,
      consentSponsor: s.consent ?? false,
      source: s.source ?? null,
      referrerOrganizationId: s.partnerId ?? null,
      website: s.website ?? null,
      consentReferrer: s.consentPartner ?? false,
      locale: "en",
      ...(s.publicName ? { publicName: { city: s.city ?? null } } : {}),
    });
    if (outcome !== "new") throw new Error(`${s.email} had already signed ${actionSlug}`);
    const row = await ctx.database.db
      .selectFrom("signatures")
      .innerJoin("people", "people.id", "signatures.person_id")
      .innerJoin("actions", "actions.id", "signatures.action_id")
      .select("signatures.id")
      .where("actions.slug", "=", actionSlug)
      .where("people.email_canonical", "=", canonicalEmail(s.email))
      .executeTakeFirstOrThrow();
    if (confirmed) await ctx.signatures.confirm(confirmationToken(ctx.config.secret, row.id));
    ids.push(row.id);
  }
  return ids;
}

/** The newest mail to `to` after running the outbox, and the path of the first link in it. */
export async function latestMail(
  ctx: AppContext,
  to: string,
): Promise<{ subject: string; text: string; path: string }> {
  await ctx.worker.drain();
  const mail = (await ctx.devMailbox!.list()).find((m) => m.to === to);
  if (!mail) throw new Error(`no mail for ${to}`);
  const link = /https?:\/\/\S+/.exec(mail.text)?.[0];
  if (!link) throw new Error(`no link in the mail to ${to}`);
  return { subject: mail.subject, text: mail.text, path: new URL(link).pathname };
}

export async function mailCount(ctx: AppContext, to: string): Promise<number> {
  await ctx.worker.drain();
  return (await ctx.devMailbox!.list(500)).filter((m) => m.to === to).length;
}

/**
 * Inserts `count` signers and their signatures straight into the tables, in batches inside
 * transactions: a fast fixture for listing and export sizes, not a way to sign. Every third
 * signature stays pending; the others are confirmed (and counted on the action).
 */
export async function insertBulkSignatures(
  db: Db,
  actionId: number,
  count: number,
  batchSize = 500,
): Promise<void> {
  const now = nowIso();
  let confirmed = 0;
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    await db.transaction().execute(async (trx) => {
      const people = await trx
        .insertInto("people")
        .values(
          Array.from({ length: size }, (_, i) => {
            const n = start + i;
            const email = `bulk-${actionId}-${n}@example.org`;
            return {
              email,
              email_canonical: email,
              name: `Bulk Signer ${n}`,
              postal_code: String(10000 + (n % 90000)),
              locale: "en" as const,
              created_at: now,
              updated_at: now,
            };
          }),
        )
        .returning("id")
        .execute();
      const rows = people.map(({ id }, i) => {
        const n = start + i;
        const isConfirmed = n % 3 !== 2;
        if (isConfirmed) confirmed++;
        const details = {
          name: `Bulk Signer ${n}`,
          email: `bulk-${actionId}-${n}@example.org`,
          postalCode: String(10000 + (n % 90000)),
        };
        return {
          action_id: actionId,
          person_id: id,
          name: details.name,
          postal_code: details.postalCode,
          search: signatureSearchText(details),
          status: isConfirmed ? ("confirmed" as const) : ("pending" as const),
          comment: (start + i) % 10 === 0 ? 'Count me in, "all" of us' : null,
          consent_sponsor: (start + i) % 2,
          source: null,
          locale: "en" as const,
          created_at: now,
          confirmed_at: isConfirmed ? now : null,
        };
      });
      await trx.insertInto("signatures").values(rows).execute();
    });
  }
  await db
    .updateTable("actions")
    .set((eb) => ({ signature_count: eb("signature_count", "+", confirmed) }))
    .where("id", "=", actionId)
    .execute();
}

/**
 * Test data for bulk rows (`insertBulkSignatures`): marks signatures as brought by a partner's
 * code, as the signing path records it, with or without consent to that partner. A signature
 * made through `sign` takes `partnerId` and `consentPartner` instead.
 */
export async function attributeToPartner(
  db: Db,
  signatureIds: readonly number[],
  partner: { organizationId: number; consent: boolean; website?: string },
): Promise<void> {
  if (signatureIds.length === 0) return;
  await db
    .updateTable("signatures")
    .set({
      referrer_organization_id: partner.organizationId,
      consent_referrer: partner.consent ? 1 : 0,
      website: partner.website ?? null,
    })
    .where("id", "in", signatureIds)
    .execute();
}
