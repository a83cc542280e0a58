/**
 * Inviting anyone by email to co-sponsor: the sponsor's form and list, the mail, and the link's
 * page for each kind of visitor (no account, an account, another account), once, within 14 days.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.ts";
import { Browser, redirectOf, signIn } from "../support/browser-session.ts";
import { ManualClock } from "../support/clock.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  latestMail,
  mailCount,
  password,
  type TestAccount,
  type TestOrganization,
} from "../support/fixtures.ts";

let t: TestApp;
let clock: ManualClock;
let sara: TestAccount;
let sponsor: Browser;
let sponsorOrg: TestOrganization;
let action: { id: number; slug: string };

beforeEach(async () => {
  clock = new ManualClock();
  t = await createTestApp({}, { clock });
  sara = await createAccount(t.ctx, { name: "Sara Sponsor" });
  sponsorOrg = await createOrganization(t.ctx, [{ account: sara, role: "owner" }]);
  action = await createAction(t.ctx, sponsorOrg);
  sponsor = await signIn(t.app, sara.email, sara.password);
});
afterEach(() => t.close());

const sponsorBase = () => `/en/admin/o/${sponsorOrg.slug}/actions/${action.id}/cosponsors`;
const db = () => t.ctx.database.db;

/** The sponsor invites by email through the form; returns the emailed link's path. */
async function invite(email: string, organizationName: string, locale = "en"): Promise<string> {
  const sent = await sponsor.post(`${sponsorBase()}/invite-email`, {
    organization_name: organizationName,
    email,
    locale,
  });
  expect(redirectOf(sent)).toBe(sponsorBase());
  return (await latestMail(t.ctx, email)).path;
}

async function organizationNamed(name: string) {
  return db().selectFrom("organizations").selectAll().where("name", "=", name).executeTakeFirst();
}

