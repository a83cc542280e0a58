/**
 * Sign-in, registration, emailed links, password reset, first-run setup and invitations (to an
 * organization here; to co-sponsor an action in ./cosponsor-invitations.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { MessageKey } from "../../i18n/catalog.ts";
import { type Locale, locales } from "../../i18n/locale.ts";
import { type Params, translator } from "../../i18n/translator.ts";
import { networkKey } from "../../modules/abuse/rate-limits.ts";
import { identityErrors } from "../../modules/accounts/account-form.ts";
import {
  EmailNotVerifiedError,
  InvalidCredentialsError,
  InvalidFormError,
  TooManyAttemptsError,
} from "../../modules/accounts/accounts.errors.ts";
import { isPlausibleEmail } from "../../modules/people/people.ts";
import {
  AccountView,
  InvitationView,
  LinkButtonView,
  LoginView,
  MailSentView,
  NewPasswordView,
  RegisterView,
  ResetRequestView,
} from "../../views/account/pages.tsx";
import { roleLabel } from "../../views/admin/labels.ts";
import type { FieldErrorMap } from "../../views/form.tsx";
import { paths } from "../../views/paths.ts";
import { organizerPage, setNotice } from "../organizer/shared.ts";
import { endSession, requireAccount, safeNext, sessionCookie, startSession } from "../plugins/session.ts";
import { sendPage } from "../render.ts";
import { cosponsorInvitationRoutes } from "./cosponsor-invitations.ts";

type Body = Record<string, unknown>;
type TokenParams = { token: string };

function text(body: unknown, field: string): string {
  const value = (body as Body | undefined)?.[field];
  return typeof value === "string" ? value.trim() : "";
}

/** How the sign-in form answers each refused password sign-in. */
const loginRefusals = [
  [InvalidCredentialsError, 401, "login.failed"],
  [TooManyAttemptsError, 429, "login.tooMany"],
  [EmailNotVerifiedError, 403, "login.unverified"],
] as const;

