/** The only SQL for people. */
import type { Executor } from "../../db/database.ts";
import type { Locale } from "../../i18n/locale.ts";

export interface NewPerson {
  email: string;
  emailCanonical: string;
  name: string;
  postalCode: string;
  locale: Locale;
  now: string;
}

/**
 * Returns the id of the person with this canonical email, creating them if new. An existing
 * person's details are left as they are: an unconfirmed signing must not overwrite them.
 */
export async function findOrCreatePerson(db: Executor, person: NewPerson): Promise<number> {
  const row = await db
    .insertInto("people")
    .values({
      email: person.email,
      email_canonical: person.emailCanonical,
      name: person.name,
      postal_code: person.postalCode,
      locale: person.locale,
      created_at: person.now,
      updated_at: person.now,
    })
    // A no-op update so that RETURNING gives the id on both engines when the row exists.
    .onConflict((oc) =>
      oc
        .column("email_canonical")
        .doUpdateSet((eb) => ({ email_canonical: eb.ref("excluded.email_canonical") })),
    )
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
