/** Signers' rights jobs, collected by src/jobs/registry.ts: the links mail and the retention task. */
import type { Mailer } from "../mail/mail.ts";
import type { OutboxJobs } from "../outbox/outbox.ts";
import type { PeriodicTask } from "../periodic-task.ts";
import type { SignerRightsService } from "./signer-rights.service.ts";

export function signerRightsJobs(deps: {
  signerRights: SignerRightsService;
  mailer: Mailer;
  baseUrl: string;
}) {
  const retention: PeriodicTask = {
    name: "signer_rights.retention",
    // Hourly: an action's signers are anonymized within the hour their time is up.
    everyMs: 60 * 60 * 1000,
    async run(now) {
      await deps.signerRights.anonymizeDue(now);
      await deps.signerRights.purgeLinks(now);
    },
  };
  return {
    handlers: {
      /** Safe to repeat: at worst the same links arrive twice. */
      "signer_rights.email": async (job: OutboxJobs["signer_rights.email"]): Promise<void> => {
        const facts = await deps.signerRights.linksMail(job);
        if (!facts) return;
        await deps.mailer.send({
          template: "signer_links",
          locale: job.locale,
          input: { ...facts, baseUrl: deps.baseUrl },
        });
      },
    },
    tasks: [retention],
  };
}
