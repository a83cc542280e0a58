/** Goals, end dates and outcomes through the real routes: the dashboard, the close step, the public page, the task. */
import { afterEach, describe, expect, it } from "vitest";
import { agedFormToken, createTestApp, type TestApp } from "../support/app.ts";
import { type Browser, signIn } from "../support/browser-session.ts";
import { ManualClock } from "../support/clock.ts";
import {
  actionForm,
  createAccount,
  createAction,
  createOrganization,
  sign,
  type TestOrganization,
} from "../support/fixtures.ts";

let t: TestApp;
let clock: ManualClock;
async function start(at = new Date()) {
  clock = new ManualClock(at);
  t = await createTestApp({}, { clock });
}
afterEach(async () => {
  await t.close();
});

async function ownerAndOrg(): Promise<{ org: TestOrganization; browser: Browser }> {
  const owner = await createAccount(t.ctx, { name: "Owen Owner" });
  const org = await createOrganization(t.ctx, [{ account: owner, role: "owner" }]);
  return { org, browser: await signIn(t.app, owner.email, owner.password) };
}

/** The row cache keeps a row for a second of the (manual) clock: let it go. */
function forgetRows() {
  clock.advance(2_000);
}

async function publicPage(slug: string, locale: "en" | "es" = "en"): Promise<string> {
  forgetRows();
  const page = await t.app.inject(`/${locale}/a/${slug}`);
  expect(page.statusCode).toBe(200);
  return page.body;
}

function countSentence(html: string): string {
  return /<p class="count" id="take-action">([^<]*)<\/p>/.exec(html)?.[1] ?? "";
}

async function auditEntries(event: string) {
  const rows = await t.ctx.database.db
    .selectFrom("audit_log")
    .select(["account_id", "organization_id", "subject", "detail"])
    .where("event", "=", event)
    .orderBy("id")
    .execute();
  return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}

async function stored(id: number) {
  return t.ctx.database.db
    .selectFrom("actions")
    .select(["status", "goal", "outcome", "outcome_note_en", "outcome_note_es", "ends_at"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

const signers = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ name: `Signer ${i}`, email: `signer${i}@example.org` }));

describe("a goal reached", () => {
  it("says so on the public page in both languages, and the sponsor sets the next goal, above the count", async () => {
    await start();
    const { org, browser } = await ownerAndOrg();
    const action = await createAction(t.ctx, org, { form: { goal: "2" } });
    await sign(t.ctx, action.slug, signers(1), true);
    expect(countSentence(await publicPage(action.slug))).toBe("1 person has signed");
    await sign(t.ctx, action.slug, signers(3).slice(1, 2), true);
    expect(countSentence(await publicPage(action.slug))).toBe("Goal reached! 2 people have signed");
    expect(countSentence(await publicPage(action.slug, "es"))).toBe(
      "¡Meta alcanzada! 2 personas han firmado",
    );

    const dashboardPath = `/en/admin/o/${org.slug}/actions/${action.id}`;
    const dashboard = await browser.get(dashboardPath);
    expect(dashboard.body).toContain("Goal reached: 2 of 2.");
    // The suggestion: the next round number at or above 1.5 × the count.
    expect(dashboard.body).toMatch(/name="goal" value="10"/);

    for (const typed of ["2", "1", "lots", ""]) {
      const refused = await browser.post(`${dashboardPath}/goal`, { goal: typed });
      expect(refused.statusCode, typed).toBe(422);
      expect(refused.body).toContain('class="errors"');
      if (typed) expect(refused.body).toContain(`name="goal" value="${typed}"`);
    }
    expect((await browser.post(`${dashboardPath}/goal`, { goal: "2" })).body).toContain(
      "The next goal must be more than the 2 signatures already counted.",
    );
    expect((await stored(action.id)).goal).toBe(2);

    const set = await browser.post(`${dashboardPath}/goal`, { goal: "10" });
    expect(set.statusCode).toBe(303);
    expect(set.headers.location).toBe(dashboardPath);
    const after = await browser.get(dashboardPath);
    expect(after.body).toContain("New goal set: 10.");
    expect(after.body).toContain("Earlier goals");
    expect(after.body).not.toContain("Goal reached:");
    expect((await stored(action.id)).goal).toBe(10);

    const page = await publicPage(action.slug);
    expect(countSentence(page)).toBe("2 people have signed");
    expect(page).toContain('<progress max="10" value="2"');
    expect(page).toContain("Goal: 10");
    expect(await auditEntries("action.goal_changed")).toEqual([
      expect.objectContaining({
        subject: `action:${action.id}`,
        detail: expect.objectContaining({ from: 2, to: 10, signatureCount: 2 }),
      }),
    ]);
  });

  it("is not another organization's to set: 404, the goal unchanged", async () => {
    await start();
    const { org } = await ownerAndOrg();
    const action = await createAction(t.ctx, org, { form: { goal: "2" } });
    const other = await ownerAndOrg();
    const response = await other.browser.post(`/en/admin/o/${org.slug}/actions/${action.id}/goal`, {
      goal: "100",
    });
    expect(response.statusCode).toBe(404);
    const own = await other.browser.post(`/en/admin/o/${other.org.slug}/actions/${action.id}/goal`, {
      goal: "100",
    });
    expect(own.statusCode).toBe(404);
    expect((await stored(action.id)).goal).toBe(2);
  });
});

