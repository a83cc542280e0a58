/** The only SQL for the development mailbox. */
import type { Executor } from "../../db/database.ts";
import { PrecompiledInsert } from "../../db/precompiled-insert.ts";
import type { MailMessage } from "./mail.ts";

export interface StoredMail extends MailMessage {
  id: number;
  createdAt: string;
}

const insertMails = new PrecompiledInsert(
  (db: Executor, mails: readonly { message: MailMessage; now: string }[]) =>
    db.insertInto("dev_mail").values(
      mails.map(({ message, now }) => ({
        to_address: message.to,
        subject: message.subject,
        text_body: message.text,
        html_body: message.html,
        created_at: now,
      })),
    ),
  ({ message, now }: { message: MailMessage; now: string }) => [
    message.to,
    message.subject,
    message.text,
    message.html,
    now,
  ],
);

/** Stores messages in one statement. */
export async function storeMails(db: Executor, messages: readonly MailMessage[], now: string): Promise<void> {
  await insertMails.execute(
    db,
    messages.map((message) => ({ message, now })),
  );
}

const mailColumns = [
  "id",
  "to_address as to",
  "subject",
  "text_body as text",
  "html_body as html",
  "created_at as createdAt",
] as const;

export async function listMail(db: Executor, limit: number): Promise<StoredMail[]> {
  return db.selectFrom("dev_mail").select(mailColumns).orderBy("id", "desc").limit(limit).execute();
}

export async function findMail(db: Executor, id: number): Promise<StoredMail | undefined> {
  return db.selectFrom("dev_mail").select(mailColumns).where("id", "=", id).executeTakeFirst();
}
