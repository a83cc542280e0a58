/**
 * The one map from errors to HTTP: domain error codes and framework errors become a status and
 * a localized page. Details of unexpected errors are logged, never shown.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { isDatabaseUnavailable } from "../db/database.ts";
import type { MessageKey } from "../i18n/catalog.ts";
import type { Locale } from "../i18n/locale.ts";
import { translator } from "../i18n/translator.ts";
import { NotSignedInError, TooManyAttemptsError } from "../modules/accounts/accounts.errors.ts";
import { DomainError } from "../modules/domain-error.ts";
import { ErrorView } from "../views/pages/error.tsx";
import { paths } from "../views/paths.ts";
import { requestLocale } from "./locale.ts";
import { sendPage } from "./render.ts";

interface Presentation {
  status: number;
  title: MessageKey;
  body: MessageKey;
}

const domainErrors: Record<string, Presentation> = {
  action_not_found: { status: 404, title: "error.notFound.title", body: "error.notFound.body" },
  action_closed: { status: 409, title: "action.closed", body: "action.closed" },
  action_step_refused: { status: 409, title: "action.stepRefused.title", body: "action.stepRefused.body" },
  invalid_confirmation: { status: 404, title: "confirm.title", body: "confirm.invalid" },
  signing_closed: { status: 410, title: "confirm.closed.title", body: "confirm.closed.body" },
  invalid_link: { status: 404, title: "error.invalidLink.title", body: "error.invalidLink.body" },
  organization_not_found: { status: 404, title: "error.notFound.title", body: "error.notFound.body" },
  forbidden: { status: 403, title: "error.forbidden.title", body: "error.forbidden.body" },
  not_signed_in: { status: 401, title: "error.signIn.title", body: "error.signIn.body" },
  invalid_credentials: { status: 401, title: "login.title", body: "login.external.failed" },
  too_many_attempts: { status: 429, title: "error.rateLimited.title", body: "login.tooMany" },
  rate_limited: { status: 429, title: "error.rateLimited.title", body: "error.rateLimited.body" },
  server_busy: { status: 503, title: "error.busy.title", body: "error.busy.body" },
  signing_busy: { status: 503, title: "error.overloaded.title", body: "error.overloaded.body" },
  invitee_problem: { status: 422, title: "invitations.problem.title", body: "invitations.problem.body" },
  invitation_other_address: {
    status: 403,
    title: "invitation.otherAddress.title",
    body: "invitation.otherAddress.body",
  },
  invitation_not_found: { status: 404, title: "error.invalidLink.title", body: "error.invalidLink.body" },
  last_owner: { status: 409, title: "members.lastOwner.title", body: "members.lastOwner.other" },
  shortlink_not_found: { status: 404, title: "error.notFound.title", body: "error.notFound.body" },
  webhook_not_found: { status: 404, title: "error.notFound.title", body: "error.notFound.body" },
  cosponsor_not_found: { status: 404, title: "error.notFound.title", body: "error.notFound.body" },
  cosponsor_move_refused: {
    status: 409,
    title: "cosponsors.moveRefused.title",
    body: "cosponsors.moveRefused.body",
  },
  slug_taken: { status: 409, title: "field.slug.taken", body: "field.slug.taken" },
  cosponsor_invitation_not_found: {
    status: 404,
    title: "error.invalidLink.title",
    body: "error.invalidLink.body",
  },
  cosponsor_invitation_used: {
    status: 410,
    title: "cosponsorInvitation.used.title",
    body: "cosponsorInvitation.used.body",
  },
  cosponsor_invitation_revoked: {
    status: 410,
    title: "cosponsorInvitation.revoked.title",
    body: "cosponsorInvitation.revoked.body",
  },
  cosponsor_invitation_expired: {
    status: 410,
    title: "cosponsorInvitation.expired.title",
    body: "cosponsorInvitation.expired.body",
  },
  cosponsor_invitation_other_account: {
    status: 403,
    title: "cosponsorInvitation.otherAccount.title",
    body: "cosponsorInvitation.otherAccount.body",
  },
  cosponsor_invitee_has_account: {
    status: 409,
    title: "cosponsorInvitation.hasAccount.title",
    body: "cosponsorInvitation.hasAccount.body",
  },
  cosponsor_invitations_limited: {
    status: 429,
    title: "error.rateLimited.title",
    body: "cosponsors.emailInvite.tooMany",
  },
  commenter_sign_in_cancelled: {
    status: 401,
    title: "commenter.cancelled.title",
    body: "commenter.cancelled.body",
  },
  commenter_sign_in_expired: {
    status: 400,
    title: "commenter.expired.title",
    body: "commenter.expired.body",
  },
  commenter_provider_failed: {
    status: 502,
    title: "commenter.providerFailed.title",
    body: "commenter.providerFailed.body",
  },
  commenter_sign_out_refused: {
    status: 400,
    title: "error.formExpired.title",
    body: "error.formExpired.body",
  },
  comment_not_found: { status: 404, title: "comments.notFound.title", body: "comments.notFound.body" },
  comments_closed: { status: 409, title: "comments.closed", body: "comments.closed" },
  comment_duplicate: { status: 409, title: "comments.duplicate.title", body: "comments.duplicate" },
  subscription_link_invalid: {
    status: 404,
    title: "commentNotifications.invalid.title",
    body: "commentNotifications.invalid.body",
  },
  subscription_ended: {
    status: 410,
    title: "commentNotifications.ended.title",
    body: "commentNotifications.ended.body",
  },
  comment_own_vote: { status: 403, title: "comments.ownVote.title", body: "comments.ownVote.body" },
  api_key_not_found: { status: 404, title: "error.notFound.title", body: "error.notFound.body" },
  api_key_untrusted: { status: 409, title: "apiKeys.untrusted.title", body: "apiKeys.untrusted.body" },
  update_not_found: { status: 404, title: "error.notFound.title", body: "error.notFound.body" },
  update_on_draft: { status: 409, title: "updates.onDraft.title", body: "updates.onDraft.body" },
  update_unsubscribe_invalid: {
    status: 404,
    title: "updates.unsubscribe.invalid.title",
    body: "updates.unsubscribe.invalid.body",
  },
  delivery_not_ready: { status: 409, title: "delivery.notReady.title", body: "delivery.notReady.body" },
  comment_edit_expired: {
    status: 410,
    title: "comments.editExpired.title",
    body: "comments.editExpired.body",
  },
};

const notFound: Presentation = { status: 404, title: "error.notFound.title", body: "error.notFound.body" };
const badRequest: Presentation = {
  status: 400,
  title: "error.badRequest.title",
  body: "error.badRequest.body",
};

/**
 * What busboy (under @fastify/multipart) throws for a malformed upload body: plain errors with no
 * status, so they are told apart by their words. Without this a cut-off upload answers 500.
 */