describe("closing with an outcome", () => {
  it("asks for the outcome, shows it with its note on the closed page in both languages, and changes later", async () => {
    await start();
    const { org, browser } = await ownerAndOrg();
    const action = await createAction(t.ctx, org);
    const base = `/en/admin/o/${org.slug}/actions/${action.id}`;

    const ask = await browser.post(`${base}/close`);
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('id="outcome-victory"');
    expect(ask.body).toMatch(/id="outcome-closed"[^>]*checked/);
    expect((await stored(action.id)).status).toBe("published");

    const tooLong = await browser.post(`${base}/close`, {
      confirm: "yes",
      outcome: "victory",
      note_en: "x".repeat(501),
    });
    expect(tooLong.statusCode).toBe(422);
    expect((await stored(action.id)).status).toBe("published");

    const closed = await browser.post(`${base}/close`, {
      confirm: "yes",
      outcome: "victory",
      note_en: "The county lets us opt out.",
      note_es: "El condado nos deja salir.",
    });
    expect(closed.statusCode).toBe(303);
    expect(await stored(action.id)).toMatchObject({ status: "closed", outcome: "victory" });
    const en = await publicPage(action.slug);
    expect(en).toContain("Victory! This campaign won.");
    expect(en).toContain("The county lets us opt out.");
    expect(en).not.toContain('action="/en/a/');
    const es = await publicPage(action.slug, "es");
    expect(es).toContain("¡Victoria! Esta campaña ganó.");
    expect(es).toContain("El condado nos deja salir.");
    expect((await auditEntries("action.closed")).at(-1)?.detail).toMatchObject({ outcome: "victory" });

    const dashboard = await browser.get(base);
    expect(dashboard.body).toContain("Outcome: Victory");
    const changed = await browser.post(`${base}/outcome`, {
      outcome: "delivered",
      note_en: "Delivered to the Secretary on June 2.",
      note_es: "",
    });
    expect(changed.statusCode).toBe(303);
    const esAfter = await publicPage(action.slug, "es");
    expect(esAfter).toContain("Las firmas fueron entregadas");
    // A Spanish note left empty shows the English one.
    expect(esAfter).toContain("Delivered to the Secretary on June 2.");
    expect((await auditEntries("action.outcome_changed"))[0]?.detail).toMatchObject({
      from: "victory",
      to: "delivered",
    });
  });

  it("is closed when no outcome is chosen, and cannot be set on an open action", async () => {
    await start();
    const { org, browser } = await ownerAndOrg();
    const open = await createAction(t.ctx, org);
    const refused = await browser.post(`/en/admin/o/${org.slug}/actions/${open.id}/outcome`, {
      outcome: "victory",
    });
    expect(refused.statusCode).toBe(409);
    expect((await stored(open.id)).outcome).toBeNull();

    const closed = await browser.post(`/en/admin/o/${org.slug}/actions/${open.id}/close`, { confirm: "yes" });
    expect(closed.statusCode).toBe(303);
    expect((await stored(open.id)).outcome).toBe("closed");
    expect(await publicPage(open.slug)).toContain("This action is closed and no longer takes signatures.");
    expect(await publicPage(open.slug, "es")).toContain("Esta acción está cerrada y ya no recibe firmas.");
  });
});

