import pino from "pino";
import { describe, expect, it } from "vitest";
import { eachTestContext } from "../../test/support/app.ts";
import { ManualClock } from "../../test/support/clock.ts";
import { type Db, isPostgres } from "../db/database.ts";
import { GroupCommitter } from "../db/group-commit.ts";
import * as outbox from "../modules/outbox/outbox.repository.ts";
import { maxAttempts, outboxLeaseMs, retryDelayMs } from "../modules/outbox/outbox.ts";
import { type Handlers, OutboxWorker } from "./worker.ts";

const silent = pino({ level: "silent" });
type Payload = Parameters<Handlers["signature.email"]>[0];

let db: Db;
/** Time for every worker of a test: it moves only when the test advances it. */
let clock: ManualClock;
eachTestContext((fresh) => {
  db = fresh.database.db;
  clock = new ManualClock();
});

function workerWith(handler: (payload: Payload) => Promise<void>, batchSize?: number): OutboxWorker {
  // These tests enqueue signature.email jobs only; the worker itself does not care about kinds.
  const handlers: Partial<Handlers> = { "signature.email": handler };
  return new OutboxWorker(new GroupCommitter(db), handlers as Handlers, silent, { batchSize, clock });
}

async function enqueue(signatureId: number): Promise<void> {
  await outbox.enqueue(db, "signature.email", { signatureId, reason: "confirm" }, clock.now().toISOString());
}

function jobs() {
  return db
    .selectFrom("outbox")
    .select(["id", "status", "attempts", "run_after", "locked_until", "last_error"])
    .orderBy("id")
    .execute();
}

describe("retryDelayMs", () => {
  it("backs off exponentially from ten seconds to at most an hour", () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(retryDelayMs(20)).toBe(3_600_000);
    expect(retryDelayMs(0)).toBe(10_000);
  });
});

