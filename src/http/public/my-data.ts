/**
 * A signer's data, public routes: ask by address (`/{locale}/my-data`: honeypot, per-network limit
 * and form token like the signing form; the same answer for every address, the mail says the
 * rest), and the emailed one-time links (`/{locale}/my-data/link/{token}`: GET shows, POST acts).
 */
import type { FastifyInstance } from "fastify";
import { locales } from "../../i18n/locale.ts";
import { translator } from "../../i18n/translator.ts";
import { defaultFormTokenRules } from "../../modules/abuse/form-token.ts";
import { isLoopback } from "../../modules/abuse/rate-limits.ts";
import { validateRequestForm } from "../../modules/signer-rights/signer-rights.ts";
import {
  MyDataLinkView,
  MyDataMessageView,
  MyDataRequestView,
  MyDataSentView,
} from "../../views/pages/my-data.tsx";
import { paths } from "../../views/paths.ts";
import { sendPage } from "../render.ts";

type TokenParams = { token: string };

export function myDataRoutes(app: FastifyInstance): void {
  const { ctx } = app;
  const { baseUrl } = ctx.config;

  for (const locale of locales) {
    const t = translator(locale);
    const sent = paths.myDataSent(locale);

    app.get(paths.myData(locale), async (_request, reply) =>
      sendPage(reply, 200, MyDataRequestView({ t, baseUrl, formToken: ctx.formTokens.issue() })),
    );

    app.post(paths.myData(locale), async (request, reply) => {
      const body = (typeof request.body === "object" && request.body !== null ? request.body : {}) as Record<
        string,
        unknown
      >;
      // A filled honeypot gets the answer a person would, and nothing is sent.
      if (typeof body.url === "string" && body.url !== "") return reply.redirect(sent, 303);
      const email = typeof body.email === "string" ? body.email : "";
      const again = (
        status: number,
        problems: Pick<Parameters<typeof MyDataRequestView>[0], "errors" | "formError">,
      ) =>
        sendPage(
          reply,
          status,
          MyDataRequestView({ t, baseUrl, formToken: ctx.formTokens.issue(), email, ...problems }),
        );
      const exempt = ctx.config.benchLoopbackExempt && isLoopback(request.ip);
      const verdict = exempt ? null : await ctx.signerRightsRateLimit.consume(request.ip);
      if (verdict && !verdict.allowed) {
        reply.header("retry-after", String(verdict.retryAfterSeconds));
        return again(429, { formError: "signerRights.request.rateLimited" });
      }
      const token = ctx.formTokens.check(body.ts, defaultFormTokenRules);
      if (token === "invalid" || token === "expired") return again(400, { formError: "form.expired" });
      const validated = validateRequestForm(body.email);
      if (!validated.ok) return again(422, { errors: validated.errors });
      await ctx.signerRights.request(validated.email, validated.emailCanonical, locale);
      return reply.redirect(sent, 303);
    });

    app.get(sent, async (_request, reply) => sendPage(reply, 200, MyDataSentView({ t, baseUrl })));

    const linkPath = paths.myDataLink(locale, ":token");
    app.get<{ Params: TokenParams }>(linkPath, async (request, reply) => {
      reply.header("cache-control", "no-store");
      const { token } = request.params;
      const link = await ctx.signerRights.link(token);
      const status = link.state === "invalid" ? 404 : link.state === "spent" ? 410 : 200;
      return sendPage(reply, status, MyDataLinkView({ t, baseUrl, token, link }));
    });
    app.post<{ Params: TokenParams }>(linkPath, async (request, reply) => {
      reply.header("cache-control", "no-store");
      const { token } = request.params;
      const path = paths.myDataLink(locale, token);
      const outcome = await ctx.signerRights.use(token);
      const message = (status: number, title: string, body: string, askAgain = false) =>
        sendPage(reply, status, MyDataMessageView({ t, baseUrl, path, title, body, askAgain }));
      switch (outcome.state) {
        case "invalid":
        case "spent":
          return message(
            outcome.state === "invalid" ? 404 : 410,
            t.t(`signerRights.link.${outcome.state}.title`),
            t.t(`signerRights.link.${outcome.state}.body`),
            true,
          );
        case "download":
          return reply
            .header("content-type", "application/json; charset=utf-8")
            .header("content-disposition", 'attachment; filename="juntos-my-data.json"')
            .send(JSON.stringify(outcome.data, null, 2));
        case "removed_signature":
          return message(
            200,
            t.t("signerRights.done.signature.title"),
            t.t("signerRights.done.signature.body", { title: outcome.actionTitle }),
          );
        case "removed_all":
          return message(200, t.t("signerRights.done.all.title"), t.t("signerRights.done.all.body"));
      }
    });
  }
}
