import { describe, expect, it } from "vitest";
import { createTestContext, eachTestContext, type TestContext } from "../../../test/support/app.ts";
import { ManualClock } from "../../../test/support/clock.ts";
import { createAccount, createAction, createOrganization } from "../../../test/support/fixtures.ts";
import { ForbiddenError } from "../organizations/organizations.errors.ts";
import {
  CosponsorInvitationNotFoundError,
  CosponsorMoveRefusedError,
  CosponsorNotFoundError,
} from "./cosponsors.errors.ts";
import { invitationToken, signOnToken } from "./cosponsors.ts";

let ctx: TestContext;
eachTestContext((fresh) => {
  ctx = fresh;
});

async function memberOf(role: "owner" | "organizer" | "viewer" = "organizer") {
  const account = await createAccount(ctx);
  const org = await createOrganization(ctx, [{ account, role }]);
  const access = await ctx.organizations.access({ accountId: account.id, isPlatformAdmin: false }, org.slug);
  return { account, org, access };
}

const listed = async (slug: string, locale: "en" | "es" = "en") =>
  (await ctx.actions.getPublicPage(slug, locale)).cosponsors.map((c) => c.name);

describe("co-sponsorship with an account", () => {
  it("moves only as its rules say, and the page follows at once", async () => {
    const sponsor = await memberOf();
    const partner = await memberOf();
    const action = await createAction(ctx, sponsor.org);
    expect(await listed(action.slug)).toEqual([]);
    expect(await ctx.cosponsors.ask(partner.access, action.slug)).toEqual({
      ok: true,
      title: "Fund the day labor center",
    });
    // The one who asked does not decide; the sponsor cannot withdraw for the co-sponsor.
    await expect(ctx.cosponsors.cosponsorMove(partner.access, action.id, "approve")).rejects.toThrow(
      CosponsorMoveRefusedError,
    );
    await expect(
      ctx.cosponsors.sponsorMove(sponsor.access, action.id, partner.org.id, "withdraw"),
    ).rejects.toThrow(CosponsorMoveRefusedError);
    await ctx.cosponsors.sponsorMove(sponsor.access, action.id, partner.org.id, "approve");
    expect(await listed(action.slug)).toEqual([partner.org.name]);
    expect(await ctx.cosponsors.isCosponsor(action.id, partner.org.id)).toBe(true);
    expect(await ctx.cosponsors.cosponsorsOf(action.id)).toEqual([
      { organizationId: partner.org.id, slug: partner.org.slug, name: partner.org.name },
    ]);
    // Approved twice: the second finds nothing to approve.
    await expect(
      ctx.cosponsors.sponsorMove(sponsor.access, action.id, partner.org.id, "approve"),
    ).rejects.toThrow(CosponsorMoveRefusedError);
    await ctx.cosponsors.cosponsorMove(partner.access, action.id, "withdraw");
    expect(await listed(action.slug)).toEqual([]);
    // Ended, it can be asked for again.
    expect((await ctx.cosponsors.ask(partner.access, action.slug)).ok).toBe(true);
    await ctx.cosponsors.sponsorMove(sponsor.access, action.id, partner.org.id, "decline");
    expect(await listed(action.slug)).toEqual([]);
  });

  it("asks the right permission of each side, and keeps other organizations out", async () => {
    const sponsor = await memberOf();
    const viewer = await memberOf("viewer");
    const stranger = await memberOf();
    const action = await createAction(ctx, sponsor.org);
    await expect(ctx.cosponsors.ask(viewer.access, action.slug)).rejects.toThrow(ForbiddenError);
    await expect(ctx.cosponsors.invite(stranger.access, action.id, viewer.org.slug)).rejects.toThrow();
    await expect(ctx.cosponsors.invite(sponsor.access, action.id, sponsor.org.slug)).rejects.toThrow(
      CosponsorNotFoundError,
    );
    await expect(ctx.cosponsors.cosponsorMove(stranger.access, action.id, "withdraw")).rejects.toThrow(
      CosponsorNotFoundError,
    );
    const draft = await createAction(ctx, sponsor.org, { status: "draft" });
    expect(await ctx.cosponsors.ask(stranger.access, draft.slug)).toMatchObject({ ok: false });
  });

  it("lets platform users find organizations by part of their name, literally", async () => {
    const sponsor = await memberOf();
    const found = await ctx.cosponsors.searchOrganizations(
      sponsor.access,
      sponsor.org.name.slice(4).toUpperCase(),
    );
    expect(found).toEqual([]); // its own organization is never offered
    const other = await memberOf();
    expect(
      (await ctx.cosponsors.searchOrganizations(sponsor.access, other.org.slug)).map((o) => o.id),
    ).toEqual([other.org.id]);
    expect(await ctx.cosponsors.searchOrganizations(sponsor.access, "%")).toEqual([]);
  });
});

