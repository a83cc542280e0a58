/** Organizations, their members and invitations. Every use case checks the actor's role here. */
import { randomBytes } from "node:crypto";
import { type Db, type Executor, nowIso } from "../../db/database.ts";
import { type KeysetWindow, readWindow } from "../../db/keyset.ts";
import type { Role } from "../../db/schema.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { Account, AccountsService, PendingInvitation } from "../accounts/accounts.service.ts";
import { accountEmailKey } from "../accounts/accounts.ts";
import { recordChange } from "../audit/audit.service.ts";
import {
  ForbiddenError,
  InvalidLogoError,
  InvitationForAnotherAddressError,
  InvitationNotFoundError,
  InviteeProblemError,
  LastOwnerError,
  OrganizationNotFoundError,
  SlugTakenError,
} from "./organizations.errors.ts";
import * as repo from "./organizations.repository.ts";
import { logoType, type Member, maxLogoBytes, slugCandidates } from "./organizations.ts";
import { type Actor, allows, isRole, type Permission } from "./policy.ts";

/** An actor's standing in one organization, resolved once per request. */
export class OrganizationAccess {
  constructor(
    readonly actor: Actor,
    readonly organization: repo.OrganizationProfile,
    readonly role: Role | null,
  ) {}

  can(permission: Permission): boolean {
    return allows(this.actor, this.role, permission);
  }

  require(permission: Permission): void {
    if (!this.can(permission)) throw new ForbiddenError(permission);
  }
}

export interface OrganizationInput {
  name: string;
  slug: string;
  shortName: string | null;
  website: string | null;
  city: string | null;
  state: string | null;
  timeZone: string;
  description: Record<Locale, string>;
}

export class OrganizationsService {
  constructor(private readonly deps: { db: Db; accounts: AccountsService; outboxWritten: () => void }) {}

  /**
   * The organizations the actor is a member of, for a platform administrator too: the demo
   * action's co-sponsors and other people's organizations are not theirs to work in (they can
   * still open any organization by its address).
   */
  list(actor: Actor): Promise<repo.OrganizationListItem[]> {
    return repo.listOrganizationsFor(this.deps.db, actor.accountId);
  }

  /** Organizations on the platform by part of their name (names are public, on actions' pages). */
  search(query: string, limit: number) {
    return repo.searchOrganizations(this.deps.db, query, limit);
  }

  /** An organization's public facts by its slug, for another capability to refer to it. */
  async findBySlug(slug: string): Promise<{ id: number; slug: string; name: string } | undefined> {
    const organization = await repo.findOrganizationBySlug(this.deps.db, slug);
    return organization && { id: organization.id, slug: organization.slug, name: organization.name };
  }

  /**
   * A keyset window (src/db/keyset.ts) of these organizations' public profiles, in id order, with
   * the total of matches: for the API, which knows which organizations a key may see.
   */
  publicProfiles(ids: number[], conditions: repo.ProfileCondition[], window: KeysetWindow) {
    const { db } = this.deps;
    if (ids.length === 0) return Promise.resolve({ total: 0, rows: [] as repo.PublicProfileRow[] });
    return readWindow(window, {
      count: () => repo.countPublicProfiles(db, ids, conditions),
      boundary: (skip) => repo.publicProfileBoundary(db, ids, conditions, skip),
      seek: (afterId, limit) => repo.seekPublicProfiles(db, ids, conditions, afterId, limit),
    });
  }

  /** Resolves the actor's access; outsiders get "not found" so they learn nothing. */
  async access(actor: Actor, slug: string): Promise<OrganizationAccess> {
    const organization = await repo.findOrganizationBySlug(this.deps.db, slug);
    if (!organization) throw new OrganizationNotFoundError(slug);
    const role = (await repo.findRole(this.deps.db, organization.id, actor.accountId)) ?? null;
    const access = new OrganizationAccess(actor, organization, role);
    if (!access.can("organization.view")) throw new OrganizationNotFoundError(slug);
    return access;
  }

