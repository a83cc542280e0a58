/** Sends the mail behind a one-time account link. A used or expired link is not mailed. */
import { translator } from "../../i18n/translator.ts";
import type { AccountsService } from "../../modules/accounts/accounts.service.ts";
import type { Mailer } from "../../modules/mail/mail.ts";
import type { OutboxJobs } from "../../modules/outbox/outbox.ts";
import { accountEmail } from "../../views/emails/account-email.tsx";
import { paths } from "../../views/paths.ts";

const linkPath = {
  setup: paths.setup,
  verify_email: paths.verifyEmail,
  reset_password: paths.resetPassword,
  magic_link: paths.magicLink,
  invitation: paths.invitation,
};

export function accountEmailHandler(deps: { accounts: AccountsService; mailer: Mailer; baseUrl: string }) {
  return async ({ tokenId }: OutboxJobs["account.email"]): Promise<void> => {
    const mail = await deps.accounts.tokenMail(tokenId);
    if (!mail) return;
    const t = translator(mail.data.locale);
    const link = deps.baseUrl + linkPath[mail.purpose](t.locale, mail.token);
    await deps.mailer.send(accountEmail({ t, to: mail.to, purpose: mail.purpose, link }));
  };
}
