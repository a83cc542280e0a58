/** The retention setting on the organization's profile page: shown, saved with a notice and an audit entry, refused when out of range. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.ts";
import { type Browser, signIn } from "../support/browser-session.ts";
import { createAccount, createOrganization, type TestOrganization } from "../support/fixtures.ts";

let t: TestApp;
let org: TestOrganization;
let owner: Browser;
beforeEach(async () => {
  t = await createTestApp();
  const account = await createAccount(t.ctx);
  org = await createOrganization(t.ctx, [{ account, role: "owner" }]);
  owner = await signIn(t.app, account.email, account.password);
});
afterEach(async () => {
  await t.close();
});

describe("how long signers' details are kept", () => {
  it("shows 6 months by default, saves a new value with a notice and an audit entry", async () => {
    const profile = `/en/admin/o/${org.slug}/profile`;
    const page = await owner.get(profile);
    expect(page.body).toContain("How long signers’ details are kept");
    expect(page.body).toMatch(/name="retention_months" value="6"/);

    const saved = await owner.post(`/en/admin/o/${org.slug}/retention`, { retention_months: "12" });
    expect(saved.statusCode).toBe(303);
    const after = await owner.get(profile);
    expect(after.body).toContain("Signers’ details are now kept 12 months after an action closes.");
    expect(after.body).toMatch(/name="retention_months" value="12"/);
    const audit = await t.ctx.database.db
      .selectFrom("audit_log")
      .select(["event", "detail"])
      .where("event", "=", "organization.retention_changed")
      .execute();
    expect(audit.map((a) => JSON.parse(a.detail))).toEqual([{ from: 6, to: 12 }]);
    expect((await owner.get(`/en/admin/o/${org.slug}/audit`)).body).toContain(
      "Signers’ details kept 12 months after an action closes (was 6).",
    );
  });

  it("re-renders the page with the error and the value typed when it is out of range", async () => {
    const refused = await owner.post(`/en/admin/o/${org.slug}/retention`, { retention_months: "500" });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain("Enter a whole number of months from 1 to 120");
    expect(refused.body).toMatch(/name="retention_months" value="500"/);
    expect((await owner.post(`/en/admin/o/${org.slug}/retention`, {}, { csrf: null })).statusCode).toBe(403);
  });
});