describe("sign-on without an account", () => {
  it("needs the emailed link's POST, then the sponsor's approval, to be listed", async () => {
    const sponsor = await memberOf();
    const action = await createAction(ctx, sponsor.org);
    await ctx.cosponsors.signOn(
      action.slug,
      {
        name: "Ñandú Cooperativa",
        city: null,
        state: null,
        website: null,
        contactName: "Ana",
        contactEmail: "ana@nandu.example",
      },
      "es",
    );
    const row = await ctx.database.db.selectFrom("action_signons").selectAll().executeTakeFirstOrThrow();
    expect(row.status).toBe("unverified");
    const token = signOnToken(ctx.config.secret, row.id);
    await expect(ctx.cosponsors.verifySignOn("another-action", token)).rejects.toThrow(
      CosponsorNotFoundError,
    );
    await expect(ctx.cosponsors.verifySignOn(action.slug, `${row.id}-${"x".repeat(32)}`)).rejects.toThrow(
      CosponsorNotFoundError,
    );
    expect((await ctx.cosponsors.signOnToVerify(action.slug, token)).alreadyVerified).toBe(false);
    await ctx.cosponsors.verifySignOn(action.slug, token);
    await ctx.cosponsors.verifySignOn(action.slug, token);
    const audits = await ctx.database.db
      .selectFrom("audit_log")
      .select("event")
      .where("event", "=", "cosponsor.signed_on")
      .execute();
    expect(audits).toHaveLength(1);
    expect(await listed(action.slug)).toEqual([]);
    await ctx.cosponsors.decideSignOn(sponsor.access, action.id, row.id, "approve");
    expect(await listed(action.slug, "es")).toEqual(["Ñandú Cooperativa"]);
    await ctx.cosponsors.decideSignOn(sponsor.access, action.id, row.id, "remove");
    expect(await listed(action.slug, "es")).toEqual([]);
  });

  it("mails the link in the language it signed on in, and not once it is verified", async () => {
    const sponsor = await memberOf();
    const action = await createAction(ctx, sponsor.org);
    const input = {
      name: "Org",
      city: null,
      state: null,
      website: null,
      contactName: "A",
      contactEmail: "a@o.example",
    };
    await ctx.cosponsors.signOn(action.slug, input, "es");
    const row = await ctx.database.db.selectFrom("action_signons").select("id").executeTakeFirstOrThrow();
    expect(await ctx.cosponsors.signOnMail(row.id)).toMatchObject({ to: "a@o.example", locale: "es" });
    await ctx.cosponsors.verifySignOn(action.slug, signOnToken(ctx.config.secret, row.id));
    expect(await ctx.cosponsors.signOnMail(row.id)).toBeUndefined();
  });
});

