/** The signatures capability's jobs, collected by src/jobs/registry.ts. */
import type { Mailer } from "../mail/mail.ts";
import type { OutboxJobs } from "../outbox/outbox.ts";
import type { SignaturesService } from "./signatures.service.ts";

/**
 * Asks for the mail of a signature (the mail thread renders and sends it). Safe to repeat: at
 * worst the person gets the same mail twice.
 */
function signatureEmailHandler(deps: { signatures: SignaturesService; mailer: Mailer; baseUrl: string }) {
  return async ({ signatureId, reason }: OutboxJobs["signature.email"]): Promise<void> => {
    const context = await deps.signatures.mailContext(signatureId);
    if (!context) return;
    const kind = context.status === "confirmed" ? "already_signed" : reason;
    await deps.mailer.send({
      template: "signature",
      locale: context.locale,
      input: {
        baseUrl: deps.baseUrl,
        to: context.email,
        name: context.name,
        title: context.title,
        sponsorName: context.sponsorName,
        slug: context.actionSlug,
        token: context.token,
        kind,
      },
    });
  };
}

export function signatureJobs(deps: { signatures: SignaturesService; mailer: Mailer; baseUrl: string }) {
  return { handlers: { "signature.email": signatureEmailHandler(deps) }, tasks: [] };
}
