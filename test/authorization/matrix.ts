/**
 * The organizer-side policy as tables, one file per capability (<cap>.table.ts): each row is a
 * route and the status each kind of actor gets. authorization.test.ts checks every cell through
 * the real routes with real sessions, and fails when a route is in no table.
 */
import type { TestAccount, TestOrganization } from "../support/fixtures.ts";

export const actors = ["anonymous", "outsider", "viewer", "organizer", "owner", "admin"] as const;
export type ActorName = (typeof actors)[number];

/**
 * `outsider` owns another organization; `viewer`, `organizer` and `owner` are members of the
 * organization under test (:org); `admin` is a platform administrator who is not a member.
 * An anonymous POST carries a valid CSRF token (from the sign-in page), so it reaches the
 * session check: 401. Without a token it is 403 (tested in authorization.test.ts).
 */
export type Expected = Record<ActorName, number>;
export const ex = (...statuses: number[]): Expected =>
  Object.fromEntries(actors.map((actor, i) => [actor, statuses[i]!])) as Expected;

/** What the rows may refer to: the organization under test, its action, a signature, a short link, a spare member. */
export interface World {
  org: TestOrganization;
  /** The outsider's own organization. */
  otherOrg: TestOrganization;
  action: { id: number; slug: string };
  signatureId: number;
  /** A short link of the action. */
  linkId: number;
  spare: TestAccount;
  /** An action of the outsider's organization that :org co-sponsors (approved). */
  cosponsoredAction: { id: number; slug: string };
  /** A short link of :org's own for :cosponsored, the action it co-sponsors. */
  partnerLinkId: number;
  /** An approved sign-on (from a pasted list) of :org's action. */
  signOnId: number;
  /** A pending invitation of :org, sent by its owner. */
  invitationId: number;
  /** An open invitation by email to co-sponsor :id, sent by :org's owner. */
  emailInvitationId: number;
  /** An approved comment on :id. */
  commentId: number;
  /** A live API key of :org. */
  apiKeyId: number;
  /** A webhook of :org, and one attempt in its delivery log. */
  webhookId: number;
  deliveryId: number;
  /** An update posted on :id. */
  updateId: number;
  accounts: Record<Exclude<ActorName, "anonymous">, TestAccount>;
}

export interface Row {
  method: "GET" | "POST";
  /** The route as registered, with :org, :id, :sid, :linkId, :member, :invitation, :cosponsor (otherOrg), :cosponsored, :partnerLink, :signon, :emailInvitation, :comment, :apiKey, :webhook, :delivery and :update (any other parameter name fails). */
  route: string;
  expected: Expected;
  /** The form a permitted actor would send; a function when each post needs fresh values. */
  body?: (world: World, actor: ActorName) => Record<string, string>;
  /** Rows that must run after the others (they end sessions). */
  last?: boolean;
}
