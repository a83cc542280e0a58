/** A contact (one of an organization's people) made through the contacts service, for tests of what hangs on it. */
import { randomBytes } from "node:crypto";
import type { AppContext } from "../../src/context.ts";
import { nowIso } from "../../src/db/database.ts";
import { canonicalEmail } from "../../src/modules/people/people.ts";

export async function insertContact(
  ctx: Pick<AppContext, "contacts">,
  organizationId: number,
  options: { email?: string; givenName?: string } = {},
): Promise<number> {
  const email = options.email ?? `contact-${randomBytes(4).toString("hex")}@example.org`;
  const { contactId } = await ctx.contacts.upsert(
    undefined,
    organizationId,
    {
      email: { address: email, canonical: canonicalEmail(email) },
      phone: null,
      givenName: options.givenName ?? "Ana",
      familyName: "Pérez",
      address: {
        addressLines: undefined,
        locality: undefined,
        region: undefined,
        postalCode: "94110",
        country: "US",
      },
    },
    nowIso(),
  );
  return contactId;
}
