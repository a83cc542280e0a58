/** Sends the mail behind a one-time account link. A used or expired link is not mailed. */
import type { AccountsService } from "../../modules/accounts/accounts.service.ts";
import type { Mailer } from "../../modules/mail/mail.ts";
import type { OutboxJobs } from "../../modules/outbox/outbox.ts";
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
    const { locale } = mail.data;
    const link = deps.baseUrl + linkPath[mail.purpose](locale, mail.token);
    await deps.mailer.send({
      template: "account",
      locale,
      input: { to: mail.to, purpose: mail.purpose, link },
    });
  };
}
