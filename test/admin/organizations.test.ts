/** Organizations, members and invitations, and the action editor, through the real routes. */

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setMembership } from "../../src/modules/organizations/organizations.repository.ts";
import { rememberedDetailsScript } from "../../src/views/pages/remembered-details-script.ts";
import { agedFormToken, createTestApp, type TestApp } from "../support/app.ts";
import { Browser, signIn } from "../support/browser-session.ts";
import {
  actionForm,
  createAccount,
  createAction,
  createOrganization,
  latestMail,
  mailCount,
  type TestAccount,
  type TestOrganization,
  uniqueSlug,
} from "../support/fixtures.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

async function ownerAndOrg(): Promise<{ owner: TestAccount; org: TestOrganization; browser: Browser }> {
  const owner = await createAccount(t.ctx, { name: "Owen Owner" });
  const org = await createOrganization(t.ctx, [{ account: owner, role: "owner" }]);
  return { owner, org, browser: await signIn(t.app, owner.email, owner.password) };
}

function invite(browser: Browser, org: TestOrganization, email: string, role = "organizer") {
  return browser.post(`/en/admin/o/${org.slug}/members/invite`, { email, role });
}

async function roleOf(orgId: number, accountId: number): Promise<string | undefined> {
  const row = await t.ctx.database.db
    .selectFrom("memberships")
    .select("role")
    .where("organization_id", "=", orgId)
    .where("account_id", "=", accountId)
    .executeTakeFirst();
  return row?.role;
}

/** The visible text of one field's error message, or undefined. */
function fieldError(body: string, field: string): string | undefined {
  return new RegExp(`<p class="field-error" id="f-${field}-error">([^<]*)</p>`).exec(body)?.[1];
}

