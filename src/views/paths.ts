/** Every public URL in one place; each page has one URL per language. */
import type { Locale } from "../i18n/locale.ts";
import { type DiscussionView, defaultView } from "../modules/comments/comments.ts";

export const paths = {
  home: (locale: Locale) => `/${locale}/`,
  /** A signer asks by address for their links: download, remove a signature, remove everything. */
  myData: (locale: Locale) => `/${locale}/my-data`,
  myDataSent: (locale: Locale) => `/${locale}/my-data/sent`,
  /** One emailed one-time link of a signer's (GET shows its button, POST acts). */
  myDataLink: (locale: Locale, token: string) => `/${locale}/my-data/link/${token}`,
  action: (locale: Locale, slug: string) => `/${locale}/a/${slug}`,
  sign: (locale: Locale, slug: string) => `/${locale}/a/${slug}/sign`,
  thanks: (locale: Locale, slug: string) => `/${locale}/a/${slug}/thanks`,
  confirm: (locale: Locale, slug: string, token: string) => `/${locale}/a/${slug}/confirm/${token}`,
  confirmed: (locale: Locale, slug: string) => `/${locale}/a/${slug}/confirmed`,
  externalGo: (locale: Locale, slug: string) => `/${locale}/a/${slug}/go`,
  /** Where signers are, by county: public only while the sponsor shows it. */
  signersMap: (locale: Locale, slug: string) => `/${locale}/a/${slug}/map`,
  shareImage: (locale: Locale, slug: string) => `/${locale}/a/${slug}/share.png`,
  /** The signing form to frame on another site; `ref`, a partner's code, credits the partner. */
  widget: (locale: Locale, slug: string, ref: string | null = null) =>
    withReferral(`/${locale}/a/${slug}/widget`, ref),
  widgetThanks: (locale: Locale, slug: string, ref: string | null = null) =>
    withReferral(`/${locale}/a/${slug}/widget/thanks`, ref),
  /** The script of the snippet that turns widget links into frames. */
  embedScript: () => "/embed.js",
  robots: () => "/robots.txt",
  sitemap: () => "/sitemap.xml",
  endorse: (locale: Locale, slug: string) => `/${locale}/a/${slug}/endorse`,
  endorseSent: (locale: Locale, slug: string) => `/${locale}/a/${slug}/endorse/sent`,
  verifySignOn: (locale: Locale, slug: string, token: string) =>
    `/${locale}/a/${slug}/endorse/verify/${token}`,
  signOnVerified: (locale: Locale, slug: string) => `/${locale}/a/${slug}/endorse/verified`,
  /** The discussion under an action, where a commenter returns after signing out. */
  leaveAReply: (locale: Locale, slug: string) => `/${locale}/a/${slug}#leave-a-reply`,
  /**
   * Signing in from an action's comment form, from the reply page of comment `replyTo`, or from
   * another page of the action to come back to (`back`: marking a comment helpful).
   */
  commentSignIn: (
    locale: Locale,
    slug: string,
    provider: string,
    from: { replyTo?: number | null; back?: string | null } = {},
  ) =>
    `/${locale}/a/${slug}/comment-sign-in/${provider}${
      from.back
        ? `?back=${encodeURIComponent(from.back)}`
        : from.replyTo != null
          ? `?reply=${from.replyTo}`
          : ""
    }`,
  /** The comment form of one person (signed in, or with remembered details), rendered per request. */
  commentNew: (locale: Locale, slug: string) => `/${locale}/a/${slug}/comments/new`,
  /** Where a commenter comes back to after signing in: the form they started from, per request. */
  commentFormOf: (locale: Locale, slug: string, replyTo: number | null) =>
    `${replyTo === null ? paths.commentNew(locale, slug) : paths.commentReply(locale, slug, replyTo)}#leave-a-reply`,
  /** One per language and provider: both are registered at the provider as redirect URIs. */
  commentSignInCallback: (locale: Locale, provider: string) =>
    `/${locale}/comment-sign-in/${provider}/callback`,
  commentSignOut: (locale: Locale) => `/${locale}/comment-sign-out`,
  comments: (locale: Locale, slug: string) => `/${locale}/a/${slug}/comments`,
  /** A page of the discussion in the default order: the first is on the action's page itself. */
  commentsPage: (locale: Locale, slug: string, page: number) => discussionPath(locale, slug, { page }),
  /** The discussion in an order and language, at a page; the default view is the action's page itself. */
  discussion: discussionPath,
  /** Marking a comment as helpful: GET asks to sign in first (or offers the mark), POST marks. */
  commentHelpful: (locale: Locale, slug: string, id: number) => `/${locale}/a/${slug}/comments/${id}/helpful`,
  commentsFeed: (locale: Locale, slug: string) => `/${locale}/a/${slug}/comments.atom`,
  /** Every update the sponsor posted on an action, newest first; the action's page shows the newest few. */
  updates: (locale: Locale, slug: string) => `/${locale}/a/${slug}/updates`,
  updateAnchor: (id: number) => `update-${id}`,
  updatesFeed: (locale: Locale, slug: string) => `/${locale}/a/${slug}/updates.atom`,
  /** One-click unsubscribe (RFC 8058) from a sponsor's updates: what each update mail's List-Unsubscribe names. */
  updatesUnsubscribe: (locale: Locale, updateId: number | string, token: string) =>
    `/${locale}/updates/${updateId}/unsubscribe/${token}`,
  /** The permalink: redirects to the page of the discussion the comment is on, at its anchor. */
  comment: (locale: Locale, slug: string, id: number) => `/${locale}/a/${slug}/comments/${id}`,
  commentAnchor: (id: number) => `comment-${id}`,
  commentReply: (locale: Locale, slug: string, id: number) => `/${locale}/a/${slug}/comments/${id}/reply`,
  commentEdit: (locale: Locale, slug: string, id: number) => `/${locale}/a/${slug}/comments/${id}/edit`,
  commentDelete: (locale: Locale, slug: string, id: number) => `/${locale}/a/${slug}/comments/${id}/delete`,
  /** A fresh proof-of-work challenge for the comment form (JSON, never cached). */
  commentChallenge: () => "/comments/challenge",
  /** The comment form's script that solves it. */
  commentProofScript: () => "/comments/proof.js",
  /** The page that asks "Report this comment?", and where its form posts. */
  commentReport: (locale: Locale, slug: string, id: number) => `/${locale}/a/${slug}/comments/${id}/report`,
  /** A reader follows the discussion by email without commenting (POST). */
  commentsFollow: (locale: Locale, slug: string) => `/${locale}/a/${slug}/comments/follow`,
  /** The emailed link that confirms a subscription to a discussion: a GET shows a button, the POST confirms. */
  confirmCommentSubscription: (locale: Locale, token: string) =>
    `/${locale}/comment-subscriptions/confirm/${token}`,
  /** One-click unsubscribe (RFC 8058): what every discussion mail's List-Unsubscribe header names. */
  unsubscribe: (locale: Locale, token: string) => `/${locale}/unsubscribe/${token}`,
  devMail: (locale: Locale) => `/${locale}/dev/mail`,
  devMailItem: (locale: Locale, id: number) => `/${locale}/dev/mail/${id}`,
  login: (locale: Locale) => `/${locale}/account/login`,
  loginLink: (locale: Locale) => `/${locale}/account/login/link`,
  magicLink: (locale: Locale, token: string) => `/${locale}/account/magic/${token}`,
  register: (locale: Locale) => `/${locale}/account/register`,
  verifyEmail: (locale: Locale, token: string) => `/${locale}/account/verify/${token}`,
  resetRequest: (locale: Locale) => `/${locale}/account/reset`,
  resetPassword: (locale: Locale, token: string) => `/${locale}/account/reset/${token}`,
  mailSent: (locale: Locale) => `/${locale}/account/sent`,
  account: (locale: Locale) => `/${locale}/account`,
  accountName: (locale: Locale) => `/${locale}/account/name`,
  accountEmail: (locale: Locale) => `/${locale}/account/email`,
  accountPassword: (locale: Locale) => `/${locale}/account/password`,
  logout: (locale: Locale) => `/${locale}/account/logout`,
  logoutEverywhere: (locale: Locale) => `/${locale}/account/logout-everywhere`,
  setup: (locale: Locale, token: string) => `/${locale}/setup/${token}`,
  invitation: (locale: Locale, token: string) => `/${locale}/invitations/${token}`,
  cosponsorInvitation: (locale: Locale, token: string) => `/${locale}/cosponsor-invitations/${token}`,
  oidcStart: (provider: string) => `/auth/oidc/${provider}`,
  oidcCallback: (provider: string) => `/auth/oidc/${provider}/callback`,
  admin: (locale: Locale) => `/${locale}/admin`,
  newOrganization: (locale: Locale) => `/${locale}/admin/organizations/new`,
  organization: (locale: Locale, org: string) => `/${locale}/admin/o/${org}`,
  organizationProfile: (locale: Locale, org: string) => `/${locale}/admin/o/${org}/profile`,
  logoUpload: (locale: Locale, org: string) => `/${locale}/admin/o/${org}/logo`,
  /** How long signers' details are kept after an action closes (signers' rights). */
  organizationRetention: (locale: Locale, org: string) => `/${locale}/admin/o/${org}/retention`,
  logo: (org: string) => `/logos/${org}`,
  members: (locale: Locale, org: string) => `/${locale}/admin/o/${org}/members`,
  invite: (locale: Locale, org: string) => `/${locale}/admin/o/${org}/members/invite`,
  member: (locale: Locale, org: string, accountId: number) =>
    `/${locale}/admin/o/${org}/members/${accountId}`,
  revokeInvitation: (locale: Locale, org: string, invitationId: number) =>
    `/${locale}/admin/o/${org}/members/invitations/${invitationId}/revoke`,
  auditLog: (locale: Locale, org: string) => `/${locale}/admin/o/${org}/audit`,
  apiKeys: (locale: Locale, org: string) => `/${locale}/admin/o/${org}/api-keys`,
  revokeApiKey: (locale: Locale, org: string, id: number) =>
    `/${locale}/admin/o/${org}/api-keys/${id}/revoke`,
  apiKeySignatureConfirmation: (locale: Locale, org: string, id: number) =>
    `/${locale}/admin/o/${org}/api-keys/${id}/signature-confirmation`,
  /** The OSDI API's entry point. */
  apiEntry: () => "/api/v1/",
  /** The API's OpenAPI document, and its reference for people (/api/docs picks the language). */
  openApiDocument: () => "/api/v1/openapi.json",
  apiDocs: () => "/api/docs",
  apiReference: (locale: Locale) => `/${locale}/api`,
  newAction: (locale: Locale, org: string) => `/${locale}/admin/o/${org}/actions/new`,
  adminAction: (locale: Locale, org: string, id: number) => `/${locale}/admin/o/${org}/actions/${id}`,
  editAction: (locale: Locale, org: string, id: number) => `/${locale}/admin/o/${org}/actions/${id}/edit`,
  previewAction: (locale: Locale, org: string, id: number) =>
    `/${locale}/admin/o/${org}/actions/${id}/preview`,
  /** Publish, close, reopen, archive, unarchive or delete: one POST route each. */
  actionStep: (locale: Locale, org: string, id: number, step: string) =>
    `/${locale}/admin/o/${org}/actions/${id}/${step}`,
  /** The next goal, once one is reached; what came of a closed action. */
  actionGoal: (locale: Locale, org: string, id: number) => `/${locale}/admin/o/${org}/actions/${id}/goal`,
  actionOutcome: (locale: Locale, org: string, id: number) =>
    `/${locale}/admin/o/${org}/actions/${id}/outcome`,
  signatures: (locale: Locale, org: string, id: number) =>
    `/${locale}/admin/o/${org}/actions/${id}/signatures`,
  signature: (locale: Locale, org: string, id: number, sid: number) =>
    `/${locale}/admin/o/${org}/actions/${id}/signatures/${sid}`,
  shortLinks: (locale: Locale, org: string, id: number) => `/${locale}/admin/o/${org}/actions/${id}/links`,
  cosponsors: (locale: Locale, org: string, id: number) =>
    `/${locale}/admin/o/${org}/actions/${id}/cosponsors`,
  cosponsoring: (locale: Locale, org: string) => `/${locale}/admin/o/${org}/cosponsoring`,
  adminWidget: (locale: Locale, org: string, id: number) => `/${locale}/admin/o/${org}/actions/${id}/widget`,
  adminGeography: (locale: Locale, org: string, id: number) =>
    `/${locale}/admin/o/${org}/actions/${id}/geography`,
  adminUpdates: (locale: Locale, org: string, id: number) =>
    `/${locale}/admin/o/${org}/actions/${id}/updates`,
  newUpdate: (locale: Locale, org: string, id: number) =>
    `/${locale}/admin/o/${org}/actions/${id}/updates/new`,
  adminUpdate: (locale: Locale, org: string, id: number, updateId: number) =>
    `/${locale}/admin/o/${org}/actions/${id}/updates/${updateId}`,
  deleteUpdate: (locale: Locale, org: string, id: number, updateId: number) =>
    `/${locale}/admin/o/${org}/actions/${id}/updates/${updateId}/delete`,
  adminDelivery: (locale: Locale, org: string, id: number) =>
    `/${locale}/admin/o/${org}/actions/${id}/delivery`,
  deliveryPdf: (locale: Locale, org: string, id: number) =>
    `/${locale}/admin/o/${org}/actions/${id}/delivery/letter.pdf`,
  deliveryCsv: (locale: Locale, org: string, id: number) =>
    `/${locale}/admin/o/${org}/actions/${id}/delivery/signers.csv`,
  webhooks: (locale: Locale, org: string) => `/${locale}/admin/o/${org}/webhooks`,
  webhook: (locale: Locale, org: string, id: number) => `/${locale}/admin/o/${org}/webhooks/${id}`,
  webhookStep: (locale: Locale, org: string, id: number, step: "pause" | "resume" | "delete") =>
    `/${locale}/admin/o/${org}/webhooks/${id}/${step}`,
  webhookSendAgain: (locale: Locale, org: string, id: number, deliveryId: number) =>
    `/${locale}/admin/o/${org}/webhooks/${id}/deliveries/${deliveryId}/send-again`,
  inviteCosponsorByEmail: (locale: Locale, org: string, id: number) =>
    `/${locale}/admin/o/${org}/actions/${id}/cosponsors/invite-email`,
  revokeCosponsorInvitation: (locale: Locale, org: string, id: number, invitationId: number) =>
    `/${locale}/admin/o/${org}/actions/${id}/cosponsors/email-invitations/${invitationId}/revoke`,
  cosponsorList: (locale: Locale, org: string, id: number) =>
    `/${locale}/admin/o/${org}/actions/${id}/cosponsors/list`,
  cosponsorListFile: (locale: Locale, org: string, id: number) =>
    `/${locale}/admin/o/${org}/actions/${id}/cosponsors/list/file`,
  deleteShortLink: (locale: Locale, org: string, id: number, linkId: number) =>
    `/${locale}/admin/o/${org}/actions/${id}/links/${linkId}/delete`,
  shortLinkQr: (locale: Locale, org: string, id: number, linkId: number, format: "svg" | "png") =>
    `/${locale}/admin/o/${org}/actions/${id}/links/${linkId}/qr.${format}`,
  adminComments: (locale: Locale, org: string, status = "pending") =>
    `/${locale}/admin/o/${org}/comments${status === "pending" ? "" : `?status=${status}`}`,
  moderateComments: (locale: Locale, org: string) => `/${locale}/admin/o/${org}/comments/moderate`,
  commentRules: (locale: Locale, org: string) => `/${locale}/admin/o/${org}/comments/rules`,
  /** A moderator's edit of a comment's text, and reply as the organization. */
  adminCommentEdit: (locale: Locale, org: string, id: number) =>
    `/${locale}/admin/o/${org}/comments/${id}/edit`,
  adminCommentReply: (locale: Locale, org: string, id: number) =>
    `/${locale}/admin/o/${org}/comments/${id}/reply`,
  /** Close or open an action's discussion to new comments. */
  discussionStep: (locale: Locale, org: string, id: number, step: "close" | "open") =>
    `/${locale}/admin/o/${org}/actions/${id}/comments/${step}`,
  signaturesCsv: (locale: Locale, org: string, id: number) =>
    `/${locale}/admin/o/${org}/actions/${id}/signatures.csv`,
  /** The sponsor's leaderboard of an action's partners. */
  partners: (locale: Locale, org: string, id: number) => `/${locale}/admin/o/${org}/actions/${id}/partners`,
  /** A co-sponsor's own page of an action it co-sponsors: referral links, short links, numbers. */
  partnerAction: (locale: Locale, org: string, id: number) => `/${locale}/admin/o/${org}/cosponsoring/${id}`,
  partnerLinks: (locale: Locale, org: string, id: number) =>
    `/${locale}/admin/o/${org}/cosponsoring/${id}/links`,
  deletePartnerLink: (locale: Locale, org: string, id: number, linkId: number) =>
    `/${locale}/admin/o/${org}/cosponsoring/${id}/links/${linkId}/delete`,
  partnerLinkQr: (locale: Locale, org: string, id: number, linkId: number, format: "svg" | "png") =>
    `/${locale}/admin/o/${org}/cosponsoring/${id}/links/${linkId}/qr.${format}`,
  partnerSigners: (locale: Locale, org: string, id: number) =>
    `/${locale}/admin/o/${org}/cosponsoring/${id}/signers`,
  partnerSignersCsv: (locale: Locale, org: string, id: number) =>
    `/${locale}/admin/o/${org}/cosponsoring/${id}/signers.csv`,
};

/** The query of a view of the discussion ("" for the default view): `?sort=&lang=&comments=`. */
export function discussionQuery(view: Partial<DiscussionView>): string {
  const query = new URLSearchParams();
  if (view.sort && view.sort !== defaultView.sort) query.set("sort", view.sort);
  if (view.lang) query.set("lang", view.lang);
  if (view.page && view.page > 1) query.set("comments", String(view.page));
  const search = query.toString();
  return search ? `?${search}` : "";
}

function discussionPath(locale: Locale, slug: string, view: Partial<DiscussionView>): string {
  return `/${locale}/a/${slug}${discussionQuery(view)}`;
}

/** A path that carries a partner's referral code (`?ref=`), when there is one. */
export function withReferral(path: string, ref: string | null): string {
  return ref ? `${path}?ref=${encodeURIComponent(ref)}` : path;
}

/** The same page in the other language: swaps the leading locale segment. */
export function otherLocalePath(path: string, to: Locale): string {
  return path.replace(/^\/(en|es)(?=\/|$)/, `/${to}`);
}
