/** Frozen: an organization's uploaded logo, served from our own origin. */
import type { Kysely } from "kysely";
import type { DatabaseEngine } from "../../config.ts";
import { binaryType } from "./dialect.ts";

export async function up(db: Kysely<any>, engine: DatabaseEngine): Promise<void> {
  await db.schema
    .createTable("organization_logos")
    .addColumn("organization_id", "integer", (c) =>
      c.primaryKey().references("organizations.id").onDelete("cascade"),
    )
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("bytes", binaryType(engine), (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}
