/**
 * Contacts (an organization's people) inserted as rows, for tests of what hangs on them (tags),
 * without going through the contacts module's matching rules.
 */
import { randomBytes } from "node:crypto";
import { type Db, nowIso } from "../../src/db/database.ts";

export async function insertContact(
  db: Db,
  organizationId: number,
  options: { email?: string; givenName?: string } = {},
): Promise<number> {
  const email = options.email ?? `contact-${randomBytes(4).toString("hex")}@example.org`;
  const now = nowIso();
  const row = await db
    .insertInto("contacts")
    .values({
      organization_id: organizationId,
      person_id: null,
      email,
      email_canonical: email.toLowerCase(),
      email_status: "subscribed",
      phone: null,
      given_name: options.givenName ?? "Ana",
      family_name: "Pérez",
      postal_code: "94110",
      locality: "",
      region: "",
      country: "US",
      address_lines: "[]",
      custom_fields: "{}",
      source: null,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
