import { describe, expect, it } from "vitest";
import { createTestApp } from "../test/support/app.ts";
import { ManualClock } from "../test/support/clock.ts";
import { createAction, createOrganization } from "../test/support/fixtures.ts";
import type { Mailer, MailRequest } from "./modules/mail/mail.ts";

/** Records what it is asked to send; fails while `failing` is set. */
class RecordingMailer implements Mailer {
  readonly sent: MailRequest[] = [];
  failing = false;
  async send(request: MailRequest): Promise<void> {
    if (this.failing) throw new Error("relay refused");
    this.sent.push(request);
  }
  async close(): Promise<void> {}
}

describe("createContext overrides", () => {
  it("lets a test swap the mailer and the clock, and the worker uses both", async () => {
    const mailer = new RecordingMailer();
    const clock = new ManualClock();
    const t = await createTestApp({}, { mailer, clock });
    try {
      expect(t.ctx.clock).toBe(clock);
      const action = await createAction(t.ctx, await createOrganization(t.ctx));
      mailer.failing = true;
      const signed = await t.app.inject({
        method: "POST",
        url: `/en/a/${action.slug}/sign`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({
          ts: t.ctx.formTokens.issue(Date.now() - 10_000),
          name: "Ana Gómez",
          email: "ana@example.org",
          postal_code: "28013",
        }).toString(),
      });
      expect(signed.statusCode).toBe(303);
      await t.ctx.worker.drain();
      const job = await t.ctx.database.db
        .selectFrom("outbox")
        .select(["status", "run_after"])
        .executeTakeFirstOrThrow();
      // The retry is scheduled from the test's clock, not the machine's.
      expect(job).toEqual({
        status: "pending",
        run_after: new Date(clock.now().getTime() + 10_000).toISOString(),
      });

      mailer.failing = false;
      clock.advance(10_000);
      await t.ctx.worker.drain();
      expect(mailer.sent).toHaveLength(1);
      expect(mailer.sent[0]).toMatchObject({
        template: "signature",
        locale: "en",
        input: { to: "ana@example.org" },
      });
    } finally {
      await t.close();
    }
  });
});
