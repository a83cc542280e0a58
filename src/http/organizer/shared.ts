/**
 * What every organizer route shares: page props, the notice shown after a change, the
 * confirmation step, and the form readers.
 */
import { Readable } from "node:stream";
import { constants as zlib } from "node:zlib";
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from "fastify";
import type { MessageKey } from "../../i18n/catalog.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { Params, Translator } from "../../i18n/translator.ts";
import type { OrganizationAccess } from "../../modules/organizations/organizations.service.ts";
import type { AdminPageProps, OrgPageProps } from "../../views/admin/admin-layout.tsx";
import { type ConfirmQuestion, ConfirmView } from "../../views/admin/patterns.tsx";
import { actorOf, requireAccount } from "../plugins/session.ts";
import { sendPage } from "../render.ts";

const noticeCookie = "juntos_notice";

/** The props every organizer view takes; with `access`, the page belongs to that organization. */
export async function organizerPage(
  request: FastifyRequest,
  reply: FastifyReply,
  t: Translator,
): Promise<AdminPageProps>;
export async function organizerPage(
  request: FastifyRequest,
  reply: FastifyReply,
  t: Translator,
  access: OrganizationAccess,
): Promise<OrgPageProps>;
export async function organizerPage(
  request: FastifyRequest,
  reply: FastifyReply,
  t: Translator,
  access?: OrganizationAccess,
): Promise<AdminPageProps> {
  const { ctx } = request.server;
  const account = request.account;
  return {
    t,
    baseUrl: ctx.config.baseUrl,
    path: request.url.split("?")[0] ?? "/",
    csrf: reply.generateCsrf(),
    account,
    notice: takeNotice(request, reply, t),
    organizations: account ? await ctx.organizations.list(actorOf(account)) : [],
    org: access
      ? {
          slug: access.organization.slug,
          name: access.organization.name,
          canManage: access.can("organization.manage"),
        }
      : undefined,
    timeZone: access?.organization.timeZone ?? "UTC",
  };
}

/**
 * Leaves a notice for the next page ("Action published"): a signed cookie that the next organizer
 * page reads once and clears, so it survives the redirect after a POST and is never shown twice.
 */
export function setNotice(reply: FastifyReply, key: MessageKey, params?: Params): void {
  reply.setCookie(noticeCookie, JSON.stringify({ key, params }), {
    signed: true,
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: reply.server.ctx.config.baseUrl.startsWith("https:"),
    maxAge: 120,
  });
}

function takeNotice(request: FastifyRequest, reply: FastifyReply, t: Translator): string | null {
  const raw = request.cookies[noticeCookie];
  if (!raw) return null;
  reply.clearCookie(noticeCookie, { path: "/" });
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return null;
  try {
    const { key, params } = JSON.parse(unsigned.value) as { key: MessageKey; params?: Params };
    return t.t(key, params);
  } catch {
    return null;
  }
}

/** The signed-in actor's access to the organization in the URL (`:org`): 404 for outsiders. */
export function organizationAccess(
  request: FastifyRequest<{ Params: { org: string } }>,
): Promise<OrganizationAccess> {
  return request.server.ctx.organizations.access(actorOf(requireAccount(request)), request.params.org);
}

/** Whether a destructive POST comes from its confirmation page. */
export function isConfirmed(request: FastifyRequest): boolean {
  return textField(request.body, "confirm") === "yes";
}

/**
 * Answers a destructive POST that was not confirmed yet with the confirmation page, which posts
 * the same fields again with confirm=yes.
 */
export async function askToConfirm(
  request: FastifyRequest,
  reply: FastifyReply,
  t: Translator,
  question: ConfirmQuestion,
  access?: OrganizationAccess,
): Promise<FastifyReply> {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries((request.body ?? {}) as Record<string, unknown>)) {
    if (name !== "_csrf" && name !== "confirm" && typeof value === "string") fields[name] = value;
  }
  const view = ConfirmView({
    ...(await (access ? organizerPage(request, reply, t, access) : organizerPage(request, reply, t))),
    question,
    action: request.url,
    fields,
  });
  return sendPage(reply, 200, view);
}

/** A posted text field, trimmed; a missing or repeated field reads as empty. */
export function textField(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | null | undefined)?.[name];
  return typeof value === "string" ? value.trim() : "";
}

/** A query parameter, trimmed; repeated (`?q=a&q=b`) it reads as its first value. */
export function queryText(query: unknown, name: string): string {
  const value = (query as Record<string, unknown> | null | undefined)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" ? first.trim() : "";
}

/** A numeric id from the URL; anything else is 0, which matches no row. */
export function readId(raw: string): number {
  return /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
}

/** A file of admin routes: registers its capability's routes for one language. */
export type AdminRouteFile = (app: FastifyInstance, locale: Locale) => void;

/** The status words of a signatures export, in the export's language. */
export function csvStatusLabels(t: Translator) {
  return {
    pending: t.t("signatures.pending"),
    confirmed: t.t("signatures.confirmed"),
    invalidated: t.t("signatures.invalidated"),
  };
}

/**
 * How CSV downloads are compressed. gzip, not brotli: gzip keeps a few hundred KB of state per
 * download, brotli's window grows to megabytes with the file. At its fastest level: the default
 * level (6) took about 2.5 times as long for a file a few percent smaller, as long as reading and
 * formatting the rows themselves.
 */
export const csvCompression: RouteShorthandOptions = {
  compress: { encodings: ["gzip", "deflate"], zlibOptions: { level: zlib.Z_BEST_SPEED } },
};

/** Streams an export as a download: pages are read one ahead of the client, never the whole export. */
export function sendCsv(reply: FastifyReply, csv: { filename: string; chunks: AsyncIterable<string> }) {
  return reply
    .type("text/csv; charset=utf-8")
    .header("content-disposition", `attachment; filename="${csv.filename}"`)
    .send(Readable.from(csv.chunks, { highWaterMark: 1 }));
}