describe("creating an organization", () => {
  it("lets a platform administrator create one and makes them its owner", async () => {
    const admin = await createAccount(t.ctx, { platformAdmin: true, name: "Ada Admin" });
    const browser = await signIn(t.app, admin.email, admin.password);
    const slug = uniqueSlug("coalition");
    const created = await browser.post("/en/admin/organizations/new", {
      name: "Bay Area Coalition",
      slug,
      short_name: "BAC",
      website: "https://bac.example.org",
      city: "Oakland",
      state: "CA",
      description_en: "We organize.",
      description_es: "Nos organizamos.",
    });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe(`/en/admin/o/${slug}`);
    const page = await browser.get(`/en/admin/o/${slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Bay Area Coalition");
    const members = await browser.get(`/en/admin/o/${slug}/members`);
    expect(members.body).toMatch(
      /Ada Admin<\/td><td data-label="Email">[^<]+<\/td><td data-label="Role"><form[\s\S]*?<option value="owner" selected>/,
    );
    const profile = await browser.get(`/en/admin/o/${slug}/profile`);
    for (const value of ["BAC", "https://bac.example.org", "Oakland", "We organize.", "Nos organizamos."])
      expect(profile.body).toContain(value);
  });

  const badSlugs: [string, string, string][] = [
    ["a reserved route word", "admin", "This link name is reserved or not allowed. Please choose another."],
    [
      "a reserved Spanish word",
      "cuenta",
      "This link name is reserved or not allowed. Please choose another.",
    ],
    [
      "an English obscenity",
      "fuck-the-rent",
      "This link name is reserved or not allowed. Please choose another.",
    ],
    [
      "an obscenity run into a word",
      "shitlist",
      "This link name is reserved or not allowed. Please choose another.",
    ],
    [
      "a Spanish obscenity",
      "pinche-pendejo",
      "This link name is reserved or not allowed. Please choose another.",
    ],
    [
      "a Spanish obscenity as a word",
      "la-puta-renta",
      "This link name is reserved or not allowed. Please choose another.",
    ],
    ["capitals and underscores", "Bad_Slug", "Use 3 to 60 lowercase letters, numbers and single hyphens."],
    ["spaces and symbols", "our org!", "Use 3 to 60 lowercase letters, numbers and single hyphens."],
    ["accents", "educación", "Use 3 to 60 lowercase letters, numbers and single hyphens."],
    ["a double hyphen", "our--org", "Use 3 to 60 lowercase letters, numbers and single hyphens."],
    ["a leading hyphen", "-org", "Use 3 to 60 lowercase letters, numbers and single hyphens."],
    ["61 characters", "a".repeat(61), "Use 3 to 60 lowercase letters, numbers and single hyphens."],
    ["nothing", "", "Use 3 to 60 lowercase letters, numbers and single hyphens."],
  ];
  it.each(badSlugs)(
    "refuses a slug with %s (422, field message, values kept)",
    async (_what, slug, message) => {
      const admin = await createAccount(t.ctx, { platformAdmin: true });
      const browser = await signIn(t.app, admin.email, admin.password);
      const response = await browser.post("/en/admin/organizations/new", {
        name: "Kept Name",
        slug,
        city: "Fresno",
      });
      expect(response.statusCode).toBe(422);
      expect(fieldError(response.body, "slug")).toBe(message);
      expect(response.body).toContain('value="Kept Name"');
      expect(response.body).toContain('value="Fresno"');
    },
  );

  it.each([
    "diputados-por-la-vivienda",
    "computadoras-para-todos",
    "vergara-family-fund",
    "scunthorpe-tenants",
    "reputation-matters",
    "fire-retardant-ban",
    "push-it-forward",
  ])("accepts %s, which only contains a blocked word inside another word", async (slug) => {
    const admin = await createAccount(t.ctx, { platformAdmin: true });
    const browser = await signIn(t.app, admin.email, admin.password);
    const response = await browser.post("/en/admin/organizations/new", { name: "Fine name", slug });
    expect(response.statusCode, fieldError(response.body, "slug")).toBe(303);
  });

  it("says in Spanish that a slug is already used, and checks the other fields", async () => {
    const admin = await createAccount(t.ctx, { platformAdmin: true });
    const browser = await signIn(t.app, admin.email, admin.password);
    const existing = await createOrganization(t.ctx);
    const duplicate = await browser.post("/es/admin/organizations/new", {
      name: "Otra",
      slug: existing.slug,
    });
    expect(duplicate.statusCode).toBe(422);
    expect(fieldError(duplicate.body, "slug")).toBe("Este nombre de enlace ya se usa. Elija otro.");
    const invalid = await browser.post("/en/admin/organizations/new", {
      name: "",
      slug: uniqueSlug("ok"),
      website: "not a url",
      city: "x".repeat(81),
    });
    expect(invalid.statusCode).toBe(422);
    expect(fieldError(invalid.body, "name")).toBe("Please fill in this field.");
    expect(fieldError(invalid.body, "website")).toBe("Enter a full web address starting with https://.");
    expect(fieldError(invalid.body, "city")).toBe("Please use at most 80 characters.");
  });
});

describe("members and invitations", () => {
  it("invites a new person, who joins with that role by creating an account", async () => {
    const { org, browser } = await ownerAndOrg();
    const invited = await browser.post(`/en/admin/o/${org.slug}/members/invite`, {
      email: "newcomer@example.org",
      role: "organizer",
    });
    expect(invited.statusCode).toBe(303);
    expect(invited.headers.location).toBe(`/en/admin/o/${org.slug}/members`);
    const notice = '<p class="notice" role="status">Invitation sent to newcomer@example.org.</p>';
    expect((await browser.get(String(invited.headers.location))).body).toContain(notice);
    // A notice is shown once, not again on the next page.
    expect((await browser.get(String(invited.headers.location))).body).not.toContain(notice);
    const mail = await latestMail(t.ctx, "newcomer@example.org");
    expect(mail.subject).toBe("You are invited to an organization on Juntos");
    expect(mail.path).toMatch(/^\/en\/invitations\//);

    const newcomer = new Browser(t.app);
    const page = await newcomer.get(mail.path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`${org.name} invites you to join as organizer.`);
    expect(page.body).toContain("Create your account for newcomer@example.org to accept.");
    const tooShort = await newcomer.post(mail.path, { name: "New Comer", password: "short" });
    expect(tooShort.statusCode).toBe(422);
    expect(tooShort.body).toContain('value="New Comer"');

    const accepted = await newcomer.post(mail.path, { name: "New Comer", password: "a long new password" });
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe(`/en/admin/o/${org.slug}`);
    expect((await newcomer.get(`/en/admin/o/${org.slug}/actions/new`)).statusCode).toBe(200);
    const account = await t.ctx.database.db
      .selectFrom("accounts")
      .select(["id", "email_verified_at"])
      .where("email_canonical", "=", "newcomer@example.org")
      .executeTakeFirstOrThrow();
    expect(account.email_verified_at).not.toBeNull();
    expect(await roleOf(org.id, account.id)).toBe("organizer");
    // The link works once.
    expect((await new Browser(t.app).get(mail.path)).statusCode).toBe(404);
  });

  it("asks an existing account to sign in first, then joins it", async () => {
    const { org, browser } = await ownerAndOrg();
    const member = await createAccount(t.ctx, { name: "Existing Person" });
    await browser.post(`/en/admin/o/${org.slug}/members/invite`, { email: member.email, role: "viewer" });
    const { path } = await latestMail(t.ctx, member.email);

    const anonymous = new Browser(t.app);
    const page = await anonymous.get(path);
    expect(page.body).toContain(`href="/en/account/login?next=${encodeURIComponent(path)}"`);
    expect(page.body).not.toContain('name="password"');
    // Creating a second account for the same address is refused.
    const squat = await anonymous.post(path, { name: "Squatter", password: "a long new password" });
    expect(squat.statusCode).toBe(403);
    expect(await roleOf(org.id, member.id)).toBeUndefined();

    const signingIn = await anonymous.post(`/en/account/login?next=${encodeURIComponent(path)}`, {
      email: member.email,
      password: member.password,
    });
    expect(signingIn.headers.location).toBe(path);
    const signedInPage = await anonymous.get(path);
    expect(signedInPage.body).toContain("Accept the invitation");
    const accepted = await anonymous.post(path);
    expect(accepted.statusCode).toBe(303);
    expect(await roleOf(org.id, member.id)).toBe("viewer");
  });

  it("validates invitations: a bad email or role re-renders with 422", async () => {
    const { org, browser } = await ownerAndOrg();
    const response = await browser.post(`/en/admin/o/${org.slug}/members/invite`, {
      email: "not-an-email",
      role: "emperor",
    });
    expect(response.statusCode).toBe(422);
    expect(fieldError(response.body, "email")).toBe("Enter an email address like name@example.org.");
    expect(response.body).toContain('value="not-an-email"');
  });

  it("changes roles and removes members, but never the last owner", async () => {
    const { owner, org, browser } = await ownerAndOrg();
    const organizer = await createAccount(t.ctx);
    await setMembership(t.ctx.database.db, org.id, organizer.id, "organizer", new Date().toISOString());
    const organizerBrowser = await signIn(t.app, organizer.email, organizer.password);
    const action = await createAction(t.ctx, org);
    const editUrl = `/en/admin/o/${org.slug}/actions/${action.id}/edit`;
    expect((await organizerBrowser.get(editUrl)).statusCode).toBe(200);

    const demoted = await browser.post(`/en/admin/o/${org.slug}/members/${organizer.id}`, { role: "viewer" });
    expect(demoted.statusCode).toBe(303);
    expect(await roleOf(org.id, organizer.id)).toBe("viewer");
    expect((await organizerBrowser.get(editUrl)).statusCode).toBe(403);

    const lastOwner = await browser.post(`/en/admin/o/${org.slug}/members/${owner.id}`, {
      role: "organizer",
    });
    expect(lastOwner.statusCode).toBe(409);
    expect(lastOwner.body).toContain("only owner");
    expect(
      (await browser.post(`/en/admin/o/${org.slug}/members/${owner.id}`, { role: "remove", confirm: "yes" }))
        .statusCode,
    ).toBe(409);
    expect(await roleOf(org.id, owner.id)).toBe("owner");

    // With a second owner, the first may step down.
    await browser.post(`/en/admin/o/${org.slug}/members/${organizer.id}`, { role: "owner" });
    const stepDown = await browser.post(`/en/admin/o/${org.slug}/members/${owner.id}`, { role: "organizer" });
    expect(stepDown.statusCode).toBe(303);
    expect(await roleOf(org.id, owner.id)).toBe("organizer");

    // Removing asks first: the answer is a confirmation page, and nothing changed yet.
    const asked = await organizerBrowser.post(`/en/admin/o/${org.slug}/members/${owner.id}`, {
      role: "remove",
    });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain("Remove this member?");
    expect(asked.body).toContain('<input type="hidden" name="confirm" value="yes"/>');
    expect(await roleOf(org.id, owner.id)).toBe("organizer");
    const removed = await organizerBrowser.post(`/en/admin/o/${org.slug}/members/${owner.id}`, {
      role: "remove",
      confirm: "yes",
    });
    expect(removed.statusCode).toBe(303);
    expect(await roleOf(org.id, owner.id)).toBeUndefined();
    expect((await browser.get(`/en/admin/o/${org.slug}`)).statusCode).toBe(404);

    const bogus = await organizerBrowser.post(`/en/admin/o/${org.slug}/members/${organizer.id}`, {
      role: "king",
    });
    expect(bogus.statusCode).toBe(422);
  });
});

describe("the organizer home", () => {
  it("shows a new platform administrator none of the demo's organizations, and the next step", async () => {
    const demo = await createTestApp({ SEED_DEMO: "true" });
    try {
      const demoOrganizations = await demo.ctx.database.db
        .selectFrom("organizations")
        .select("name")
        .execute();
      expect(demoOrganizations.length).toBeGreaterThan(1);
      const admin = await createAccount(demo.ctx, { platformAdmin: true });
      expect(await demo.ctx.organizations.list({ accountId: admin.id, isPlatformAdmin: true })).toEqual([]);
      const home = await (await signIn(demo.app, admin.email, admin.password)).get("/en/admin");
      expect(home.statusCode).toBe(200);
      expect(home.body).toContain("Create your organization to publish its first action.");
      for (const { name } of demoOrganizations) expect(home.body).not.toContain(`>${name}</a>`);
    } finally {
      await demo.close();
    }
  });

  it("lists the organizations the account is a member of, with its role", async () => {
    const { owner, org } = await ownerAndOrg();
    const other = await createOrganization(t.ctx, [{ account: owner, role: "viewer" }]);
    await createOrganization(t.ctx);
    const listed = await t.ctx.organizations.list({ accountId: owner.id, isPlatformAdmin: true });
    expect(listed).toEqual(
      [
        { slug: org.slug, name: org.name, role: "owner" },
        { slug: other.slug, name: other.name, role: "viewer" },
      ].sort((a, b) => a.name.localeCompare(b.name)),
    );
  });
});

describe("invitations bound to the invited address", () => {
  it("can be accepted only by an account with the invited address verified", async () => {
    const { org, browser } = await ownerAndOrg();
    const invitee = await createAccount(t.ctx, { email: "invitee@example.org" });
    const stranger = await createAccount(t.ctx);
    const unverified = await createAccount(t.ctx, { email: "unverified@example.org", verified: false });
    await invite(browser, org, invitee.email);
    await invite(browser, org, unverified.email);
    const { path } = await latestMail(t.ctx, invitee.email);
    const unverifiedLink = (await latestMail(t.ctx, unverified.email)).path;

    const strangerBrowser = await signIn(t.app, stranger.email, stranger.password);
    const shown = await strangerBrowser.get(path);
    expect(shown.body).toContain(
      `This invitation was sent to ${invitee.email}, and you are signed in as ${stranger.email}.`,
    );
    expect(shown.body).not.toContain("Accept the invitation");
    const wrong = await strangerBrowser.post(path);
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).toContain("This invitation is for another address");
    expect(await roleOf(org.id, stranger.id)).toBeUndefined();

    // An unverified account holding the address proves nothing (anyone can register it).
    const squatter = new Browser(t.app);
    squatter.setCookie("juntos_session", await t.ctx.accounts.createSession(unverified.id));
    await squatter.get(unverifiedLink);
    expect((await squatter.post(unverifiedLink)).statusCode).toBe(403);
    expect(await roleOf(org.id, unverified.id)).toBeUndefined();

    const right = await (await signIn(t.app, invitee.email.toUpperCase(), invitee.password)).post(path);
    expect(right.statusCode).toBe(303);
    expect(await roleOf(org.id, invitee.id)).toBe("organizer");
  });

  it("die when their sender is removed or can no longer invite: a removed owner cannot come back", async () => {
    const { owner, org, browser } = await ownerAndOrg();
    const coOwner = await createAccount(t.ctx);
    await setMembership(t.ctx.database.db, org.id, coOwner.id, "owner", new Date().toISOString());
    const coOwnerBrowser = await signIn(t.app, coOwner.email, coOwner.password);
    // Before being removed, the owner invites a second address of her own, and a colleague.
    await invite(browser, org, "owner-alt@example.org", "owner");
    await invite(browser, org, "colleague@example.org", "viewer");
    const comeBack = (await latestMail(t.ctx, "owner-alt@example.org")).path;
    const colleague = (await latestMail(t.ctx, "colleague@example.org")).path;
    // The co-owner's own invitation is not hers to lose.
    await invite(coOwnerBrowser, org, "kept@example.org", "viewer");
    const kept = (await latestMail(t.ctx, "kept@example.org")).path;

    expect(
      (
        await coOwnerBrowser.post(`/en/admin/o/${org.slug}/members/${owner.id}`, {
          role: "remove",
          confirm: "yes",
        })
      ).statusCode,
    ).toBe(303);
    const back = await new Browser(t.app).post(comeBack, {
      name: "Owner Again",
      password: "a long new password",
    });
    expect(back.statusCode).toBe(404);
    expect((await new Browser(t.app).get(colleague)).statusCode).toBe(404);
    expect((await new Browser(t.app).get(kept)).statusCode).toBe(200);

    // Demoted to organizer: the same.
    const demoted = await createAccount(t.ctx);
    await setMembership(t.ctx.database.db, org.id, demoted.id, "owner", new Date().toISOString());
    await invite(await signIn(t.app, demoted.email, demoted.password), org, "via-demoted@example.org");
    const viaDemoted = (await latestMail(t.ctx, "via-demoted@example.org")).path;
    await coOwnerBrowser.post(`/en/admin/o/${org.slug}/members/${demoted.id}`, { role: "organizer" });
    expect((await new Browser(t.app).get(viaDemoted)).statusCode).toBe(404);
  });

  it("are listed with who sent them, can be revoked, and a repeat replaces the pending one", async () => {
    const { owner, org, browser } = await ownerAndOrg();
    await invite(browser, org, "twice@example.org", "viewer");
    const first = (await latestMail(t.ctx, "twice@example.org")).path;
    await invite(browser, org, "Twice@Example.org", "organizer");
    const second = (await latestMail(t.ctx, "Twice@Example.org")).path;
    expect(second).not.toBe(first);
    expect((await new Browser(t.app).get(first)).statusCode).toBe(404);

    const access = await t.ctx.organizations.access(
      { accountId: owner.id, isPlatformAdmin: false },
      org.slug,
    );
    const { invitations: pending } = await t.ctx.organizations.members(access);
    expect(pending).toMatchObject([
      { email: "Twice@Example.org", role: "organizer", invitedByName: owner.name },
    ]);

    expect(await t.ctx.organizations.revokeInvitation(access, pending[0]!.id)).toEqual({
      email: "Twice@Example.org",
    });
    expect((await t.ctx.organizations.members(access)).invitations).toEqual([]);
    const page = await new Browser(t.app).post(second, { name: "Late", password: "a long new password" });
    expect(page.statusCode).toBe(404);
  });

  it("refuse to invite yourself or someone who is already a member, and send nothing", async () => {
    const { owner, org, browser } = await ownerAndOrg();
    const member = await createAccount(t.ctx);
    await setMembership(t.ctx.database.db, org.id, member.id, "viewer", new Date().toISOString());
    const messages = [
      [owner.email, "This is your own address: you are already a member."],
      [
        member.email.toUpperCase(),
        "This person is already a member. Change their role in the list above instead.",
      ],
    ];
    for (const [email, message] of messages) {
      const response = await invite(browser, org, email!);
      expect(response.statusCode, email).toBe(422);
      expect(fieldError(response.body, "email")).toBe(message);
      expect(response.body).toContain(`value="${email}"`);
      expect(await mailCount(t.ctx, email!)).toBe(0);
    }
  });
});

describe("the members page", () => {
  it("lists pending invitations with role, sender and end, and says what each change did", async () => {
    const { owner, org, browser } = await ownerAndOrg();
    const sent = await invite(browser, org, "first@example.org", "viewer");
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`/en/admin/o/${org.slug}/members`);
    let page = await browser.get(`/en/admin/o/${org.slug}/members`);
    expect(page.body).toContain("Invitation sent to first@example.org.");
    expect(page.body).toContain("Pending invitations");
    expect(page.body).toMatch(
      new RegExp(
        `<td data-label="Email">first@example.org</td><td data-label="Role">viewer</td><td data-label="Invited by">${owner.name}</td><td data-label="Link works until"><time datetime="[^"]+">`,
      ),
    );
    expect(page.body).toContain("Viewers see actions and totals");

    await invite(browser, org, "first@example.org", "organizer");
    page = await browser.get(`/en/admin/o/${org.slug}/members`);
    expect(page.body).toContain(
      "A new invitation was sent to first@example.org; the earlier link no longer works.",
    );
    expect(page.body.match(/<td data-label="Email">first@example.org<\/td>/g)).toHaveLength(1);

    const link = (await latestMail(t.ctx, "first@example.org")).path;
    const id = /members\/invitations\/(\d+)\/revoke/.exec(page.body)?.[1];
    const ask = await browser.post(`/en/admin/o/${org.slug}/members/invitations/${id}/revoke`);
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain("Revoke this invitation?");
    expect(ask.body).toContain("The link sent to first@example.org will stop working.");
    expect(ask.body).toContain('name="confirm" value="yes"');
    expect((await new Browser(t.app).get(link)).statusCode).toBe(200);

    const revoked = await browser.post(`/en/admin/o/${org.slug}/members/invitations/${id}/revoke`, {
      confirm: "yes",
    });
    expect(revoked.statusCode).toBe(303);
    page = await browser.get(`/en/admin/o/${org.slug}/members`);
    expect(page.body).toContain("The invitation to first@example.org was revoked; its link no longer works.");
    expect(page.body).toContain("No invitation is waiting for an answer.");
    expect((await new Browser(t.app).get(link)).statusCode).toBe(404);
    const again = await browser.post(`/en/admin/o/${org.slug}/members/invitations/${id}/revoke`, {
      confirm: "yes",
    });
    expect(again.statusCode).toBe(404);
  });

  it("asks before removing a member, then says it was done", async () => {
    const { org, browser } = await ownerAndOrg();
    const member = await createAccount(t.ctx, { name: "Marta Member" });
    await setMembership(t.ctx.database.db, org.id, member.id, "viewer", new Date().toISOString());
    const ask = await browser.post(`/en/admin/o/${org.slug}/members/${member.id}`, { role: "remove" });
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain(`Marta Member will no longer be able to open ${org.name} in Juntos.`);
    expect(await roleOf(org.id, member.id)).toBe("viewer");
    const removed = await browser.post(`/en/admin/o/${org.slug}/members/${member.id}`, {
      role: "remove",
      confirm: "yes",
    });
    expect(removed.statusCode).toBe(303);
    expect((await browser.get(`/en/admin/o/${org.slug}/members`)).body).toContain("Member removed.");
    expect(await roleOf(org.id, member.id)).toBeUndefined();
  });

  it("tells the only owner, in her language, to make someone else owner first", async () => {
    const { owner, org, browser } = await ownerAndOrg();
    const demote = await browser.post(`/es/admin/o/${org.slug}/members/${owner.id}`, { role: "viewer" });
    expect(demote.statusCode).toBe(409);
    expect(demote.body).toContain('class="errors"');
    expect(demote.body).toContain(
      "Usted es la única persona titular de esta organización. Primero haga titular a otra persona",
    );
    // Still the members page, with the lists.
    expect(demote.body).toContain(owner.email);
    const leave = await browser.post(`/en/admin/o/${org.slug}/members/${owner.id}`, {
      role: "remove",
      confirm: "yes",
    });
    expect(leave.statusCode).toBe(409);
    expect(leave.body).toContain(
      "You are the only owner of this organization. Make someone else an owner first",
    );
    expect(await roleOf(org.id, owner.id)).toBe("owner");
  });
});

