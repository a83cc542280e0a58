/** The two ways mail leaves: real SMTP, or the development mailbox kept in the database. */
import nodemailer from "nodemailer";
import { type Db, nowIso } from "../../db/database.ts";
import { findMail, listMail, type StoredMail, storeMail } from "./dev-mail.repository.ts";
import type { Mailer, MailMessage } from "./mail.ts";

export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
    async close() {
      transport.close();
    },
  };
}

/** Keeps mail in the database so a newcomer can open confirmation links at /dev/mail. */
export class DevMailbox implements Mailer {
  constructor(private readonly db: Db) {}
  async send(message: MailMessage): Promise<void> {
    await storeMail(this.db, message, nowIso());
  }
  async close(): Promise<void> {}
  list(limit = 50): Promise<StoredMail[]> {
    return listMail(this.db, limit);
  }
  find(id: number): Promise<StoredMail | undefined> {
    return findMail(this.db, id);
  }
}
