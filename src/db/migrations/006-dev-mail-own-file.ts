/**
 * Frozen: the development mailbox moves out of the app's database into a SQLite file of its own
 * (dev-mail.repository.ts), written by the mail thread. Mail kept here by earlier versions was
 * development mail only and is dropped with the table.
 */
import type { Kysely } from "kysely";
import type { DatabaseEngine } from "../../config.ts";

export async function up(db: Kysely<any>, _engine: DatabaseEngine): Promise<void> {
  await db.schema.dropTable("dev_mail").execute();
}
