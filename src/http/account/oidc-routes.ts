/**
 * Sign-in with external OpenID Connect providers: /auth/oidc/{provider} sends the browser to the
 * provider, and its callback signs in. Between the two, the flow's secrets live in a short-lived
 * signed cookie, so nothing is stored for visitors who never come back.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { isLocale, type Locale, negotiateLocale } from "../../i18n/locale.ts";
import { InvalidCredentialsError } from "../../modules/accounts/accounts.errors.ts";
import type { PendingSignIn } from "../../modules/accounts/oidc.ts";
import { paths } from "../../views/paths.ts";
import { safeNext, startSession } from "../plugins/session.ts";

const flowCookie = "juntos_oidc";
const flowLifetimeSeconds = 10 * 60;
const flowCookiePath = "/auth/oidc";

interface Flow extends PendingSignIn {
  provider: string;
  locale: Locale;
  next: string;
  expiresAt: number;
}

type ProviderParams = { provider: string };

/**
 * Runs one step of talking to a provider. Whatever goes wrong is logged without personal data
 * and shown as "signing in with that provider did not work" (401), never as a server error.
 */
async function externalStep<T>(
  request: FastifyRequest,
  provider: string,
  step: () => Promise<T>,
): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const { name, message, code, cause, ...oauth } = error as Error & {
      code?: string;
      error?: string;
      error_description?: string;
    };
    // Messages and codes name the failed check; the compared values (deeper causes) stay out.
    const detail = cause instanceof Error ? cause.message : undefined;
    request.server.ctx.log.warn(
      {
        provider,
        reason: { name, code, message, detail, error: oauth.error, description: oauth.error_description },
      },
      "external sign-in failed",
    );
    throw new InvalidCredentialsError();
  }
}

function readFlow(request: FastifyRequest, provider: string): Flow {
  const raw = request.cookies[flowCookie];
  if (!raw) throw new Error("no sign-in cookie");
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) throw new Error("sign-in cookie signature is invalid");
  const flow = JSON.parse(unsigned.value) as Flow;
  if (flow.provider !== provider) throw new Error("sign-in cookie is for another provider");
  if (flow.expiresAt <= Date.now()) throw new Error("sign-in cookie has expired");
  return flow;
}

export function oidcRoutes(app: FastifyInstance): void {
  const { ctx } = app;
  const { baseUrl } = ctx.config;
  const cookieOptions = {
    path: flowCookiePath,
    httpOnly: true,
    // Lax: the provider's redirect back is a top-level GET navigation, which still carries it.
    sameSite: "lax",
    secure: baseUrl.startsWith("https:"),
  } as const;

  app.get<{ Params: ProviderParams; Querystring: { lang?: string; next?: string } }>(
    paths.oidcStart(":provider"),
    async (request, reply) => {
      const provider = ctx.oidc.find(request.params.provider);
      if (!provider) return reply.callNotFound();
      const { lang, next } = request.query;
      const locale = isLocale(lang) ? lang : negotiateLocale(request.headers["accept-language"]);
      const { url, pending } = await externalStep(request, provider.id, () =>
        ctx.oidc.begin(provider, baseUrl + paths.oidcCallback(provider.id)),
      );
      const flow: Flow = {
        ...pending,
        provider: provider.id,
        locale,
        next: safeNext(next, paths.admin(locale)),
        expiresAt: Date.now() + flowLifetimeSeconds * 1000,
      };
      reply.setCookie(flowCookie, JSON.stringify(flow), {
        ...cookieOptions,
        signed: true,
        maxAge: flowLifetimeSeconds,
      });
      return reply.redirect(url.href, 302);
    },
  );

  app.get<{ Params: ProviderParams }>(paths.oidcCallback(":provider"), async (request, reply) => {
    const provider = ctx.oidc.find(request.params.provider);
    if (!provider) return reply.callNotFound();
    // One use per cookie, whatever the outcome.
    reply.clearCookie(flowCookie, cookieOptions);
    const { flow, identity } = await externalStep(request, provider.id, async () => {
      const flow = readFlow(request, provider.id);
      return { flow, identity: await ctx.oidc.finish(provider, new URL(baseUrl + request.url), flow) };
    });
    const accountId = await ctx.accounts
      .signInWithIdentity(provider.id, { ...identity, locale: flow.locale })
      .catch((error: unknown) => {
        if (error instanceof InvalidCredentialsError) {
          request.server.ctx.log.warn(
            { provider: provider.id, reason: "new identity without a verified email" },
            "external sign-in failed",
          );
        }
        throw error;
      });
    await startSession(reply, accountId);
    return reply.redirect(flow.next, 303);
  });
}