describe("the audit log of members", () => {
  /** The organization's audit rows, oldest first, with their detail parsed. */
  async function auditOf(orgId: number) {
    const rows = await t.ctx.database.db
      .selectFrom("audit_log")
      .select(["account_id", "event", "subject", "detail"])
      .where("organization_id", "=", orgId)
      .orderBy("id")
      .execute();
    return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
  }

  it("records invitations, revocations, joining, role changes and removals with who and what", async () => {
    const { owner, org, browser } = await ownerAndOrg();
    await browser.post(`/en/admin/o/${org.slug}/members/invite`, {
      email: "gone@example.org",
      role: "viewer",
    });
    const access = await t.ctx.organizations.access(
      { accountId: owner.id, isPlatformAdmin: false },
      org.slug,
    );
    const {
      invitations: [pending],
    } = await t.ctx.organizations.members(access);
    await t.ctx.organizations.revokeInvitation(access, pending!.id);
    await browser.post(`/en/admin/o/${org.slug}/members/invite`, {
      email: "joiner@example.org",
      role: "viewer",
    });
    const link = (await latestMail(t.ctx, "joiner@example.org")).path;
    await new Browser(t.app).post(link, { name: "Jo Joiner", password: "a long new password" });
    const joiner = await t.ctx.accounts.findAccountByEmail("joiner@example.org");
    await browser.post(`/en/admin/o/${org.slug}/members/${joiner!.id}`, { role: "organizer" });
    await browser.post(`/en/admin/o/${org.slug}/members/${joiner!.id}`, { role: "remove", confirm: "yes" });
    // A refused change records nothing.
    await browser.post(`/en/admin/o/${org.slug}/members/${owner.id}`, { role: "viewer" });

    const by = owner.id;
    expect(await auditOf(org.id)).toEqual([
      {
        account_id: by,
        event: "member.invited",
        subject: "gone@example.org",
        detail: { email: "gone@example.org", role: "viewer" },
      },
      {
        account_id: by,
        event: "member.invitation_revoked",
        subject: "gone@example.org",
        detail: { email: "gone@example.org", role: "viewer" },
      },
      {
        account_id: by,
        event: "member.invited",
        subject: "joiner@example.org",
        detail: { email: "joiner@example.org", role: "viewer" },
      },
      {
        account_id: joiner!.id,
        event: "member.joined",
        subject: "joiner@example.org",
        detail: { email: "joiner@example.org", name: "Jo Joiner", role: "viewer", invitedBy: owner.name },
      },
      {
        account_id: by,
        event: "member.role_changed",
        subject: "joiner@example.org",
        detail: { email: "joiner@example.org", name: "Jo Joiner", from: "viewer", to: "organizer" },
      },
      {
        account_id: by,
        event: "member.removed",
        subject: "joiner@example.org",
        detail: { email: "joiner@example.org", name: "Jo Joiner", role: "organizer" },
      },
    ]);
  });
});

