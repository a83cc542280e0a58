/**
 * The only SQL for the development mailbox. It is a SQLite file of its own beside the data (like
 * an SMTP server, it is not the app's database): the mail thread writes it without ever waiting
 * on, or holding up, the app's commits, whichever engine the app uses.
 */
import type SQLite from "better-sqlite3";
import { openSqlite } from "../../db/sqlite.ts";
import type { MailMessage, StoredMail } from "./mail.ts";

const columns =
  'id, to_address as "to", subject, text_body as text, html_body as html, created_at as createdAt';

export class DevMailStore {
  private readonly sqlite: SQLite.Database;
  private readonly latest: SQLite.Statement<[number], StoredMail>;
  private readonly byId: SQLite.Statement<[number], StoredMail>;
  /** Stores messages in one transaction, stamped with the time (ISO 8601, UTC) they were stored. */
  readonly store: (messages: readonly MailMessage[]) => void;

  /** Opens (and on first use creates) the mailbox file; durable like the app's SQLite. */
  constructor(file: string) {
    this.sqlite = openSqlite(file);
    this.sqlite.exec(`create table if not exists dev_mail (
      id integer primary key autoincrement, to_address text not null, subject text not null,
      text_body text not null, html_body text not null,
      created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))`);
    const insert = this.sqlite.prepare<[string, string, string, string]>(
      "insert into dev_mail (to_address, subject, text_body, html_body) values (?, ?, ?, ?)",
    );
    this.latest = this.sqlite.prepare(`select ${columns} from dev_mail order by id desc limit ?`);
    this.byId = this.sqlite.prepare(`select ${columns} from dev_mail where id = ?`);
    this.store = this.sqlite.transaction((messages: readonly MailMessage[]) => {
      for (const m of messages) insert.run(m.to, m.subject, m.text, m.html);
    });
  }

  /** The newest mail first. */
  list(limit = 50): StoredMail[] {
    return this.latest.all(limit);
  }

  find(id: number): StoredMail | undefined {
    return this.byId.get(id);
  }

  close(): void {
    this.sqlite.close();
  }
}
