/** Factories that create real rows; each test makes its own organizations and actions. */
import { randomBytes } from "node:crypto";
import { type Db, nowIso } from "../src/db/database.ts";
import * as actions from "../src/modules/actions/actions.repository.ts";
import type { ActionStatus, ActionType } from "../src/modules/actions/actions.ts";
import { insertOrganization } from "../src/modules/organizations/organizations.repository.ts";

export function uniqueSlug(prefix = "t"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export async function createOrganization(
  db: Db,
  name = `Org ${uniqueSlug()}`,
): Promise<{ id: number; name: string }> {
  const id = await insertOrganization(db, {
    slug: uniqueSlug("org"),
    name,
    shortName: null,
    website: null,
    now: nowIso(),
  });
  return { id, name };
}

export interface ActionOptions {
  slug?: string;
  type?: ActionType;
  status?: ActionStatus;
  goal?: number;
  externalUrl?: string | null;
  cosponsors?: string[];
  title?: string;
}

export async function createAction(db: Db, options: ActionOptions = {}) {
  const sponsor = await createOrganization(db);
  const slug = options.slug ?? uniqueSlug("action");
  const id = await actions.insertAction(db, {
    slug,
    sponsorOrganizationId: sponsor.id,
    type: options.type ?? "petition",
    status: options.status ?? "published",
    actionDate: "2010-10-15",
    goal: options.goal ?? 100,
    externalUrl: options.externalUrl ?? null,
    now: nowIso(),
  });
  const title = options.title ?? "Stop the thing";
  await actions.upsertActionText(db, id, "en", {
    title,
    summary: "A short summary.",
    description: "Why it **matters**.",
    letterText: "Dear decision maker, please act.",
  });
  await actions.upsertActionText(db, id, "es", {
    title: `ES ${title}`,
    summary: "Un resumen breve.",
    description: "Por qué **importa**.",
    letterText: "Estimada persona, actúe por favor.",
  });
  await actions.replaceTargets(db, id, "en", [{ name: "Ada Lovelace", title: "Secretary" }]);
  await actions.replaceTargets(db, id, "es", [{ name: "Ada Lovelace", title: "Secretaria" }]);
  for (const name of options.cosponsors ?? []) {
    const org = await createOrganization(db, name);
    await actions.addCosponsor(db, id, org.id, nowIso());
  }
  return { id, slug, sponsor, title };
}