describe("OutboxWorker", () => {
  it("runs due jobs once, in order, and marks them done", async () => {
    const ran: number[] = [];
    const worker = workerWith(async ({ signatureId }) => {
      ran.push(signatureId);
    });
    await enqueue(1);
    await enqueue(2);
    expect(await worker.drain()).toBe(2);
    expect(ran).toEqual([1, 2]);
    expect((await jobs()).map((job) => job.status)).toEqual(["done", "done"]);
    expect(await worker.drain()).toBe(0);
    expect(ran).toEqual([1, 2]);
  });

  it("drains more jobs than one batch holds", async () => {
    let ran = 0;
    const worker = workerWith(async () => {
      ran++;
    }, 2);
    for (let i = 1; i <= 5; i++) await enqueue(i);
    expect(await worker.drain()).toBe(5);
    expect(ran).toBe(5);
    expect(await outbox.countByStatus(db, "done")).toBe(5);
  });

  it("retries a failed job after a growing delay, keeping the error", async () => {
    let failures = 2;
    const worker = workerWith(async () => {
      if (failures-- > 0) throw new Error("mail server said 451");
    });
    await enqueue(1);

    const before = clock.now().getTime();
    expect(await worker.runOnce()).toBe(1);
    let [job] = await jobs();
    expect(job).toMatchObject({ status: "pending", attempts: 1, locked_until: null });
    expect(job!.last_error).toBe("mail server said 451");
    expect(Date.parse(job!.run_after) - before).toBe(10_000);
    // Not due a moment before its delay has passed.
    clock.advance(9_999);
    expect(await worker.runOnce()).toBe(0);

    clock.advance(1);
    const again = clock.now().getTime();
    expect(await worker.runOnce()).toBe(1);
    [job] = await jobs();
    expect(job).toMatchObject({ status: "pending", attempts: 2 });
    expect(Date.parse(job!.run_after) - again).toBe(20_000);

    clock.advance(20_000);
    expect(await worker.runOnce()).toBe(1);
    [job] = await jobs();
    expect(job).toMatchObject({ status: "done", attempts: 2, last_error: null });
  });

  it("gives a job up as dead after the last attempt", async () => {
    let calls = 0;
    const worker = workerWith(async () => {
      calls++;
      throw new Error("mailbox does not exist");
    });
    await enqueue(1);
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      expect(await worker.runOnce()).toBe(1);
      clock.advance(retryDelayMs(attempt));
    }
    const [job] = await jobs();
    expect(job).toMatchObject({
      status: "dead",
      attempts: maxAttempts,
      last_error: "mailbox does not exist",
    });
    clock.advance(retryDelayMs(maxAttempts) * 10);
    expect(await worker.runOnce()).toBe(0);
    expect(calls).toBe(maxAttempts);
    expect(await outbox.countByStatus(db, "dead")).toBe(1);
  });

  it("never runs one job twice at the same time, even from two workers", async () => {
    const running = new Set<number>();
    const runs: number[] = [];
    let overlap = false;
    const handler = async ({ signatureId }: Payload) => {
      if (running.has(signatureId)) overlap = true;
      running.add(signatureId);
      runs.push(signatureId);
      await new Promise((resolve) => setTimeout(resolve, 30));
      running.delete(signatureId);
    };
    for (let i = 1; i <= 6; i++) await enqueue(i);
    const one = workerWith(handler);
    const two = workerWith(handler);
    const counts = await Promise.all([one.runOnce(), two.runOnce(), one.runOnce()]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(6);
    expect(overlap).toBe(false);
    expect(runs.sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await outbox.countByStatus(db, "done")).toBe(6);
  });

  it("leaves a leased job alone until its lease runs out", async () => {
    let ran = 0;
    const worker = workerWith(async () => {
      ran++;
    });
    await enqueue(1);
    await db
      .updateTable("outbox")
      .set({ locked_until: new Date(clock.now().getTime() + 60_000).toISOString() })
      .execute();
    expect(await worker.runOnce()).toBe(0);
    clock.advance(60_000);
    // The lease ends at that instant; one millisecond later the job is anyone's.
    expect(await worker.runOnce()).toBe(0);
    clock.advance(1);
    expect(await worker.runOnce()).toBe(1);
    expect(ran).toBe(1);
  });

  it("marks a job of an unknown kind as failed instead of stopping", async () => {
    const now = clock.now().toISOString();
    await db
      .insertInto("outbox")
      .values({ kind: "no.such.kind", payload: "{}", status: "pending", run_after: now, created_at: now })
      .execute();
    await enqueue(7);
    const ran: number[] = [];
    const worker = workerWith(async ({ signatureId }) => {
      ran.push(signatureId);
    });
    expect(await worker.runOnce()).toBe(2);
    expect(ran).toEqual([7]);
    const [unknown, known] = await jobs();
    expect(unknown).toMatchObject({
      status: "pending",
      attempts: 1,
      last_error: "no handler for outbox kind no.such.kind",
    });
    expect(known!.status).toBe("done");
  });

  it("runs jobs soon after wake() once started, and stops cleanly", async () => {
    const ran: number[] = [];
    const worker = workerWith(async ({ signatureId }) => {
      ran.push(signatureId);
    });
    worker.wake();
    await enqueue(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // A stopped worker ignores wake().
    expect(ran).toEqual([]);
    worker.start();
    await expect.poll(() => ran, { timeout: 2000 }).toEqual([1]);
    await enqueue(2);
    worker.wake();
    await expect.poll(() => ran, { timeout: 2000 }).toEqual([1, 2]);
    await worker.stop();
    await enqueue(3);
    worker.wake();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ran).toEqual([1, 2]);
  });

  describe("jobs a node wrote leased to itself", () => {
    async function enqueueLeased(...signatureIds: number[]) {
      const now = clock.now().getTime();
      return outbox.enqueueMany(
        db,
        "signature.email",
        signatureIds.map((signatureId) => ({ signatureId, reason: "confirm" as const })),
        new Date(now).toISOString(),
        new Date(now + outboxLeaseMs).toISOString(),
      );
    }

    it("runs them from memory once accepted, while other nodes leave them alone", async () => {
      const ran: number[] = [];
      const writer = workerWith(async ({ signatureId }) => {
        ran.push(signatureId);
      });
      const otherNode = workerWith(async () => {
        throw new Error("must not run");
      });
      const written = await enqueueLeased(1, 2);
      expect(written.map((job) => job.attempts)).toEqual([0, 0]);
      writer.accept(written);
      expect(await otherNode.runOnce()).toBe(0);
      expect(await writer.runOnce()).toBe(2);
      expect(ran.sort()).toEqual([1, 2]);
      expect((await jobs()).map((job) => job.status)).toEqual(["done", "done"]);
    });

    it("are claimed by any node once the lease runs out, if the writer never ran them", async () => {
      const ran: number[] = [];
      const survivor = workerWith(async ({ signatureId }) => {
        ran.push(signatureId);
      });
      await enqueueLeased(3);
      expect(await survivor.runOnce()).toBe(0);
      clock.advance(outboxLeaseMs + 1);
      expect(await survivor.runOnce()).toBe(1);
      expect(ran).toEqual([3]);
    });

    it("leaves an accepted job that waited half its lease to the claim after the lease", async () => {
      const ran: number[] = [];
      const writer = workerWith(async ({ signatureId }) => {
        ran.push(signatureId);
      });
      writer.accept(await enqueueLeased(4));
      clock.advance(outboxLeaseMs / 2 + 1);
      // Not run from memory (another node may take it soon), and not claimable yet either.
      expect(await writer.runOnce()).toBe(0);
      clock.advance(outboxLeaseMs / 2);
      expect(await writer.runOnce()).toBe(1);
      expect(ran).toEqual([4]);
    });

    it("drain runs accepted jobs and claimable ones alike", async () => {
      const ran: number[] = [];
      const worker = workerWith(async ({ signatureId }) => {
        ran.push(signatureId);
      }, 2);
      worker.accept(await enqueueLeased(1, 2, 3));
      await enqueue(4);
      await enqueue(5);
      expect(await worker.drain()).toBe(5);
      expect(ran.sort()).toEqual([1, 2, 3, 4, 5]);
      expect(await outbox.countByStatus(db, "done")).toBe(5);
    });
  });
});

describe("two nodes claiming at the same moment", () => {
  it("take different jobs, and the second does not wait for the first's transaction", async () => {
    for (let id = 1; id <= 10; id++) await enqueue(id);
    const now = clock.now().toISOString();
    const lease = new Date(clock.now().getTime() + outboxLeaseMs).toISOString();
    const second: { ids: number[] } = { ids: [] };
    const first = await db.transaction().execute(async (trx) => {
      const mine = await outbox.claimDue(trx, now, lease, 5);
      // While the first claim's transaction is still open, another connection claims. SQLite has
      // one writer and one connection here: its claims never overlap, so it claims after.
      if (isPostgres(db)) {
        second.ids = (await outbox.claimDue(db, now, lease, 5)).map((job) => job.id);
      }
      return mine.map((job) => job.id);
    });
    if (second.ids.length === 0) second.ids = (await outbox.claimDue(db, now, lease, 5)).map((job) => job.id);
    expect(first).toEqual([1, 2, 3, 4, 5]);
    expect(second.ids).toEqual([6, 7, 8, 9, 10]);
  });
});