export function accountRoutes(app: FastifyInstance): void {
  const { ctx } = app;
  const providers = ctx.oidc.providers.map(({ id, label }) => ({ id, label }));

  const page = organizerPage;

  for (const locale of locales) {
    const t = translator(locale);
    const sent = (reply: FastifyReply) => reply.redirect(paths.mailSent(locale), 303);

    app.get<{ Querystring: { next?: string } }>(`/${locale}/account/login`, async (request, reply) => {
      if (request.account) return reply.redirect(safeNext(request.query.next, paths.admin(locale)), 303);
      return sendPage(
        reply,
        200,
        LoginView({ ...(await page(request, reply, t)), next: request.query.next ?? "", providers }),
      );
    });

    app.post<{ Querystring: { next?: string } }>(`/${locale}/account/login`, async (request, reply) => {
      const email = text(request.body, "email");
      try {
        const accountId = await ctx.accounts.login(
          email,
          text(request.body, "password"),
          networkKey(request.ip),
        );
        await startSession(reply, accountId);
        return reply.redirect(safeNext(request.query.next, paths.admin(locale)), 303);
      } catch (error) {
        const refusal = loginRefusals.find(([type]) => error instanceof type);
        if (!refusal) throw error;
        const [, status, formError] = refusal;
        if (error instanceof TooManyAttemptsError)
          reply.header("retry-after", String(error.retryAfterSeconds));
        const view = LoginView({
          ...(await page(request, reply, t)),
          next: request.query.next ?? "",
          providers,
          formError,
          values: { email },
        });
        return sendPage(reply, status, view);
      }
    });

    app.post(`/${locale}/account/login/link`, async (request, reply) => {
      const email = text(request.body, "email");
      if (isPlausibleEmail(email)) await ctx.accounts.requestMagicLink(email, locale, networkKey(request.ip));
      return sent(reply);
    });

    app.get(`/${locale}/account/sent`, async (request, reply) =>
      sendPage(reply, 200, MailSentView(await page(request, reply, t))),
    );

    const linkPage = (
      purpose: "magic_link" | "verify_email",
      route: (l: Locale, token: string) => string,
      copy: {
        title: "magic.title" | "verify.title";
        body: "magic.body" | "verify.body";
        button: "magic.button" | "verify.button";
      },
      use: (token: string) => Promise<number>,
    ) => {
      app.get<{ Params: TokenParams }>(route(locale, ":token"), async (request, reply) => {
        await ctx.accounts.checkLink(purpose, request.params.token);
        const view = LinkButtonView({
          ...(await page(request, reply, t)),
          ...copy,
          action: route(locale, request.params.token),
        });
        return sendPage(reply, 200, view);
      });
      app.post<{ Params: TokenParams }>(route(locale, ":token"), async (request, reply) => {
        const accountId = await use(request.params.token);
        await startSession(reply, accountId);
        if (purpose === "verify_email") setNotice(reply, "account.emailConfirmed");
        return reply.redirect(paths.admin(locale), 303);
      });
    };
    linkPage(
      "magic_link",
      paths.magicLink,
      { title: "magic.title", body: "magic.body", button: "magic.button" },
      (token) => ctx.accounts.signInWithLink(token),
    );
    linkPage(
      "verify_email",
      paths.verifyEmail,
      { title: "verify.title", body: "verify.body", button: "verify.button" },
      (token) => ctx.accounts.verifyEmail(token),
    );

    app.get(`/${locale}/account/register`, async (request, reply) =>
      sendPage(reply, 200, RegisterView(await page(request, reply, t))),
    );
    app.post(`/${locale}/account/register`, async (request, reply) => {
      const values = {
        name: text(request.body, "name"),
        email: text(request.body, "email"),
        password: text(request.body, "password"),
      };
      const errors = identityErrors(values);
      if (Object.keys(errors).length > 0) {
        return sendPage(reply, 422, RegisterView({ ...(await page(request, reply, t)), errors, values }));
      }
      await ctx.accounts.register({ ...values, locale }, networkKey(request.ip));
      return sent(reply);
    });

    app.get(`/${locale}/account/reset`, async (request, reply) =>
      sendPage(reply, 200, ResetRequestView(await page(request, reply, t))),
    );
    app.post(`/${locale}/account/reset`, async (request, reply) => {
      const email = text(request.body, "email");
      if (isPlausibleEmail(email))
        await ctx.accounts.requestPasswordReset(email, locale, networkKey(request.ip));
      return sent(reply);
    });

    /** The page behind a reset or setup link, fresh (200) or with the problems found (422). */
    const newPasswordPage = async (
      request: FastifyRequest<{ Params: TokenParams }>,
      reply: FastifyReply,
      purpose: "reset_password" | "setup",
      problems?: { errors: FieldErrorMap; values?: Record<string, string> },
    ) => {
      const reset = purpose === "reset_password";
      const view = NewPasswordView({
        ...(await page(request, reply, t)),
        action: (reset ? paths.resetPassword : paths.setup)(locale, request.params.token),
        title: reset ? "password.title" : "setup.title",
        withIdentity: !reset,
        ...problems,
      });
      return sendPage(reply, problems ? 422 : 200, view);
    };

    app.get<{ Params: TokenParams }>(`/${locale}/account/reset/:token`, async (request, reply) => {
      await ctx.accounts.checkLink("reset_password", request.params.token);
      return newPasswordPage(request, reply, "reset_password");
    });
    app.post<{ Params: TokenParams }>(`/${locale}/account/reset/:token`, async (request, reply) => {
      const password = text(request.body, "password");
      const errors = identityErrors({ password });
      if (Object.keys(errors).length > 0)
        return newPasswordPage(request, reply, "reset_password", { errors });
      const accountId = await ctx.accounts.resetPassword(
        request.params.token,
        password,
        networkKey(request.ip),
      );
      await startSession(reply, accountId);
      return reply.redirect(paths.admin(locale), 303);
    });

    app.get<{ Params: TokenParams }>(`/${locale}/setup/:token`, async (request, reply) => {
      await ctx.accounts.checkLink("setup", request.params.token);
      return newPasswordPage(request, reply, "setup");
    });
    app.post<{ Params: TokenParams }>(`/${locale}/setup/:token`, async (request, reply) => {
      const values = {
        name: text(request.body, "name"),
        email: text(request.body, "email"),
        password: text(request.body, "password"),
      };
      const errors = identityErrors(values);
      if (Object.keys(errors).length > 0) return newPasswordPage(request, reply, "setup", { errors, values });
      const accountId = await ctx.accounts.completeSetup(
        request.params.token,
        { ...values, locale },
        networkKey(request.ip),
      );
      await startSession(reply, accountId);
      return reply.redirect(paths.admin(locale), 303);
    });

    /** The account page, fresh (200) or with one form's problems and values (422). */
    const accountPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      problems?: { errors: FieldErrorMap; values: Record<string, string> },
    ) => {
      const account = requireAccount(request);
      const view = AccountView({
        ...(await page(request, reply, t)),
        name: account.name,
        email: account.email,
        isPlatformAdmin: account.isPlatformAdmin,
        hasPassword: account.passwordHash !== null,
        ...problems,
      });
      return sendPage(reply, problems ? 422 : 200, view);
    };
    /** An account form: one change, then its notice on the account page, or the form's problems. */
    const accountForm = (
      route: string,
      fields: string[],
      change: (
        request: FastifyRequest,
        accountId: number,
        values: Record<string, string>,
      ) => Promise<unknown>,
      notice: (values: Record<string, string>) => [MessageKey, Params?],
    ) =>
      app.post(route, async (request, reply) => {
        const account = requireAccount(request);
        const values = Object.fromEntries(fields.map((field) => [field, text(request.body, field)]));
        try {
          await change(request, account.id, values);
        } catch (error) {
          if (!(error instanceof InvalidFormError)) throw error;
          // Passwords are never sent back.
          const { password: _, current_password: __, ...kept } = values;
          return accountPage(request, reply, { errors: error.errors, values: kept });
        }
        setNotice(reply, ...notice(values));
        return reply.redirect(paths.account(locale), 303);
      });

    app.get(`/${locale}/account`, (request, reply) => accountPage(request, reply));
    accountForm(
      paths.accountName(locale),
      ["name"],
      (_request, accountId, { name }) => ctx.accounts.changeName(accountId, name ?? ""),
      () => ["account.nameChanged"],
    );
    accountForm(
      paths.accountEmail(locale),
      ["email"],
      (request, accountId, { email }) =>
        ctx.accounts.requestEmailChange(accountId, email ?? "", locale, networkKey(request.ip)),
      ({ email }) => ["account.emailLinkSent", { email: email ?? "" }],
    );
    accountForm(
      paths.accountPassword(locale),
      ["current_password", "password"],
      (request, accountId, values) =>
        ctx.accounts.changePassword(
          accountId,
          { current: values.current_password ?? "", password: values.password ?? "" },
          networkKey(request.ip),
          request.cookies[sessionCookie] ?? "",
        ),
      () => ["account.passwordChanged"],
    );
    app.post(`/${locale}/account/logout`, async (request, reply) => {
      await endSession(request, reply);
      return reply.redirect(paths.login(locale), 303);
    });
    app.post(`/${locale}/account/logout-everywhere`, async (request, reply) => {
      const account = requireAccount(request);
      await ctx.accounts.signOutEverywhere(account.id);
      await endSession(request, reply);
      return reply.redirect(paths.login(locale), 303);
    });

    /** What an invitation offers, fresh (200) or with the problems found in the new account (422). */
    const invitationPage = async (
      request: FastifyRequest<{ Params: TokenParams }>,
      reply: FastifyReply,
      problems?: { errors: FieldErrorMap; values: Record<string, string> },
    ) => {
      const invitation = await ctx.organizations.invitation(request.params.token, request.account);
      const view = InvitationView({
        ...(await page(request, reply, t)),
        ...invitation,
        roleLabel: roleLabel(t, invitation.role),
        token: request.params.token,
        signedIn: request.account !== null,
        signedInAs: request.account?.email ?? "",
        ...problems,
      });
      return sendPage(reply, problems ? 422 : 200, view);
    };

    app.get<{ Params: TokenParams }>(`/${locale}/invitations/:token`, (request, reply) =>
      invitationPage(request, reply),
    );
    app.post<{ Params: TokenParams }>(`/${locale}/invitations/:token`, async (request, reply) => {
      const { token } = request.params;
      let who: Parameters<typeof ctx.organizations.acceptInvitation>[1];
      if (request.account) who = { accountId: request.account.id };
      else {
        const values = { name: text(request.body, "name"), password: text(request.body, "password") };
        const errors = identityErrors(values);
        if (Object.keys(errors).length > 0) return invitationPage(request, reply, { errors, values });
        who = { ...values, locale, networkKey: networkKey(request.ip) };
      }
      const accepted = await ctx.organizations.acceptInvitation(token, who);
      if (!request.account) await startSession(reply, accepted.accountId);
      return reply.redirect(paths.organization(locale, accepted.organizationSlug), 303);
    });

    cosponsorInvitationRoutes(app, locale);
  }
}
