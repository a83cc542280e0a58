/**
 * Frozen: each signature keeps the name and postal code its signing submitted (the person's
 * details change only when a signing is confirmed), and a folded search text, so that the
 * organizer's search ignores case and accents the same way on both engines.
 */
import { type Kysely, sql } from "kysely";
import type { DatabaseEngine } from "../../config.ts";
// The rule itself, not a copy: should it ever change, a later migration recomputes the column.

export async function up(db: Kysely<any>, _engine: DatabaseEngine): Promise<void> {
  await db.schema
    .alterTable("signatures")
    .addColumn("name", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema
    .alterTable("signatures")
    .addColumn("postal_code", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema
    .alterTable("signatures")
    .addColumn("search", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await backfillSignatureDetails(db);
}

const backfillBatch = 500;

/**
 * Gives the signatures stored before this migration their person's details, the best record of
 * what they submitted, one batch of rows per statement (a statement per row is slow on large tables).
 */
export async function backfillSignatureDetails(db: Kysely<any>): Promise<void> {
  for (let afterId = 0; ; ) {
    const rows: { id: number; name: string; email: string; postal_code: string }[] = await db
      .selectFrom("signatures")
      .innerJoin("people", "people.id", "signatures.person_id")
      .select(["signatures.id", "people.name", "people.email", "people.postal_code"])
      .where("signatures.id", ">", afterId)
      .orderBy("signatures.id")
      .limit(backfillBatch)
      .execute();
    if (rows.length === 0) return;
    const byId = (value: (row: (typeof rows)[number]) => string) =>
      sql`case id ${sql.join(
        rows.map((row) => sql`when ${row.id} then ${value(row)}`),
        sql` `,
      )} end`;
    await db
      .updateTable("signatures")
      .set({
        name: byId((row) => row.name),
        postal_code: byId((row) => row.postal_code),
        search: byId((row) =>
          signatureSearchText({ name: row.name, email: row.email, postalCode: row.postal_code }),
        ),
      })
      .where(
        "id",
        "in",
        rows.map((row) => row.id),
      )
      .execute();
    afterId = rows[rows.length - 1]!.id;
  }
}

/**
 * The search text as this migration wrote it, kept here so the migration stays frozen when the
 * module's rule (signatures.ts `signatureSearchText`) changes: a later rule is a later migration.
 */
function signatureSearchText(details: { name: string; email: string; postalCode: string }): string {
  const fold = (text: string) =>
    text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").replace(/\s+/g, " ").trim();
  return [details.name, details.email, details.postalCode].map(fold).join("\n");
}