  /** Platform administrators create organizations; the creator becomes an owner. */
  async create(actor: Actor, input: OrganizationInput): Promise<string> {
    if (!actor.isPlatformAdmin) throw new ForbiddenError("organization.create");
    return this.deps.db.transaction().execute(async (trx) => {
      if (await repo.findOrganizationIdBySlug(trx, input.slug)) throw new SlugTakenError(input.slug);
      const now = nowIso();
      const id = await repo.insertOrganization(trx, {
        slug: input.slug,
        name: input.name,
        shortName: input.shortName,
        website: input.website,
        now,
      });
      await repo.updateOrganization(trx, id, input);
      await repo.setMembership(trx, id, actor.accountId, "owner", now);
      return input.slug;
    });
  }

  /**
   * Creates an organization for someone who accepted an invitation to co-sponsor, inside the
   * caller's transaction, with them as its first owner; its link name comes from its name, made
   * unique. Returns its id and slug.
   */
  async createForInvitee(
    trx: Executor,
    input: { name: string; ownerAccountId: number },
  ): Promise<{ id: number; slug: string }> {
    const now = nowIso();
    for (const slug of slugCandidates(input.name, () => randomBytes(3).toString("hex"))) {
      const id = await repo.insertOrganizationIfSlugFree(trx, {
        slug,
        name: input.name,
        shortName: null,
        website: null,
        now,
      });
      if (id === undefined) continue;
      await repo.setMembership(trx, id, input.ownerAccountId, "owner", now);
      return { id, slug };
    }
    throw new SlugTakenError(input.name);
  }

  /** Whether an account (still) holds `permission` in an organization, as a member or platform administrator. */
  async accountMay(
    accountId: number,
    organizationId: number,
    permission: Permission,
    db: Executor = this.deps.db,
  ): Promise<boolean> {
    const account = await this.deps.accounts.findAccount(accountId, db);
    if (!account) return false;
    const role = (await repo.findRole(db, organizationId, accountId)) ?? null;
    return allows({ accountId, isPlatformAdmin: account.isPlatformAdmin }, role, permission);
  }

  /**
   * The organization's name and slug, and its members who hold `permission` by their role, with
   * the address and language to write to them in: whom a capability mails about its work there.
   */
  async contactsFor(
    organizationId: number,
    permission: Permission,
  ): Promise<{
    organization: { slug: string; name: string };
    members: { accountId: number; name: string; email: string; locale: Locale }[];
  }> {
    const [organization, members] = await Promise.all([
      repo.findOrganizationById(this.deps.db, organizationId),
      repo.listMemberContacts(this.deps.db, organizationId),
    ]);
    return {
      organization,
      members: members
        .filter((member) =>
          allows({ accountId: member.accountId, isPlatformAdmin: false }, member.role, permission),
        )
        .map(({ role: _role, ...member }) => member),
    };
  }