describe("an invitation by email to someone without an account", () => {
  it.each([
    ["en", "Create the accounts and co-sponsor", "Welcome! Árbol Collective now co-sponsors"],
    ["es", "Crear las cuentas y copatrocinar", "¡Bienvenida! Árbol Collective ahora copatrocina"],
  ] as const)(
    "in %s: mail, a page that changes nothing, then one form creates it all and signs in",
    async (locale, button, welcome) => {
      const path = await invite("ana@arbol.example", "Arbol", locale);
      const mail = await latestMail(t.ctx, "ana@arbol.example");
      expect(mail.subject).toContain(sponsorOrg.name);
      expect(mail.subject).toContain(
        locale === "es" ? "invita a Arbol a copatrocinar" : "invites Arbol to co-sponsor",
      );
      expect(path).toMatch(new RegExp(`^/${locale}/cosponsor-invitations/\\d+-[\\w-]{32}$`));
      const list = await sponsor.get(sponsorBase());
      expect(list.body).toContain("An invitation for Arbol was mailed to ana@arbol.example.");
      expect(list.body).toContain("ana@arbol.example");

      const partner = new Browser(t.app);
      // Twice, as a mail scanner and then the person: nothing changes on a GET.
      for (let i = 0; i < 2; i++) {
        const page = await partner.get(path);
        expect(page.statusCode).toBe(200);
        expect(page.body).toContain(sponsorOrg.name);
        expect(page.body).toContain('value="Arbol"');
        expect(page.body).toContain(button);
      }
      expect(
        await db().selectFrom("accounts").select("id").where("email", "=", "ana@arbol.example").execute(),
      ).toEqual([]);

      const short = await partner.post(path, { organization_name: "", name: "Ana", password: "short" });
      expect(short.statusCode).toBe(422);
      expect(short.body).toContain('href="#f-organization_name"');
      expect(short.body).toContain('href="#f-password"');
      expect(short.body).toContain('value="Ana"');
      expect(short.body).not.toContain('value="short"');

      const accepted = await partner.post(path, {
        organization_name: "Árbol Collective",
        name: "Ana Árbol",
        password,
      });
      expect(redirectOf(accepted)).toBe(`/${locale}/admin/o/arbol-collective/cosponsoring`);
      expect(partner.cookie("juntos_session")).toBeTruthy();
      const landing = await partner.get(String(accepted.headers.location));
      expect(landing.statusCode).toBe(200);
      expect(landing.body).toContain(welcome);
      expect(landing.body).toContain(`/${locale}/a/${action.slug}`);

      const account = await db()
        .selectFrom("accounts")
        .selectAll()
        .where("email", "=", "ana@arbol.example")
        .executeTakeFirstOrThrow();
      expect(account.email_verified_at).not.toBeNull();
      expect(account.name).toBe("Ana Árbol");
      expect(account.locale).toBe(locale);
      const org = await organizationNamed("Árbol Collective");
      expect(org?.slug).toBe("arbol-collective");
      const membership = await db()
        .selectFrom("memberships")
        .selectAll()
        .where("organization_id", "=", org!.id)
        .execute();
      expect(membership.map((m) => [m.account_id, m.role])).toEqual([[account.id, "owner"]]);
      const cosponsorship = await db()
        .selectFrom("action_cosponsors")
        .selectAll()
        .where("action_id", "=", action.id)
        .executeTakeFirstOrThrow();
      expect(cosponsorship).toMatchObject({
        organization_id: org!.id,
        status: "approved",
        requested_by: sara.id,
      });
      const audit = await db()
        .selectFrom("audit_log")
        .select(["organization_id", "account_id", "event", "detail"])
        .where("event", "like", "cosponsor.%")
        .orderBy("id")
        .execute();
      expect(audit.map((e) => [e.organization_id, e.account_id, e.event])).toEqual([
        [sponsorOrg.id, sara.id, "cosponsor.email_invited"],
        [sponsorOrg.id, account.id, "cosponsor.joined"],
        [org!.id, account.id, "cosponsor.joined"],
      ]);
      expect(JSON.parse(audit[1]!.detail)).toMatchObject({
        organization: "Árbol Collective",
        email: "ana@arbol.example",
      });
      expect((await t.app.inject(`/${locale}/a/${action.slug}`)).body).toContain("Árbol Collective");
      // The sponsor sees a co-sponsor, and no invitation waiting any more.
      const after = await sponsor.get(sponsorBase());
      expect(after.body).toContain("Árbol Collective");
      expect(after.body).toContain("No invitation by email is waiting for an answer.");
      const log = await sponsor.get(`/en/admin/o/${sponsorOrg.slug}/audit?kind=cosponsor`);
      expect(log.body).toContain("Árbol Collective accepted the invitation sent to ana@arbol.example");

      // The link works once: replayed, by anyone, it says so and changes nothing.
      for (const browser of [partner, new Browser(t.app)]) {
        const again = await browser.get(path);
        expect(again.statusCode).toBe(410);
        expect(again.body).toContain(
          locale === "es" ? "Esta invitación ya fue aceptada" : "This invitation was already accepted",
        );
      }
      const replay = await new Browser(t.app).post(path, {
        organization_name: "Again",
        name: "Eve",
        password,
      });
      expect(replay.statusCode).toBe(410);
      expect(await organizationNamed("Again")).toBeUndefined();
    },
  );

  it("gives each new organization its own link name, whatever its name", async () => {
    const first = await invite("one@example.org", "Same Name");
    const second = await invite("two@example.org", "Same Name");
    const third = await invite("three@example.org", "日本");
    const accept = async (path: string, email: string, name: string) =>
      redirectOf(await new Browser(t.app).post(path, { organization_name: name, name: email, password }));
    expect(await accept(first, "one@example.org", "Same Name")).toBe("/en/admin/o/same-name/cosponsoring");
    expect(await accept(second, "two@example.org", "Same Name")).toBe("/en/admin/o/same-name-2/cosponsoring");
    expect(await accept(third, "three@example.org", "日本")).toBe("/en/admin/o/organization/cosponsoring");
  });

  it("asks to sign in instead when the address got an account meanwhile", async () => {
    const path = await invite("late@example.org", "Late Org");
    const partner = new Browser(t.app);
    expect((await partner.get(path)).body).toContain("Create the accounts and co-sponsor");
    await createAccount(t.ctx, { email: "late@example.org" });
    const posted = await partner.post(path, { organization_name: "Late Org", name: "Lee", password });
    expect(posted.statusCode).toBe(409);
    expect(posted.body).toContain("An account with late@example.org exists already: sign in to accept");
    expect(await organizationNamed("Late Org")).toBeUndefined();
  });
});

