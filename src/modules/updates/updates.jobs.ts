/**
 * The mail of updates, collected by src/jobs/registry.ts: the fan-out of a posted update to its
 * batches, and each batch. A batch mails its recipients that are still due (asked at send time),
 * records each delivered mail at once, suppresses the addresses refused for good (SMTP 5xx), and
 * fails when any mail failed for now (4xx, a lost connection): the outbox runs it again later,
 * and only the mails not delivered yet go out then.
 */
import { isPermanentFailure, type MailDeliveryError, type Mailer } from "../mail/mail.ts";
import type { OutboxJobs } from "../outbox/outbox.ts";
import type { PeriodicTask } from "../periodic-task.ts";
import type { BatchOutcome, UpdatesService } from "./updates.service.ts";

export interface UpdateJobDeps {
  mailer: Mailer;
  updates: UpdatesService;
}

export function updateJobs({ mailer, updates }: UpdateJobDeps) {
  const fanOut = async ({ updateId }: OutboxJobs["updates.fan_out"]) => {
    await updates.fanOut(updateId);
  };

  const batch = async ({ updateId, signatureIds }: OutboxJobs["updates.batch"]) => {
    const mails = await updates.batchMails(updateId, signatureIds);
    const results = await Promise.allSettled(mails.map((mail) => mailer.send(mail.request)));
    const outcome: BatchOutcome = { sent: [], bounced: [] };
    const failures: unknown[] = [];
    for (const [i, result] of results.entries()) {
      const mail = mails[i]!;
      if (result.status === "fulfilled") outcome.sent.push(mail.signatureId);
      else if (isPermanentFailure(result.reason))
        outcome.bounced.push({
          signatureId: mail.signatureId,
          personId: mail.personId,
          responseCode: (result.reason as MailDeliveryError).responseCode!,
        });
      else failures.push(result.reason);
    }
    await updates.recordBatch(updateId, outcome);
    if (failures.length > 0) {
      const first = failures[0];
      throw new Error(
        `${failures.length} of ${mails.length} update mails failed for now: ${first instanceof Error ? first.message : String(first)}`,
      );
    }
  };

  return {
    handlers: { "updates.fan_out": fanOut, "updates.batch": batch },
    tasks: [] as PeriodicTask[],
  };
}
