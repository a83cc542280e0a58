/** Action alerts: what a supporter sees and signs. Pure types and rules, no I/O. */
import type { Locale } from "../../i18n/locale.ts";

export const actionTypes = ["petition", "letter", "external"] as const;
export type ActionType = (typeof actionTypes)[number];
export const actionStatuses = ["draft", "published", "closed"] as const;
export type ActionStatus = (typeof actionStatuses)[number];

export interface ActionText {
  title: string;
  summary: string;
  description: string;
  letterText: string;
}

export interface Target {
  name: string;
  title: string;
}

export interface OrganizationRef {
  name: string;
  shortName: string | null;
}

/** Everything a public action page shows, in one language. */
export interface ActionPage {
  id: number;
  slug: string;
  type: ActionType;
  status: ActionStatus;
  actionDate: string;
  goal: number;
  externalUrl: string | null;
  signatureCount: number;
  /** Changes whenever the action's content changes; keys rendered-page caches. */
  version: string;
  locale: Locale;
  text: ActionText;
  sponsor: OrganizationRef;
  targets: Target[];
  /** Co-sponsoring organizations, alphabetical in the page's language. */
  cosponsors: OrganizationRef[];
}

/** A line in the list of actions on the home page. */
export interface ActionSummary {
  slug: string;
  type: ActionType;
  actionDate: string;
  signatureCount: number;
  title: string;
  summary: string;
  sponsorName: string;
}

export function acceptsSignatures(action: Pick<ActionPage, "status" | "type">): boolean {
  return action.status === "published" && action.type !== "external";
}

export function sortByName<T extends { name: string }>(items: T[], locale: Locale): T[] {
  const collator = new Intl.Collator(locale, { sensitivity: "base" });
  return [...items].sort((a, b) => collator.compare(a.name, b.name));
}
