/** The co-sponsors capability's jobs, collected by src/jobs/registry.ts. */
import type { Mailer } from "../mail/mail.ts";
import type { OutboxJobs } from "../outbox/outbox.ts";
import type { PeriodicTask } from "../periodic-task.ts";
import type { CosponsorsService } from "./cosponsors.service.ts";

type Deps = { cosponsors: CosponsorsService; mailer: Mailer; baseUrl: string };

/** Sends the verification link of a sign-on; one verified (or gone) meanwhile is not mailed. */
function signOnEmailHandler(deps: Deps) {
  return async ({ signOnId }: OutboxJobs["cosponsor.signon_email"]): Promise<void> => {
    const mail = await deps.cosponsors.signOnMail(signOnId);
    if (!mail) return;
    const { locale, ...facts } = mail;
    await deps.mailer.send({ template: "signon", locale, input: { baseUrl: deps.baseUrl, ...facts } });
  };
}

/** Sends an emailed invitation to co-sponsor; one revoked, replaced or accepted meanwhile is not mailed. */
function invitationEmailHandler(deps: Deps) {
  return async ({ invitationId }: OutboxJobs["cosponsor.invitation_email"]): Promise<void> => {
    const mail = await deps.cosponsors.invitationMail(invitationId);
    if (!mail) return;
    const { locale, ...facts } = mail;
    await deps.mailer.send({
      template: "cosponsor_invitation",
      locale,
      input: { baseUrl: deps.baseUrl, ...facts },
    });
  };
}

export function cosponsorJobs(deps: Deps) {
  const tasks: PeriodicTask[] = [
    {
      name: "cosponsors.purge-spent-invitations",
      everyMs: 60 * 60_000,
      run: (now) => deps.cosponsors.purgeSpentInvitations(now),
    },
  ];
  return {
    handlers: {
      "cosponsor.signon_email": signOnEmailHandler(deps),
      "cosponsor.invitation_email": invitationEmailHandler(deps),
    },
    tasks,
  };
}
