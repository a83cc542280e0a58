import { describe, expect, it } from "vitest";
import { eachTestContext, type TestContext } from "../../../test/support/app.ts";
import { createAction, createOrganization } from "../../../test/support/fixtures.ts";
import { nowIso } from "../database.ts";
import { backfillSignatureDetails } from "./008-signature-details.ts";

let ctx: TestContext;
eachTestContext((fresh) => {
  ctx = fresh;
});

describe("migration 008", () => {
  it("gives signatures stored before it their person's details and search text, across batches", async () => {
    const { db } = ctx.database;
    const action = await createAction(ctx, await createOrganization(ctx));
    const now = nowIso();
    const count = 1_203;
    const people = await db
      .insertInto("people")
      .values(
        Array.from({ length: count }, (_, n) => ({
          email: `Person.${n}@Example.org`,
          email_canonical: `person.${n}@example.org`,
          name: n === 0 ? "José Ramírez" : `Person ${n}`,
          postal_code: n === 0 ? "SW1A 1AA" : "94110",
          locale: "en" as const,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning("id")
      .execute();
    // As a signature row was before the migration: the new columns at their defaults.
    await db
      .insertInto("signatures")
      .values(
        people.map(({ id }) => ({
          action_id: action.id,
          person_id: id,
          name: "",
          postal_code: "",
          search: "",
          status: "pending" as const,
          comment: null,
          consent_sponsor: 0,
          source: null,
          locale: "en" as const,
          created_at: now,
          confirmed_at: null,
        })),
      )
      .execute();

    await backfillSignatureDetails(db);

    const rows = await db
      .selectFrom("signatures")
      .select(["name", "postal_code", "search"])
      .orderBy("id")
      .execute();
    expect(rows).toHaveLength(count);
    expect(rows[0]).toEqual({
      name: "José Ramírez",
      postal_code: "SW1A 1AA",
      search: "jose ramirez\nperson.0@example.org\nsw1a 1aa",
    });
    expect(rows[count - 1]).toEqual({
      name: `Person ${count - 1}`,
      postal_code: "94110",
      search: `person ${count - 1}\nperson.${count - 1}@example.org\n94110`,
    });
    expect(rows.filter((row) => row.search === "")).toEqual([]);
  });
});
