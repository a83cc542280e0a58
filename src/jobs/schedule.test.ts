import pino from "pino";
import { describe, expect, it } from "vitest";
import { eachTestContext, type TestContext } from "../../test/support/app.ts";
import { ManualClock } from "../../test/support/clock.ts";
import type { Db } from "../db/database.ts";
import { spentTokenRetentionMs } from "../modules/accounts/accounts.jobs.ts";
import { doneJobRetentionMs } from "../modules/outbox/outbox.jobs.ts";
import type { PeriodicTask } from "../modules/periodic-task.ts";
import { collectJobs } from "./registry.ts";
import { Scheduler } from "./schedule.ts";

const silent = pino({ level: "silent" });
const hourMs = 60 * 60_000;

let ctx: TestContext;
let db: Db;
let clock: ManualClock;
eachTestContext((fresh) => {
  ctx = fresh;
  db = fresh.database.db;
  clock = new ManualClock();
});

/** A task that counts its runs, under a name every scheduler of the test shares. */
function countingTask(name = "test.count", everyMs = hourMs): PeriodicTask & { runs: Date[] } {
  const runs: Date[] = [];
  return { name, everyMs, runs, run: async (now) => void runs.push(now) };
}

describe("Scheduler", () => {
  it("runs a task once per period, as the clock moves", async () => {
    const task = countingTask();
    const scheduler = new Scheduler(db, [task], silent, { clock });
    expect(await scheduler.runDue()).toEqual(["test.count"]);
    expect(await scheduler.runDue()).toEqual([]);
    clock.advance(hourMs - 1);
    expect(await scheduler.runDue()).toEqual([]);
    clock.advance(1);
    expect(await scheduler.runDue()).toEqual(["test.count"]);
    expect(task.runs.map((at) => at.getTime() - task.runs[0]!.getTime())).toEqual([0, hourMs]);
  });

  it("lets only one of two nodes racing for a lease run the task", async () => {
    const one = countingTask();
    const two = countingTask();
    const nodeOne = new Scheduler(db, [one], silent, { clock });
    const nodeTwo = new Scheduler(db, [two], silent, { clock });
    for (let period = 0; period < 3; period++) {
      const ran = await Promise.all([nodeOne.runDue(), nodeTwo.runDue(), nodeOne.runDue(), nodeTwo.runDue()]);
      expect(ran.flat(), `period ${period}`).toEqual(["test.count"]);
      clock.advance(hourMs);
    }
    expect(one.runs.length + two.runs.length).toBe(3);
  });

  it("keeps running the other tasks when one fails, and retries the failed one next period", async () => {
    let failures = 0;
    const failing: PeriodicTask = {
      name: "test.failing",
      everyMs: hourMs,
      run: async () => {
        failures++;
        throw new Error("disk full");
      },
    };
    const counting = countingTask();
    const scheduler = new Scheduler(db, [failing, counting], silent, { clock });
    expect(await scheduler.runDue()).toEqual(["test.failing", "test.count"]);
    expect(await scheduler.runDue()).toEqual([]);
    clock.advance(hourMs);
    await scheduler.runDue();
    expect(failures).toBe(2);
    expect(counting.runs).toHaveLength(2);
  });

  it("refuses two tasks with one name", () => {
    expect(() => new Scheduler(db, [countingTask("a"), countingTask("a")], silent)).toThrow(
      "periodic tasks declared twice: a",
    );
  });
});

describe("the periodic purges", () => {
  const iso = (offsetMs: number) => new Date(clock.now().getTime() + offsetMs).toISOString();

  async function insertAccount(): Promise<number> {
    const now = iso(0);
    const row = await db
      .insertInto("accounts")
      .values({
        email: "ana@example.org",
        email_canonical: "ana@example.org",
        name: "Ana",
        is_platform_admin: 0,
        locale: "en",
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** A scheduler with the app's own tasks, as the registry collects them, on the test's clock. */
  const appScheduler = () => {
    const { mailer, config, signatures, accounts, cosponsors, comments } = ctx;
    const { tasks } = collectJobs({
      db,
      mailer,
      baseUrl: config.baseUrl,
      signatures,
      accounts,
      cosponsors,
      comments,
    });
    return new Scheduler(db, tasks, silent, { clock });
  };

  it("forget done outbox jobs older than a week, and nothing else", async () => {
    const job = (status: "pending" | "done" | "dead", ageMs: number) => ({
      kind: "signature.email",
      payload: "{}",
      status,
      run_after: iso(-ageMs),
      created_at: iso(-ageMs),
    });
    await db
      .insertInto("outbox")
      .values([
        job("done", doneJobRetentionMs + 1),
        job("done", doneJobRetentionMs + 5 * hourMs),
        job("done", doneJobRetentionMs - hourMs),
        job("pending", doneJobRetentionMs * 2),
        job("dead", doneJobRetentionMs * 2),
      ])
      .execute();
    expect(await appScheduler().runDue()).toContain("outbox.purge-done");
    const left = await db.selectFrom("outbox").select(["status", "created_at"]).orderBy("id").execute();
    expect(left.map((row) => row.status)).toEqual(["done", "pending", "dead"]);
    expect(left[0]!.created_at).toBe(iso(-(doneJobRetentionMs - hourMs)));
  });

  it("forget expired sessions and one-time links spent more than a day ago", async () => {
    const accountId = await insertAccount();
    await db
      .insertInto("sessions")
      .values([
        { token_hash: "expired", account_id: accountId, created_at: iso(-2 * hourMs), expires_at: iso(-1) },
        { token_hash: "live", account_id: accountId, created_at: iso(-2 * hourMs), expires_at: iso(hourMs) },
      ])
      .execute();
    const token = (name: string, expiresAt: string, usedAt: string | null) => ({
      purpose: "magic_link" as const,
      email: `${name}@example.org`,
      account_id: accountId,
      data: null,
      expires_at: expiresAt,
      used_at: usedAt,
      created_at: iso(-3 * spentTokenRetentionMs),
    });
    await db
      .insertInto("account_tokens")
      .values([
        token("used-long-ago", iso(hourMs), iso(-spentTokenRetentionMs - 1)),
        token("used-recently", iso(hourMs), iso(-hourMs)),
        token("expired-long-ago", iso(-spentTokenRetentionMs - 1), null),
        token("expired-recently", iso(-hourMs), null),
        token("open", iso(hourMs), null),
      ])
      .execute();

    const ran = await appScheduler().runDue();
    expect(ran).toEqual(
      expect.arrayContaining(["accounts.purge-expired-sessions", "accounts.purge-spent-links"]),
    );
    const sessions = await db.selectFrom("sessions").select("token_hash").execute();
    expect(sessions.map((row) => row.token_hash)).toEqual(["live"]);
    const tokens = await db.selectFrom("account_tokens").select("email").orderBy("id").execute();
    expect(tokens.map((row) => row.email)).toEqual([
      "used-recently@example.org",
      "expired-recently@example.org",
      "open@example.org",
    ]);
  });
});
