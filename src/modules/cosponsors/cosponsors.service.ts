/**
 * Co-sponsorship: organizations with an account join an action (invited by its sponsor or at
 * their own request), organizations without one sign on through a public form verified by mail
 * or a list the sponsor pastes; the sponsor decides, and the action's page lists the approved.
 */
import { type RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import { type Db, type Executor, nowIso } from "../../db/database.ts";
import type { Locale } from "../../i18n/locale.ts";
import { inMemory, type RateLimitStore } from "../abuse/rate-limits.ts";
import type { AccountsService } from "../accounts/accounts.service.ts";
import { accountEmailKey } from "../accounts/accounts.ts";
import { ActionNotFoundError } from "../actions/actions.errors.ts";
import type { ActionRef, ActionsService } from "../actions/actions.service.ts";
import { logoRef, type PartnerRef, sortByName } from "../actions/actions.ts";
import type { ActionEditorService } from "../actions/editor.service.ts";
import { recordChange } from "../audit/audit.service.ts";
import { type Clock, systemClock } from "../clock.ts";
import type { FieldErrorMap } from "../forms.ts";
import type { OrganizationAccess, OrganizationsService } from "../organizations/organizations.service.ts";
import type { Actor } from "../organizations/policy.ts";
import * as outbox from "../outbox/outbox.repository.ts";
import type { WebhooksService } from "../webhooks/webhooks.service.ts";
import type { CosponsorshipEventFacts } from "../webhooks/webhooks.ts";
import {
  CosponsorInvitationClosedError,
  CosponsorInvitationNotFoundError,
  CosponsorMoveRefusedError,
  CosponsorNotFoundError,
  InvitationForAnotherAccountError,
  InviteeHasAccountError,
  TooManyInvitationsError,
} from "./cosponsors.errors.ts";
import * as repo from "./cosponsors.repository.ts";
import {
  actionSlugFrom,
  type CosponsorMove,
  invitationLifetimeMs,
  invitationState,
  invitationToken,
  mayAskAgain,
  moverOf,
  nextStatus,
  type ParsedList,
  type PublicCosponsor,
  parseOrganizationList,
  publicWebsite,
  readInvitationToken,
  readListFile,
  readSignOnToken,
  type SignOnInput,
  signOnToken,
} from "./cosponsors.ts";

export type { CosponsoredAction, CosponsorItem, SignOnItem } from "./cosponsors.repository.ts";

/** A spent invitation is kept a month, so its link still says "accepted" or "revoked" rather than "unknown". */
export const spentInvitationRetentionMs = 30 * 24 * 3600_000;

/** Co-sponsors' logos are shown within this box (CSS pixels), never enlarged. */
const cosponsorLogoBox = { width: 96, height: 40 };

/**
 * The approved co-sponsors an action's page lists, with and without an account, alphabetical in
 * `locale`. The actions module calls this when it loads a page's content.
 */
export async function listPublicCosponsors(
  db: Executor,
  actionId: number,
  locale: Locale,
): Promise<PublicCosponsor[]> {
  const [organizations, signOns] = await Promise.all([
    repo.listApprovedOrganizations(db, actionId),
    repo.listApprovedSignOns(db, actionId),
  ]);
  return sortByName(
    [
      ...organizations.map((org) => ({
        organizationId: org.id,
        name: org.name,
        website: publicWebsite(org.website),
        logo:
          org.logoBytes && org.logoUpdatedAt
            ? logoRef(
                { slug: org.slug, bytes: org.logoBytes, updatedAt: org.logoUpdatedAt },
                cosponsorLogoBox,
              )
            : null,
      })),
      ...signOns.map((signOn) => ({
        organizationId: null,
        name: signOn.name,
        website: publicWebsite(signOn.website),
        logo: null,
      })),
    ],
    locale,
  );
}

/** An emailed invitation the sponsor's page lists while it can be accepted. */
export interface EmailInvitationItem {
  id: number;
  organizationName: string;
  /** Null for members who may not see personal data. */
  email: string | null;
  locale: Locale;
  createdAt: string;
  expiresAt: string;
}

/** What the sponsor's page about one action's co-sponsors shows. */
export interface SponsorOverview {
  action: { id: number; slug: string; title: string };
  cosponsors: repo.CosponsorItem[];
  signOns: repo.SignOnItem[];
  emailInvitations: EmailInvitationItem[];
}

/** What the page behind an open invitation link says, and which way of accepting it offers. */
export interface InvitationToAccept {
  sponsorName: string;
  organizationName: string;
  title: string;
  email: string;
  /** An account exists for the invited address: its holder signs in, then accepts. */
  hasAccount: boolean;
  /** Signed in with another account than the invited address's: this one cannot accept. */
  signedInElsewhere: boolean;
}

/** Who accepts: the signed-in holder of the invited address, or someone creating their account. */
export type Acceptor =
  | { accountId: number }
  | { name: string; password: string; locale: Locale; networkKey: string };

/** A sign-on to verify: what its emailed link's page says. */
export interface SignOnToVerify {
  name: string;
  actionSlug: string;
  actionTitle: string;
  alreadyVerified: boolean;
}

export type SignOnOutcome = { ok: true } | { ok: false; errors: FieldErrorMap };

export interface CosponsorsDeps {
  db: Db;
  secret: string;
  /** Wakes the outbox worker after a commit that wrote a job. */
  outboxWritten: () => void;
  actions: Pick<ActionsService, "publicAction" | "actionById" | "cosponsorsChanged" | "cosponsorsCommitted">;
  editor: Pick<ActionEditorService, "overview">;
  organizations: Pick<
    OrganizationsService,
    "search" | "findBySlug" | "list" | "createForInvitee" | "accountMay"
  >;
  accounts: Pick<
    AccountsService,
    "findAccount" | "findAccountByEmail" | "createVerifiedAccount" | "hashChosenPassword"
  >;
  /** The sponsor's webhooks hear of each co-sponsorship begun or ended, in the same transaction. */
  webhooks: Pick<WebhooksService, "enqueueForOrganization">;
  /** Invitations expire by it. */
  clock?: Clock;
  /** Where the invitation limits count (every node's Redis, or this process). */
  rateLimits?: RateLimitStore;
}

/** Takes one point from `key`; false when it has none left. */
async function consumed(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
  try {
    await limiter.consume(key);
    return true;
  } catch (error) {
    if (error instanceof RateLimiterRes) return false;
    throw error;
  }
}

/** Whether an account has proven it reads `email`: an invitation to that address is theirs. */
function holdsAddress(account: { email: string; emailVerified: boolean }, email: string): boolean {
  return account.emailVerified && accountEmailKey(account.email) === accountEmailKey(email);
}

type Side = "sponsor" | "cosponsor";

export class CosponsorsService {
  /**
   * Invitation mails, as the account mails: 3 an hour to one address (a sponsor cannot flood
   * someone's mailbox), and 50 an hour from one organization (room for a coalition drive, not
   * for spam sent in our name).
   */
  private readonly invitationsPerAddress: RateLimiterAbstract;
  private readonly invitationsPerOrganization: RateLimiterAbstract;
  private readonly clock: Clock;

  constructor(private readonly deps: CosponsorsDeps) {
    this.clock = deps.clock ?? systemClock;
    const store = deps.rateLimits ?? inMemory;
    this.invitationsPerAddress = store.limiter("cosponsor-invitations:address", {
      points: 3,
      durationSeconds: 60 * 60,
    });
    this.invitationsPerOrganization = store.limiter("cosponsor-invitations:organization", {
      points: 50,
      durationSeconds: 60 * 60,
    });
  }

  private now(): string {
    return nowIso(this.clock.now());
  }

  /**
   * The organizations (with an account) approved as co-sponsors of any of the sponsor's actions:
   * the partners whose public profiles the sponsor's API key may read.
   */
  partnerOrganizationIds(sponsorOrganizationId: number): Promise<number[]> {
    return repo.listPartnerOrganizationIds(this.deps.db, sponsorOrganizationId);
  }

  /** The sponsor's view of an action's co-sponsors and sign-ons (members who may see the action). */
  async overview(access: OrganizationAccess, actionId: number, locale: Locale): Promise<SponsorOverview> {
    const action = await this.deps.editor.overview(access, actionId, locale);
    const [cosponsors, signOns, invitations] = await Promise.all([
      repo.listCosponsorships(this.deps.db, action.id),
      repo.listSignOns(this.deps.db, action.id),
      repo.listOpenEmailInvitations(this.deps.db, action.id, this.now()),
    ]);
    // Who signed an organization on, or was invited, is personal data: only members who may see
    // signers see it.
    const personal = access.can("signatures.view");
    const shown = personal
      ? signOns
      : signOns.map((signOn) => ({ ...signOn, contactName: null, contactEmail: null }));
    const emailInvitations = invitations.map((row) => ({
      id: row.id,
      organizationName: row.organizationName,
      email: personal ? row.email : null,
      locale: row.locale,
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
    }));
    return {
      action: { id: action.id, slug: action.slug, title: action.title },
      cosponsors,
      signOns: shown,
      emailInvitations,
    };
  }

  /**
   * The sponsor invites anyone by email: a mail in `locale` with a link that creates the
   * invitee's organization as an approved co-sponsor. An open invitation to the same address for
   * this action is replaced (its link stops working): `replaced` says so.
   */
  async inviteByEmail(
    access: OrganizationAccess,
    actionId: number,
    invitation: { organizationName: string; email: string; locale: Locale },
  ): Promise<{ replaced: boolean }> {
    access.require("actions.edit");
    const action = await this.sponsorsAction(access, actionId);
    const emailKey = accountEmailKey(invitation.email);
    if (
      !(await consumed(this.invitationsPerAddress, emailKey)) ||
      !(await consumed(this.invitationsPerOrganization, String(access.organization.id)))
    )
      throw new TooManyInvitationsError(emailKey);
    const replaced = await this.deps.db.transaction().execute(async (trx) => {
      const now = this.now();
      const earlier = (await repo.listOpenEmailInvitations(trx, action.id, now)).filter(
        (row) => accountEmailKey(row.email) === emailKey,
      );
      for (const row of earlier) await repo.endEmailInvitation(trx, row.id, "revoked", now);
      const id = await repo.insertEmailInvitation(trx, {
        actionId: action.id,
        organizationName: invitation.organizationName,
        email: invitation.email,
        locale: invitation.locale,
        invitedBy: access.actor.accountId,
        now,
        expiresAt: nowIso(new Date(this.clock.now().getTime() + invitationLifetimeMs)),
      });
      await outbox.enqueue(trx, "cosponsor.invitation_email", { invitationId: id }, now);
      await this.audit(
        trx,
        access.actor.accountId,
        access.organization.id,
        "cosponsor.email_invited",
        `cosponsor-invitation:${id}`,
        {
          organization: invitation.organizationName,
          email: invitation.email,
          title: action.title,
        },
      );
      return earlier.length > 0;
    });
    this.deps.outboxWritten();
    return { replaced };
  }

  /** One of the action's open emailed invitations (for the confirmation before revoking it). */
  async findEmailInvitation(access: OrganizationAccess, actionId: number, invitationId: number) {
    access.require("actions.edit");
    const action = await this.sponsorsAction(access, actionId);
    const invitation = (await repo.listOpenEmailInvitations(this.deps.db, action.id, this.now())).find(
      (row) => row.id === invitationId,
    );
    if (!invitation) throw new CosponsorNotFoundError(String(invitationId));
    return { action, invitation };
  }

  /** The sponsor revokes an emailed invitation: its link stops working. */
  async revokeEmailInvitation(
    access: OrganizationAccess,
    actionId: number,
    invitationId: number,
  ): Promise<{ organizationName: string; email: string }> {
    const { action, invitation } = await this.findEmailInvitation(access, actionId, invitationId);
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await repo.endEmailInvitation(trx, invitation.id, "revoked", this.now())))
        throw new CosponsorMoveRefusedError("revoke");
      await this.audit(
        trx,
        access.actor.accountId,
        access.organization.id,
        "cosponsor.email_invitation_revoked",
        `cosponsor-invitation:${invitation.id}`,
        { organization: invitation.organizationName, email: invitation.email, title: action.title },
      );
    });
    return { organizationName: invitation.organizationName, email: invitation.email };
  }

  /** What the invitation mail needs; undefined once it cannot be accepted (revoked, replaced, used). */
  async invitationMail(invitationId: number) {
    const row = await repo.findEmailInvitation(this.deps.db, invitationId);
    if (!row || invitationState(row, this.now()) !== "open") return undefined;
    const facts = await repo.findEmailInvitationFacts(this.deps.db, invitationId, row.locale);
    if (!facts) return undefined;
    return {
      to: row.email,
      locale: row.locale,
      sponsorName: facts.sponsorName,
      organizationName: row.organizationName,
      title: facts.title,
      token: invitationToken(this.deps.secret, row.id),
    };
  }

  /**
   * What an invitation link offers `viewer` (signed in or not), without using it: its GET must
   * change nothing, since mail scanners follow links.
   */
  async invitationToAccept(
    token: string,
    locale: Locale,
    viewer: { email: string; emailVerified: boolean } | null,
  ): Promise<InvitationToAccept> {
    const invitation = await this.openInvitation(token, locale);
    const hasAccount = (await this.deps.accounts.findAccountByEmail(invitation.email)) !== undefined;
    return {
      sponsorName: invitation.sponsorName,
      organizationName: invitation.organizationName,
      title: invitation.title,
      email: invitation.email,
      hasAccount,
      signedInElsewhere: viewer !== null && !holdsAddress(viewer, invitation.email),
    };
  }

  /**
   * Accepts an emailed invitation, in one transaction: the invitee's account if they have none
   * (verified: the link proves the mailbox), their organization named `organizationName` with
   * them as its first owner, and its approved co-sponsorship, in both organizations' logs. Works
   * once, within 14 days, and only while its sender may still edit the sponsor's actions. The
   * title returned is in `locale`, for the notice that follows.
   */
  async acceptEmailInvitation(
    token: string,
    who: Acceptor,
    organizationName: string,
    locale: Locale,
  ): Promise<{ accountId: number; organizationSlug: string; actionId: number; title: string }> {
    const invitation = await this.openInvitation(token, locale);
    if ("accountId" in who) {
      const account = await this.deps.accounts.findAccount(who.accountId);
      if (!account || !holdsAddress(account, invitation.email)) throw new InvitationForAnotherAccountError();
    } else if (await this.deps.accounts.findAccountByEmail(invitation.email)) {
      throw new InviteeHasAccountError();
    }
    const passwordHash =
      "password" in who ? await this.deps.accounts.hashChosenPassword(who.password, who.networkKey) : null;
    const accepted = await this.deps.db.transaction().execute(async (trx) => {
      const now = this.now();
      if (!(await repo.endEmailInvitation(trx, invitation.id, "used", now))) {
        const current = await repo.findEmailInvitation(trx, invitation.id);
        const state = current ? invitationState(current, now) : "revoked";
        throw new CosponsorInvitationClosedError(state === "open" ? "used" : state);
      }
      const senderMayInvite = await this.deps.organizations.accountMay(
        invitation.invitedBy,
        invitation.sponsorOrganizationId,
        "actions.edit",
        trx,
      );
      if (!senderMayInvite) throw new CosponsorInvitationClosedError("revoked");
      let accountId: number;
      if ("accountId" in who) accountId = who.accountId;
      else {
        if (await this.deps.accounts.findAccountByEmail(invitation.email, trx))
          throw new InviteeHasAccountError();
        accountId = await this.deps.accounts.createVerifiedAccount(trx, {
          email: invitation.email,
          name: who.name,
          passwordHash,
          locale: who.locale,
        });
      }
      const organization = await this.deps.organizations.createForInvitee(trx, {
        name: organizationName,
        ownerAccountId: accountId,
      });
      await repo.putCosponsorship(trx, {
        actionId: invitation.actionId,
        organizationId: organization.id,
        status: "approved",
        initiatedBy: "sponsor",
        requestedBy: invitation.invitedBy,
        now,
      });
      await this.deps.actions.cosponsorsChanged(trx, invitation.actionId);
      const told = await this.tellWebhooks(trx, invitation.sponsorOrganizationId, now, [
        { actionId: invitation.actionId, organizationId: organization.id, state: "approved" },
      ]);
      const subject = `cosponsor:${invitation.actionId}:${organization.id}`;
      const detail = {
        organization: organizationName,
        email: invitation.email,
        title: invitation.englishTitle,
      };
      for (const organizationId of [invitation.sponsorOrganizationId, organization.id])
        await this.audit(trx, accountId, organizationId, "cosponsor.joined", subject, detail);
      return { accountId, organizationSlug: organization.slug, told };
    });
    this.deps.actions.cosponsorsCommitted(invitation.actionId);
    if (accepted.told) this.deps.outboxWritten();
    return {
      accountId: accepted.accountId,
      organizationSlug: accepted.organizationSlug,
      actionId: invitation.actionId,
      title: invitation.title,
    };
  }

  /** Forgets invitations that ended more than a month before `now` (the addresses in them with them). */
  async purgeSpentInvitations(now: Date): Promise<void> {
    await repo.deleteSpentEmailInvitations(
      this.deps.db,
      nowIso(new Date(now.getTime() - spentInvitationRetentionMs)),
    );
  }

  /** The open invitation a link names, with its action's facts in `locale`; else why it is closed. */
  private async openInvitation(token: string, locale: Locale) {
    const id = readInvitationToken(this.deps.secret, token);
    const invitation =
      id === null ? undefined : await repo.findEmailInvitationFacts(this.deps.db, id, locale);
    if (!invitation) throw new CosponsorInvitationNotFoundError(token);
    const state = invitationState(invitation, this.now());
    if (state !== "open") throw new CosponsorInvitationClosedError(state);
    return invitation;
  }

  /** Organizations on the platform whose name contains `query`, to pick one to invite. */
  async searchOrganizations(access: OrganizationAccess, query: string) {
    access.require("actions.edit");
    const found = query.trim().length < 2 ? [] : await this.deps.organizations.search(query.trim(), 20);
    return found.filter((org) => org.id !== access.organization.id);
  }

  /** The sponsor invites an organization with an account; its members accept or decline. */
  async invite(
    access: OrganizationAccess,
    actionId: number,
    organizationSlug: string,
  ): Promise<{ name: string }> {
    access.require("actions.edit");
    const action = await this.sponsorsAction(access, actionId);
    const invited = await this.deps.organizations.findBySlug(organizationSlug);
    if (!invited || invited.id === access.organization.id) throw new CosponsorNotFoundError(organizationSlug);
    await this.start(access, action, invited, "sponsor");
    return { name: invited.name };
  }

  /**
   * Members of an organization ask to co-sponsor a published action, named by its address or
   * slug; its sponsor approves or declines. Returns the action's title.
   */
  async ask(
    access: OrganizationAccess,
    address: string,
  ): Promise<{ ok: true; title: string } | { ok: false; errors: FieldErrorMap }> {
    access.require("actions.edit");
    const notFound = {
      ok: false as const,
      errors: { address: { key: "cosponsoring.ask.notFound" as const } },
    };
    const slug = actionSlugFrom(address);
    if (!slug) return notFound;
    const action = await this.deps.actions.publicAction(slug).catch((error: unknown) => {
      if (error instanceof ActionNotFoundError) return undefined;
      throw error;
    });
    if (!action || action.archived || action.status !== "published") return notFound;
    if (action.sponsorOrganizationId === access.organization.id)
      return { ok: false, errors: { address: { key: "cosponsoring.ask.own" } } };
    const existing = await repo.findCosponsorship(this.deps.db, action.id, access.organization.id);
    if (existing && !mayAskAgain(existing.status))
      return { ok: false, errors: { address: { key: "cosponsoring.ask.already" } } };
    await this.start(access, action, access.organization, "cosponsor");
    return { ok: true, title: action.title };
  }

  /**
   * A move made by the sponsor on one of its action's co-sponsorships: approve or decline a
   * request, remove a co-sponsor. Returns the co-sponsor's name.
   */
  async sponsorMove(
    access: OrganizationAccess,
    actionId: number,
    organizationId: number,
    move: CosponsorMove,
  ): Promise<{ name: string }> {
    access.require("actions.edit");
    const action = await this.sponsorsAction(access, actionId);
    return this.move(access, action, organizationId, move, "sponsor");
  }

  /**
   * A move made by a co-sponsor organization: accept or decline an invitation, withdraw.
   * Returns the action's title.
   */
  async cosponsorMove(
    access: OrganizationAccess,
    actionId: number,
    move: CosponsorMove,
  ): Promise<{ title: string }> {
    access.require("actions.edit");
    const action = await this.deps.actions.actionById(actionId).catch(() => undefined);
    if (!action) throw new CosponsorNotFoundError(String(actionId));
    await this.move(access, action, access.organization.id, move, "cosponsor");
    return { title: action.title };
  }

  /** The actions an organization co-sponsors, is invited to, or asked to join. */
  async cosponsoring(access: OrganizationAccess, locale: Locale): Promise<repo.CosponsoredAction[]> {
    access.require("actions.view");
    return repo.listCosponsoredActions(this.deps.db, access.organization.id, locale);
  }

  /** One co-sponsorship of the sponsor's action (for a confirmation question). */
  async findCosponsor(access: OrganizationAccess, actionId: number, organizationId: number) {
    access.require("actions.edit");
    const action = await this.sponsorsAction(access, actionId);
    const item = (await repo.listCosponsorships(this.deps.db, action.id)).find(
      (row) => row.organizationId === organizationId,
    );
    if (!item) throw new CosponsorNotFoundError(String(organizationId));
    return { action, cosponsor: item };
  }

  /** One of the actions the organization co-sponsors (for a confirmation question). */
  async findCosponsored(access: OrganizationAccess, actionId: number, locale: Locale) {
    const item = (await this.cosponsoring(access, locale)).find((row) => row.actionId === actionId);
    if (!item) throw new CosponsorNotFoundError(String(actionId));
    return item;
  }

  /** One of the action's reviewable sign-ons (for a confirmation question). */
  async findSignOn(access: OrganizationAccess, actionId: number, signOnId: number) {
    access.require("actions.edit");
    const action = await this.sponsorsAction(access, actionId);
    const signOn = await repo.findSignOn(this.deps.db, signOnId);
    if (signOn?.actionId !== action.id || signOn.status === "unverified")
      throw new CosponsorNotFoundError(String(signOnId));
    return { action, signOn };
  }

  /**
   * An organization signs on through the public form: stored unverified, and a mail with the
   * verification link goes out through the outbox in the same transaction.
   */
  async signOn(actionSlug: string, input: SignOnInput, locale: Locale): Promise<void> {
    const action = await this.deps.actions.publicAction(actionSlug);
    if (action.archived || action.status !== "published") throw new ActionNotFoundError(actionSlug);
    await this.deps.db.transaction().execute(async (trx) => {
      const now = nowIso();
      const id = await repo.insertSignOn(trx, { ...input, actionId: action.id, locale, now });
      await outbox.enqueue(trx, "cosponsor.signon_email", { signOnId: id }, now);
    });
    this.deps.outboxWritten();
  }

  /** What the verification mail of a sign-on needs; undefined once there is nothing to verify. */
  async signOnMail(signOnId: number) {
    const signOn = await repo.findSignOn(this.deps.db, signOnId);
    if (signOn?.status !== "unverified" || !signOn.contactEmail) return undefined;
    const action = await this.deps.actions.actionById(signOn.actionId);
    return {
      to: signOn.contactEmail,
      locale: signOn.locale,
      name: signOn.name,
      title: action.title,
      slug: action.slug,
      token: signOnToken(this.deps.secret, signOn.id),
    };
  }

  /** What a verification link is about, without using it (its GET only shows a button). */
  async signOnToVerify(actionSlug: string, token: string): Promise<SignOnToVerify> {
    const { signOn, action } = await this.signOnOfLink(actionSlug, token);
    return {
      name: signOn.name,
      actionSlug: action.slug,
      actionTitle: action.title,
      alreadyVerified: signOn.status !== "unverified",
    };
  }

  /** The POST of the verification link: the sign-on now waits for the sponsor. Twice changes nothing. */
  async verifySignOn(actionSlug: string, token: string): Promise<void> {
    const { signOn, action } = await this.signOnOfLink(actionSlug, token);
    await this.deps.db.transaction().execute(async (trx) => {
      const now = nowIso();
      const moved = await repo.moveSignOn(trx, {
        id: signOn.id,
        from: ["unverified"],
        to: "pending",
        decidedBy: null,
        now,
      });
      if (!moved) return;
      await recordChange(
        trx,
        { actor: { accountId: null }, organization: { id: action.sponsorOrganizationId } },
        {
          event: "cosponsor.signed_on",
          subject: `signon:${signOn.id}`,
          detail: { organization: signOn.name, title: action.title },
        },
        now,
      );
    });
  }

  /** The sponsor approves, declines or removes a sign-on; approving puts it on the page. */
  async decideSignOn(
    access: OrganizationAccess,
    actionId: number,
    signOnId: number,
    move: "approve" | "decline" | "remove",
  ): Promise<{ name: string }> {
    access.require("actions.edit");
    const action = await this.sponsorsAction(access, actionId);
    const signOn = await repo.findSignOn(this.deps.db, signOnId);
    if (!signOn || signOn.actionId !== action.id || signOn.status === "unverified")
      throw new CosponsorNotFoundError(String(signOnId));
    const rule = {
      approve: { from: ["pending"], to: "approved", event: "cosponsor.approved" },
      decline: { from: ["pending"], to: "declined", event: "cosponsor.declined" },
      remove: { from: ["approved"], to: "removed", event: "cosponsor.removed" },
    } as const;
    const { from, to, event } = rule[move];
    const told = await this.deps.db.transaction().execute(async (trx) => {
      const now = nowIso();
      const moved = await repo.moveSignOn(trx, {
        id: signOn.id,
        from: [...from],
        to,
        decidedBy: access.actor.accountId,
        now,
      });
      if (!moved) throw new CosponsorMoveRefusedError(move);
      await this.deps.actions.cosponsorsChanged(trx, action.id);
      await this.audit(trx, access.actor.accountId, access.organization.id, event, `signon:${signOn.id}`, {
        organization: signOn.name,
        title: action.title,
      });
      // A declined sign-on was never on the page: nothing began or ended.
      if (to === "declined") return false;
      return this.tellWebhooks(trx, access.organization.id, now, [
        { actionId: action.id, signOnId: signOn.id, state: to },
      ]);
    });
    this.deps.actions.cosponsorsCommitted(action.id);
    if (told) this.deps.outboxWritten();
    return { name: signOn.name };
  }

  /** Reads a pasted list without storing anything: the preview before adding. */
  async previewList(access: OrganizationAccess, actionId: number, text: string): Promise<ParsedList> {
    access.require("actions.edit");
    await this.sponsorsAction(access, actionId);
    return parseOrganizationList(text);
  }

  /**
   * Reads an uploaded list file without storing anything: its text (which the preview offers to
   * add, as if pasted) and what it holds. `bytes` is undefined when no file came.
   */
  async previewListFile(
    access: OrganizationAccess,
    actionId: number,
    bytes: Buffer | undefined,
  ): Promise<{ text: string; parsed: ParsedList }> {
    access.require("actions.edit");
    await this.sponsorsAction(access, actionId);
    const file = readListFile(bytes);
    if (!file.ok) return { text: "", parsed: file };
    return { text: file.text, parsed: parseOrganizationList(file.text) };
  }

  /**
   * Adds the organizations of a pasted list, approved at once: the sponsor vouches for them.
   * One audit entry for the list.
   */
  async addList(
    access: OrganizationAccess,
    actionId: number,
    text: string,
    locale: Locale,
  ): Promise<ParsedList> {
    access.require("actions.edit");
    const action = await this.sponsorsAction(access, actionId);
    const parsed = parseOrganizationList(text);
    if (!parsed.ok) return parsed;
    const told = await this.deps.db.transaction().execute(async (trx) => {
      const now = nowIso();
      const signOnIds = await repo.insertListedSignOns(trx, parsed.organizations, {
        actionId: action.id,
        locale,
        decidedBy: access.actor.accountId,
        now,
      });
      await this.deps.actions.cosponsorsChanged(trx, action.id);
      await this.audit(
        trx,
        access.actor.accountId,
        access.organization.id,
        "cosponsor.approved",
        `action:${action.id}`,
        {
          organization: parsed.organizations.map((org) => org.name).join(", "),
          count: parsed.organizations.length,
          title: action.title,
        },
      );
      return this.tellWebhooks(
        trx,
        access.organization.id,
        now,
        signOnIds.map((signOnId) => ({ actionId: action.id, signOnId, state: "approved" as const })),
      );
    });
    this.deps.actions.cosponsorsCommitted(action.id);
    if (told) this.deps.outboxWritten();
    return parsed;
  }

  /**
   * The approved co-sponsors with an account of an action, for capabilities built on top
   * (partner links and consent): each organization's id, slug and name.
   */
  async cosponsorsOf(actionId: number): Promise<{ organizationId: number; slug: string; name: string }[]> {
    const rows = await repo.listCosponsorships(this.deps.db, actionId);
    return rows
      .filter((row) => row.status === "approved")
      .map(({ organizationId, slug, name }) => ({ organizationId, slug, name }));
  }

  /** Whether an organization is an approved co-sponsor of an action. */
  async isCosponsor(actionId: number, organizationId: number): Promise<boolean> {
    return (await repo.findCosponsorship(this.deps.db, actionId, organizationId))?.status === "approved";
  }

  /** What a co-sponsorship change tells the sponsor's webhooks; undefined once its action is gone. */
  async webhookFacts(changeId: number): Promise<CosponsorshipEventFacts | undefined> {
    const row = await repo.findChange(this.deps.db, changeId);
    if (!row) return undefined;
    const sponsor = { name: row.sponsorName, website: row.sponsorWebsite };
    const change = { id: row.id, actionId: row.actionId, state: row.state, at: row.at };
    const cosponsor =
      row.organizationId !== null
        ? {
            kind: "organization" as const,
            id: row.organizationId,
            name: row.organizationName ?? "",
            website: publicWebsite(row.organizationWebsite),
            createdAt: row.cosponsorshipCreatedAt ?? row.at,
          }
        : {
            kind: "signon" as const,
            // The table's check sets exactly one of the two ids.
            id: row.signOnId ?? 0,
            name: row.signOnName ?? "",
            website: publicWebsite(row.signOnWebsite),
            createdAt: row.signOnCreatedAt ?? row.at,
          };
    return { change, cosponsor, sponsor };
  }

  /** The organizations an account may act for as a (co-)sponsor: those where it may edit actions. */
  async organizationsActingFor(actor: Actor) {
    const memberships = await this.deps.organizations.list(actor);
    return memberships.filter((membership) => membership.role !== "viewer");
  }

  /** Gives an action a co-sponsor, approved, with no one asking (the demo loader, test fixtures). */
  async addApproved(actionId: number, organizationId: number): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      await addApprovedCosponsor(trx, actionId, organizationId);
      await this.deps.actions.cosponsorsChanged(trx, actionId);
    });
    this.deps.actions.cosponsorsCommitted(actionId);
  }

  private async sponsorsAction(access: OrganizationAccess, actionId: number) {
    const overview = await this.deps.editor.overview(access, actionId, "en");
    return {
      id: overview.id,
      slug: overview.slug,
      title: overview.title,
      sponsorOrganizationId: access.organization.id,
    };
  }

  private async start(
    access: OrganizationAccess,
    action: Pick<ActionRef, "id" | "title" | "sponsorOrganizationId">,
    cosponsor: { id: number; name: string },
    initiatedBy: Side,
  ): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const existing = await repo.findCosponsorship(trx, action.id, cosponsor.id);
      if (existing && !mayAskAgain(existing.status)) throw new CosponsorMoveRefusedError("already");
      const now = nowIso();
      await repo.putCosponsorship(trx, {
        actionId: action.id,
        organizationId: cosponsor.id,
        status: "pending",
        initiatedBy,
        requestedBy: access.actor.accountId,
        now,
      });
      const event = initiatedBy === "sponsor" ? "cosponsor.invited" : "cosponsor.requested";
      await this.auditBoth(trx, access.actor.accountId, action, cosponsor, event);
    });
  }

  private async move(
    access: OrganizationAccess,
    action: Pick<ActionRef, "id" | "title" | "sponsorOrganizationId">,
    organizationId: number,
    move: CosponsorMove,
    side: Side,
  ): Promise<{ name: string }> {
    const cosponsor = (await repo.listCosponsorships(this.deps.db, action.id)).find(
      (row) => row.organizationId === organizationId,
    );
    if (!cosponsor) throw new CosponsorNotFoundError(String(organizationId));
    const told = await this.deps.db.transaction().execute(async (trx) => {
      const now = nowIso();
      const current = await repo.findCosponsorship(trx, action.id, organizationId);
      const to = current && nextStatus(current.status, move);
      if (!current || !to || moverOf(move, current.initiatedBy) !== side)
        throw new CosponsorMoveRefusedError(move);
      const moved = await repo.moveCosponsorship(trx, {
        actionId: action.id,
        organizationId,
        from: [current.status],
        to,
        decidedBy: access.actor.accountId,
        now,
      });
      if (!moved) throw new CosponsorMoveRefusedError(move);
      // Only a co-sponsorship that begins or ends changes the page (and is told to webhooks).
      const shownChanged = current.status === "approved" || to === "approved";
      if (shownChanged) await this.deps.actions.cosponsorsChanged(trx, action.id);
      const event = {
        approve: "cosponsor.approved",
        decline: "cosponsor.declined",
        withdraw: "cosponsor.withdrawn",
        remove: "cosponsor.removed",
      }[move];
      await this.auditBoth(
        trx,
        access.actor.accountId,
        action,
        { id: organizationId, name: cosponsor.name },
        event,
      );
      // Declining, or withdrawing or removing what was still pending, neither begins nor ends one.
      if (!shownChanged || (to !== "approved" && to !== "withdrawn" && to !== "removed")) return false;
      return this.tellWebhooks(trx, action.sponsorOrganizationId, now, [
        { actionId: action.id, organizationId, state: to },
      ]);
    });
    this.deps.actions.cosponsorsCommitted(action.id);
    if (told) this.deps.outboxWritten();
    return { name: cosponsor.name };
  }

  /**
   * Records co-sponsorships that began or ended and writes the sponsor's webhook deliveries of
   * them, in the caller's transaction. Returns whether any delivery was written.
   */
  private async tellWebhooks(
    trx: Executor,
    sponsorOrganizationId: number,
    now: string,
    changes: repo.CosponsorshipChange[],
  ): Promise<boolean> {
    const ids = await repo.insertChanges(trx, changes, now);
    return this.deps.webhooks.enqueueForOrganization(
      trx,
      sponsorOrganizationId,
      "cosponsorship.changed",
      ids,
    );
  }

  /** A co-sponsorship with an account is in both organizations' logs. */
  private async auditBoth(
    trx: Executor,
    accountId: number,
    action: Pick<ActionRef, "id" | "title" | "sponsorOrganizationId">,
    cosponsor: { id: number; name: string },
    event: string,
  ): Promise<void> {
    const subject = `cosponsor:${action.id}:${cosponsor.id}`;
    const detail = { organization: cosponsor.name, title: action.title };
    await this.audit(trx, accountId, action.sponsorOrganizationId, event, subject, detail);
    await this.audit(trx, accountId, cosponsor.id, event, subject, detail);
  }

  private async audit(
    trx: Executor,
    accountId: number | null,
    organizationId: number,
    event: string,
    subject: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await recordChange(
      trx,
      { actor: { accountId }, organization: { id: organizationId } },
      { event, subject, detail },
    );
  }

  private async signOnOfLink(actionSlug: string, token: string) {
    const id = readSignOnToken(this.deps.secret, token);
    const signOn = id === null ? undefined : await repo.findSignOn(this.deps.db, id);
    if (signOn?.origin !== "form") throw new CosponsorNotFoundError(token);
    const action = await this.deps.actions.actionById(signOn.actionId);
    if (action.slug !== actionSlug) throw new CosponsorNotFoundError(token);
    return { signOn, action };
  }
}

/**
 * An approved co-sponsorship written inside the caller's transaction, by the demo loader (which
 * writes the whole demo action in one transaction, before any page is cached).
 */
export async function addApprovedCosponsor(
  trx: Executor,
  actionId: number,
  organizationId: number,
): Promise<void> {
  await repo.putCosponsorship(trx, {
    actionId,
    organizationId,
    status: "approved",
    initiatedBy: "sponsor",
    requestedBy: null,
    now: nowIso(),
  });
}

/**
 * The approved co-sponsors with an account, whose codes (their slugs) attribute signatures to
 * them: the actions module loads them with a page's content.
 */
export async function listPartners(db: Executor, actionId: number): Promise<PartnerRef[]> {
  return repo.listApprovedPartners(db, actionId);
}
