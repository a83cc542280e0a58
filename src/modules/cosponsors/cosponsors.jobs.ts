/** The co-sponsors capability's jobs, collected by src/jobs/registry.ts. */
import type { Mailer } from "../mail/mail.ts";
import type { OutboxJobs } from "../outbox/outbox.ts";
import type { PeriodicTask } from "../periodic-task.ts";
import type { CosponsorsService } from "./cosponsors.service.ts";

/** Sends the verification link of a sign-on; one verified (or gone) meanwhile is not mailed. */
function signOnEmailHandler(deps: { cosponsors: CosponsorsService; mailer: Mailer; baseUrl: string }) {
  return async ({ signOnId }: OutboxJobs["cosponsor.signon_email"]): Promise<void> => {
    const mail = await deps.cosponsors.signOnMail(signOnId);
    if (!mail) return;
    const { locale, ...facts } = mail;
    await deps.mailer.send({ template: "signon", locale, input: { baseUrl: deps.baseUrl, ...facts } });
  };
}

export function cosponsorJobs(deps: { cosponsors: CosponsorsService; mailer: Mailer; baseUrl: string }) {
  const tasks: PeriodicTask[] = [];
  return { handlers: { "cosponsor.signon_email": signOnEmailHandler(deps) }, tasks };
}
