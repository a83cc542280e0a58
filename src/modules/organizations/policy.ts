/** Who may do what inside an organization. Pure: the routes and services both ask here. */
import type { Role } from "../../db/schema.ts";

export type Permission =
  | "organization.view"
  | "actions.view"
  | "actions.edit"
  | "signatures.view"
  | "signatures.export"
  | "organization.manage"
  | "members.manage"
  /** Approve, hold, spam and trash comments, and set the rules: moderators see commenters' emails. */
  | "comments.moderate"
  /** Make and revoke the organization's API keys: a key reads its signers who consented. */
  | "api.manage"
  /** Webhook subscriptions: where signers' details are sent, and the secrets that sign them. */
  | "webhooks.manage"
  /** Post, edit and delete an action's updates: posting mails every consenting confirmed signer. */
  | "updates.manage";

const viewer: Permission[] = ["organization.view", "actions.view"];
const organizer: Permission[] = [
  ...viewer,
  "actions.edit",
  "signatures.view",
  "signatures.export",
  "comments.moderate",
  "updates.manage",
];
const owner: Permission[] = [
  ...organizer,
  "organization.manage",
  "members.manage",
  "api.manage",
  "webhooks.manage",
];

/** Viewers see actions and totals but no personal data; organizers run actions; owners also manage the organization. */
export const grants: Record<Role, readonly Permission[]> = { viewer, organizer, owner };

export const roles: readonly Role[] = ["owner", "organizer", "viewer"];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (roles as readonly string[]).includes(value);
}

export interface Actor {
  accountId: number;
  isPlatformAdmin: boolean;
}

export function allows(actor: Actor, role: Role | null, permission: Permission): boolean {
  if (actor.isPlatformAdmin) return true;
  return role !== null && grants[role].includes(permission);
}
