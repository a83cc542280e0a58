/** The only SQL for co-sponsorships (action_cosponsors) and organizations' sign-ons (action_signons). */
import type { Executor } from "../../db/database.ts";
import type { CosponsorStatus, SignOnStatus } from "../../db/schema.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { Initiator, SignOnInput } from "./cosponsors.ts";

/** The approved co-sponsors with an account, with their logo's bytes (to size it) where uploaded. */
export async function listApprovedOrganizations(db: Executor, actionId: number) {
  return db
    .selectFrom("action_cosponsors as c")
    .innerJoin("organizations as o", "o.id", "c.organization_id")
    .leftJoin("organization_logos as l", "l.organization_id", "o.id")
    .select([
      "o.id",
      "o.name",
      "o.slug",
      "o.website",
      "l.bytes as logoBytes",
      "l.updated_at as logoUpdatedAt",
    ])
    .where("c.action_id", "=", actionId)
    .where("c.status", "=", "approved")
    .execute();
}

/** The organizations approved as co-sponsors of any of the sponsor's actions, each once. */
export async function listPartnerOrganizationIds(db: Executor, sponsorOrganizationId: number) {
  const rows = await db
    .selectFrom("action_cosponsors as c")
    .innerJoin("actions as a", "a.id", "c.action_id")
    .select("c.organization_id")
    .distinct()
    .where("a.sponsor_organization_id", "=", sponsorOrganizationId)
    .where("c.status", "=", "approved")
    .execute();
  return rows.map((row) => row.organization_id);
}

export async function listApprovedSignOns(db: Executor, actionId: number) {
  return db
    .selectFrom("action_signons")
    .select(["name", "website"])
    .where("action_id", "=", actionId)
    .where("status", "=", "approved")
    .execute();
}

export interface Cosponsorship {
  actionId: number;
  organizationId: number;
  status: CosponsorStatus;
  initiatedBy: Initiator;
}

export async function findCosponsorship(
  db: Executor,
  actionId: number,
  organizationId: number,
): Promise<Cosponsorship | undefined> {
  return db
    .selectFrom("action_cosponsors")
    .select([
      "action_id as actionId",
      "organization_id as organizationId",
      "status",
      "initiated_by as initiatedBy",
    ])
    .where("action_id", "=", actionId)
    .where("organization_id", "=", organizationId)
    .executeTakeFirst();
}

/** Starts (or starts again, after an end) a co-sponsorship as pending, or approved at once. */
export async function putCosponsorship(
  db: Executor,
  row: {
    actionId: number;
    organizationId: number;
    status: "pending" | "approved";
    initiatedBy: Initiator;
    requestedBy: number | null;
    now: string;
  },
): Promise<void> {
  const values = {
    status: row.status,
    initiated_by: row.initiatedBy,
    requested_by: row.requestedBy,
    created_at: row.now,
    decided_by: null,
    decided_at: row.status === "approved" ? row.now : null,
  };
  await db
    .insertInto("action_cosponsors")
    .values({ action_id: row.actionId, organization_id: row.organizationId, ...values })
    .onConflict((oc) => oc.columns(["action_id", "organization_id"]).doUpdateSet(values))
    .execute();
}