describe("an invitation by email to someone with an account", () => {
  it("asks them to sign in and come back, then creates the organization with them as owner", async () => {
    const pablo = await createAccount(t.ctx, { name: "Pablo", email: "pablo@partner.example" });
    const path = await invite("Pablo@Partner.example", "Partner Front");
    const anonymous = new Browser(t.app);
    const page = await anonymous.get(path);
    expect(page.statusCode).toBe(200);
    const signInLink = `/en/account/login?next=${encodeURIComponent(path)}`;
    expect(page.body).toContain(`href="${signInLink.replace(/&/g, "&amp;")}"`);
    expect(page.body).not.toContain('name="password"');

    const signedIn = new Browser(t.app);
    const login = await signedIn.post(signInLink, { email: pablo.email, password: pablo.password });
    expect(redirectOf(login)).toBe(path);
    const offer = await signedIn.get(path);
    expect(offer.body).toContain("You are signed in as pablo@partner.example.");
    expect(offer.body).toContain("Accept and co-sponsor");
    const accepted = await signedIn.post(path, { organization_name: "Partner Front (Fresno)" });
    expect(redirectOf(accepted)).toBe("/en/admin/o/partner-front-fresno/cosponsoring");
    const org = await organizationNamed("Partner Front (Fresno)");
    const roles = await db()
      .selectFrom("memberships")
      .select(["account_id", "role"])
      .where("organization_id", "=", org!.id)
      .execute();
    expect(roles).toEqual([{ account_id: pablo.id, role: "owner" }]);
    const accounts = await db()
      .selectFrom("accounts")
      .select("id")
      .where("email_canonical", "=", "pablo@partner.example")
      .execute();
    expect(accounts).toEqual([{ id: pablo.id }]);
  });

  it("explains, and changes nothing, for someone signed in with another address", async () => {
    const path = await invite("right@example.org", "Right Org");
    const other = await createAccount(t.ctx, { email: "wrong@example.org" });
    const browser = await signIn(t.app, other.email, other.password);
    const page = await browser.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      "This invitation was sent to right@example.org, but you are signed in as wrong@example.org.",
    );
    expect(page.body).not.toContain("Accept and co-sponsor");
    const posted = await browser.post(path, { organization_name: "Right Org" });
    expect(posted.statusCode).toBe(403);
    expect(posted.body).toContain("This invitation is for another address");
    expect(await organizationNamed("Right Org")).toBeUndefined();
    // Still open for its addressee.
    expect((await new Browser(t.app).get(path)).statusCode).toBe(200);
  });
});