const malformedMultipart = /^Multipart: Boundary not found$|unexpected end of multipart data$/i;

function presentFrameworkError(error: FastifyError): Presentation | undefined {
  if (error.statusCode === undefined && malformedMultipart.test(error.message)) return badRequest;
  const status = error.statusCode ?? 500;
  if (status === 413) return { status, title: "error.tooLarge.title", body: "error.tooLarge.body" };
  if (status === 429) return { status, title: "error.rateLimited.title", body: "error.rateLimited.body" };
  if (status === 404) return notFound;
  // A missing or stale CSRF token is almost always a form left open too long, or cookies cleared.
  if (error.code === "FST_CSRF_INVALID_TOKEN" || error.code === "FST_CSRF_MISSING_SECRET") {
    return { status, title: "error.formExpired.title", body: "error.formExpired.body" };
  }
  if (status >= 400 && status < 500) return { ...badRequest, status };
  return undefined;
}

/**
 * The page's own path rebuilt from the matched route and its decoded parameters, never the raw
 * URL: a path like `//evil.example/x` would otherwise become an off-site language switch. Without
 * a route (404, malformed URL) the page stands for the language's home.
 */
function routedPath(request: FastifyRequest, locale: Locale): string {
  const pattern = request.routeOptions.url;
  if (!pattern?.startsWith(`/${locale}/`) && pattern !== `/${locale}`) return paths.home(locale);
  const params = (request.params ?? {}) as Record<string, unknown>;
  return pattern.replace(/:(\w+)/g, (_match, name: string) => encodeURIComponent(String(params[name] ?? "")));
}

export function sendErrorPage(request: FastifyRequest, reply: FastifyReply, p: Presentation): FastifyReply {
  const locale = requestLocale(request);
  const t = translator(locale);
  const path = routedPath(request, locale);
  const baseUrl = request.server.ctx.config.baseUrl;
  // Malformed URLs are answered before routing, where the onRequest hook has not run.
  if (!reply.hasHeader("content-security-policy")) reply.headers(request.server.securityHeaders);
  // Refusals that pass tell clients when to try again (a minute for limits, seconds when busy).
  if ((p.status === 429 || p.status === 503) && !reply.hasHeader("retry-after"))
    reply.header("retry-after", p.status === 503 ? "5" : "60");
  return sendPage(reply, p.status, ErrorView({ t, baseUrl, path, title: p.title, body: p.body }));
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendErrorPage(request, reply, notFound);
}

export function errorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  // A signed-out visitor asking for an organizer page is sent to sign in and brought back.
  if (error instanceof NotSignedInError && request.method === "GET") {
    return reply.redirect(
      `${paths.login(requestLocale(request))}?next=${encodeURIComponent(request.url)}`,
      303,
    );
  }
  const presentation = error instanceof DomainError ? domainErrors[error.code] : presentFrameworkError(error);
  if (presentation) {
    if (error instanceof TooManyAttemptsError) reply.header("retry-after", String(error.retryAfterSeconds));
    return sendErrorPage(request, reply, presentation);
  }
  if (isDatabaseUnavailable(error)) {
    logUnavailable(request, error);
    return sendErrorPage(request, reply, databaseUnavailable);
  }
  request.server.ctx.log.error({ err: error, url: request.url.split("?")[0] }, "unhandled error");
  return sendErrorPage(request, reply, {
    status: 500,
    title: "error.server.title",
    body: "error.server.body",
  });
}

/** The database cannot be reached for a moment: try again shortly (503 with Retry-After). */
export const databaseUnavailable: Presentation = {
  status: 503,
  title: "error.unavailable.title",
  body: "error.unavailable.body",
};

/** An outage fails every request for a while: it is logged once every 10 seconds, not per request. */
let unavailableLoggedAt = 0;
export function logUnavailable(request: FastifyRequest, error: unknown): void {
  const now = Date.now();
  if (now - unavailableLoggedAt < 10_000) return;
  unavailableLoggedAt = now;
  request.server.ctx.log.warn({ err: error }, "database unavailable; answering 503 until it is back");
}

/** Load shedding's answer (load-shedding.ts): 503 with Retry-After, before any work. */
export const overloaded: Presentation = {
  status: 503,
  title: "error.overloaded.title",
  body: "error.overloaded.body",
};

export const rateLimited: Presentation = {
  status: 429,
  title: "error.rateLimited.title",
  body: "error.rateLimited.body",
};