  async updateProfile(access: OrganizationAccess, input: Omit<OrganizationInput, "slug">): Promise<void> {
    access.require("organization.manage");
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.updateOrganization(trx, access.organization.id, input);
      await this.audit(trx, access, "organization.updated", organizationSubject(access), {
        name: input.name,
      });
    });
  }

  /** Replaces the organization's logo with an uploaded PNG, JPEG or WebP image. */
  async saveLogo(access: OrganizationAccess, bytes: Buffer): Promise<void> {
    access.require("organization.manage");
    const contentType = logoType(bytes);
    if (!contentType || bytes.length > maxLogoBytes) throw new InvalidLogoError();
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.saveLogo(trx, access.organization.id, { contentType, bytes, now: nowIso() });
      await this.audit(trx, access, "organization.logo_changed", organizationSubject(access), {
        bytes: bytes.length,
      });
    });
  }

  /** A logo is public, like the organization's name on its actions. */
  logo(organizationSlug: string) {
    return repo.findLogo(this.deps.db, organizationSlug);
  }

  /** The members page: who is in, and who is invited and not in yet. */
  async members(
    access: OrganizationAccess,
  ): Promise<{ members: Member[]; invitations: PendingInvitation[] }> {
    access.require("members.manage");
    const [members, invitations] = await Promise.all([
      repo.listMembers(this.deps.db, access.organization.id),
      this.deps.accounts.pendingInvitations(access.organization.id),
    ]);
    return { members, invitations };
  }

  /**
   * Mails an invitation for `email`; accepting it makes the holder of that verified address a
   * member with `role`. A pending invitation to the same address is replaced (its link stops
   * working): `replaced` says so.
   */
  async invite(
    access: OrganizationAccess,
    email: string,
    role: Role,
    locale: Locale,
  ): Promise<{ replaced: boolean }> {
    access.require("members.manage");
    const emailKey = accountEmailKey(email);
    const replaced = await this.deps.db.transaction().execute(async (trx) => {
      const organizationId = access.organization.id;
      const inviter = await this.deps.accounts.findAccount(access.actor.accountId, trx);
      if (inviter && accountEmailKey(inviter.email) === emailKey) throw new InviteeProblemError("yourself");
      const invitee = await this.deps.accounts.findAccountByEmail(email, trx);
      if (invitee && (await repo.findRole(trx, organizationId, invitee.id)))
        throw new InviteeProblemError("member");
      const earlier = (await this.deps.accounts.pendingInvitations(organizationId, trx)).filter(
        (invitation) => accountEmailKey(invitation.email) === emailKey,
      );
      await this.deps.accounts.endInvitations(
        trx,
        organizationId,
        earlier.map((invitation) => invitation.id),
      );
      await this.deps.accounts.issueToken(trx, "invitation", {
        accountId: null,
        email: email.trim(),
        data: { locale, role },
        organizationId,
        invitedBy: access.actor.accountId,
      });
      await this.audit(trx, access, "member.invited", email.trim(), { email: email.trim(), role });
      return earlier.length > 0;
    });
    this.deps.outboxWritten();
    return { replaced };
  }

  async revokeInvitation(access: OrganizationAccess, invitationId: number): Promise<{ email: string }> {
    access.require("members.manage");
    return this.deps.db.transaction().execute(async (trx) => {
      const organizationId = access.organization.id;
      const invitation = (await this.deps.accounts.pendingInvitations(organizationId, trx)).find(
        (pending) => pending.id === invitationId,
      );
      if (!invitation) throw new InvitationNotFoundError();
      await this.deps.accounts.endInvitations(trx, organizationId, [invitation.id]);
      await this.audit(trx, access, "member.invitation_revoked", invitation.email, {
        email: invitation.email,
        role: invitation.role,
      });
      return { email: invitation.email };
    });
  }

  /** What an invitation link offers, without using it. */
  async invitation(
    token: string,
    viewer: Pick<Account, "email" | "emailVerified"> | null,
  ): Promise<{
    organizationName: string;
    role: Role;
    email: string;
    hasAccount: boolean;
    signedInElsewhere: boolean;
  }> {
    const row = await this.deps.accounts.checkLink("invitation", token);
    if (row.organizationId === null) throw new InvitationNotFoundError();
    const organization = await repo.findOrganizationById(this.deps.db, row.organizationId);
    const email = row.email ?? "";
    const hasAccount = (await this.deps.accounts.findAccountByEmail(email)) !== undefined;
    const signedInElsewhere = viewer !== null && !holdsAddress(viewer, email);
    return {
      organizationName: organization.name,
      role: roleOf(row.data),
      email,
      hasAccount,
      signedInElsewhere,
    };
  }

  /**
   * Accepts an invitation for the signed-in account that has the invited address verified, or
   * creates the invited person's account (the emailed link proves the mailbox, so it starts
   * verified). It works only while its sender may still invite. Returns the account id and the
   * organization's slug.
   */
  async acceptInvitation(
    token: string,
    who: { accountId: number } | { name: string; password: string; locale: Locale; networkKey: string },
  ): Promise<{ accountId: number; organizationSlug: string }> {
    const link = await this.deps.accounts.checkLink("invitation", token);
    if ("accountId" in who) {
      const account = await this.deps.accounts.findAccount(who.accountId);
      if (!account || !holdsAddress(account, link.email ?? "")) throw new InvitationForAnotherAddressError();
    }
    const passwordHash =
      "password" in who ? await this.deps.accounts.hashChosenPassword(who.password, who.networkKey) : null;
    return this.deps.accounts.consumeToken("invitation", token, async (trx, row) => {
      const { organizationId, invitedBy } = row;
      if (organizationId === null || invitedBy === null) throw new InvitationNotFoundError();
      const inviter = await this.deps.accounts.findAccount(invitedBy, trx);
      const inviterRole = (await repo.findRole(trx, organizationId, invitedBy)) ?? null;
      if (
        !inviter ||
        !allows(
          { accountId: inviter.id, isPlatformAdmin: inviter.isPlatformAdmin },
          inviterRole,
          "members.manage",
        )
      )
        throw new InvitationNotFoundError();
      const role = roleOf(row.data);
      const email = row.email ?? "";
      const now = nowIso();
      let accountId: number;
      let name: string;
      if ("accountId" in who) {
        accountId = who.accountId;
        name = (await this.deps.accounts.findAccount(accountId, trx))?.name ?? "";
      } else {
        if (await this.deps.accounts.findAccountByEmail(email, trx))
          throw new ForbiddenError("account exists");
        accountId = await this.deps.accounts.createVerifiedAccount(trx, {
          email,
          name: who.name,
          passwordHash,
          locale: who.locale,
        });
        name = who.name;
      }
      const existing = await repo.findRole(trx, organizationId, accountId);
      // An invitation never lowers a role someone already has.
      if (!existing || (existing !== "owner" && role !== "viewer"))
        await repo.setMembership(trx, organizationId, accountId, role, now);
      await recordChange(
        trx,
        { actor: { accountId }, organization: { id: organizationId } },
        { event: "member.joined", subject: email, detail: { email, name, role, invitedBy: inviter.name } },
        now,
      );
      return { accountId, organizationSlug: (await repo.findOrganizationById(trx, organizationId)).slug };
    });
  }

  /**
   * Changes a member's role or removes them; an organization always keeps an owner. Whoever can
   * no longer invite afterwards loses the invitations they sent.
   */
  async changeRole(access: OrganizationAccess, accountId: number, role: Role | "remove"): Promise<void> {
    access.require("members.manage");
    await this.deps.db.transaction().execute(async (trx) => {
      const organizationId = access.organization.id;
      const current = await repo.findRole(trx, organizationId, accountId);
      if (!current || current === role) return;
      if (current === "owner" && (await repo.countOwners(trx, organizationId)) <= 1)
        throw new LastOwnerError(accountId === access.actor.accountId);
      if (role === "remove") await repo.removeMembership(trx, organizationId, accountId);
      else await repo.setMembership(trx, organizationId, accountId, role, nowIso());
      const member = await this.deps.accounts.findAccount(accountId, trx);
      const detail = { email: member?.email ?? "", name: member?.name ?? "" };
      const stillInvites =
        role !== "remove" && allows({ accountId, isPlatformAdmin: false }, role, "members.manage");
      if (!stillInvites) {
        const sent = (await this.deps.accounts.pendingInvitations(organizationId, trx)).filter(
          (invitation) => invitation.invitedBy === accountId,
        );
        await this.deps.accounts.endInvitations(
          trx,
          organizationId,
          sent.map((invitation) => invitation.id),
        );
      }
      if (role === "remove")
        await this.audit(trx, access, "member.removed", detail.email, { ...detail, role: current });
      else
        await this.audit(trx, access, "member.role_changed", detail.email, {
          ...detail,
          from: current,
          to: role,
        });
    });
  }

  private async audit(
    trx: Executor,
    access: OrganizationAccess,
    event: string,
    subject: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await recordChange(trx, access, { event, subject, detail });
  }
}

function organizationSubject(access: OrganizationAccess): string {
  return `organization:${access.organization.id}:${access.organization.slug}`;
}

/** Whether an account has proven it reads `email`: an invitation to that address is theirs. */
function holdsAddress(account: Pick<Account, "email" | "emailVerified">, email: string): boolean {
  return account.emailVerified && accountEmailKey(account.email) === accountEmailKey(email);
}

/** The role an invitation offers, from its token data. */
function roleOf(data: string | null): Role {
  const { role } = JSON.parse(data ?? "{}") as { role?: unknown };
  return isRole(role) ? role : "viewer";
}