describe("a link that cannot be used", () => {
  it("says it expired after 14 days (by the clock)", async () => {
    const path = await invite("slow@example.org", "Slow Org");
    clock.advance(14 * 24 * 3600_000 - 60_000);
    expect((await new Browser(t.app).get(path)).statusCode).toBe(200);
    clock.advance(120_000);
    const browser = new Browser(t.app);
    const page = await browser.get(path);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain("This invitation has expired");
    const posted = await browser.post(path, { organization_name: "Slow Org", name: "Sol", password });
    expect(posted.statusCode).toBe(410);
    expect(await organizationNamed("Slow Org")).toBeUndefined();
    expect((await sponsor.get(sponsorBase())).body).toContain(
      "No invitation by email is waiting for an answer.",
    );
  });

  it("refuses a forged or mangled token with the invalid-link page", async () => {
    const path = await invite("real@example.org", "Real Org");
    const id = /\/(\d+)-/.exec(path)![1];
    for (const token of [
      `${id}-${"A".repeat(32)}`,
      "1",
      "x%3Cscript%3E",
      `${Number(id) + 1}-${path.slice(-32)}`,
    ]) {
      const page = await new Browser(t.app).get(`/en/cosponsor-invitations/${token}`);
      expect(page.statusCode, token).toBe(404);
    }
  });

  it("is revoked by the sponsor after a confirmation, in the audit log", async () => {
    const path = await invite("gone@example.org", "Gone Org");
    const list = await sponsor.get(sponsorBase());
    const revoke = /action="([^"]+\/email-invitations\/\d+\/revoke)"/.exec(list.body)?.[1];
    expect(revoke).toBeDefined();
    const question = await sponsor.post(revoke!);
    expect(question.statusCode).toBe(200);
    expect(question.body).toContain("Revoke the invitation of Gone Org?");
    expect((await new Browser(t.app).get(path)).statusCode).toBe(200);
    const revoked = await sponsor.post(revoke!, { confirm: "yes" });
    expect(redirectOf(revoked)).toBe(sponsorBase());
    const after = await sponsor.get(sponsorBase());
    expect(after.body).toContain("The invitation of Gone Org was revoked.");
    expect(after.body).not.toContain("gone@example.org");
    const page = await new Browser(t.app).get(path);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain("This invitation was withdrawn");
    expect((await sponsor.post(revoke!, { confirm: "yes" })).statusCode).toBe(404);
    const events = await db()
      .selectFrom("audit_log")
      .select("event")
      .where("organization_id", "=", sponsorOrg.id)
      .where("event", "like", "cosponsor.%")
      .orderBy("id")
      .execute();
    expect(events.map((e) => e.event)).toEqual([
      "cosponsor.email_invited",
      "cosponsor.email_invitation_revoked",
    ]);
  });

  it("is replaced by a newer invitation to the same address", async () => {
    const first = await invite("twice@example.org", "Twice Org");
    const again = await sponsor.post(`${sponsorBase()}/invite-email`, {
      organization_name: "Twice Org",
      email: "TWICE@example.org",
      locale: "en",
    });
    expect(redirectOf(again)).toBe(sponsorBase());
    expect((await sponsor.get(sponsorBase())).body).toContain("the earlier link no longer works");
    const second = (await latestMail(t.ctx, "TWICE@example.org")).path;
    expect(second).not.toBe(first);
    expect((await new Browser(t.app).get(first)).statusCode).toBe(410);
    expect((await new Browser(t.app).get(second)).statusCode).toBe(200);
  });

  it("dies with its sender's right to edit the sponsor's actions", async () => {
    const oscar = await createAccount(t.ctx, { name: "Oscar Organizer" });
    await db()
      .insertInto("memberships")
      .values({
        organization_id: sponsorOrg.id,
        account_id: oscar.id,
        role: "organizer",
        created_at: new Date().toISOString(),
      })
      .execute();
    const organizer = await signIn(t.app, oscar.email, oscar.password);
    await organizer.post(`${sponsorBase()}/invite-email`, {
      organization_name: "Orphan Org",
      email: "orphan@example.org",
      locale: "en",
    });
    const path = (await latestMail(t.ctx, "orphan@example.org")).path;
    const demote = await sponsor.post(`/en/admin/o/${sponsorOrg.slug}/members/${oscar.id}`, {
      role: "viewer",
    });
    expect(demote.statusCode).toBe(303);
    const posted = await new Browser(t.app).post(path, {
      organization_name: "Orphan Org",
      name: "Otto",
      password,
    });
    expect(posted.statusCode).toBe(410);
    expect(await organizationNamed("Orphan Org")).toBeUndefined();
  });
});

describe("the sponsor's invitation form", () => {
  it("keeps the values and lists the problems at the top", async () => {
    const bad = await sponsor.post(`${sponsorBase()}/invite-email`, {
      organization_name: "",
      email: "not-an-address",
      locale: "es",
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('href="#f-organization_name"');
    expect(bad.body).toContain('href="#f-email"');
    expect(bad.body).toContain('value="not-an-address"');
    expect(bad.body).toContain('<option value="es" selected');
    expect(await db().selectFrom("cosponsor_invitations").select("id").execute()).toEqual([]);
  });

  it("sends at most 3 invitations an hour to one address", async () => {
    for (let i = 0; i < 3; i++) await invite("busy@example.org", `Busy ${i}`);
    const fourth = await sponsor.post(`${sponsorBase()}/invite-email`, {
      organization_name: "Busy 4",
      email: "Busy@Example.org",
      locale: "en",
    });
    expect(fourth.statusCode).toBe(429);
    expect(fourth.body).toContain("Too many invitations went to this address");
    expect(fourth.body).toContain('value="Busy 4"');
    expect(await mailCount(t.ctx, "busy@example.org")).toBe(3);
    // Another address is not held back.
    await invite("calm@example.org", "Calm");
  });

  it("is not offered to viewers, who see the waiting invitations without their addresses", async () => {
    await invite("hidden@example.org", "Hidden Org");
    const vic = await createAccount(t.ctx, { name: "Vic Viewer" });
    await db()
      .insertInto("memberships")
      .values({
        organization_id: sponsorOrg.id,
        account_id: vic.id,
        role: "viewer",
        created_at: new Date().toISOString(),
      })
      .execute();
    const viewer = await signIn(t.app, vic.email, vic.password);
    const page = await viewer.get(sponsorBase());
    expect(page.body).toContain("Hidden Org");
    expect(page.body).not.toContain("hidden@example.org");
    expect(page.body).not.toContain("/invite-email");
    expect(page.body).not.toContain("/revoke");
  });
});
