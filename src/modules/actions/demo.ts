/** Loads the model action into an empty database, so a fresh `npm start` has something to sign. */
import { type Db, nowIso } from "../../db/database.ts";
import { demoFacts, demoGoal, demoTargets, demoText } from "../../demo/demo-action.ts";
import { addApprovedCosponsor } from "../cosponsors/cosponsors.service.ts";
import { findOrganizationIdBySlug, insertOrganization } from "../organizations/organizations.repository.ts";
import { slugify } from "../organizations/organizations.ts";
import * as repo from "./actions.repository.ts";

/** Returns true when the demo was loaded, false when the database already had actions. */
export async function loadDemoAction(db: Db): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if ((await repo.countActions(trx)) > 0) return false;
    const now = nowIso();
    const orgId = async (name: string, shortName: string | null) =>
      (await findOrganizationIdBySlug(trx, slugify(name))) ??
      insertOrganization(trx, { slug: slugify(name), name, shortName, website: null, now });
    const sponsorId = await orgId(demoFacts.sponsor.name, demoFacts.sponsor.short_name);
    const actionId = await repo.insertAction(trx, {
      slug: demoFacts.short_link.slug,
      sponsorOrganizationId: sponsorId,
      type: "petition",
      status: "published",
      actionDate: demoFacts.date,
      goal: demoGoal,
      externalUrl: null,
      now,
    });
    for (const locale of ["en", "es"] as const) {
      await repo.upsertActionText(trx, actionId, locale, demoText[locale]);
      await repo.replaceTargets(trx, actionId, locale, demoTargets[locale]);
    }
    for (const name of demoFacts.cosponsors) {
      await addApprovedCosponsor(trx, actionId, await orgId(name, null));
    }
    return true;
  });
}
