/** POST of the signing form: defences, validation, then one call to the signatures service. */
import type { FastifyInstance, FastifyReply } from "fastify";
import { isDatabaseUnavailable } from "../../db/database.ts";
import type { MessageKey } from "../../i18n/catalog.ts";
import { locales } from "../../i18n/locale.ts";
import { type Translator, translator } from "../../i18n/translator.ts";
import { defaultFormTokenRules, type FormTokenCheck } from "../../modules/abuse/form-token.ts";
import { isLoopback } from "../../modules/abuse/rate-limits.ts";
import { type ActionPage, findPartner, type PartnerRef } from "../../modules/actions/actions.ts";
import { SigningBusyError } from "../../modules/signatures/signatures.errors.ts";
import {
  cleanHost,
  cleanSource,
  type FieldErrors,
  formValues,
  type SignFormValues,
  validateSignForm,
} from "../../modules/signatures/signatures.ts";
import { ActionView } from "../../views/pages/action.tsx";
import { countSentence } from "../../views/pages/action-lifecycle.tsx";
import { paths } from "../../views/paths.ts";
import { logUnavailable, rateLimited, sendErrorPage } from "../errors.ts";
import { sendPage } from "../render.ts";
import { readSlug } from "./pages.ts";
import type { EmbeddedAnswers } from "./widget.ts";

/**
 * A form sent sooner than a person could type it is taken like any other: browser autofill makes
 * that fast fill real, and the emailed confirmation is the proof (decision 008).
 */
const tokenProblems: Partial<Record<FormTokenCheck, MessageKey>> = {
  invalid: "form.expired",
  expired: "form.expired",
};

export function signRoute(app: FastifyInstance, embeds: EmbeddedAnswers): void {
  const { ctx } = app;
  const { baseUrl } = ctx.config;

  async function rerender(
    reply: FastifyReply,
    t: Translator,
    slug: string,
    status: number,
    form: {
      values: SignFormValues;
      errors?: FieldErrors;
      formError?: MessageKey;
      source: string | null;
      partner: PartnerRef | null;
      website: string | null;
    },
    embedded: boolean,
  ) {
    if (embedded) return embeds.rerender(reply, t, slug, status, form);
    const action = await ctx.actions.getPublicPage(slug, t.locale);
    const view = ActionView({
      t,
      baseUrl,
      action,
      countText: countSentence(t, action),
      progressValue: String(Math.min(action.signatureCount, action.goal)),
      form: { ...form, formToken: ctx.formTokens.issue() },
      signInChoices: ctx.commenters.choices(),
    });
    return sendPage(reply, status, view);
  }

  for (const locale of locales) {
    const t = translator(locale);
    /** The action as its page shows it, from memory while it is there: a partner is part of it. */
    const page = (slug: string): ActionPage | Promise<ActionPage> =>
      ctx.actions.peekPublicPage(slug, locale) ?? ctx.actions.getPublicPage(slug, locale);
    app.post<{ Params: { slug: string } }>(`/${locale}/a/:slug/sign`, async (request, reply) => {
      const slug = readSlug(request);
      const body = (typeof request.body === "object" && request.body !== null ? request.body : {}) as Record<
        string,
        unknown
      >;
      // A widget's form is answered inside its frame, as the widget of the partner it names.
      const embedded = body.embed === "yes";
      // The form's action ends in the error summary's fragment, which a redirect would carry
      // over to the thank-you page unless it names a fragment of its own.
      const thanks = embedded
        ? await embeds.thanks(locale, slug, body.ref)
        : `${paths.thanks(locale, slug)}#main`;
      // A filled honeypot gets the same answer as a person, and nothing is stored.
      if (typeof body.website === "string" && body.website !== "") return reply.redirect(thanks, 303);
      const exempt = ctx.config.benchLoopbackExempt && isLoopback(request.ip);
      if (!exempt && !(await ctx.signingRateLimit.consume(request.ip)).allowed)
        return embedded
          ? embeds.refuse(reply, t, slug, body.ref, rateLimited)
          : sendErrorPage(request, reply, rateLimited);
      const values = formValues(body);
      const attribution = {
        source: cleanSource(body.source),
        // Only a co-sponsor of this action can be credited; any other code is dropped.
        partner:
          typeof body.ref === "string" && body.ref !== "" ? findPartner(await page(slug), body.ref) : null,
        website: cleanHost(body.via),
      };
      const tokenProblem = tokenProblems[ctx.formTokens.check(body.ts, defaultFormTokenRules)];
      if (tokenProblem)
        return rerender(reply, t, slug, 400, { values, formError: tokenProblem, ...attribution }, embedded);
      const validated = validateSignForm(values, {
        source: attribution.source,
        locale,
        partnerId: attribution.partner?.organizationId ?? null,
        website: attribution.website,
      });
      if (!validated.ok)
        return rerender(reply, t, slug, 422, { values, errors: validated.errors, ...attribution }, embedded);
      try {
        await ctx.signatures.sign(slug, validated.value);
      } catch (error) {
        const busy = error instanceof SigningBusyError;
        if (!busy && !isDatabaseUnavailable(error)) throw error;
        if (!busy) logUnavailable(request, error);
        reply.header("retry-after", "5");
        const formError = busy ? "form.busy" : "form.unavailable";
        return rerender(reply, t, slug, 503, { values, formError, ...attribution }, embedded);
      }
      return reply.redirect(thanks, 303);
    });
  }
}
