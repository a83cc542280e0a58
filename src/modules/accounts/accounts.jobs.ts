/** The accounts capability's jobs, collected by src/jobs/registry.ts. */
import { type Db, nowIso } from "../../db/database.ts";
import type { Mailer } from "../mail/mail.ts";
import type { OutboxJobs } from "../outbox/outbox.ts";
import type { PeriodicTask } from "../periodic-task.ts";
import { deleteExpiredSessions, deleteSpentTokens } from "./accounts.purge.repository.ts";
import type { AccountsService } from "./accounts.service.ts";

/** Sends the mail behind a one-time account link. A used or expired link is not mailed. */
function accountEmailHandler(deps: { accounts: AccountsService; mailer: Mailer; baseUrl: string }) {
  return async ({ tokenId }: OutboxJobs["account.email"]): Promise<void> => {
    const mail = await deps.accounts.tokenMail(tokenId);
    if (!mail) return;
    const { locale } = mail.data;
    await deps.mailer.send({
      template: "account",
      locale,
      input: { baseUrl: deps.baseUrl, to: mail.to, purpose: mail.purpose, token: mail.token },
    });
  };
}

const hourMs = 60 * 60_000;
/** A spent link is kept a day, so a question about a link that "did not work" can still be looked into. */
export const spentTokenRetentionMs = 24 * hourMs;

export function accountJobs(deps: { db: Db; accounts: AccountsService; mailer: Mailer; baseUrl: string }) {
  const tasks: PeriodicTask[] = [
    {
      name: "accounts.purge-expired-sessions",
      everyMs: hourMs,
      run: async (now) => {
        await deleteExpiredSessions(deps.db, nowIso(now));
      },
    },
    {
      name: "accounts.purge-spent-links",
      everyMs: hourMs,
      run: async (now) => {
        await deleteSpentTokens(deps.db, nowIso(new Date(now.getTime() - spentTokenRetentionMs)));
      },
    },
  ];
  return { handlers: { "account.email": accountEmailHandler(deps) }, tasks };
}