describe("the action editor", () => {
  it("creates an action with every field and shows each value again in the edit form", async () => {
    const { org, browser } = await ownerAndOrg();
    const fields = actionForm({ type: "letter", goal: "750", action_date: "2024-05-06" });
    const created = await browser.post(`/en/admin/o/${org.slug}/actions/new`, fields);
    expect(created.statusCode).toBe(303);
    const id = Number(/\/actions\/(\d+)$/.exec(String(created.headers.location))?.[1]);
    expect(created.headers.location).toBe(`/en/admin/o/${org.slug}/actions/${id}`);

    const edit = await browser.get(`/en/admin/o/${org.slug}/actions/${id}/edit`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('<option value="letter" selected>');
    for (const name of [
      "slug",
      "action_date",
      "goal",
      "title_en",
      "title_es",
      "target_1_name",
      "target_1_title_es",
    ])
      expect(edit.body, name).toContain(`name="${name}" value="${fields[name]}"`);
    for (const name of [
      "summary_en",
      "description_en",
      "letter_en",
      "summary_es",
      "description_es",
      "letter_es",
    ]) {
      const shown = new RegExp(`<textarea id="f-${name}"[^>]*>([^<]*)</textarea>`).exec(edit.body)?.[1];
      expect(shown, name).toBe(fields[name]!.replaceAll('"', "&quot;"));
    }

    // Drafts are not public; the dashboard says so.
    expect((await browser.get(`/en/a/${fields.slug}`)).statusCode).toBe(404);
    const dashboard = await browser.get(`/en/admin/o/${org.slug}/actions/${id}`);
    expect(dashboard.body).toContain("Draft");
  });

  it("edits an action, in English and Spanish, and the public pages follow", async () => {
    const { org, browser } = await ownerAndOrg();
    const action = await createAction(t.ctx, org);
    const changed = actionForm({
      slug: `${action.slug}-new`,
      title_en: "A new title",
      title_es: "Un título nuevo",
      target_0_name: "Frida Kahlo",
      target_0_title_en: "Governor",
      target_0_title_es: "",
      target_1_name: "",
      target_1_title_en: "",
      target_1_title_es: "",
      letter_es: "",
    });
    const saved = await browser.post(`/en/admin/o/${org.slug}/actions/${action.id}/edit`, changed);
    expect(saved.statusCode).toBe(303);
    expect((await browser.get(`/en/a/${action.slug}`)).statusCode).toBe(404);
    const en = await browser.get(`/en/a/${changed.slug}`);
    expect(en.body).toContain("<h1>A new title</h1>");
    expect(en.body).toContain("<strong>Frida Kahlo</strong>, Governor");
    const es = await browser.get(`/es/a/${changed.slug}`);
    expect(es.body).toContain("<h1>Un título nuevo</h1>");
    // Empty Spanish fields show the English text.
    expect(es.body).toContain("<strong>Frida Kahlo</strong>, Governor");
    expect(es.body).toContain(changed.letter_en);
  });

  it("re-renders with 422, a message per field and every typed value kept", async () => {
    const { org, browser } = await ownerAndOrg();
    const taken = await createAction(t.ctx, org);
    const fields = actionForm({
      type: "external",
      external_url: "ftp:nope",
      slug: "Not A Slug",
      action_date: "2024-02-31x",
      goal: "0",
      title_en: "",
      summary_en: "Kept summary",
      title_es: "x".repeat(161),
    });
    const response = await browser.post(`/en/admin/o/${org.slug}/actions/new`, fields);
    expect(response.statusCode).toBe(422);
    expect(fieldError(response.body, "slug")).toBe(
      "Use 3 to 60 lowercase letters, numbers and single hyphens.",
    );
    expect(fieldError(response.body, "action_date")).toBe("Enter a date like 2010-10-15.");
    expect(fieldError(response.body, "goal")).toBe("Enter a whole number of signatures, at least 1.");
    expect(fieldError(response.body, "external_url")).toBe(
      "Enter a full web address starting with https://.",
    );
    expect(fieldError(response.body, "title_en")).toBe("Please fill in this field.");
    expect(fieldError(response.body, "title_es")).toBe("Please use at most 160 characters.");
    expect(response.body).toContain('<option value="external" selected>');
    expect(response.body).toContain('value="Not A Slug"');
    expect(response.body).toContain(">Kept summary</textarea>");
    expect(response.body).toContain('value="ftp:nope"');

    const duplicate = await browser.post(
      `/en/admin/o/${org.slug}/actions/new`,
      actionForm({ slug: taken.slug }),
    );
    expect(duplicate.statusCode).toBe(422);
    expect(fieldError(duplicate.body, "slug")).toBe("This link name is already used. Please choose another.");

    const badEdit = await browser.post(
      `/en/admin/o/${org.slug}/actions/${taken.id}/edit`,
      actionForm({ slug: taken.slug, goal: "lots", title_en: "Edited title" }),
    );
    expect(badEdit.statusCode).toBe(422);
    expect(fieldError(badEdit.body, "goal")).toBe("Enter a whole number of signatures, at least 1.");
    expect(badEdit.body).toContain('value="Edited title"');
    const stored = await t.ctx.database.db
      .selectFrom("actions")
      .select("goal")
      .where("id", "=", taken.id)
      .executeTakeFirstOrThrow();
    expect(stored.goal).toBe(500);
  });

  it("previews exactly the page the public sees once published", async () => {
    const { org, browser } = await ownerAndOrg();
    const created = await browser.post(`/en/admin/o/${org.slug}/actions/new`, actionForm());
    const adminUrl = String(created.headers.location);
    const slug = /name="slug" value="([^"]+)"/.exec((await browser.get(`${adminUrl}/edit`)).body)?.[1];
    // Only the per-visit hidden fields of the signing form, the preview's banner and the public
    // page's comment-form scripts (the organizers' script policy allows neither) differ.
    const visitFields = (html: string) =>
      html
        .replace(/<input type="hidden" name="(ts|source|via)" value(="[^"]*")?\/>/g, "")
        .replace(/<p class="notice" role="status">.*?<\/p>/, "")
        .replace(`<script>${rememberedDetailsScript}</script>`, "")
        .replace('<script src="/comments/proof.js" defer></script>', "");
    const previews = {
      en: await browser.get(`${adminUrl}/preview`),
      es: await browser.get(`${adminUrl.replace("/en/", "/es/")}/preview`),
    };
    expect(previews.en.statusCode).toBe(200);

    expect(previews.en.body).toContain("Not published: this is a preview.");
    const published = await browser.post(`${adminUrl}/publish`);
    expect(published.statusCode).toBe(303);
    for (const locale of ["en", "es"] as const) {
      const page = await browser.get(`/${locale}/a/${slug}`);
      expect(page.statusCode).toBe(200);
      expect(visitFields(previews[locale].body)).toBe(visitFields(page.body));
    }
    expect(previews.es.body).toContain("Financien el centro de jornaleros");
  });

  it("closes an action: signing is refused with a clear message and the form is gone", async () => {
    const { org, browser } = await ownerAndOrg();
    const action = await createAction(t.ctx, org);
    const sign = () =>
      t.app.inject({
        method: "POST",
        url: `/en/a/${action.slug}/sign`,
        payload: new URLSearchParams({
          ts: agedFormToken(t.ctx),
          name: "Late Signer",
          email: "late@example.org",
          postal_code: "94110",
        }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
    expect((await browser.get(`/en/a/${action.slug}`)).body).toContain(
      `action="/en/a/${action.slug}/sign#form-errors"`,
    );

    const closed = await browser.post(`/en/admin/o/${org.slug}/actions/${action.id}/close`, {
      confirm: "yes",
    });
    expect(closed.statusCode).toBe(303);
    const page = await browser.get(`/en/a/${action.slug}`);
    expect(page.body).toContain("This action is closed and no longer takes signatures.");
    expect(page.body).not.toContain(`action="/en/a/${action.slug}/sign`);
    const refused = await sign();
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain("This action is closed and no longer takes signatures.");

    const reopened = await browser.post(`/en/admin/o/${org.slug}/actions/${action.id}/reopen`);
    expect(reopened.statusCode).toBe(303);
    expect((await sign()).statusCode).toBe(303);
    expect((await browser.post(`/en/admin/o/${org.slug}/actions/${action.id}/publish`)).statusCode).toBe(409);
  });

  it("archives an action: closed to the public, marked archived, no more status buttons", async () => {
    const { org, browser } = await ownerAndOrg();
    const action = await createAction(t.ctx, org);
    const archived = await browser.post(`/en/admin/o/${org.slug}/actions/${action.id}/archive`, {
      confirm: "yes",
    });
    expect(archived.statusCode).toBe(303);
    const dashboard = await browser.get(`/en/admin/o/${org.slug}/actions/${action.id}`);
    expect(dashboard.body).toContain('<span class="badge">Archived</span>');
    expect(dashboard.body.match(/<button type="submit"[^>]*>[^<]*<\/button>/g)?.slice(1)).toEqual([
      '<button type="submit">Restore from archive</button>',
    ]);
    expect((await browser.get(`/en/a/${action.slug}`)).body).toContain("This action is closed");
    const list = await browser.get(`/en/admin/o/${org.slug}`);
    expect(list.body).toContain('<span class="badge">Archived</span>');
  });
});