/** Moves a co-sponsorship only if it is still in one of `from`: of two concurrent moves one wins. */
export async function moveCosponsorship(
  db: Executor,
  change: {
    actionId: number;
    organizationId: number;
    from: CosponsorStatus[];
    to: CosponsorStatus;
    decidedBy: number;
    now: string;
  },
): Promise<boolean> {
  const result = await db
    .updateTable("action_cosponsors")
    .set({ status: change.to, decided_by: change.decidedBy, decided_at: change.now })
    .where("action_id", "=", change.actionId)
    .where("organization_id", "=", change.organizationId)
    .where("status", "in", change.from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface CosponsorItem {
  organizationId: number;
  slug: string;
  name: string;
  status: CosponsorStatus;
  initiatedBy: Initiator;
  createdAt: string;
  decidedAt: string | null;
}

/** Every co-sponsorship of an action, whatever its state, by name. */
export async function listCosponsorships(db: Executor, actionId: number): Promise<CosponsorItem[]> {
  return db
    .selectFrom("action_cosponsors as c")
    .innerJoin("organizations as o", "o.id", "c.organization_id")
    .select([
      "o.id as organizationId",
      "o.slug",
      "o.name",
      "c.status",
      "c.initiated_by as initiatedBy",
      "c.created_at as createdAt",
      "c.decided_at as decidedAt",
    ])
    .where("c.action_id", "=", actionId)
    .orderBy("o.name")
    .execute();
}

export interface CosponsoredAction {
  actionId: number;
  slug: string;
  title: string;
  sponsorName: string;
  status: CosponsorStatus;
  initiatedBy: Initiator;
  createdAt: string;
}

/** The actions an organization co-sponsors, was invited to or asked to join, titled in `locale`. */
export async function listCosponsoredActions(
  db: Executor,
  organizationId: number,
  locale: Locale,
): Promise<CosponsoredAction[]> {
  const rows = await db
    .selectFrom("action_cosponsors as c")
    .innerJoin("actions as a", "a.id", "c.action_id")
    .innerJoin("organizations as s", "s.id", "a.sponsor_organization_id")
    .innerJoin("action_texts as en", (join) =>
      join.onRef("en.action_id", "=", "a.id").on("en.locale", "=", "en"),
    )
    .leftJoin("action_texts as own", (join) =>
      join.onRef("own.action_id", "=", "a.id").on("own.locale", "=", locale),
    )
    .select([
      "a.id as actionId",
      "a.slug",
      "en.title as englishTitle",
      "own.title as ownTitle",
      "s.name as sponsorName",
      "c.status",
      "c.initiated_by as initiatedBy",
      "c.created_at as createdAt",
    ])
    .where("c.organization_id", "=", organizationId)
    .orderBy("c.created_at", "desc")
    .execute();
  return rows.map(({ englishTitle, ownTitle, ...row }) => ({ ...row, title: ownTitle || englishTitle }));
}

export async function insertSignOn(
  db: Executor,
  signOn: SignOnInput & { actionId: number; locale: Locale; now: string },
): Promise<number> {
  const row = await db
    .insertInto("action_signons")
    .values({
      action_id: signOn.actionId,
      name: signOn.name,
      city: signOn.city,
      state: signOn.state,
      website: signOn.website,
      contact_name: signOn.contactName,
      contact_email: signOn.contactEmail,
      locale: signOn.locale,
      origin: "form",
      status: "unverified",
      created_at: signOn.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Organizations the sponsor vouches for: approved at once, one statement per 500; returns their ids. */
export async function insertListedSignOns(
  db: Executor,
  rows: Omit<SignOnInput, "contactName" | "contactEmail">[],
  context: { actionId: number; locale: Locale; decidedBy: number; now: string },
): Promise<number[]> {
  const ids: number[] = [];
  // A few hundred rows of ten values stay well under either engine's parameter limit.
  for (let start = 0; start < rows.length; start += 500) {
    const inserted = await db
      .insertInto("action_signons")
      .values(
        rows.slice(start, start + 500).map((row) => ({
          action_id: context.actionId,
          name: row.name,
          city: row.city,
          state: row.state,
          website: row.website,
          locale: context.locale,
          origin: "list" as const,
          status: "approved" as const,
          created_at: context.now,
          decided_by: context.decidedBy,
          decided_at: context.now,
        })),
      )
      .returning("id")
      .execute();
    ids.push(...inserted.map((row) => row.id));
  }
  return ids;
}

export interface SignOnItem {
  id: number;
  actionId: number;
  name: string;
  city: string | null;
  state: string | null;
  website: string | null;
  contactName: string | null;
  contactEmail: string | null;
  locale: Locale;
  origin: "form" | "list";
  status: SignOnStatus;
  createdAt: string;
}

const signOnColumns = [
  "id",
  "action_id as actionId",
  "name",
  "city",
  "state",
  "website",
  "contact_name as contactName",
  "contact_email as contactEmail",
  "locale",
  "origin",
  "status",
  "created_at as createdAt",
] as const;

export async function findSignOn(db: Executor, id: number): Promise<SignOnItem | undefined> {
  return db.selectFrom("action_signons").select(signOnColumns).where("id", "=", id).executeTakeFirst();
}

/** An action's sign-ons past verification (the unverified ones are nobody's to review yet). */
export async function listSignOns(db: Executor, actionId: number): Promise<SignOnItem[]> {
  return db
    .selectFrom("action_signons")
    .select(signOnColumns)
    .where("action_id", "=", actionId)
    .where("status", "!=", "unverified")
    .orderBy("name")
    .execute();
}

export async function moveSignOn(
  db: Executor,
  change: { id: number; from: SignOnStatus[]; to: SignOnStatus; decidedBy: number | null; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable("action_signons")
    .set(
      change.to === "pending"
        ? { status: change.to, verified_at: change.now }
        : { status: change.to, decided_by: change.decidedBy, decided_at: change.now },
    )
    .where("id", "=", change.id)
    .where("status", "in", change.from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The approved co-sponsors with an account: who a referral code may name. */
export async function listApprovedPartners(db: Executor, actionId: number) {
  return db
    .selectFrom("action_cosponsors as c")
    .innerJoin("organizations as o", "o.id", "c.organization_id")
    .select(["o.id as organizationId", "o.slug", "o.name"])
    .where("c.action_id", "=", actionId)
    .where("c.status", "=", "approved")
    .execute();
}
export interface EmailInvitationRow {
  id: number;
  actionId: number;
  organizationName: string;
  email: string;
  locale: Locale;
  invitedBy: number;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  revokedAt: string | null;
}

const invitationColumns = [
  "id",
  "action_id as actionId",
  "organization_name as organizationName",
  "email",
  "locale",
  "invited_by as invitedBy",
  "created_at as createdAt",
  "expires_at as expiresAt",
  "used_at as usedAt",
  "revoked_at as revokedAt",
] as const;

export async function insertEmailInvitation(
  db: Executor,
  invitation: {
    actionId: number;
    organizationName: string;
    email: string;
    locale: Locale;
    invitedBy: number;
    now: string;
    expiresAt: string;
  },
): Promise<number> {
  const row = await db
    .insertInto("cosponsor_invitations")
    .values({
      action_id: invitation.actionId,
      organization_name: invitation.organizationName,
      email: invitation.email,
      locale: invitation.locale,
      invited_by: invitation.invitedBy,
      created_at: invitation.now,
      expires_at: invitation.expiresAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findEmailInvitation(db: Executor, id: number): Promise<EmailInvitationRow | undefined> {
  return db
    .selectFrom("cosponsor_invitations")
    .select(invitationColumns)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** An action's invitations that can still be accepted, newest first. */
export async function listOpenEmailInvitations(
  db: Executor,
  actionId: number,
  now: string,
): Promise<EmailInvitationRow[]> {
  return db
    .selectFrom("cosponsor_invitations")
    .select(invitationColumns)
    .where("action_id", "=", actionId)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
}

/**
 * Ends an open invitation, as used or as revoked, only if it is still open: of an acceptance and
 * a revocation racing, one wins.
 */
export async function endEmailInvitation(
  db: Executor,
  id: number,
  how: "used" | "revoked",
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable("cosponsor_invitations")
    .set(how === "used" ? { used_at: now } : { revoked_at: now })
    .where("id", "=", id)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Deletes invitations that ended (used, revoked or expired) before `cutoff`. */
export async function deleteSpentEmailInvitations(db: Executor, cutoff: string): Promise<void> {
  await db
    .deleteFrom("cosponsor_invitations")
    .where((eb) =>
      eb.or([eb("used_at", "<", cutoff), eb("revoked_at", "<", cutoff), eb("expires_at", "<", cutoff)]),
    )
    .execute();
}

/**
 * An invitation with what its page and mail say about the action: its title in `locale` (else
 * English) and its sponsor's name.
 */
export async function findEmailInvitationFacts(db: Executor, id: number, locale: Locale) {
  const row = await db
    .selectFrom("cosponsor_invitations as i")
    .innerJoin("actions as a", "a.id", "i.action_id")
    .innerJoin("organizations as s", "s.id", "a.sponsor_organization_id")
    .innerJoin("action_texts as en", (join) =>
      join.onRef("en.action_id", "=", "a.id").on("en.locale", "=", "en"),
    )
    .leftJoin("action_texts as own", (join) =>
      join.onRef("own.action_id", "=", "a.id").on("own.locale", "=", locale),
    )
    .select([
      ...invitationColumns.map((column) => `i.${column}` as `i.${typeof column}`),
      "a.sponsor_organization_id as sponsorOrganizationId",
      "s.name as sponsorName",
      "en.title as englishTitle",
      "own.title as ownTitle",
    ])
    .where("i.id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { englishTitle, ownTitle, ...rest } = row;
  return { ...rest, title: ownTitle || englishTitle, englishTitle };
}

/** A co-sponsorship that began or ended: with an account (`organizationId`) or signed on (`signOnId`). */
export type CosponsorshipChange = { actionId: number; state: "approved" | "withdrawn" | "removed" } & (
  | { organizationId: number }
  | { signOnId: number }
);

/** Records changes in one insert; returns their ids, in order. */
export async function insertChanges(
  db: Executor,
  changes: readonly CosponsorshipChange[],
  now: string,
): Promise<number[]> {
  if (changes.length === 0) return [];
  const rows = await db
    .insertInto("cosponsorship_changes")
    .values(
      changes.map((change) => ({
        action_id: change.actionId,
        organization_id: "organizationId" in change ? change.organizationId : null,
        signon_id: "signOnId" in change ? change.signOnId : null,
        state: change.state,
        created_at: now,
      })),
    )
    .returning("id")
    .execute();
  return rows.map((row) => row.id).sort((a, b) => a - b);
}

/**
 * A change with its co-sponsor (name, site, since when) and the action's sponsor, for the
 * sponsor's webhooks. Never a sign-on's contact person.
 */
export function findChange(db: Executor, id: number) {
  return db
    .selectFrom("cosponsorship_changes as ch")
    .innerJoin("actions as a", "a.id", "ch.action_id")
    .innerJoin("organizations as sponsor", "sponsor.id", "a.sponsor_organization_id")
    .leftJoin("organizations as o", "o.id", "ch.organization_id")
    .leftJoin("action_cosponsors as c", (join) =>
      join.onRef("c.action_id", "=", "ch.action_id").onRef("c.organization_id", "=", "ch.organization_id"),
    )
    .leftJoin("action_signons as s", "s.id", "ch.signon_id")
    .select([
      "ch.id",
      "ch.action_id as actionId",
      "ch.organization_id as organizationId",
      "ch.signon_id as signOnId",
      "ch.state",
      "ch.created_at as at",
      "o.name as organizationName",
      "o.website as organizationWebsite",
      "c.created_at as cosponsorshipCreatedAt",
      "s.name as signOnName",
      "s.website as signOnWebsite",
      "s.created_at as signOnCreatedAt",
      "sponsor.name as sponsorName",
      "sponsor.website as sponsorWebsite",
    ])
    .where("ch.id", "=", id)
    .executeTakeFirst();
}
