/** Organizations, their members and invitations. Every use case checks the actor's role here. */
import { hash } from "@node-rs/argon2";
import { type Db, nowIso } from "../../db/database.ts";
import type { Role } from "../../db/schema.ts";
import type { Locale } from "../../i18n/locale.ts";
import * as accounts from "../accounts/accounts.repository.ts";
import type { AccountsService } from "../accounts/accounts.service.ts";
import { accountEmailKey } from "../accounts/accounts.ts";
import {
  ForbiddenError,
  InvalidLogoError,
  OrganizationNotFoundError,
  SlugTakenError,
} from "./organizations.errors.ts";
import * as repo from "./organizations.repository.ts";
import { logoType, maxLogoBytes } from "./organizations.ts";
import { type Actor, allows, type Permission } from "./policy.ts";

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

  list(actor: Actor): Promise<repo.OrganizationListItem[]> {
    return repo.listOrganizationsFor(this.deps.db, actor.accountId, actor.isPlatformAdmin);
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

  async updateProfile(access: OrganizationAccess, input: Omit<OrganizationInput, "slug">): Promise<void> {
    access.require("organization.manage");
    await this.deps.db
      .transaction()
      .execute((trx) => repo.updateOrganization(trx, access.organization.id, input));
  }

  /** Replaces the organization's logo with an uploaded PNG, JPEG or WebP image. */
  async saveLogo(access: OrganizationAccess, bytes: Buffer): Promise<void> {
    access.require("organization.manage");
    const contentType = logoType(bytes);
    if (!contentType || bytes.length > maxLogoBytes) throw new InvalidLogoError();
    await repo.saveLogo(this.deps.db, access.organization.id, { contentType, bytes, now: nowIso() });
  }

  /** A logo is public, like the organization's name on its actions. */
  logo(organizationSlug: string) {
    return repo.findLogo(this.deps.db, organizationSlug);
  }

  async members(access: OrganizationAccess): Promise<repo.Member[]> {
    access.require("members.manage");
    return repo.listMembers(this.deps.db, access.organization.id);
  }

  /** Mails an invitation link; accepting it makes the reader a member with `role`. */
  async invite(access: OrganizationAccess, email: string, role: Role, locale: Locale): Promise<void> {
    access.require("members.manage");
    await this.deps.db.transaction().execute((trx) =>
      this.deps.accounts.issueToken(trx, "invitation", {
        accountId: null,
        email: email.trim(),
        data: { locale, organizationId: access.organization.id, role },
      }),
    );
    this.deps.outboxWritten();
  }

  /** What an invitation link offers, without using it. */
  async invitation(
    token: string,
  ): Promise<{ organizationName: string; role: Role; email: string; hasAccount: boolean }> {
    const row = await this.deps.accounts.checkLink("invitation", token);
    const { organizationId, role } = JSON.parse(row.data ?? "{}") as { organizationId: number; role: Role };
    const organization = await repo.findOrganizationById(this.deps.db, organizationId);
    const email = row.email ?? "";
    const hasAccount =
      (await accounts.findAccountByEmail(this.deps.db, accountEmailKey(email))) !== undefined;
    return { organizationName: organization.name, role, email, hasAccount };
  }

  /**
   * Accepts an invitation for a signed-in account, or creates the invited person's account
   * (the link proves the mailbox, so it starts verified). Returns the account id and the
   * organization's slug.
   */
  async acceptInvitation(
    token: string,
    who: { accountId: number } | { name: string; password: string; locale: Locale },
  ): Promise<{ accountId: number; organizationSlug: string }> {
    const passwordHash = "password" in who ? await hash(who.password, { algorithm: 2 }) : null;
    return this.deps.accounts.consumeToken("invitation", token, async (trx, row) => {
      const { organizationId, role } = JSON.parse(row.data ?? "{}") as { organizationId: number; role: Role };
      const now = nowIso();
      let accountId: number;
      if ("accountId" in who) accountId = who.accountId;
      else {
        const email = row.email ?? "";
        if (await accounts.findAccountByEmail(trx, accountEmailKey(email)))
          throw new ForbiddenError("account exists");
        accountId = await accounts.insertAccount(trx, {
          email,
          emailKey: accountEmailKey(email),
          name: who.name,
          passwordHash,
          verified: true,
          platformAdmin: false,
          locale: who.locale,
          now,
        });
      }
      const existing = await repo.findRole(trx, organizationId, accountId);
      // An invitation never lowers a role someone already has.
      if (!existing || (existing !== "owner" && role !== "viewer"))
        await repo.setMembership(trx, organizationId, accountId, role, now);
      return { accountId, organizationSlug: (await repo.findOrganizationById(trx, organizationId)).slug };
    });
  }

  /** Who exported or otherwise handled personal data of this organization. */
  async changeRole(access: OrganizationAccess, accountId: number, role: Role | "remove"): Promise<void> {
    access.require("members.manage");
    await this.deps.db.transaction().execute(async (trx) => {
      const current = await repo.findRole(trx, access.organization.id, accountId);
      if (!current) return;
      // An organization always keeps at least one owner.
      if (
        current === "owner" &&
        role !== "owner" &&
        (await repo.countOwners(trx, access.organization.id)) <= 1
      ) {
        throw new ForbiddenError("last owner");
      }
      if (role === "remove") await repo.removeMembership(trx, access.organization.id, accountId);
      else await repo.setMembership(trx, access.organization.id, accountId, role, nowIso());
    });
  }
}
