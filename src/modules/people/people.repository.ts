/** The only SQL for people. */
import type { Executor } from "../../db/database.ts";
import { PrecompiledInsert } from "../../db/precompiled-insert.ts";
import type { Locale } from "../../i18n/locale.ts";

export interface NewPerson {
  email: string;
  emailCanonical: string;
  name: string;
  postalCode: string;
  locale: Locale;
  now: string;
}

const insertPeople = new PrecompiledInsert(
  (db: Executor, people: readonly NewPerson[]) =>
    db
      .insertInto("people")
      .values(
        people.map((person) => ({
          email: person.email,
          email_canonical: person.emailCanonical,
          name: person.name,
          postal_code: person.postalCode,
          locale: person.locale,
          created_at: person.now,
          updated_at: person.now,
        })),
      )
      // A no-op update so that RETURNING gives the id on both engines when the row exists.
      .onConflict((oc) =>
        oc
          .column("email_canonical")
          .doUpdateSet((eb) => ({ email_canonical: eb.ref("excluded.email_canonical") })),
      )
      .returning(["id", "email_canonical"]),
  (person: NewPerson) => [
    person.email,
    person.emailCanonical,
    person.name,
    person.postalCode,
    person.locale,
    person.now,
    person.now,
  ],
);

/**
 * Returns the id of each person by canonical email, creating the new ones, in one statement.
 * An existing person's details are left as they are: a signing changes them only once it is
 * confirmed (`applyConfirmedDetails`), so whoever types someone else's address changes nothing.
 * Callers pass each canonical email once (one statement may not touch a row twice).
 */
export async function findOrCreatePeople(
  db: Executor,
  people: readonly NewPerson[],
): Promise<Map<string, number>> {
  // Rows in a fixed order, so concurrent PostgreSQL transactions lock them in the same order.
  const sorted = [...people].sort((a, b) => (a.emailCanonical < b.emailCanonical ? -1 : 1));
  const rows = await insertPeople.execute(db, sorted);
  return new Map(rows.map((row) => [row.email_canonical, row.id]));
}

/**
 * Gives a person the name and postal code of a signing they confirmed (proof they own the
 * address); a signing without a postal code (one recorded through the API) keeps the person's.
 */
export async function applyConfirmedDetails(
  db: Executor,
  personId: number,
  details: { name: string; postalCode: string; now: string },
): Promise<void> {
  await db
    .updateTable("people")
    .set({
      name: details.name,
      ...(details.postalCode === "" ? {} : { postal_code: details.postalCode }),
      updated_at: details.now,
    })
    .where("id", "=", personId)
    .execute();
}
