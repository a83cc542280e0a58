/** The two ways mail leaves: real SMTP, or the development mailbox kept in the database. */
import nodemailer from "nodemailer";
import { type Db, nowIso } from "../../db/database.ts";
import type { BatchWrite, GroupCommitter } from "../../db/group-commit.ts";
import { findMail, listMail, type StoredMail, storeMails } from "./dev-mail.repository.ts";
import type { Mailer, MailMessage } from "./mail.ts";

export function smtpMailer(smtpUrl: string, from: string): Mailer {
  // A pool of connections: the worker sends a batch of mail side by side.
  const url = new URL(smtpUrl);
  if (!url.searchParams.has("pool")) url.searchParams.set("pool", "true");
  const transport = nodemailer.createTransport(url.toString());
  return {
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
    async close() {
      transport.close();
    },
  };
}

/**
 * Keeps mail in the database so a newcomer can open confirmation links at /dev/mail. Writes go
 * through the group committer, so a burst of mail costs one statement and one commit.
 */
const storeEach: BatchWrite<MailMessage, void> = async (trx, messages) => {
  await storeMails(trx, messages, nowIso());
  return messages.map(() => undefined);
};

export class DevMailbox implements Mailer {
  constructor(
    private readonly db: Db,
    private readonly committer: GroupCommitter,
  ) {}
  async send(message: MailMessage): Promise<void> {
    await this.committer.runBatched(storeEach, message);
  }
  async close(): Promise<void> {}
  list(limit = 50): Promise<StoredMail[]> {
    return listMail(this.db, limit);
  }
  find(id: number): Promise<StoredMail | undefined> {
    return findMail(this.db, id);
  }
}