describe("the sponsor's overview", () => {
  it("shows sign-on contacts only to members who may see personal data", async () => {
    const ownerAccount = await createAccount(ctx);
    const viewerAccount = await createAccount(ctx);
    const org = await createOrganization(ctx, [
      { account: ownerAccount, role: "owner" },
      { account: viewerAccount, role: "viewer" },
    ]);
    const accessOf = (accountId: number) =>
      ctx.organizations.access({ accountId, isPlatformAdmin: false }, org.slug);
    const owner = { access: await accessOf(ownerAccount.id) };
    const viewer = await accessOf(viewerAccount.id);
    const action = await createAction(ctx, org);
    const input = {
      name: "Org",
      city: null,
      state: null,
      website: null,
      contactName: "Ana",
      contactEmail: "ana@o.example",
    };
    await ctx.cosponsors.signOn(action.slug, input, "en");
    const row = await ctx.database.db.selectFrom("action_signons").select("id").executeTakeFirstOrThrow();
    await ctx.cosponsors.verifySignOn(action.slug, signOnToken(ctx.config.secret, row.id));
    expect((await ctx.cosponsors.overview(owner.access, action.id, "en")).signOns[0]).toMatchObject({
      contactEmail: "ana@o.example",
    });
    expect((await ctx.cosponsors.overview(viewer, action.id, "en")).signOns[0]).toMatchObject({
      name: "Org",
      contactName: null,
      contactEmail: null,
    });
  });
});

describe("invitations by email", () => {
  async function invited(email: string) {
    const sponsor = await memberOf();
    const action = await createAction(ctx, sponsor.org);
    await ctx.cosponsors.inviteByEmail(sponsor.access, action.id, {
      organizationName: "Nube",
      email,
      locale: "en",
    });
    const { emailInvitations } = await ctx.cosponsors.overview(sponsor.access, action.id, "en");
    return { sponsor, action, token: invitationToken(ctx.config.secret, emailInvitations[0]!.id) };
  }
  const newcomer = (name: string) => ({
    name,
    password: "a long enough password",
    locale: "en" as const,
    networkKey: "n",
  });

  it("are accepted once when two acceptances race: one organization, one account", async () => {
    const { action, token } = await invited("race@example.org");
    const results = await Promise.allSettled([
      ctx.cosponsors.acceptEmailInvitation(token, newcomer("First"), "Nube One", "en"),
      ctx.cosponsors.acceptEmailInvitation(token, newcomer("Second"), "Nube Two", "en"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const organizations = await ctx.database.db
      .selectFrom("action_cosponsors")
      .select("organization_id")
      .where("action_id", "=", action.id)
      .execute();
    expect(organizations).toHaveLength(1);
    const accounts = await ctx.database.db
      .selectFrom("accounts")
      .select("id")
      .where("email", "=", "race@example.org")
      .execute();
    expect(accounts).toHaveLength(1);
  });

  it("that ended are forgotten a month later, open ones never", async () => {
    const clock = new ManualClock();
    const own = await createTestContext({}, { clock });
    try {
      const account = await createAccount(own);
      const org = await createOrganization(own, [{ account, role: "owner" }]);
      const access = await own.organizations.access(
        { accountId: account.id, isPlatformAdmin: false },
        org.slug,
      );
      const action = await createAction(own, org);
      for (const email of ["revoked@example.org", "open@example.org"])
        await own.cosponsors.inviteByEmail(access, action.id, {
          organizationName: email,
          email,
          locale: "en",
        });
      const revoked = (await own.cosponsors.overview(access, action.id, "en")).emailInvitations.find(
        (row) => row.email === "revoked@example.org",
      );
      await own.cosponsors.revokeEmailInvitation(access, action.id, revoked!.id);
      const remaining = async () =>
        (
          await own.database.db.selectFrom("cosponsor_invitations").select("email").orderBy("id").execute()
        ).map((r) => r.email);
      await own.cosponsors.purgeSpentInvitations(new Date(clock.now().getTime() + 29 * 24 * 3600_000));
      expect(await remaining()).toEqual(["revoked@example.org", "open@example.org"]);
      await own.cosponsors.purgeSpentInvitations(new Date(clock.now().getTime() + 31 * 24 * 3600_000));
      expect(await remaining()).toEqual(["open@example.org"]);
      // The open one expires after 14 days and goes a month after that; its link is then unknown.
      await own.cosponsors.purgeSpentInvitations(new Date(clock.now().getTime() + 45 * 24 * 3600_000));
      expect(await remaining()).toEqual([]);
      await expect(
        own.cosponsors.invitationToAccept(invitationToken(own.config.secret, revoked!.id), "en", null),
      ).rejects.toThrow(CosponsorInvitationNotFoundError);
    } finally {
      await own.close();
      await own.dropDatabase();
    }
  });
});