describe("an end date", () => {
  const may = new Date("2026-05-01T12:00:00Z");

  it("is typed in the organization's zone and shown on the public page while open", async () => {
    await start(may);
    const { org, browser } = await ownerAndOrg();
    await t.ctx.database.db
      .updateTable("organizations")
      .set({ time_zone: "America/New_York" })
      .where("id", "=", org.id)
      .execute();
    const action = await createAction(t.ctx, org);
    const edit = `/en/admin/o/${org.slug}/actions/${action.id}/edit`;
    const saved = await browser.post(
      edit,
      actionForm({ slug: action.slug, end_date: "2026-06-01", end_time: "17:00" }),
    );
    expect(saved.statusCode).toBe(303);
    expect((await stored(action.id)).ends_at).toBe("2026-06-01T21:00:00.000Z");
    const form = await browser.get(edit);
    expect(form.body).toContain('name="end_date" value="2026-06-01"');
    expect(form.body).toContain('name="end_time" value="17:00"');
    expect(form.body).toContain("America/New_York");

    expect(await publicPage(action.slug)).toContain("Signing closes on June 1, 2026");
    expect(await publicPage(action.slug, "es")).toContain("Las firmas se cierran el 1 de junio de 2026");

    const past = await browser.post(
      edit,
      actionForm({ slug: action.slug, end_date: "2026-04-01", end_time: "17:00" }),
    );
    expect(past.statusCode).toBe(422);
    expect(past.body).toContain("This moment has passed");
  });

  it("refuses signing once passed, with a clear page, before the task; the task closes exactly those past their end", async () => {
    await start(may);
    const { org, browser } = await ownerAndOrg();
    const [ending, later, endless, shelved] = [
      await createAction(t.ctx, org),
      await createAction(t.ctx, org),
      await createAction(t.ctx, org),
      await createAction(t.ctx, org),
    ];
    const setEnd = (id: number, at: string) =>
      t.ctx.database.db.updateTable("actions").set({ ends_at: at }).where("id", "=", id).execute();
    await setEnd(ending.id, "2026-05-01T18:00:00.000Z");
    await setEnd(later.id, "2026-05-02T18:00:00.000Z");
    await setEnd(shelved.id, "2026-05-01T18:00:00.000Z");
    await t.ctx.database.db
      .updateTable("actions")
      .set({ archived_at: "2026-04-01T00:00:00.000Z" })
      .where("id", "=", shelved.id)
      .execute();

    const signForm = (slug: string) =>
      t.app.inject({
        method: "POST",
        url: `/en/a/${slug}/sign`,
        payload: new URLSearchParams({
          ts: agedFormToken(t.ctx),
          name: "Rosa Parks",
          email: `rosa-${slug}@example.org`,
          postal_code: "94110",
        }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
    forgetRows();
    expect((await signForm(ending.slug)).statusCode).toBe(303);

    clock.advance(7 * 60 * 60_000); // 19:00 UTC on May 1: past the first end only.
    const refused = await signForm(ending.slug);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain("This action is closed and no longer takes signatures.");
    const page = await publicPage(ending.slug);
    expect(page).toContain("This action is closed");
    expect(page).not.toContain(`action="/en/a/${ending.slug}/sign`);
    expect(page).not.toContain("Signing closes on");
    expect((await signForm(later.slug)).statusCode).toBe(303);
    expect(await publicPage(later.slug)).toContain("Signing closes on");
    expect((await stored(ending.id)).status).toBe("published");

    const ran = await t.ctx.scheduler.runDue();
    expect(ran).toContain("actions.close-ended");
    expect(await stored(ending.id)).toMatchObject({ status: "closed", outcome: "closed" });
    expect((await stored(later.id)).status).toBe("published");
    expect((await stored(endless.id)).status).toBe("published");
    expect((await stored(shelved.id)).status).toBe("published");
    const entries = (await auditEntries("action.closed")).filter((e) => e.detail.automatic === true);
    expect(entries).toEqual([
      {
        account_id: null,
        organization_id: org.id,
        subject: `action:${ending.id}`,
        detail: expect.objectContaining({
          reason: "closed automatically at its end date",
          outcome: "closed",
          endsAt: "2026-05-01T18:00:00.000Z",
        }),
      },
    ]);

    // Once more within the period: the lease holds it; a later run finds nothing left to close.
    expect(await t.ctx.scheduler.runDue()).not.toContain("actions.close-ended");
    clock.advance(60_000);
    expect(await t.ctx.scheduler.runDue()).toContain("actions.close-ended");
    expect((await auditEntries("action.closed")).filter((e) => e.detail.automatic === true)).toHaveLength(1);

    // Reopening takes the end that passed away: signing is open again until the sponsor says.
    const reopened = await browser.post(`/en/admin/o/${org.slug}/actions/${ending.id}/reopen`);
    expect(reopened.statusCode).toBe(303);
    expect(await stored(ending.id)).toMatchObject({ status: "published", ends_at: null });
    expect((await signForm(ending.slug)).statusCode).toBe(303);
  });
});
