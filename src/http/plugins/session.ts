/**
 * Sessions and CSRF for the organizer side. Sessions are server-side rows keyed by the hash of
 * an HTTP-only, SameSite=Lax cookie, so "sign out everywhere" is one delete. Public pages never
 * read or set these cookies.
 */
import cookie from "@fastify/cookie";
import csrf from "@fastify/csrf-protection";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { NotSignedInError } from "../../modules/accounts/accounts.errors.ts";
import type { Account } from "../../modules/accounts/accounts.repository.ts";
import { sessionLifetimeMs } from "../../modules/accounts/accounts.ts";
import type { Actor } from "../../modules/organizations/policy.ts";

export const sessionCookie = "juntos_session";

declare module "fastify" {
  interface FastifyRequest {
    /** Resolved by `loadAccount` in organizer scopes; null when signed out. */
    account: Account | null;
  }
}

export async function registerSessionSupport(app: FastifyInstance): Promise<void> {
  const secure = app.ctx.config.baseUrl.startsWith("https:");
  await app.register(cookie, { secret: app.ctx.config.secret });
  await app.register(csrf, {
    cookieOpts: { signed: true, httpOnly: true, sameSite: "lax", path: "/", secure },
    getToken: (request) => (request.body as Record<string, string> | undefined)?._csrf,
  });
  app.decorateRequest("account", null);
}

/** preHandler for organizer scopes: reads the session cookie into request.account. */
export async function loadAccount(request: FastifyRequest): Promise<void> {
  const raw = request.cookies[sessionCookie];
  if (!raw) return;
  request.account = (await request.server.ctx.accounts.findSessionAccount(raw)) ?? null;
}

export async function startSession(reply: FastifyReply, accountId: number): Promise<void> {
  const token = await reply.server.ctx.accounts.createSession(accountId);
  reply.setCookie(sessionCookie, token, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: reply.server.ctx.config.baseUrl.startsWith("https:"),
    maxAge: sessionLifetimeMs / 1000,
  });
}

export async function endSession(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const raw = request.cookies[sessionCookie];
  if (raw) await request.server.ctx.accounts.signOut(raw);
  reply.clearCookie(sessionCookie, { path: "/" });
}

export function actorOf(account: Account): Actor {
  return { accountId: account.id, isPlatformAdmin: account.isPlatformAdmin };
}

/** Only same-site paths are followed after sign-in, never another origin. */
export function safeNext(next: unknown, fallback: string): string {
  return typeof next === "string" && /^\/(?!\/)[\w\-./?=&%]*$/.test(next) ? next : fallback;
}

/** The signed-in account; otherwise NotSignedInError, which errors.ts turns into the sign-in page. */
export function requireAccount(request: FastifyRequest): Account {
  if (!request.account) throw new NotSignedInError();
  return request.account;
}
